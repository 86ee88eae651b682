"""One agency_id, one agency: a warning when answer files that share an ``agency_id`` name different agencies.

Pure: the caller shows the warning. Names are compared as :func:`~ids_assess.core.model.normalise` folds them
(case, width, spaces and invisible characters do not count), ids as :func:`~ids_assess.core.model.agency_key`.
"""

from __future__ import annotations

from ids_assess.core.model import AnswerSet, agency_key, normalise
from ids_assess.core.safetext import quote


class NameWatch:
    """Feed it every answer set grouped into agencies; it answers with a warning the first time a file gives an
    ``agency_id`` already seen with another agency name (once per id and name)."""

    def __init__(self) -> None:
        self._first: dict[str, tuple[str, str, str]] = {}  # key -> (folded name, name, source)
        self._said: set[tuple[str, str]] = set()

    def see(self, answers: AnswerSet) -> str | None:
        if not answers.agency_id:
            return None
        key = agency_key(answers.agency, answers.agency_id)
        folded = normalise(answers.agency)
        first = self._first.setdefault(key, (folded, answers.agency, answers.source))
        if first[0] == folded or (key, folded) in self._said:
            return None
        self._said.add((key, folded))
        return (f"warning: {answers.source}: agency_id {quote(answers.agency_id)} names the agency "
                f"{quote(answers.agency)} here but {quote(first[1])} in {first[2]}; both are counted as one agency "
                "(correct the agency_id or the name)")
