"""What the Word and Excel renderers share: user text made plain and safe, the words of the Office
deliverables (en/zh) that the HTML reports do not have, fonts, and heat-map colours with readable text.

The escaping rules are those of the HTML reports: user text is written as plain text (a Word run, an Excel
string cell) and never interpreted; control characters are removed (they are not even valid in the XML of an
Office file) and bidirectional controls (U+202A-U+202E, U+2066-U+2069 and the marks) are made visible, so a
name cannot reorder the text around it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import pairwise

from ids_assess.core.model import Questionnaire
from ids_assess.core.safetext import show_bidi

# control characters but tab and newline, and what XML 1.0 does not allow at all
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def plain(text: object) -> str:
    """``text`` as a plain string for an Office file: controls removed (``\\r`` and tabs become spaces),
    bidirectional controls shown as ``\\u202e``."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = _CONTROL.sub("", value)
    return show_bidi(value)


#: Fonts: Latin text, and East Asian text (w:eastAsia) of the body and of headings.
LATIN_BODY = "Calibri"
LATIN_HEADING = "Calibri"
EAST_BODY = "SimSun"  # 宋体
EAST_HEADING = "SimHei"  # 黑体

#: Words of the Office deliverables, by language.
WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "page": "Page {page} of {pages}",
        "rank": "{rank} of {total} agencies that answered this questionnaire",
        "score_line": "{score} / 100 (range {range}), band: {band}",
        "top_actions": "Three actions to take first",
        "barriers_answered": "The barriers they answer",
        "who_acts": "Who acts",
        "horizon": "Horizon",
        "not_stated": "not stated",
        "caution_one": "Read with care: 1 warning, under \u201c{where}\u201d",
        "caution": "Read with care: {n} warnings, under \u201c{where}\u201d",
        "owner": "Owner",
        "due": "Due",
        "progress": "Status",
        "kind": "Assessment",
        "no_score": "no score",
        "heat_legend": "Cells are shaded by readiness band (orange: barrier, grey: middle, blue: enabler); the "
                       "score is written in every cell. Columns are numbered: ",
        "file": "Report file",
        "respondent": "Respondent",
        "role": "Role",
        "item": "Statement id",
        "rating": "Rating",
        "rating_label": "Answer",
        "item_score": "Item readiness",
        "confidence": "Confidence",
        "evidence": "Evidence note",
        "source_file": "Answer file",
        "name": "Name",
        "from": "From agency",
        "to": "To agency",
        "asymmetric": "Asymmetric",
        "key": "Item",
        "value": "Value",
        "low": "Low",
        "high": "High",
        "agency_id": "Agency id",
        "version": "Version",
        "enablers": "Enablers",
        "disagreements": "Disagreement",
        "factor_id": "Factor id",
        "title": "Title",
        "rules": "Scoring",
        "bands": "Bands",
        "sources": "Sources",
        "scale": "Scale",
        "respondent_codes": "Respondents are shown by an anonymous code and their role.",
        # the statistics sheets (``ids-assess stats``)
        "overall": "Overall",
        "mean": "Mean",
        "n_scored": "Respondents with a score",
        "ci_low": "{level} interval: low",
        "ci_high": "{level} interval: high",
        "rwg": "rwg(j)",
        "ad_m": "AD(M)",
        "n_rwg": "Respondents in rwg(j)",
        "agrees": "Respondents agree",
        "class": "Class",
        "top_three": "Share of weight draws in the top three barriers",
        "rank_low": "Rank interval: low",
        "rank_high": "Rank interval: high",
        "files": "Answer files",
        "alpha_n": "Respondents in alpha",
        "class_confirmed_barrier": "confirmed barrier",
        "class_uncertain_barrier": "uncertain barrier",
        "class_neutral": "neutral",
        "class_uncertain_enabler": "uncertain enabler",
        "class_confirmed_enabler": "confirmed enabler",
    },
    "zh": {
        "page": "第 {page} 页，共 {pages} 页",
        "rank": "在作答同一问卷的 {total} 个部门中排名第 {rank}",
        "score_line": "{score} / 100（区间 {range}），等级：{band}",
        "top_actions": "优先采取的三项行动",
        "barriers_answered": "对应的障碍因素",
        "who_acts": "实施主体",
        "horizon": "时限",
        "not_stated": "未注明",
        "caution_one": "解读时请注意：1 条提示，见\u201c{where}\u201d",
        "caution": "解读时请注意：{n} 条提示，见\u201c{where}\u201d",
        "owner": "责任人",
        "due": "完成期限",
        "progress": "进展",
        "kind": "评估",
        "no_score": "无得分",
        "heat_legend": "单元格按就绪度等级着色（橙色：障碍，灰色：中间，蓝色：促进），每格均标注得分。列按编号排列：",
        "file": "报告文件",
        "respondent": "答卷人",
        "role": "角色",
        "item": "题目编号",
        "rating": "评分",
        "rating_label": "作答",
        "item_score": "题目就绪度",
        "confidence": "把握程度",
        "evidence": "佐证说明",
        "source_file": "答卷文件",
        "name": "姓名",
        "from": "来源部门",
        "to": "对象部门",
        "asymmetric": "认知不一致",
        "key": "项目",
        "value": "内容",
        "low": "下限",
        "high": "上限",
        "agency_id": "部门编号",
        "version": "版本",
        "enablers": "促进因素",
        "disagreements": "意见分歧",
        "factor_id": "因素编号",
        "title": "名称",
        "rules": "计分方法",
        "bands": "就绪度等级",
        "sources": "文献来源",
        "scale": "评分量表",
        "respondent_codes": "答卷人以匿名编号及其角色表示。",
        "overall": "总体",
        "mean": "均值",
        "n_scored": "有得分的答卷人数",
        "ci_low": "{level} 区间下限",
        "ci_high": "{level} 区间上限",
        "rwg": "rwg(j)",
        "ad_m": "AD(M)",
        "n_rwg": "计算 rwg(j) 的答卷人数",
        "agrees": "答卷人意见一致",
        "class": "类别",
        "top_three": "权重抽样中位列前三大障碍的比例",
        "rank_low": "排名区间下限",
        "rank_high": "排名区间上限",
        "files": "答卷文件数",
        "alpha_n": "计算 Alpha 的答卷人数",
        "class_confirmed_barrier": "确定障碍",
        "class_uncertain_barrier": "不确定障碍",
        "class_neutral": "中性",
        "class_uncertain_enabler": "不确定促进因素",
        "class_confirmed_enabler": "确定促进因素",
    },
}


def words(lang: str) -> Mapping[str, str]:
    return WORDS.get(lang, WORDS["en"])


# --- colours ---------------------------------------------------------------------------------------

#: Colour-blind-safe diverging palette (orange - grey - blue, as the HTML heat map), light enough that
#: black text on it reads at 4.5:1 or better; white text is used on the darkest cells when it reads better.
_STOPS = ((0.0, (196, 98, 30)), (25.0, (240, 164, 90)), (50.0, (232, 232, 232)), (75.0, (106, 166, 214)),
          (100.0, (33, 102, 172)))


def _lin(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    return 0.2126 * _lin(rgb[0]) + 0.7152 * _lin(rgb[1]) + 0.0722 * _lin(rgb[2])


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ramp(score: float) -> tuple[int, int, int]:
    s = min(100.0, max(0.0, score))
    for (x0, c0), (x1, c1) in pairwise(_STOPS):
        if s <= x1:
            f = (s - x0) / (x1 - x0)
            r, g, b = (round(a + (z - a) * f) for a, z in zip(c0, c1, strict=True))
            return r, g, b
    return _STOPS[-1][1]


BLACK = (0, 0, 0)
WHITE = (255, 255, 255)


def hex_rgb(rgb: tuple[int, int, int]) -> str:
    return "{:02X}{:02X}{:02X}".format(*rgb)


def band_colours(q: Questionnaire, score: float | None) -> tuple[str, str]:
    """Fill and text colour (``RRGGBB``) of a heat-map cell: the colour of the band ``score`` is in (the
    palette at the band's middle), the text black or white, whichever contrasts more (always >= 4.5:1)."""
    if score is None:
        return "FFFFFF", "444444"
    band = q.band_for(score)
    if band is None or not q.bands:
        fill = ramp(score)
    else:
        mins = [b.min for b in q.bands]
        i = next(n for n, b in enumerate(q.bands) if b is band)
        top = mins[i + 1] if i + 1 < len(mins) else 100.0
        fill = ramp((band.min + top) / 2)
    text = BLACK if contrast(fill, BLACK) >= contrast(fill, WHITE) else WHITE
    return hex_rgb(fill), hex_rgb(text)
