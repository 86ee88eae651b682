"""The survey's words: every UI string in English and Chinese (:data:`MESSAGES`, :func:`msg`), and how a
file's owner is named (:func:`owner`).

Fixed terms (roles, ties, statuses, confidence) are not translated here: they come from
:mod:`ids_assess.core.vocab`, like everywhere else in the tool.
"""

from __future__ import annotations

from typing import Any

from ids_assess.core.vocab import ROLE_TERMS

#: Every UI string: ``key -> (English, Chinese)``, filled in with :meth:`str.format`.
MESSAGES: dict[str, tuple[str, str]] = {
    "needs_tty": (
        "survey needs an interactive terminal, and standard input is not one. To answer in an editor "
        "instead: ids-assess template -q {q} -o answers.yaml, fill it in, then: ids-assess validate answers.yaml",
        "survey 需要在交互式终端中运行，而标准输入不是终端。如需在编辑器中作答：ids-assess template -q {q} "
        "-o answers.yaml，填写后运行：ids-assess validate answers.yaml"),
    "tie_needs_partner": ("--tie needs --partner (the agency the relationship statements are about)",
                          "--tie 需要同时给出 --partner（关系类题目所指的合作部门）"),
    "resume_and_force": ("use either --resume (continue the file) or --force (start it over), not both",
                         "--resume（继续作答）与 --force（重新作答）只能选一个"),
    "empty_agency": ("--agency must not be empty", "--agency 不能为空"),
    "bad_agency_id_opt": ("--agency-id: {value!r} is not valid (letters, digits, '.', '_' or '-', starting "
                          "with a letter or digit)",
                          "--agency-id：{value!r} 无效（可用字母、数字、“.”“_”“-”，并以字母或数字开头）"),
    "not_a_file": ("{path} is a folder; give a file name with -o", "{path} 是文件夹；请用 -o 指定文件名"),
    "no_folder": ("cannot write {path}: folder {folder} does not exist", "无法写入 {path}：文件夹 {folder} 不存在"),
    "is_questionnaire": ("{path} is a questionnaire, not an answer file; it was not changed. Choose another "
                         "file with -o",
                         "{path} 是问卷文件而不是答卷，未作改动。请用 -o 指定其他文件"),
    "other_questionnaire": (
        "{path} holds answers to questionnaire '{found}', not '{want}'; it was not changed. Choose another "
        "file with -o, or continue it with -q {found}",
        "{path} 是问卷“{found}”的答卷，而不是“{want}”的，未作改动。请用 -o 指定其他文件，或用 -q {found} 继续作答"),
    "other_version": (
        "{path} holds answers to version {found} of '{q}', but version {want} is loaded; it was not changed. "
        "Choose another file with -o",
        "{path} 是问卷“{q}”{found} 版的答卷，而当前载入的是 {want} 版，未作改动。请用 -o 指定其他文件"),
    "invalid_file": ("{path} is not a valid answer file (problems above); it was not changed. Fix it "
                     "(ids-assess validate {path}) or choose another file with -o",
                     "{path} 不是有效的答卷（问题见上），未作改动。"
                     "请修正（ids-assess validate {path}）或用 -o 指定其他文件"),
    "complete": ("{path} already holds an answer to every item, from {owner}; it was not changed. Score it: "
                 "ids-assess score {path}",
                 "{path} 中{owner}已答完全部题目，未作改动。计分：ids-assess score {path}"),
    "complete_force": ("; or, to discard its {n} answers and answer it all again: {command}",
                       "；如要清除其中的 {n} 个回答并全部重新作答：{command}"),
    "complete_other": ("; or choose another file with -o", "；或用 -o 指定其他文件"),
    "other_owner": ("{path} holds the answers of {owner}, but you gave {given}; it was not changed. Choose "
                    "another file with -o (without -o the file name has your name or role in it)",
                    "{path} 是{owner}的答卷，而您给出的是 {given}，未作改动。请用 -o 指定其他文件"
                    "（不用 -o 时，文件名中含有您的姓名或角色）"),
    "force_needs_respondent": ("{path} holds the answers of {owner}; it was not changed. --force starts over "
                               "only your own file: say who you are with --respondent NAME",
                               "{path} 是{owner}的答卷，未作改动。--force 只能重做您本人的答卷：请用 "
                               "--respondent 姓名 说明您是谁"),
    "nothing_to_resume": ("--resume: there is no answer file to continue ({path} does not exist)",
                          "--resume：没有可继续的答卷（{path} 不存在）"),
    "nothing_to_resume_here": ("--resume: there is no answer file of {owner} for this agency and questionnaire "
                               "in this folder; name the file with -o",
                               "--resume：当前文件夹中没有{owner}对该机构、该问卷的答卷；请用 -o 指定文件"),
    "resume_which": ("--resume: an anonymous survey without a role does not continue a file by itself; name "
                     "the file with -o FILE --resume",
                     "--resume：匿名且未给出角色时不会自动继续任何答卷；请用 -o 文件 --resume 指定"),
    "owner_named": ("{name}", "{name}"),
    "owner_named_role": ("{name} ({role})", "{name}（{role}）"),
    "owner_anonymous": ("an anonymous respondent", "匿名答卷人"),
    "owner_anonymous_role": ("an anonymous respondent ({role})", "匿名答卷人（{role}）"),
    "ask_agency": ("Agency you answer for (required): ", "您所代表的机构（必填）："),
    "agency_required": ("The agency is required.", "机构名称为必填项。"),
    "ask_agency_id": ("Agency code from your coordinator (Enter to skip): ",
                      "机构代码（可选，由组织方提供；直接回车跳过）："),
    "bad_agency_id": ("Use letters, digits, '.', '_' or '-', starting with a letter or digit.",
                      "请使用字母、数字、“.”“_”或“-”，并以字母或数字开头。"),
    "ask_respondent": ("Your name (Enter to answer anonymously): ", "您的姓名（可选；直接回车即匿名作答）："),
    "ask_role": ("Your role (leader, business, it, legal or other; Enter to skip): ",
                 "您的角色（领导、业务、信息技术、法务或其他；直接回车跳过）："),
    "bad_role": ("Type leader, business, it, legal or other, or press Enter to skip.",
                 "请输入领导、业务、信息技术、法务或其他（也可输入 leader、business、it、legal、other），"
                 "或直接回车跳过。"),
    "ask_partner": ("Partner agency the relationship statements are about (Enter to skip): ",
                    "关系类题目所指的合作部门（可选，直接回车跳过）："),
    "tie_note": ("How your agency and the partner are tied: vertical, the same system at another level of "
                 "government; horizontal, another agency at the same level.",
                 "与合作部门的关系类型：vertical 条，即同一系统的上下级；horizontal 块，即同级政府的不同部门。"),
    "ask_tie": ("Tie (vertical or horizontal; Enter to skip): ",
                "关系类型（vertical 条或 horizontal 块；直接回车跳过）："),
    "bad_tie": ("Type vertical or horizontal (v or h), or press Enter to skip.",
                "请输入 vertical（条）或 horizontal（块），或直接回车跳过。"),
    "control_chars": ("That text holds control characters (arrow keys do not work here); please type it again.",
                      "输入中含有控制字符（此处不能使用方向键），请重新输入。"),
    "anonymous": ("anonymous", "匿名"),
    "header": ("Agency: {agency} · respondent: {respondent}", "机构：{agency} · 答卷人：{respondent}"),
    "intro": ("{n} statements in {s} sections, about {m} minutes.", "共 {s} 个部分、{n} 道题，约需 {m} 分钟。"),
    "intro_rate": ("Rate each statement as it applies to your own agency today.",
                   "请根据本单位目前的实际情况逐题作答。"),
    "saving": ("Every answer is saved at once to {path}. Stop any time with q (or Ctrl-C) and continue later.",
               "每答一题都会立即保存到 {path}。可随时输入 q（或按 Ctrl-C）退出，之后继续作答。"),
    "keys_intro": ("Keys: 1-5 rate · d don't know · n not applicable · ? help · b back · s skip for now · "
                   "q save and quit (or the words help, back, skip, quit); then Enter.",
                   "按键：1-5 评分 · d 不知道 · n 不适用 · ? 帮助 · b 上一题 · s 暂时跳过 · q 保存并退出"
                   "（也可输入“帮助”“返回”“跳过”“退出”）；然后按回车。"),
    "resuming": ("Continuing {path}: {answered} of {total} items answered.",
                 "继续作答 {path}：已答 {answered} 题（共 {total} 题）。"),
    "resume_section": ("{title}: {answered} of {total} answered", "{title}：已答 {answered} 题（共 {total} 题）"),
    "resume_last": ("Last answers:", "最近的回答："),
    "resume_from": ("Continuing at item {i}. Press b to go back and review earlier answers.",
                    "从第 {i} 题继续。输入 b 可返回查看之前的回答。"),
    "resume_skipped": ("{n} item(s) skipped earlier will be offered again at the end.",
                       "此前跳过的 {n} 道题将在最后再次询问。"),
    "resume_only_skipped": ("Every item after the last answer is answered; {n} item(s) skipped earlier are "
                            "still unanswered.",
                            "最后一个回答之后的题目均已作答；此前跳过的 {n} 道题仍未作答。"),
    "kept_from_file": ("Note: {field} is kept from the file ({value}); the option was ignored.",
                       "注意：{field} 沿用文件中的值（{value}），忽略了命令行选项。"),
    "section": ("Section {i} of {n}: {title}", "第 {i} 部分（共 {n} 部分）：{title}"),
    "where": ("Item {i} of {n} · section {si} of {sn}", "第 {i} 题（共 {n} 题）· 第 {si} 部分（共 {sn} 部分）"),
    "keys": ("? help · b back · s skip for now · q save and quit", "? 帮助 · b 上一题 · s 暂时跳过 · q 保存并退出"),
    "skipped_before": ("(skipped earlier)", "（此前跳过）"),
    "prompt": ("Your answer", "您的回答"),
    "hint": ("Type 1-5, d or n and press Enter (? help, b back, s skip, q save and quit).",
             "请输入 1-5、d 或 n 后按回车（? 帮助，b 上一题，s 跳过，q 保存并退出）。"),
    "hint_default": ("Press Enter to keep the answer shown in [ ], or type another one.",
                     "直接回车保留 [ ] 中的回答，或输入新的回答。"),
    "first_item": ("There is no earlier item here.", "前面没有题目了。"),
    "help_title": ("Help", "帮助"),
    "field_required": ("{field} is needed: every statement is about it.", "请填写{field}：各题都针对它作答。"),
    "help_factor": ("About “{title}”: {description}", "关于“{title}”：{description}"),
    "help_source": ("Source: {source}, {section}", "出处：{source}，{section}"),
    "help_polarity_enabler": ("Scoring: this statement describes an enabler (agreeing counts towards readiness). "
                              "Rate how things are today.",
                              "计分：此陈述描述的是促进因素（同意计入就绪度的加分）。请按目前的实际情况作答。"),
    "help_polarity_barrier": ("Scoring: this statement describes a barrier (agreeing counts against readiness). "
                              "Rate how things are today.",
                              "计分：此陈述描述的是障碍因素（同意计入就绪度的减分）。请按目前的实际情况作答。"),
    "help_keys": (
        "1-5 rate the statement · d don't know · n not applicable · Enter keeps the answer shown in [ ] · "
        "b back to the previous item · s skip for now (offered again at the end) · q save and quit (continue "
        "later with --resume). Full-width digits and letters typed with a Chinese input method work too.",
        "1-5 对陈述评分；d 不知道；n 不适用；直接回车保留 [ ] 中的回答；b 返回上一题；"
        "s 暂时跳过（结束前会再次询问）；q 保存并退出（之后用 --resume 继续）。"
        "中文输入法输入的全角数字和字母同样有效。"),
    "confidence": ("Confidence: h high, m medium, l low (Enter to skip)", "把握程度：h 高，m 中，l 低（直接回车跳过）"),
    "bad_confidence": ("Type h, m or l, '-' to clear, or press Enter to skip.",
                       "请输入 h、m 或 l，输入“-”清除，或直接回车跳过。"),
    "evidence": ("Evidence note (optional, one line; Enter to skip)", "依据说明（可选，一行；直接回车跳过）"),
    "keep_or_clear": ("Enter keeps it, '-' clears it", "直接回车保留，输入“-”清除"),
    "too_long": ("That note is longer than {n} characters; please shorten it.", "说明超过 {n} 个字符，请精简。"),
    "offer_skipped": ("{n} item(s) still unanswered. Answer them now? [Y/n] ",
                      "还有 {n} 道题未作答。现在作答吗？[是/否，直接回车为是] "),
    "yes_no": ("Type y or n.", "请输入 y（是）或 n（否）。"),
    "done": ("Done.", "完成。"),
    "summary": ("Answered {answered} · don't know {dk} · not applicable {na} · skipped {skipped} (of {total} items)",
                "已评分 {answered} · 不知道 {dk} · 不适用 {na} · 跳过 {skipped}（共 {total} 题）"),
    "overall": ("Overall", "总体"),
    "col_part": ("", ""),
    "col_score": ("score", "得分"),
    "col_range": ("range", "区间"),
    "col_coverage": ("coverage", "覆盖率"),
    "col_band": ("band", "等级"),
    "relationship": ("Relationship with the partner agency: {status}", "与合作部门的关系：{status}"),
    "barrier": ("Strongest barrier: {title}", "最突出障碍：{title}"),
    "saved_in": ("Your answers are saved in {path}", "您的答卷已保存在 {path}"),
    "next": ("Next:", "下一步："),
    "quit": ("Saved {answered} of {total} answers in {path}.", "已保存 {answered} 题（共 {total} 题）到 {path}。"),
    "continue_with": ("To continue: {command}", "继续作答：{command}"),
    "interrupted": ("Interrupted ({why}). Saved {answered} of {total} answers in {path}.",
                    "已中断（{why}）。已保存 {answered} 题（共 {total} 题）到 {path}。"),
    "interrupted_early": ("Interrupted ({why}) before the answer file was started; nothing was written.",
                          "已中断（{why}），答卷尚未创建，未写入任何文件。"),
    "end_of_input": ("end of input", "输入结束"),
    "signal": ("signal {name}", "信号 {name}"),
    "locked": ("{path} is being answered in another survey (process {pid} on {host}); it was not changed. "
               "Finish or quit that survey first; if no survey is running there, delete {lock}",
               "{path} 正在另一个问卷进程中作答（{host} 上的进程 {pid}），未作改动。请先完成或退出该问卷；"
               "如确认没有问卷在运行，请删除 {lock}"),
    "lock_taken_over": ("note: took over the lock of {path} left by process {pid} on {host}, which has ended",
                        "提示：进程 {pid}（{host}）已结束，已接管其留下的 {path} 文件锁"),
}


def msg(lang: str, key: str, **values: Any) -> str:
    """The UI string ``key`` in ``lang`` (``en`` or ``zh``), with ``values`` filled in."""
    en, zh = MESSAGES[key]
    return (zh if lang == "zh" else en).format(**values)


def role_word(role: str, lang: str) -> str:
    """A role as the respondent types it: the id in English (``business``, as ``--role`` takes it), the
    short Chinese spelling (业务) in Chinese; an unknown role as it is."""
    term = ROLE_TERMS.get(role)
    if term is None:
        return role
    if lang != "zh":
        return term.id
    return next((word for word in term.accepted if not word.isascii()), term.zh)


def owner(lang: str, respondent: str | None, role: str | None) -> str:
    """Whose answers a file holds: ``Wang Fang (business)``, ``an anonymous respondent``."""
    word = role_word(role, lang) if role else None
    if respondent:
        return msg(lang, "owner_named_role" if word else "owner_named", name=respondent, role=word)
    return msg(lang, "owner_anonymous_role" if word else "owner_anonymous", role=word)
