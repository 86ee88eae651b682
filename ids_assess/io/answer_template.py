"""``ids-assess template``: a blank answer file whose comments carry the statements and the scale."""

from __future__ import annotations

import json

from ids_assess.core.model import Questionnaire

_HEAD = {
    "en": ("Answer file for", "Rate each statement about your own agency:",
           "Leave an answer blank to skip it. With a note: {rating: 2, confidence: low, evidence: \"...\"}",
           "required: the agency you answer for",
           "optional: groups respondents of one agency (letters, digits, . _ -)",
           "optional: your name; leave blank to answer anonymously",
           "optional: leader, business, it, legal or other", "optional: e.g. \"2026-11-22\"",
           "optional: the agency the relationship items are about", "optional, with partner: vertical or horizontal"),
    "zh": ("答卷：", "请就本机构的实际情况对每条陈述作答：",
           "留空表示跳过。需要补充说明时写作：{rating: 2, confidence: low, evidence: \"……\"}",
           "必填：您所代表的机构", "可选：用于归并同一机构的多名答卷人（字母、数字、. _ -）",
           "可选：您的姓名；留空即匿名",
           "可选：leader（领导）、business（业务）、it（信息技术）、legal（法务）或 other（其他）",
           "可选：如 \"2026-11-22\"", "可选：关系类题目所指的合作机构",
           "可选，需同时填写 partner：vertical（条）或 horizontal（块）"),
}


def _comment(text: str) -> str:
    return " ".join(text.split())


def render(q: Questionnaire, lang: str) -> str:
    """The template text (valid YAML; it validates once ``agency`` and some answers are filled in)."""
    h = _HEAD[lang]
    scale = ", ".join(f"{k} = {v.get(lang)}" for k, v in q.scale.labels.items())
    lines = [
        f"# {h[0]} {q.id} {q.version}: {_comment(q.title.get(lang))}",
        f"# {h[1]}",
        f"#   {scale}",
        f"#   dk = {q.scale.dk.get(lang)}, na = {q.scale.na.get(lang)}",
        f"# {h[2]}",
        f"questionnaire: {q.id}",
        f"version: {json.dumps(q.version)}",
        f'agency: ""            # {h[3]}',
        f"agency_id:            # {h[4]}",
        f"respondent:           # {h[5]}",
        f"role:                 # {h[6]}",
        f"date:                 # {h[7]}",
        f"partner:              # {h[8]}",
        f"tie:                  # {h[9]}",
    ]
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
                lines.append(f"  {item.id}:")
    return "\n".join(lines) + "\n"
