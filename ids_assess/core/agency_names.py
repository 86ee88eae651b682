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
        self._names: dict[tuple[str, str], tuple[str, str, str]] = {}  # (key, folded) -> its first file's

    def see(self, answers: AnswerSet) -> str | None:
        return self.see_name(answers.agency_id, answers.agency, answers.source)

    def see_name(self, agency_id: str | None, agency: str, source: str) -> str | None:
        """:meth:`see` of a file's ``agency_id``, ``agency`` and ``source``."""
        if not agency_id:
            return None
        key = agency_key(agency, agency_id)
        folded = normalise(agency)
        self._names.setdefault((key, folded), (agency_id, agency, source))
        first = self._first.setdefault(key, (folded, agency, source))
        if first[0] == folded or (key, folded) in self._said:
            return None
        self._said.add((key, folded))
        return (f"warning: {source}: agency_id {quote(agency_id)} names the agency "
                f"{quote(agency)} here but {quote(first[1])} in {first[2]}; both are counted as one agency "
                "(correct the agency_id or the name)")

    def first_files(self) -> list[tuple[str, str, str]]:
        """The first file of each (agency_id, name) seen, in the order seen: what another watch needs to
        :meth:`see_name` for the same warnings as if it had seen every file (a worker's files, merged)."""
        return list(self._names.values())
