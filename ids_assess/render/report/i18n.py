# ruff: noqa: E501  (a table of sentences: Chinese lines are kept whole)
"""Every user-visible string of the readiness reports, in English and Simplified Chinese, and number formats.

Templates receive the strings of one language as ``t`` (``{{ t.summary }}``); sentences with placeholders
(``{score}``) are filled in by the view builder, so templates never format numbers themselves. Both
languages must have the same keys (a test checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ids_assess.core.vocab import (
    CONFIDENCE_TERMS,
    EIF_TERMS,
    ROLE_TERMS,
    ROLE_UNSPECIFIED,
    STATUS_TERMS,
    TIE_TERMS,
    TREND_TERMS,
    Term,
)
from ids_assess.render import numbers

STRINGS: Mapping[str, Mapping[str, str]] = {
    "en": {
        # document
        "report_kind": "Data sharing readiness report",
        "overview_kind": "Overview of the agencies",
        "default_title": "Interagency data sharing readiness",
        "contents": "Contents",
        "back_to_overview": "Overview of all agencies",
        "generated_by": "Prepared with {tool} {version} from the questionnaire {questionnaire} {qversion}.",
        "generated_by_multi": "Prepared with {tool} {version} from the questionnaires {questionnaires}.",
        "q_label": "{title}, {id} {version}",
        "colon": ": ",
        "answers_dated": "Answers dated {dates}.",
        "skip_to_content": "Skip to the report",
        # section headings (agency report)
        "h_summary": "Summary",
        "h_profile": "Readiness profile",
        "h_barriers_enablers": "Barriers and enablers",
        "h_relationship": "The relationship with partner agencies",
        "h_disagreement": "Disagreement and information needed",
        "h_actions": "Action plan",
        "h_method": "Method and sources",
        "h_appendix": "Appendix: files that could not be used",
        "h_change": "Change since the baseline",
        # sub-headings
        "h_by_section": "By section",
        "h_by_factor": "By factor",
        "h_by_eif": "By European Interoperability Framework layer",
        "h_barriers": "Barriers",
        "h_enablers": "Enablers",
        "h_strongest_barriers": "Strongest barriers",
        "h_strongest_enablers": "Strongest enablers",
        "h_push_pull": "Push and pull of the relationship determinants",
        "h_partners": "Ties with named partner agencies",
        "h_asymmetric": "Asymmetric perceptions",
        "h_disagree_factors": "Factors on which respondents disagree",
        "h_dk_factors": "Factors with many \u201cdon't know\u201d answers",
        "h_low_confidence": "Statements answered with low confidence",
        "h_scale": "The scale",
        "h_scoring": "How the scores are computed",
        "h_bands": "Readiness bands",
        "h_sources": "Sources",
        "h_data": "The data",
        "h_factor_data": "The figures behind the chart",
        "h_more_actions": "Further actions",
        # overview headings
        "h_agencies": "Agencies",
        "h_ranking": "Ranking",
        "h_heatmap": "Readiness by agency and factor",
        "h_systemic": "Systemic barriers",
        "h_network": "The relationship network",
        "h_edges": "Ties between agencies",
        "h_reports": "Agency reports",
        # labels
        "overall_readiness": "Overall readiness",
        "out_of_100": "out of 100",
        "band": "Band",
        "range": "Range",
        "range_long": "Range (unknown answers counted as worst and best)",
        "spread": "Respondents' spread",
        "spread_short": "Spread",
        "coverage": "Coverage",
        "respondents": "Respondents",
        "roles": "Roles",
        "relationship_status": "Relationship",
        "status": "Status",
        "pull": "Pull",
        "push": "Push",
        "net": "Net",
        "score": "Score",
        "factor": "Factor",
        "section": "Section",
        "layer": "Layer",
        "factors": "Factors",
        "agency": "Agency",
        "partner": "Partner agency",
        "tie": "Tie",
        "rank": "Rank",
        "weight": "Weight",
        "gap": "Gap",
        "priority": "Priority",
        "min": "Lowest",
        "max": "Highest",
        "sd": "Std. dev.",
        "dk_share": "\u201cDon't know\u201d share",
        "low_confidence_answers": "Low-confidence answers",
        "statement": "Statement",
        "worst_item": "Weakest statement",
        "best_item": "Strongest statement",
        "evidence": "In the respondents' words",
        "finding": "Research finding",
        "source": "Source",
        "action": "Action",
        "recommendation_for": "For",
        "their_view": "Their view of this agency",
        "our_view": "This agency's view",
        "direction": "Direction",
        "barriers_count": "Barriers",
        "in_agencies": "Barrier in",
        "mean_score": "Mean score",
        "old": "Before",
        "new": "Now",
        "delta": "Change",
        "trend": "Trend",
        "became_barriers": "Became barriers",
        "stopped_barriers": "No longer barriers",
        "only_old": "Assessed only in the baseline",
        "only_new": "Assessed only now",
        "questionnaire": "Questionnaire",
        "version": "version",
        "tool": "Tool",
        "files_used": "Answer files used",
        "answer_dates": "Answer dates",
        "disagreement_threshold": "Disagreement threshold",
        "none": "none",
        "no_value": "n/a",
        "confidence": "confidence",
        "report": "Report",
        "legend": "Legend",
        "assessed": "assessed agency",
        "not_assessed": "named partner, not assessed",
        "vertical_tie": "vertical tie (solid)",
        "horizontal_tie": "horizontal tie (dashed)",
        "unknown_tie": "tie not stated (dotted)",
        "barrier_marker": "\u25bc barrier (below 50)",
        "md_network_legend": "Thick arrows are vertical ties, dotted arrows horizontal ties, plain arrows ties not "
                             "stated; blue means symbiosis, grey balanced, orange tension. Each arrow points from "
                             "the agency whose respondents describe the tie to its partner; rounded boxes are "
                             "named partners that were not assessed.",
        "all_sections": "All sections",
        # chart texts
        "chart_sections_title": "Readiness by section",
        "chart_sections_desc": "Bars show each section's readiness score from 0 to 100; whiskers show its range.",
        "chart_factors_title": "Readiness by factor",
        "chart_factors_desc": "Dots show each factor's readiness score from 0 to 100, the pale band its range with "
                              "unknown answers counted as worst and best, and the dark line the lowest and highest "
                              "respondent.",
        "chart_eif_title": "Readiness by interoperability layer",
        "chart_eif_desc": "Bars show the mean readiness of the factors mapped to each layer of the European "
                          "Interoperability Framework.",
        "chart_pushpull_title": "Push and pull of the determinants",
        "chart_pushpull_desc": "Bars to the left push the agencies apart (score below 50); bars to the right pull "
                               "them together (score above 50).",
        "chart_network_title": "Relationship network",
        "chart_network_desc": "Agencies on a circle; arrows point from the agency whose respondents describe the tie "
                              "to the partner, coloured by status; solid lines are vertical ties, dashed lines "
                              "horizontal ties.",
        "legend_score": "score",
        "legend_range": "range (unknown answers worst to best)",
        "legend_range_col": "unknown answers counted as worst and best",
        "legend_neutral": "at the midpoint (50)",
        "legend_spread": "lowest to highest respondent",
        "legend_barrier": "barrier",
        "legend_enabler": "enabler",
        "axis_push": "\u2190 push apart",
        "axis_pull": "pull together \u2192",
        # kinds
        "kind_barrier": "barrier",
        "kind_enabler": "enabler",
        "kind_neutral": "at the midpoint",
        "kind_unscored": "not scored",
        # sentences (filled in by the view builder)
        "s_overall": "{agency} scores {score} out of 100 for overall readiness, in the band \u201c{band}\u201d. "
                     "Counting every unanswered or \u201cdon't know\u201d statement as worst and as best gives a "
                     "range of {range}.",
        "s_overall_none": "{agency} has no scored answers yet.",
        "s_coverage": "{respondents} answered {coverage} of the statements that apply ({roles}).",
        "s_respondents_1": "One respondent",
        "s_respondents_n": "{n} respondents",
        "s_relationship": "The relationship with partner agencies is in {status}: its determinants pull with "
                          "{pull} and push with {push}, a net of {net}.",
        "s_relationship_none": "The relationship determinants were not answered.",
        "s_barrier": "{factor} ({score}) is held back most by respondents\u2019 {stance} with \u201c{item}\u201d "
                     "(item readiness {item_score}).",
        "stance_agree": "agreement",
        "stance_disagree": "disagreement",
        "stance_agree_short": "respondents agree",
        "stance_disagree_short": "respondents disagree",
        "stance_neutral_short": "respondents neither agree nor disagree",
        "s_item_note": "{stance}; item readiness {score}",
        "s_status_net": "{status} (net {net})",
        "s_evidence_about": "{label}: \u201c{item}\u201d ({rating})",
        "s_barrier_plain": "{factor} scores {score}, {gap} points below the midpoint.",
        "s_enabler": "{factor} ({score}) rests most on respondents\u2019 {stance} with \u201c{item}\u201d "
                     "(item readiness {item_score}).",
        "s_enabler_plain": "{factor} scores {score}, {gap} points above the midpoint.",
        "s_no_barriers": "No factor scores below the midpoint of 50.",
        "s_no_enablers": "No factor scores above the midpoint of 50.",
        "s_actions_intro": "The recommendations of the weakest factors, most urgent first. Priority is the gap to "
                           "the midpoint (50 minus the score) times the factor's weight.",
        "s_actions_intro_none": "No factor is a barrier, so these are the recommendations of the weakest factors. "
                                "Priority is the gap to full readiness (100 minus the score) times the factor's "
                                "weight.",
        "s_no_actions": "There are no scored factors, so there are no recommendations yet.",
        "s_priority": "{gap} \u00d7 {weight}",
        "s_more_actions": "{n} further recommendations, by priority:",
        "s_no_partners": "No respondent named a partner agency.",
        "s_no_asymmetric": "Where a partner agency also answered about this agency, both see their tie alike.",
        "s_no_mutual": "No pair of agencies answered about each other here: none of this agency's partners "
                       "described its tie with this agency, so there are no two views to compare.",
        "s_asymmetric": "{agency} describes its tie with {partner} as \u201c{our_status}\u201d (net {our_net}); "
                        "{partner} describes it as \u201c{their_status}\u201d (net {their_net}).",
        "s_no_disagreement": "On no factor do the respondents' scores differ by {threshold} or more.",
        "s_no_dk": "No factor has \u201cdon't know\u201d answers.",
        "s_no_low_confidence": "No statement was answered with low confidence.",
        "s_disagreement_intro": "Factors on which the lowest and highest respondent differ by {threshold} or "
                                "more. Talk these through before acting on the factor's score.",
        "s_dk_intro": "The share of \u201cdon't know\u201d among each factor's answers: information the agency "
                      "would need to collect.",
        "s_low_conf_intro": "Statements at least one respondent answered with low confidence.",
        "s_eif_intro": "The questionnaire maps each factor to layers of the European Interoperability Framework; "
                       "each layer's score is the mean of the scores of its factors.",
        "s_no_eif": "This questionnaire does not map its factors to the European Interoperability Framework.",
        "s_no_relationship": "This questionnaire has no relationship determinants.",
        "s_pushpull_total": "Pull {pull}, push {push}, net {net}: {status}.",
        "s_pushpull_note": "The bars show each determinant's mean score. Pull, push and net are worked out for each "
                           "respondent and then averaged, so the pull ({pull}) and push ({push}) are not the sums "
                           "of the bars.",
        "s_levels_note": "Each level is the mean of the respondents' own scores at that level: the overall score "
                         "({overall}) is not worked out from the sections shown, nor a section's score from its "
                         "factors, so they need not agree.",
        "s_evidence_by": "{who}",
        "s_evidence_conf": "{who}, {confidence} confidence",
        "s_lc_count": "{n} of {total}",
        "s_systemic_intro": "Factors that are barriers (below 50) in at least half of the agencies that answered "
                            "them.",
        "s_no_systemic": "No factor is a barrier in half of the agencies or more.",
        "s_no_edges": "No respondent named a partner agency, so there is no network to draw.",
        "s_agencies_intro": "{agencies} agencies, {respondents} respondents.",
        "s_agencies_intro_multi": "{agencies} agencies, {questionnaires} questionnaires, {respondents} answer sets.",
        "s_agencies_count": "{n} of {total}",
        "s_change_intro": "Each agency assessed in both rounds: overall readiness then and now, and the factors "
                          "that crossed the midpoint of 50.",
        "s_heatmap_intro": "Each cell is a factor's readiness score for one agency, from orange (0, a barrier) "
                           "through grey (50) to blue (100, an enabler). \u25bc marks a barrier.",
        "s_appendix_intro": "These files were not used because they are invalid. Fix them and run the report again.",
        "s_appendix_more": "\u2026 and {n} more problem(s).",
        "s_bands_row": "{label}: {min} to under {max}",
        "s_bands_last": "{label}: {min} to {max}",
        # method
        "m_scale": "Respondents rate each statement from 1 (strongly disagree) to 5 (strongly agree), or answer "
                   "\u201cdon't know\u201d or \u201cnot applicable\u201d. They may add a confidence (high, medium "
                   "or low) and an evidence note.",
        "m_rule_item": "Every statement is scored as readiness from 0 to 100. Agreeing with an enabling statement "
                       "raises readiness (1 = 0, 5 = 100); agreeing with a hindering statement lowers it "
                       "(1 = 100, 5 = 0).",
        "m_rule_factor": "For each respondent, a factor's score is the weighted mean of its answered statements; "
                         "a section's score is the weighted mean of its factors; the overall score is the weighted "
                         "mean of the sections. \u201cDon't know\u201d and unanswered statements are left out, "
                         "\u201cnot applicable\u201d ones too.",
        "m_rule_range": "The range shows what the score would be if every \u201cdon't know\u201d or unanswered "
                        "statement had been answered as badly (low) or as well (high) as possible. Coverage is "
                        "the share of applicable statements that were answered.",
        "m_rule_barrier": "A factor below 50 is a barrier and one above 50 an enabler; they are ranked by their "
                          "distance from 50 times the factor's weight.",
        "m_rule_relationship": "The relationship's pull is the weighted sum of how far each determinant scores "
                               "above 50, its push how far each scores below 50; the net is their difference "
                               "divided by the total weight. A net above {threshold} means symbiosis, below "
                               "\u2212{threshold} tension, otherwise balanced.",
        "m_rule_agency": "An agency's numbers are each the plain mean of its respondents' own values at that "
                         "level: its overall score is the mean of the respondents' overall scores, each section "
                         "and factor score the mean of the respondents' section and factor scores, and its pull, "
                         "push and net the means of the respondents' pull, push and net. So with several "
                         "respondents the overall is not the mean of the sections shown, a section is not the mean "
                         "of its factors, and pull and push are not the sums of the determinant bars. The spread is "
                         "the lowest and highest respondent.",
        "m_research": "The factors and recommendations come from two studies of data sharing between Chinese "
                      "government agencies; each finding in this report cites its source and section.",
    },
    "zh": {
        "report_kind": "数据共享就绪度评估报告",
        "overview_kind": "各部门总览",
        "default_title": "跨部门数据共享就绪度",
        "contents": "目录",
        "back_to_overview": "返回各部门总览",
        "generated_by": "本报告由 {tool} {version} 依据问卷 {questionnaire} {qversion} 生成。",
        "generated_by_multi": "本报告由 {tool} {version} 依据问卷 {questionnaires} 生成。",
        "q_label": "{title}，{id} {version}",
        "colon": "：",
        "answers_dated": "作答日期：{dates}。",
        "skip_to_content": "跳至报告正文",
        "h_summary": "摘要",
        "h_profile": "就绪度概况",
        "h_barriers_enablers": "障碍因素与促进因素",
        "h_relationship": "与合作部门的关系",
        "h_disagreement": "意见分歧与信息缺口",
        "h_actions": "行动计划",
        "h_method": "方法与文献来源",
        "h_appendix": "附录：未能使用的文件",
        "h_change": "与基线相比的变化",
        "h_by_section": "按维度",
        "h_by_factor": "按因素",
        "h_by_eif": "按欧洲互操作性框架层次",
        "h_barriers": "障碍因素",
        "h_enablers": "促进因素",
        "h_strongest_barriers": "最突出的障碍因素",
        "h_strongest_enablers": "最突出的促进因素",
        "h_push_pull": "部门间关系决定因素的推力与拉力",
        "h_partners": "与各合作部门的关系",
        "h_asymmetric": "双方认知不一致的关系",
        "h_disagree_factors": "答卷人意见分歧较大的因素",
        "h_dk_factors": "“不知道”较多的因素",
        "h_low_confidence": "把握程度较低的作答",
        "h_scale": "评分量表",
        "h_scoring": "计分方法",
        "h_bands": "就绪度等级",
        "h_sources": "文献来源",
        "h_data": "数据",
        "h_factor_data": "图表数据",
        "h_more_actions": "其他行动建议",
        "h_agencies": "参评部门",
        "h_ranking": "排名",
        "h_heatmap": "各部门各因素就绪度",
        "h_systemic": "系统性障碍",
        "h_network": "部门间关系网络",
        "h_edges": "部门间关系",
        "h_reports": "各部门报告",
        "overall_readiness": "总体就绪度",
        "out_of_100": "满分 100",
        "band": "等级",
        "range": "区间",
        "range_long": "区间（未知作答按最差与最好计算）",
        "spread": "答卷人得分跨度",
        "spread_short": "跨度",
        "coverage": "作答覆盖率",
        "respondents": "答卷人数",
        "roles": "角色",
        "relationship_status": "部门间关系",
        "status": "状态",
        "pull": "拉力",
        "push": "推力",
        "net": "净值",
        "score": "得分",
        "factor": "因素",
        "section": "维度",
        "layer": "层次",
        "factors": "因素数",
        "agency": "部门",
        "partner": "合作部门",
        "tie": "关系类型",
        "rank": "名次",
        "weight": "权重",
        "gap": "差距",
        "priority": "优先级",
        "min": "最低",
        "max": "最高",
        "sd": "标准差",
        "dk_share": "“不知道”占比",
        "low_confidence_answers": "低把握作答",
        "statement": "题目",
        "worst_item": "得分最低的题目",
        "best_item": "得分最高的题目",
        "evidence": "答卷人原话",
        "finding": "研究发现",
        "source": "来源",
        "action": "行动建议",
        "recommendation_for": "针对",
        "their_view": "对方部门的看法",
        "our_view": "本部门的看法",
        "direction": "方向",
        "barriers_count": "障碍因素数",
        "in_agencies": "构成障碍的部门",
        "mean_score": "平均得分",
        "old": "基线",
        "new": "本轮",
        "delta": "变化",
        "trend": "趋势",
        "became_barriers": "新出现的障碍",
        "stopped_barriers": "已消除的障碍",
        "only_old": "仅在基线中参评",
        "only_new": "仅在本轮中参评",
        "questionnaire": "问卷",
        "version": "版本",
        "tool": "工具",
        "files_used": "使用的答卷文件",
        "answer_dates": "作答日期",
        "disagreement_threshold": "分歧阈值",
        "none": "无",
        "no_value": "无数据",
        "confidence": "把握程度",
        "report": "报告",
        "legend": "图例",
        "assessed": "参评部门",
        "not_assessed": "被提及但未参评的部门",
        "vertical_tie": "纵向关系（条，实线）",
        "horizontal_tie": "横向关系（块，虚线）",
        "unknown_tie": "未注明关系类型（点线）",
        "barrier_marker": "▼ 障碍因素（低于 50 分）",
        "md_network_legend": "粗箭头为纵向关系，点线箭头为横向关系，普通箭头为未注明类型的关系；蓝色表示共生，灰色表示均衡，橙色表示紧张。箭头由描述该关系的部门指向合作部门；圆角框为被提及但未参评的部门。",
        "all_sections": "全部维度",
        "chart_sections_title": "各维度就绪度",
        "chart_sections_desc": "条形表示各维度 0 至 100 分的就绪度得分，须线表示其区间。",
        "chart_factors_title": "各因素就绪度",
        "chart_factors_desc": "圆点表示各因素 0 至 100 分的就绪度得分；浅色带表示将未知作答按最差与最好计算时的区间；深色线表示得分最低与最高的答卷人。",
        "chart_eif_title": "各互操作性层次就绪度",
        "chart_eif_desc": "条形表示映射到欧洲互操作性框架各层次的因素的平均就绪度。",
        "chart_pushpull_title": "决定因素的推力与拉力",
        "chart_pushpull_desc": "向左的条形表示将两个部门推开的力量（得分低于 50），向右的条形表示将两个部门拉近的力量（得分高于 50）。",
        "chart_network_title": "部门间关系网络",
        "chart_network_desc": "各部门排列在圆周上；箭头由描述该关系的部门指向合作部门，颜色表示关系状态；实线为纵向关系，虚线为横向关系。",
        "legend_score": "得分",
        "legend_range": "区间（未知作答按最差至最好）",
        "legend_range_col": "未知作答按最差与最好计算",
        "legend_neutral": "处于中点（50 分）",
        "legend_spread": "得分最低至最高的答卷人",
        "legend_barrier": "障碍因素",
        "legend_enabler": "促进因素",
        "axis_push": "← 推开",
        "axis_pull": "拉近 →",
        "kind_barrier": "障碍因素",
        "kind_enabler": "促进因素",
        "kind_neutral": "处于中点",
        "kind_unscored": "未计分",
        "s_overall": "{agency}的总体就绪度为 {score}（满分 100），等级为“{band}”。若将所有未作答或“不知道”的题目分别按最差和最好计算，得分区间为 {range}。",
        "s_overall_none": "{agency}尚无可计分的作答。",
        "s_coverage": "{respondents}回答了适用题目中的 {coverage}（{roles}）。",
        "s_respondents_1": "1 名答卷人",
        "s_respondents_n": "{n} 名答卷人",
        "s_relationship": "与合作部门的关系处于“{status}”状态：各决定因素的拉力为 {pull}，推力为 {push}，净值为 {net}。",
        "s_relationship_none": "答卷人未回答关系决定因素的题目。",
        "s_barrier": "{factor}（{score}）受答卷人对“{item}”的{stance}拖累最大（该项就绪度 {item_score}）。",
        "stance_agree": "认同",
        "stance_disagree": "不认同",
        "stance_agree_short": "答卷人认同",
        "stance_disagree_short": "答卷人不认同",
        "stance_neutral_short": "答卷人态度中立",
        "s_item_note": "{stance}；该项就绪度 {score}",
        "s_status_net": "{status}（净值 {net}）",
        "s_evidence_about": "{label}：“{item}”（{rating}）",
        "s_barrier_plain": "{factor}得分 {score}，低于中点 {gap}。",
        "s_enabler": "{factor}（{score}）主要得益于答卷人对“{item}”的{stance}（该项就绪度 {item_score}）。",
        "s_enabler_plain": "{factor}得分 {score}，高于中点 {gap}。",
        "s_no_barriers": "没有得分低于中点 50 分的因素。",
        "s_no_enablers": "没有得分高于中点 50 分的因素。",
        "s_actions_intro": "以下为得分最低因素的行动建议，按紧迫程度排序。优先级 = 与中点的差距（50 减去得分）× 因素权重。",
        "s_actions_intro_none": "目前没有障碍因素，以下为得分最低因素的行动建议。优先级 = 与满分的差距（100 减去得分）× 因素权重。",
        "s_no_actions": "尚无计分的因素，因此暂无行动建议。",
        "s_priority": "{gap} × {weight}",
        "s_more_actions": "其余 {n} 项行动建议，按优先级排列：",
        "s_no_partners": "没有答卷人填写合作部门。",
        "s_no_asymmetric": "凡合作部门也评价了与本部门关系的，双方对关系的看法一致。",
        "s_no_mutual": "这里没有相互评价的部门：本部门的合作部门均未描述与本部门的关系，因此无从比较双方的看法。",
        "s_asymmetric": "{agency}认为与{partner}的关系为“{our_status}”（净值 {our_net}）；{partner}则认为是“{their_status}”（净值 {their_net}）。",
        "s_no_disagreement": "答卷人在各因素上的得分差异均未达到 {threshold}。",
        "s_no_dk": "没有因素出现“不知道”的作答。",
        "s_no_low_confidence": "没有把握程度为“低”的作答。",
        "s_disagreement_intro": "得分最低与最高的答卷人相差 {threshold}或以上的因素。在依据这些因素的得分采取行动之前，宜先沟通研讨。",
        "s_dk_intro": "各因素作答中“不知道”所占比例，即本部门需要补充了解的信息。",
        "s_low_conf_intro": "至少有一名答卷人以低把握程度作答的题目。",
        "s_eif_intro": "问卷将每个因素映射到欧洲互操作性框架的若干层次；各层次得分为其所含因素得分的平均值。",
        "s_no_eif": "本问卷未将因素映射到欧洲互操作性框架。",
        "s_no_relationship": "本问卷不含部门间关系的决定因素。",
        "s_pushpull_total": "拉力 {pull}，推力 {push}，净值 {net}：{status}。",
        "s_pushpull_note": "条形表示各决定因素的平均得分。拉力、推力和净值先按每名答卷人分别计算，再取平均，因此拉力（{pull}）和推力（{push}）并非各条形之和。",
        "s_levels_note": "每一层级的得分都是各答卷人在该层级自身得分的平均值：总体得分（{overall}）并非由图中各维度得分算出，维度得分也并非由其因素得分算出，因此两者不一定吻合。",
        "s_evidence_by": "{who}",
        "s_evidence_conf": "{who}，把握程度{confidence}",
        "s_lc_count": "{total} 份中 {n} 份",
        "s_systemic_intro": "在至少一半作答部门中构成障碍（低于 50 分）的因素。",
        "s_no_systemic": "没有在一半或以上部门中构成障碍的因素。",
        "s_no_edges": "没有答卷人填写合作部门，因此无法绘制关系网络。",
        "s_agencies_intro": "共 {agencies} 个部门、{respondents} 名答卷人参评。",
        "s_agencies_intro_multi": "共 {agencies} 个部门、{questionnaires} 份问卷、{respondents} 份答卷。",
        "s_agencies_count": "{total} 个中 {n} 个",
        "s_change_intro": "两轮均参评的各部门：两轮的总体就绪度，以及跨越 50 分中点的因素。",
        "s_heatmap_intro": "每个单元格为某部门某因素的就绪度得分，颜色由橙色（0 分，障碍）经灰色（50 分）过渡到蓝色（100 分，促进）。▼ 表示障碍因素。",
        "s_appendix_intro": "以下文件无效，未纳入本报告。请修正后重新生成报告。",
        "s_appendix_more": "……另有 {n} 个问题未列出。",
        "s_bands_row": "{label}：{min} 分至 {max} 分（不含 {max} 分）",
        "s_bands_last": "{label}：{min} 分至 {max} 分",
        "m_scale": "答卷人对每道题目按 1（非常不同意）至 5（非常同意）评分，也可以回答“不知道”或“不适用”，并可注明把握程度（高、中、低）和佐证说明。",
        "m_rule_item": "每道题目换算为 0 至 100 分的就绪度。对促进性表述越同意，就绪度越高（1 = 0 分，5 = 100 分）；对阻碍性表述越同意，就绪度越低（1 = 100 分，5 = 0 分）。",
        "m_rule_factor": "对每名答卷人，因素得分为其已作答题目的加权平均；维度得分为其因素得分的加权平均；总体得分为各维度得分的加权平均。“不知道”、未作答和“不适用”的题目不计入得分。",
        "m_rule_range": "区间表示若将所有“不知道”或未作答的题目分别按最差（下限）和最好（上限）作答时的得分。作答覆盖率为适用题目中已作答题目所占的比例。",
        "m_rule_barrier": "低于 50 分的因素为障碍因素，高于 50 分的为促进因素；两者均按与 50 分的距离乘以因素权重排序。",
        "m_rule_relationship": "关系的拉力为各决定因素高出 50 分部分的加权和，推力为低于 50 分部分的加权和；净值为两者之差除以总权重。净值高于 {threshold} 为共生，低于 −{threshold} 为紧张，其余为均衡。",
        "m_rule_agency": "部门的各项数值均为其答卷人在同一层级自身数值的简单平均：总体得分为各答卷人总体得分的平均，各维度和各因素得分为各答卷人相应得分的平均，拉力、推力和净值为各答卷人拉力、推力和净值的平均。因此，有多名答卷人时，总体得分不等于图中各维度得分的平均，维度得分不等于其因素得分的平均，拉力和推力也不等于各决定因素条形之和。跨度为得分最低与最高的答卷人。",
        "m_research": "本报告的因素和行动建议来自两项关于中国政府部门间数据共享的研究；报告中的每项研究发现均注明其来源和章节。",
    },
}

def _words(terms: Iterable[Term], lang: str) -> dict[str, str]:
    return {term.id: term.label(lang) for term in terms}


def _title(word: str) -> str:
    """A label as the first word of a table cell or heading: ``Balanced`` (Chinese has no capitals)."""
    return word[:1].upper() + word[1:]


def _labels(lang: str) -> dict[str, dict[str, str]]:
    statuses = _words(STATUS_TERMS.values(), lang)
    return {
        "role": _words([*ROLE_TERMS.values(), ROLE_UNSPECIFIED], lang),
        # "The relationship ... is in balance": the one phrasing of the reports' own
        "status": statuses | ({"balanced": "balance"} if lang == "en" else {}),
        "status_title": {k: _title(v) for k, v in statuses.items()},
        "tie": _words(TIE_TERMS.values(), lang),
        "eif": _words(EIF_TERMS.values(), lang),
        "confidence": _words(CONFIDENCE_TERMS.values(), lang),
        "trend": _words(TREND_TERMS.values(), lang),
    }


#: Labels of the fixed vocabularies of the model (roles, statuses, ties, layers, confidence, trends): the words
#: of ``core.vocab``, with a capital for ``status_title`` and "balance" in "is in balance".
LABELS: Mapping[str, Mapping[str, Mapping[str, str]]] = {lang: _labels(lang) for lang in ("en", "zh")}


class Numbers:
    """Number formats of one language: scores with one decimal, shares as whole percentages (rounded and written
    by :mod:`ids_assess.render.numbers`; this class adds the language's words and punctuation)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.missing = STRINGS[lang]["no_value"]

    def score(self, value: float | None) -> str:
        """A 0-100 score: ``52.3``."""
        return self.missing if value is None else numbers.fixed(value, 1)

    def points(self, value: float | None) -> str:
        """A distance in score points: ``17.5 points`` in English, ``17.5 分`` in Chinese."""
        if value is None:
            return self.missing
        return f"{numbers.fixed(value, 1)} {'分' if self.lang == 'zh' else 'points'}"

    def signed(self, value: float | None) -> str:
        """A change or a net: ``+5.2``, ``−3.0`` (a true minus sign), ``0.0``."""
        return self.missing if value is None else numbers.signed(value)

    def percent(self, share: float | None) -> str:
        """A share 0-1 as a whole percentage, rounded half up like every number: ``97%``, 0.125 -> ``13%``."""
        return self.missing if share is None else numbers.percent(share)

    def plain(self, value: float) -> str:
        """A threshold or a bound as written in a sentence: ``40``, ``52.3`` (one decimal at most, half up)."""
        return numbers.plain(value)

    def range(self, low: float | None, high: float | None) -> str:
        """A range of scores: ``48.0–55.1`` in English, ``48.0～55.1`` in Chinese."""
        if low is None or high is None:
            return self.missing
        sep = "\uff5e" if self.lang == "zh" else "\u2013"
        return f"{self.score(low)}{sep}{self.score(high)}"

    def count(self, n: int) -> str:
        return numbers.count(n)

    def weight(self, value: float) -> str:
        """A weight: ``1``, ``1.5``, ``0.33`` (two decimals at most, half up); a tiny one keeps two significant
        digits (``0.001``), so that no weight shows as 0."""
        return numbers.weight(value)

    def series(self, parts: list[str]) -> str:
        """``a, b and c`` in English, ``a、b 和 c`` in Chinese."""
        if not parts:
            return ""
        if len(parts) == 1:
            return parts[0]
        if self.lang == "zh":
            return "、".join(parts[:-1]) + "和" + parts[-1]
        return ", ".join(parts[:-1]) + " and " + parts[-1]

    def join(self, parts: list[str]) -> str:
        """A plain enumeration: ``a, b, c`` / ``a、b、c``."""
        return ("、" if self.lang == "zh" else ", ").join(parts)

    def paren(self, text: str) -> str:
        """``text`` in parentheses after a word: `` (text)`` in English, ``（text）`` (full width, no space) in Chinese."""
        return f"\uff08{text}\uff09" if self.lang == "zh" else f" ({text})"

    @property
    def colon(self) -> str:
        """After a label: ``: `` in English, ``：`` (full width, no space) in Chinese."""
        return "\uff1a" if self.lang == "zh" else ": "

    def labelled(self, label: str, value: str) -> str:
        """``label: value`` / ``label：value``."""
        return f"{label}{self.colon}{value}"

    def clauses(self, parts: list[str]) -> str:
        """Clauses as one sentence: ``a; b.`` / ``a；b。``."""
        if self.lang == "zh":
            return "\uff1b".join(parts) + "\u3002"
        return "; ".join(parts) + "."

