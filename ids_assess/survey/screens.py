"""The survey's screens as rich renderables: a section's banner, an item, its help, what a resumed file
holds and the closing score table; :func:`rich_text` for any user or questionnaire text.

Pure: they are printed by :class:`ids_assess.survey.terminal.Terminal`. Scores show as in the reports
(:func:`ids_assess.render.numbers.one`, half away from zero).
"""

from __future__ import annotations

from typing import Any

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text as RichText

from ids_assess.core import vocab
from ids_assess.core.model import Item, Questionnaire, Rating, Section
from ids_assess.core.safetext import clean
from ids_assess.render.numbers import one
from ids_assess.survey.messages import msg
from ids_assess.survey.session import Session


def rich_text(text: str, style: str = "") -> RichText:
    """User or questionnaire text as a rich ``Text``: never read as markup, controls neutralised."""
    return RichText(clean(text), style=style)


def bar(done: int, total: int, width: int = 20) -> str:
    """A progress bar of ``width`` cells."""
    filled = 0 if total <= 0 else round(width * min(max(done, 0), total) / total)
    return "█" * filled + "░" * (width - filled)


def rating_label(questionnaire: Questionnaire, rating: Rating, lang: str) -> str:
    """``4 Agree``, ``d Don't know``, ``n Not applicable``."""
    scale = questionnaire.scale
    if rating == "dk":
        return f"d {scale.dk.get(lang)}"
    if rating == "na":
        return f"n {scale.na.get(lang)}"
    return f"{rating} {scale.labels[rating].get(lang)}"


def section_of(questionnaire: Questionnaire, item: Item) -> tuple[int, Section]:
    """The index and the section ``item`` is in."""
    for i, section in enumerate(questionnaire.sections):
        if any(f.id == item.factor_id for f in section.factors):
            return i, section
    raise LookupError(item.id)  # pragma: no cover - the loader ties every item to a section


def section_view(session: Session, pos: int, lang: str) -> RenderableType:
    """The banner shown when an item of a new section comes up."""
    q = session.questionnaire
    index, section = section_of(q, session.order[pos])
    parts: list[RenderableType] = [
        Rule(rich_text(msg(lang, "section", i=index + 1, n=len(q.sections), title=section.title.get(lang)),
                       "bold"), style="cyan")]
    if section.description:
        parts.append(rich_text(" ".join(section.description.get(lang).split()), "dim"))
    return Group(*parts)


def item_view(session: Session, pos: int, lang: str, revisit: bool = False) -> RenderableType:
    """One item: section and factor, where it is, the statement, its help, the scale and the keys."""
    q = session.questionnaire
    item = session.order[pos]
    factor = q.factors[item.factor_id]
    index, section = section_of(q, item)
    in_section = [it for f in section.factors for it in f.items]
    k = next(i for i, it in enumerate(in_section) if it.id == item.id) + 1
    title = rich_text(f"{section.title.get(lang)} › {factor.title.get(lang)}", "bold cyan")
    where = rich_text(msg(lang, "where", i=pos + 1, n=len(session.order), si=index + 1, sn=len(q.sections)))
    where.append("  ")
    where.append(bar(k, len(in_section)), style="green")
    where.append(f" {k}/{len(in_section)}")
    if revisit:
        where.append(" " + msg(lang, "skipped_before"), style="yellow")
    parts: list[RenderableType] = [RichText(""), title, where, RichText(""),
                                   rich_text(" ".join(item.text.get(lang).split()), "bold")]
    if item.help:
        parts.append(rich_text(" ".join(item.help.get(lang).split()), "dim italic"))
    parts.append(RichText(""))
    for ratings in ((1, 2, 3, 4, 5), ("dk", "na")):
        choices = []
        for rating in ratings:
            key, _, label = rating_label(q, rating, lang).partition(" ")
            choice = RichText(key, style="bold")
            choice.append(" " + clean(label), style="")
            choices.append(choice)
        parts.append(Columns(choices, padding=(0, 3)))  # a narrow terminal wraps between choices, not inside
    parts.append(rich_text(msg(lang, "keys"), "dim"))
    return Group(*parts)


def help_view(session: Session, pos: int, lang: str) -> RenderableType:
    """The ``?`` screen: the item's help, its polarity, its factor and the keys."""
    q = session.questionnaire
    item = session.order[pos]
    factor = q.factors[item.factor_id]
    parts: list[RenderableType] = [Rule(RichText(msg(lang, "help_title")), style="dim")]
    if item.help:
        parts.append(rich_text(" ".join(item.help.get(lang).split())))
    parts.append(rich_text(msg(lang, f"help_polarity_{item.polarity}")))
    parts.append(rich_text(msg(lang, "help_factor", title=factor.title.get(lang),
                               description=" ".join(factor.description.get(lang).split()))))
    parts.append(rich_text(msg(lang, "help_source", source=factor.source.source.short.get(lang),
                               section=factor.source.section), "dim"))
    parts.append(rich_text(msg(lang, "help_keys"), "dim"))
    parts.append(Rule(style="dim"))
    return Group(*parts)


def resume_view(session: Session, lang: str, shown_last: int = 5) -> RenderableType:
    """What was answered: per section, and the last few answers, those just before the resume point
    (:meth:`Session.resume_position`). The line naming the file is printed apart (unwrapped)."""
    q = session.questionnaire
    parts: list[RenderableType] = []
    for section in q.sections:
        ids = [it.id for f in section.factors for it in f.items]
        parts.append(rich_text("  " + msg(lang, "resume_section", title=section.title.get(lang),
                                          answered=sum(i in session.answers for i in ids), total=len(ids))))
    start = session.resume_position()
    answered = [i for i in range(start) if session.is_answered(i)]
    skipped = start - len(answered)
    before = answered[-shown_last:]
    if before:
        parts.append(rich_text(msg(lang, "resume_last")))
        for i in before:
            answer = session.answer(i)
            assert answer is not None
            line = RichText(f"  {i + 1}. ", no_wrap=True, overflow="ellipsis")  # one line each
            line.append(clean(rating_label(q, answer.rating, lang)), style="bold")
            line.append("  " + clean(" ".join(session.order[i].text.get(lang).split())))
            parts.append(line)
    if start < len(session.order):
        parts.append(rich_text(msg(lang, "resume_from", i=start + 1), "dim"))
        if skipped:
            parts.append(rich_text(msg(lang, "resume_skipped", n=skipped), "dim"))
    elif skipped:
        parts.append(rich_text(msg(lang, "resume_only_skipped", n=skipped), "dim"))
    return Group(*parts)


def score_view(session: Session, lang: str) -> RenderableType:
    """The score table of this answer file: overall and per section, with band, range and coverage."""
    from ids_assess.core.scoring import score  # pure; imported here so that the module loads fast

    q = session.questionnaire
    result = score(q, session.answer_set())
    table = Table(show_lines=False)
    table.add_column(msg(lang, "col_part"))
    for key in ("col_score", "col_range", "col_coverage"):
        table.add_column(msg(lang, key), justify="right")
    table.add_column(msg(lang, "col_band"))

    def row(label: str, s: Any, bold: bool = False) -> None:
        band = q.band_for(s.score)
        table.add_row(rich_text(label, "bold" if bold else ""), one(s.score), f"{one(s.low)}–{one(s.high)}",
                      "–" if s.coverage is None else f"{s.coverage:.0%}",
                      rich_text(band.label.get(lang) if band else "–"))

    for section in q.sections:
        row(section.title.get(lang), result.sections[section.id])
    row(msg(lang, "overall"), result.overall, bold=True)
    parts: list[RenderableType] = [table]
    status = result.relationship.status
    if status:
        parts.append(rich_text(msg(lang, "relationship", status=vocab.label(vocab.STATUS_TERMS, status, lang))))
    if result.barriers:
        parts.append(rich_text(msg(lang, "barrier", title=q.factors[result.barriers[0]].title.get(lang))))
    return Group(*parts)
