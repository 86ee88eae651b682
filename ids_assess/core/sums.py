"""The running sums behind agency profiles (see :mod:`ids_assess.core.aggregate`): per agency and
questionnaire, per level, per item and per partner. Pure: no I/O. Every kind of sum can be merged with another
of the same kind, so that workers can add their share of a batch and the parent add their sums up."""

from __future__ import annotations

import marshal
import math
import operator
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from ids_assess.core.model import PLAIN_ANSWERS, Questionnaire, Relationship, Result, Score
from ids_assess.core.profiles import Evidence, Stat
from ids_assess.core.scoring import relationship_of, settle, status_for, withheld

#: Evidence notes kept per factor in a profile.
EVIDENCE_PER_FACTOR = 12

#: An evidence note as it is kept until a profile shows it: (item position, source, text, item id, role,
#: respondent, confidence, rating); plain tuples, cheap to sort and to send from a worker.
Note = tuple[int, str, str, str, "str | None", "str | None", "str | None", "int | str"]
#: The order of the notes a profile shows: by item, then file, then text (whatever order the files came in).
NOTE_ORDER = operator.itemgetter(0, 1, 2)


#: How many notes a factor's bucket may hold before :func:`keep_shown` cuts it: soon, since a note at or
#: after the last one kept is not even kept (:attr:`AgencySums.cuts`); 4 x the notes shown made adding up
#: 2,000 results about a fifth slower than 2 x (benchmarks/README.md).
KEEP_OVER = 2 * EVIDENCE_PER_FACTOR


def keep_shown(bucket: list[Note], over: int = KEEP_OVER) -> None:
    """Cut a factor's notes to those a profile shows (the first :data:`EVIDENCE_PER_FACTOR` in
    :data:`NOTE_ORDER`: the same whatever else is added later) once there are ``over`` of them or more: memory
    stays bounded while notes are added or merged; ``trim`` cuts at once."""
    if len(bucket) >= over:
        bucket.sort(key=NOTE_ORDER)
        del bucket[EVIDENCE_PER_FACTOR:]


def evidence_of(notes: list[Note]) -> tuple[Evidence, ...]:
    """The notes a profile shows, in :data:`NOTE_ORDER`, at most :data:`EVIDENCE_PER_FACTOR`."""
    return tuple(Evidence(item_id, text, role, respondent, confidence, rating, source)
                 for _, source, text, item_id, role, respondent, confidence, rating
                 in sorted(notes, key=NOTE_ORDER)[:EVIDENCE_PER_FACTOR])


def floats(size: int, value: float = 0.0) -> list[float]:
    """``size`` running sums of floats, a plain list: reading and writing a list item costs a fraction of an
    ``array('d')`` item's (which parses each value it is given): the --by agency command ran 190 million fewer
    instructions on 1,000 files with lists (benchmarks/README.md)."""
    return [value] * size


def added(a: list[float], b: list[float]) -> list[float]:
    """Two lists of sums added place by place (merging)."""
    return list(map(operator.add, a, b))


class Slots:
    """Score, bounds and coverage accumulated for many levels at once (overall, sections, factors),
    in flat lists indexed by level, so that adding a respondent is one tight loop."""

    __slots__ = ("bn", "cn", "csum", "hsum", "lsum", "max", "min", "n", "sq", "total")

    def __init__(self, size: int) -> None:
        self.n = [0] * size
        self.total = floats(size)
        self.sq = floats(size)
        self.min = floats(size, math.inf)
        self.max = floats(size, -math.inf)
        self.bn = [0] * size
        self.lsum = floats(size)
        self.hsum = floats(size)
        self.cn = [0] * size
        self.csum = floats(size)

    def add(self, scores: list[Score | None]) -> None:
        n, total, sq, mn, mx = self.n, self.total, self.sq, self.min, self.max
        bn, lsum, hsum, cn, csum = self.bn, self.lsum, self.hsum, self.cn, self.csum
        i = -1
        for part in scores:
            i += 1
            if part is None:
                continue
            value, low, high, coverage = part.score, part.low, part.high, part.coverage
            if value is not None:
                n[i] += 1
                total[i] += value
                sq[i] += value * value
                if value < mn[i]:
                    mn[i] = value
                if value > mx[i]:
                    mx[i] = value
            if low is not None and high is not None:
                bn[i] += 1
                lsum[i] += low
                hsum[i] += high
            if coverage is not None:
                cn[i] += 1
                csum[i] += coverage

    def merge(self, other: Slots) -> None:
        """Add ``other``'s sums, level by level (the same levels: one questionnaire)."""
        for name in ("n", "bn", "cn"):
            setattr(self, name, list(map(operator.add, getattr(self, name), getattr(other, name))))
        for name in ("total", "sq", "lsum", "hsum", "csum"):
            setattr(self, name, added(getattr(self, name), getattr(other, name)))
        self.min = list(map(min, self.min, other.min))
        self.max = list(map(max, self.max, other.max))

    def stat(self, i: int, min_coverage: float = 0.0) -> Stat:
        n, bn, cn = self.n[i], self.bn[i], self.cn[i]
        if n:
            mean = self.total[i] / n
            score: float | None = settle(mean)
            sd: float | None = settle(math.sqrt(max(0.0, self.sq[i] / n - mean * mean)))
        else:
            score = sd = None
        coverage = settle(self.csum[i] / cn) if cn else None
        return Stat(score, settle(self.lsum[i] / bn) if bn else None, settle(self.hsum[i] / bn) if bn else None,
                    coverage, n, float(self.min[i]) if n else None, float(self.max[i]) if n else None, sd,
                    withheld(coverage, min_coverage))


COUNT_INDEX = {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, "dk": 5, "na": 6}
PLAIN_INDEX = {id(answer): COUNT_INDEX[rating] for rating, answer in PLAIN_ANSWERS.items()}
COUNT_KEYS = ("1", "2", "3", "4", "5", "dk", "na", "unanswered")


class Detached:
    """Pickled without its questionnaire (only its ``id@version``): a worker's partial sums travel light and
    :meth:`Aggregator.merge` attaches the parent's questionnaire again."""

    __slots__ = ()
    questionnaire: Questionnaire

    def __getstate__(self) -> dict[str, object]:
        fields = getattr(self, "__dict__", None)
        if fields is None:  # a slotted class
            slots: tuple[str, ...] = type(self).__slots__
            fields = {name: getattr(self, name) for name in slots}
        return {**fields, "questionnaire": self.questionnaire.ref}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():  # slotted or not
            setattr(self, name, value)

    def attach(self, lookup: Callable[[str], Questionnaire]) -> None:
        ref = self.questionnaire
        if isinstance(ref, str):  # unpickled: the questionnaire's id@version
            self.questionnaire = lookup(ref)


class AgencySums(Detached):
    """Running sums for one agency and questionnaire."""

    def __init__(self, q: Questionnaire, agency_id: str | None, first_name: str) -> None:
        self.questionnaire = q
        self.agency_id = agency_id
        self.first_name = first_name  # the name in its first file (the warning of a second version quotes it)
        self.names: set[str] = set()
        self.respondents = 0
        self.roles: Counter[str] = Counter()
        nf = len(q.factors)
        self.levels = Slots(1 + len(q.sections) + nf)  # overall, sections, factors
        self.answered = [0] * nf
        self.dk = [0] * nf
        self.na = [0] * nf
        self.by_role: dict[str, tuple[list[int], list[float]]] = {}  # per role, per factor: n and total
        # per item, 8 counts: ratings 1-5, dk, na, and unanswered (left 0: the respondents not counted under
        # the other 7, worked out with the profile)
        self.item_counts = [0] * (8 * len(q.items))
        self.low_confidence = [0] * len(q.items)
        self.evidence: dict[str, list[Note]] = {}  # per factor; made into Evidence only for the notes shown
        #: per factor, the order key (:data:`NOTE_ORDER`) of the last note kept when its notes were last cut
        #: (:func:`keep_shown`): as many notes as a profile shows come before it, so a note at or after it
        #: is never shown and need not be kept
        self.cuts: dict[str, tuple[int, str, str]] = {}
        self.sources: list[str] = []
        self.dates: set[str] = set()
        self.item_level = True

    def __getstate__(self) -> dict[str, object]:
        state = super().__getstate__()
        # the notes (most of what a worker's sums hold: tuples of strings and numbers) as one marshal record,
        # made in half the time pickle takes; a note holding anything marshal cannot write (a subclass of
        # str, say, from a library caller) leaves them to pickle
        try:
            state["evidence"] = marshal.dumps(self.evidence)
        except ValueError:
            pass
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        evidence = state["evidence"]
        if isinstance(evidence, bytes):
            state["evidence"] = marshal.loads(evidence)
        super().__setstate__(state)

    def merge(self, other: AgencySums) -> None:
        """Add the sums of ``other`` (the same agency and questionnaire, files that came after this one's)."""
        self.names |= other.names
        self.respondents += other.respondents
        self.roles.update(other.roles)
        self.levels.merge(other.levels)
        for name in ("answered", "dk", "na", "low_confidence", "item_counts"):
            setattr(self, name, list(map(operator.add, getattr(self, name), getattr(other, name))))
        for role, (n, total) in other.by_role.items():
            sums = self.by_role.get(role)
            if sums is None:
                self.by_role[role] = (n, total)
            else:
                self.by_role[role] = (list(map(operator.add, sums[0], n)), added(sums[1], total))
        for fid, notes in other.evidence.items():
            bucket = self.evidence.setdefault(fid, [])
            bucket.extend(notes)
            keep_shown(bucket)  # the same bound, and the same notes, as the aggregator's add
        for fid, cut in other.cuts.items():  # each side's cut holds for the notes of both
            mine = self.cuts.get(fid)
            self.cuts[fid] = cut if mine is None else min(mine, cut)
        self.sources.extend(other.sources)
        self.dates |= other.dates
        self.item_level = self.item_level and other.item_level

    def trim(self) -> None:
        """Keep only the notes a profile can show (the first :data:`EVIDENCE_PER_FACTOR` of each factor's in
        :data:`NOTE_ORDER`, whatever else is added or merged later): what a worker's sums carry back."""
        for bucket in self.evidence.values():
            keep_shown(bucket, EVIDENCE_PER_FACTOR + 1)


class TieSums(Detached):
    """The running sums of one agency's respondents naming one partner (or none): counts and totals in flat
    lists (the means are all a relationship needs), few objects per tie however many partners are named."""

    __slots__ = ("det_n", "det_total", "questionnaire", "rel_n", "rel_total", "respondents", "ties")

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.ties: Counter[str] = Counter()
        self.respondents = 0
        self.rel_n = [0, 0, 0]  # pull, push, net: how many respondents' values are summed
        self.rel_total = floats(3)
        count = len(determinants(questionnaire))
        self.det_n = [0] * count  # per determinant, in questionnaire order
        self.det_total = floats(count)

    def add(self, result: Result) -> None:
        self.respondents += 1
        if result.answers.tie:
            self.ties[result.answers.tie] += 1
        rel = result.relationship
        if rel.net is not None:
            n, total = self.rel_n, self.rel_total
            for i, value in enumerate((rel.pull, rel.push, rel.net)):
                if value is not None:
                    n[i] += 1
                    total[i] += value
        factors, n, total = result.factors, self.det_n, self.det_total
        i = -1
        for fid in determinants(self.questionnaire):
            i += 1
            factor = factors.get(fid)
            if factor is not None and factor.score is not None:
                n[i] += 1
                total[i] += factor.score

    def merge(self, other: TieSums) -> None:
        """Add ``other``'s sums (the same questionnaire)."""
        self.ties.update(other.ties)
        self.respondents += other.respondents
        self.rel_n = list(map(operator.add, self.rel_n, other.rel_n))
        self.det_n = list(map(operator.add, self.det_n, other.det_n))
        self.rel_total = added(self.rel_total, other.rel_total)
        self.det_total = added(self.det_total, other.det_total)

    def tie(self) -> str | None:
        kinds = sorted(self.ties.items(), key=lambda kv: (-kv[1], kv[0]))
        return kinds[0][0] if kinds else None

    def _mean(self, i: int) -> float | None:
        n = self.rel_n[i]
        return settle(self.rel_total[i] / n) if n else None

    def relationship(self) -> Relationship:
        """Means of pull, push and net; status from the mean net; strongest push and tension risk from the
        mean determinant scores."""
        net = self._mean(2)
        if net is None:
            return Relationship(None, None, None, None)
        q = self.questionnaire
        n, total = self.det_n, self.det_total
        means = relationship_of(q, {fid: settle(total[i] / n[i])
                                    for i, fid in enumerate(determinants(q)) if n[i]})
        return Relationship(self._mean(0), self._mean(1), net, status_for(net, q.scoring.tension_threshold),
                            means.strongest_push, means.tension_risk)


@lru_cache(maxsize=64)
def determinants(q: Questionnaire) -> tuple[str, ...]:
    return tuple(fid for fid, f in q.factors.items() if f.determinant)


def merge_ties(ties: list[TieSums]) -> TieSums:
    if len(ties) == 1:
        return ties[0]
    out = TieSums(ties[0].questionnaire)
    for t in ties:  # spelling variants of one partner's name merge into one tie
        out.merge(t)
    return out
