# ruff: noqa: E501  (a table of sentences: Chinese lines are kept whole)
"""The sentences of several rounds in the reports (``--baseline``): the rounds' names, the warnings' caution on
page one and in the change sections, and the trend line, in English and Simplified Chinese. Merged into
:data:`ids_assess.render.report.i18n.STRINGS`; both languages must have the same keys (a test checks it). The
warnings themselves are worded by :meth:`ids_assess.core.compare.RoundWarning.text`, as ``compare`` words them."""

from __future__ import annotations

from collections.abc import Mapping

ROUND_STRINGS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "round_n": "round {n}",
        "round_named": "{label} (round {n})",
        "rounds_text": "Rounds, earliest first: {rounds}. “{old}” is {baseline}.",
        "read_with_care": "Read with care:",
        "front_change_caution": "Read with care: {n} warnings, in A1",
        "front_change_caution_one": "Read with care: 1 warning, in A1",
        "people_changed": "In {n} agencies the respondents or their role mix changed between rounds: each agency's report says how.",
        "people_changed_one": "In 1 agency the respondents or their role mix changed between rounds: its report says how.",
        "trend_line": "Across rounds",
        "chart_trend_title": "Overall readiness, round by round",
        "chart_trend_desc": "The agency's overall readiness in each round, earliest first.",
        "trend_dashed": "A dashed segment joins two rounds between which the questionnaire's definition of the overall score changed: read them side by side, not as a change.",
    },
    "zh": {
        "round_n": "第 {n} 轮",
        "round_named": "{label}（第 {n} 轮）",
        "rounds_text": "各轮（由早到晚）：{rounds}。“{old}”指 {baseline}。",
        "read_with_care": "解读时请注意：",
        "front_change_caution": "解读时请注意：{n} 条提示，见 A1",
        "front_change_caution_one": "解读时请注意：1 条提示，见 A1",
        "people_changed": "有 {n} 个部门的答卷人数或角色构成在各轮之间有变，详见各部门报告。",
        "people_changed_one": "有 1 个部门的答卷人数或角色构成在各轮之间有变，详见该部门报告。",
        "trend_line": "历轮得分",
        "chart_trend_title": "各轮总体就绪度",
        "chart_trend_desc": "该部门每一轮的总体就绪度，由早到晚排列。",
        "trend_dashed": "虚线相连的两轮之间，问卷对总体得分的定义有变：只宜并列对照，不宜视为变化。",
    },
}
