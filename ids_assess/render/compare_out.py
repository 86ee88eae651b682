"""``ids-assess compare`` output: JSON and Markdown (the table is drawn in console.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from ids_assess.core.compare import Comparison
from ids_assess.core.model import Questionnaire, qref
from ids_assess.render.jsontext import escape_bidi
from ids_assess.render.markdown import md_escape
from ids_assess.render.numbers import one, r2


def to_dict(c: Comparison) -> dict[str, Any]:
    return {
        "threshold": c.threshold,
        "agencies": [{
            "agency": a.agency, "key": a.key, "questionnaire": a.questionnaire,
            "versions": {"old": a.old_version or None, "new": a.new_version or None},
            "respondents": {"old": a.old_respondents, "new": a.new_respondents},
            "changes": [{"level": ch.level, "id": ch.id, "old": r2(ch.old), "new": r2(ch.new), "delta": r2(ch.delta),
                         "trend": ch.trend, "definition_changed": ch.definition_changed,
                         "old_ids": list(ch.old_ids)} for ch in a.changes],
            "became_barriers": list(a.became_barriers), "stopped_barriers": list(a.stopped_barriers),
        } for a in c.agencies],
        "only_old": list(c.only_old), "only_new": list(c.only_new),
        "warnings": [w.text("en") for w in c.warnings],
    }


def to_json(c: Comparison) -> str:
    return escape_bidi(json.dumps(to_dict(c), ensure_ascii=False, indent=2, allow_nan=False)) + "\n"


def rounds_json(comparisons: Sequence[Comparison]) -> str:
    """More than two rounds: the list of consecutive comparisons, each as :func:`to_dict`."""
    return escape_bidi(json.dumps([to_dict(c) for c in comparisons], ensure_ascii=False, indent=2,
                                  allow_nan=False)) + "\n"


def _cell(text: str) -> str:
    return md_escape(text)


def _n(v: float | None, signed: bool = False) -> str:
    return one(v, signed)


LABELS = {
    "en": {"title": "Change over time", "agency": "Agency", "factor": "Factor", "old": "Before", "new": "After",
           "delta": "Change", "trend": "Trend", "became": "Became barriers", "stopped": "No longer barriers",
           "overall": "Overall", "none": "none", "only_old": "Assessed only in the earlier round",
           "only_new": "Assessed only in the later round", "improved": "improved", "worsened": "worsened",
           "steady": "steady", "threshold": "Changes of {t:g} points or more are flagged.",
           "definition_changed": "definition changed", "warnings": "Read with care"},
    "zh": {"title": "前后对比", "agency": "机构", "factor": "因素", "old": "前", "new": "后", "delta": "变化",
           "trend": "趋势", "became": "新出现的障碍", "stopped": "已不再是障碍", "overall": "总分", "none": "无",
           "only_old": "仅在前一轮评估的机构", "only_new": "仅在后一轮评估的机构", "improved": "改善",
           "worsened": "下降", "steady": "持平", "threshold": "变化达到 {t:g} 分及以上时标出。",
           "definition_changed": "定义已变", "warnings": "解读时请注意"},
}


def to_markdown(c: Comparison, lookup: Callable[[str], Questionnaire], lang: str = "en") -> str:
    t = LABELS[lang]
    out = [f"# {t['title']}", "", t["threshold"].format(t=c.threshold), ""]
    if c.warnings:
        out += [f"**{t['warnings']}:**" if lang == "en" else f"**{t['warnings']}：**", ""]
        out += [f"- {_cell(w.text(lang))}" for w in c.warnings]
        out.append("")
    for a in c.agencies:
        q = lookup(qref(a.questionnaire, a.new_version or None))
        out += [f"## {_cell(a.agency)}", "",
                f"| {t['factor']} | {t['old']} | {t['new']} | {t['delta']} | {t['trend']} |", "|---|--:|--:|--:|---|"]
        for ch in a.changes:
            if ch.level == "section":
                continue
            name = t["overall"] if ch.level == "overall" else q.factors[ch.id].title.get(lang)
            trend = t["definition_changed"] if ch.definition_changed else t.get(ch.trend or "", "–")
            out.append(f"| {_cell(name)} | {_n(ch.old)} | {_n(ch.new)} | {_n(ch.delta, True)} | {trend} |")
        for key, ids in (("became", a.became_barriers), ("stopped", a.stopped_barriers)):
            names = ", ".join(q.factors[f].title.get(lang) for f in ids) or t["none"]
            out += ["", f"**{t[key]}:** {_cell(names)}"]
        out.append("")
    for key, agencies in (("only_old", c.only_old), ("only_new", c.only_new)):
        if agencies:
            out += [f"**{t[key]}:** " + ", ".join(_cell(n) for n in agencies), ""]
    return "\n".join(out).rstrip() + "\n"


def rounds_markdown(comparisons: Sequence[Comparison], names: Sequence[str],
                    lookup: Callable[[str], Questionnaire], lang: str = "en") -> str:
    """More than two rounds: one section per consecutive pair, headings one level down."""
    t = LABELS[lang]
    arrow = " → "
    out = [f"# {t['title']}", ""]
    for i, c in enumerate(comparisons):
        body = to_markdown(c, lookup, lang).splitlines()[1:]  # without its title
        out += [f"## {_cell(names[i])}{arrow}{_cell(names[i + 1])}"]
        out += [("#" + line) if line.startswith("## ") else line for line in body]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
