"""``ids-assess template``: a blank answer file whose comments carry the statements and the scale.

Every value is written by :mod:`ids_assess.io.yamlio` (the only YAML writer), so that it reads back as
written; the header fields come from the vocabulary, in the order every answer file has them.
"""

from __future__ import annotations

from collections.abc import Mapping

from ids_assess.core.model import Questionnaire
from ids_assess.core.vocab import ROLE_TERMS, TIE_TERMS
from ids_assess.io import yamlio

_INTRO = {
    "en": ("Answer file for", "Rate each statement about your own agency:",
           "Leave an answer blank to skip it. With a note: {rating: 2, confidence: low, evidence: \"...\"}"),
    "zh": ("答卷：", "请根据本单位的实际情况对每条陈述作答：",
           "留空表示跳过。需要补充说明时写作：{rating: 2, confidence: low, evidence: \"……\"}"),
}


def _field_notes(lang: str) -> Mapping[str, str]:
    words = [t.id if lang == "en" else f"{t.id}（{t.zh}）" for t in ROLE_TERMS.values()]
    roles = (", " if lang == "en" else "、").join(words[:-1]) + (" or " if lang == "en" else " 或 ") + words[-1]
    ties = " or ".join(t.id for t in TIE_TERMS.values()) if lang == "en" else \
        "vertical（条，纵向）或 horizontal（块，横向）"
    if lang == "zh":
        return {"agency": "必填：您所代表的单位",
                "agency_id": "可选：用于归并同一单位的多名答卷人（字母、数字、. _ -）",
                "respondent": "可选：您的姓名；留空即匿名", "role": f"可选：{roles}",
                "date": "可选：如 \"2026-11-22\"", "partner": "可选：关系类题目所指的合作部门",
                "tie": f"可选，需同时填写 partner：{ties}", "dataset": "必填：所涉及的数据集名称"}
    return {"agency": "required: the agency you answer for",
            "agency_id": "optional: groups respondents of one agency (letters, digits, . _ -)",
            "respondent": "optional: your name; leave blank to answer anonymously", "role": f"optional: {roles}",
            "date": "optional: e.g. \"2026-11-22\"", "partner": "optional: the agency the relationship items are about",
            "tie": f"optional, with partner: {ties}", "dataset": "required: the dataset the statements are about"}


def _comment(text: str) -> str:
    return " ".join(text.split())


def _header_fields(q: Questionnaire) -> tuple[str, ...]:
    extra = tuple(getattr(f, "id", f) for f in getattr(q, "header_fields", ()) or ())
    base = ("agency", "agency_id", "respondent", "role", "date", "partner", "tie")
    return base + tuple(f for f in extra if f not in base)


def render(q: Questionnaire, lang: str) -> str:
    """The template text (valid YAML; it validates once ``agency`` and some answers are filled in)."""
    intro = _INTRO[lang]
    notes = _field_notes(lang)
    scale = ", ".join(f"{k} = {v.get(lang)}" for k, v in q.scale.labels.items())
    lines = [
        f"# {intro[0]} {q.id} {q.version}: {_comment(q.title.get(lang))}",
        f"# {intro[1]}",
        f"#   {scale}",
        f"#   dk = {q.scale.dk.get(lang)}, na = {q.scale.na.get(lang)}",
        f"# {intro[2]}",
        f"questionnaire: {yamlio.scalar(q.id)}",
        f"version: {yamlio.quoted(q.version)}",
    ]
    for name in _header_fields(q):
        value = '""' if name == "agency" else ""
        lines.append(f"{f'{name}: {value}'.rstrip():<21} # {notes.get(name, '')}".rstrip())
    for field in q.header_fields:  # fields the questionnaire declares, e.g. the dataset the statements are about
        if field.id == "dataset":  # the one header field answer files accept so far
            note = _comment((field.help or field.label).get(lang))
            lines.append(f"dataset:              # {_comment(field.label.get(lang))}: {note}")
    lines.append("answers:")
    for section in q.sections:
        lines.append(f"  # == {_comment(section.title.get(lang))} ==")
        for factor in section.factors:
            lines.append(f"  # -- {_comment(factor.title.get(lang))} --")
            for item in factor.items:  # no polarity here: telling which answer scores well would bias it
                lines.append(f"  # {_comment(item.text.get(lang))}")
                if item.help:
                    lines.append(f"  #   ? {_comment(item.help.get(lang))}")
                lines.append(f"  {yamlio.scalar(item.id)}:")
    return "\n".join(lines) + "\n"
