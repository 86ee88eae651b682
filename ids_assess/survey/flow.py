"""``ids-assess survey``: answer a questionnaire in the terminal, one statement at a time.

The only module besides the command line that talks to the terminal. It is split in two:

* pure parts, unit-tested without a terminal: key parsing (:func:`parse_key`, full-width input included),
  neutralising user text (:func:`clean`), the navigation state (:class:`Navigator`), the answers and the
  answer-file document (:class:`Session`), the default file name and the screens as rich renderables;
* terminal I/O: :class:`Terminal` (print, read a line), :class:`SignalGuard` (Ctrl-C, SIGTERM and SIGHUP
  become :class:`Interrupted`, never in the middle of a save) and :func:`run`, the loop.

Never losing an answer: the file is written (atomically, by :func:`ids_assess.io.output.write_atomic`) when the
survey starts and again after every answer, always as a valid answer file with unanswered items absent.
"""

from __future__ import annotations

import datetime
import re
import shlex
import signal
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import IO, Any

from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text as RichText

from ids_assess.core.errors import EXIT_INTERRUPTED, InvalidInput, Problem, UsageError
from ids_assess.core.model import CONFIDENCE, Answer, AnswerSet, Item, Questionnaire, Rating, Section
from ids_assess.core.safetext import clean, first_control
from ids_assess.io import yamlio
from ids_assess.io.answers import from_document as answers_from_document
from ids_assess.io.answers import to_document
from ids_assess.io.lockfile import AnswerLock
from ids_assess.io.output import write_atomic
from ids_assess.io.questionnaires import Registry, is_questionnaire

#: Set to ``1`` to run the survey when standard input is not a terminal (a testing aid: scripted input).
FORCE_TTY_ENV = "IDS_ASSESS_SURVEY_FORCE_TTY"
DEFAULT_QUESTIONNAIRE = "ids-core"
MAX_EVIDENCE = 4000  # the answer schema's maxLength for evidence
_AGENCY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")

# --- UI strings ------------------------------------------------------------------------------------

_MESSAGES: dict[str, tuple[str, str]] = {
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
    "intro": ("{n} statements in {s} sections.", "共 {s} 个部分、{n} 道题。"),
    "intro_rate": ("Rate each statement as it applies to your own agency today.",
                   "请根据本单位目前的实际情况逐题作答。"),
    "saving": ("Every answer is saved at once to {path}. Stop any time with q (or Ctrl-C) and continue later.",
               "每答一题都会立即保存到 {path}。可随时输入 q（或按 Ctrl-C）退出，之后继续作答。"),
    "keys_intro": ("Keys: 1-5 rate · d don't know · n not applicable · ? help · b back · s skip for now · "
                   "q save and quit; then Enter.",
                   "按键：1-5 评分 · d 不知道 · n 不适用 · ? 帮助 · b 上一题 · s 暂时跳过 · q 保存并退出；"
                   "然后按回车。"),
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
                      "还有 {n} 道题未作答。现在作答吗？[Y/n] "),
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
_STATUS = {"symbiosis": ("symbiosis", "共生"), "balanced": ("balanced", "平衡"), "tension": ("tension", "紧张")}
_ROLE_WORDS = {"leader": ("leader", "领导"), "business": ("business", "业务"), "it": ("it", "信息技术"),
               "legal": ("legal", "法务"), "other": ("other", "其他")}
_TIE_WORDS = {"vertical": ("vertical", "v", "条", "纵向"), "horizontal": ("horizontal", "h", "块", "横向")}
_CONFIDENCE_WORDS = {"high": ("h", "high", "高"), "medium": ("m", "medium", "中"), "low": ("l", "low", "低")}
_CONFIDENCE_LABELS = {"high": ("high", "高"), "medium": ("medium", "中"), "low": ("low", "低")}


def msg(lang: str, key: str, **values: Any) -> str:
    """The UI string ``key`` in ``lang`` (``en`` or ``zh``), with ``values`` filled in."""
    en, zh = _MESSAGES[key]
    return (zh if lang == "zh" else en).format(**values)


# --- pure parts: input ------------------------------------------------------------------------------

def normalize(text: str) -> str:
    """What a key press means, whatever produced it: NFKC (full-width ``１`` and ``ｄ`` become ``1``
    and ``d``, the ideographic space a space), trimmed, lower case."""
    return unicodedata.normalize("NFKC", text).strip().lower()


@dataclass(frozen=True)
class Key:
    """A parsed answer line: ``action`` is rate, keep, help, back, skip, quit or unknown."""

    action: str
    rating: Rating | None = None


_KEYS: dict[str, Key] = {
    **{str(r): Key("rate", r) for r in range(1, 6)},
    "d": Key("rate", "dk"), "dk": Key("rate", "dk"),
    "n": Key("rate", "na"), "na": Key("rate", "na"),
    "?": Key("help"), "b": Key("back"), "s": Key("skip"), "q": Key("quit"), "": Key("keep"),
}


def parse_key(line: str) -> Key:
    """Parse what was typed at an item: ``1``-``5`` (full-width too), ``d``, ``n``, ``?``, ``b``, ``s``,
    ``q``, or nothing (keep the answer shown); anything else is ``unknown``."""
    return _KEYS.get(normalize(line), Key("unknown"))


def _lookup(words: Mapping[str, Sequence[str]], line: str) -> str | None:
    typed = normalize(line)
    for value, spellings in words.items():
        if typed in spellings:
            return value
    return None


def parse_confidence(line: str) -> str | None:
    """``high``, ``medium`` or ``low`` from ``h``/``m``/``l``, the words, or 高/中/低; else ``None``."""
    return _lookup(_CONFIDENCE_WORDS, line)


def parse_role(line: str) -> str | None:
    """A role (``leader`` ... ``other``) from its English or Chinese name; else ``None``."""
    return _lookup(_ROLE_WORDS, line)


def parse_tie(line: str) -> str | None:
    """``vertical`` or ``horizontal`` from the word, ``v``/``h``, 条/块 or 纵向/横向; else ``None``."""
    return _lookup(_TIE_WORDS, line)


def parse_yes_no(line: str) -> bool | None:
    """``True`` for Enter, y, yes, 是; ``False`` for n, no, 否; ``None`` for anything else."""
    typed = normalize(line)
    if typed in ("", "y", "yes", "是", "好"):
        return True
    if typed in ("n", "no", "否", "不"):
        return False
    return None


# --- pure parts: user text --------------------------------------------------------------------------

# C0 controls but newline, DEL, C1 controls, and the bidirectional overrides that can reorder what is shown.
def has_control(text: str) -> bool:
    """Whether a typed line holds control characters (an arrow key gives ``ESC [ D``)."""
    return first_control(text) is not None


def rich_text(text: str, style: str = "") -> RichText:
    """User or questionnaire text as a rich ``Text``: never read as markup, controls neutralised."""
    return RichText(clean(text), style=style)


# --- pure parts: answers, navigation, file ----------------------------------------------------------

@dataclass(frozen=True)
class Header:
    """The answer file's header fields."""

    agency: str
    agency_id: str | None = None
    respondent: str | None = None
    role: str | None = None
    date: str | None = None
    partner: str | None = None
    tie: str | None = None


@dataclass(frozen=True)
class Counts:
    """How far a session is: ratings 1-5, don't know, not applicable, and unanswered (skipped)."""

    answered: int
    dk: int
    na: int
    skipped: int
    total: int

    @property
    def given(self) -> int:
        """Items with any answer (a rating, dk or na)."""
        return self.answered + self.dk + self.na


class Session:
    """One respondent's answers to one questionnaire, and the answer file they are kept in."""

    def __init__(self, questionnaire: Questionnaire, header: Header, path: Path,
                 answers: Mapping[str, Answer] | None = None) -> None:
        self.questionnaire = questionnaire
        self.header = header
        self.path = path
        self.order: tuple[Item, ...] = tuple(
            item for section in questionnaire.sections for factor in section.factors for item in factor.items)
        self.position = {item.id: i for i, item in enumerate(self.order)}
        self.answers: dict[str, Answer] = dict(answers or {})
        self.changed = False  # answers given since the last save

    def is_answered(self, pos: int) -> bool:
        return self.order[pos].id in self.answers

    def answer(self, pos: int) -> Answer | None:
        return self.answers.get(self.order[pos].id)

    def set_rating(self, pos: int, rating: Rating) -> Answer:
        """Record a rating; a confidence or evidence note given before is kept."""
        item_id = self.order[pos].id
        old = self.answers.get(item_id)
        new = Answer(rating) if old is None else replace(old, rating=rating)
        self.answers[item_id] = new
        self.changed = True
        return new

    def set_answer(self, pos: int, answer: Answer) -> None:
        self.answers[self.order[pos].id] = answer
        self.changed = True

    def first_unanswered(self) -> int:
        """Where to resume: the first unanswered item (``len(order)`` when all are answered)."""
        return next((i for i in range(len(self.order)) if not self.is_answered(i)), len(self.order))

    def resume_position(self) -> int:
        """Where a continued survey goes on: the item after the last answered one, in questionnaire (and
        file) order, which is where the respondent stopped; items left unanswered before it were skipped
        and are offered again at the end. ``0`` with no answers, ``len(order)`` when the last item is answered."""
        return max((i for i in range(len(self.order)) if self.is_answered(i)), default=-1) + 1

    def unanswered(self) -> list[int]:
        return [i for i in range(len(self.order)) if not self.is_answered(i)]

    @property
    def complete(self) -> bool:
        return all(item.id in self.answers for item in self.order)

    def counts(self) -> Counts:
        ratings = [self.answers[item.id].rating for item in self.order if item.id in self.answers]
        dk = ratings.count("dk")
        na = ratings.count("na")
        return Counts(len(ratings) - dk - na, dk, na, len(self.order) - len(ratings), len(self.order))

    def answer_set(self) -> AnswerSet:
        """The answers as the model's :class:`AnswerSet`, in questionnaire order."""
        h = self.header
        ordered = {item.id: self.answers[item.id] for item in self.order if item.id in self.answers}
        return AnswerSet(source=str(self.path), questionnaire=self.questionnaire.id, agency=h.agency,
                         answers=ordered, agency_id=h.agency_id, respondent=h.respondent, role=h.role,
                         date=h.date, partner=h.partner, tie=h.tie)

    def document(self) -> dict[str, Any]:
        """The answer file as plain data (what ``ids-assess validate`` checks)."""
        return to_document(self.answer_set(), self.questionnaire.version)

    def text(self) -> str:
        """The answer file's text: two comment lines, then the document."""
        q = self.questionnaire
        return (f"# ids-assess survey: answers to {q.id} {q.version}, saved after every answer.\n"
                "# Unanswered items are absent. Continue with: ids-assess survey -o <this file> --resume\n"
                + yamlio.dump(self.document()))

    def save(self) -> None:
        """Write the answer file atomically (temporary file, flush, fsync, rename)."""
        write_atomic(self.path, self.text())
        self.changed = False


@dataclass
class Navigator:
    """Walks a sequence of item positions.

    Forward from the furthest point reached goes to the next *unanswered* item (so a resumed session
    does not walk through what was answered); after going back, forward goes one item at a time, showing
    each answer as the default, until the furthest point is reached again.
    """

    seq: Sequence[int]
    answered: Callable[[int], bool]
    start: int = 0  # the index in ``seq`` to start from (the first unanswered item from there on)
    index: int = 0
    furthest: int = 0

    def __post_init__(self) -> None:
        self.index = self.furthest = self._next_open(self.start)

    def _next_open(self, start: int) -> int:
        j = start
        while j < len(self.seq) and self.answered(self.seq[j]):
            j += 1
        return j

    @property
    def done(self) -> bool:
        return self.index >= len(self.seq)

    @property
    def current(self) -> int:
        """The position (in questionnaire order) of the item to show."""
        return self.seq[self.index]

    def forward(self) -> None:
        if self.index < self.furthest:
            self.index += 1
        else:
            self.index = self.furthest = self._next_open(self.index + 1)

    def back(self) -> bool:
        """Go to the previous item of the sequence; ``False`` at the first one."""
        if self.index == 0:
            return False
        self.index -= 1
        return True


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe form of ``text``: letters and digits of any script, runs of others as ``-``."""
    kept = "".join(ch if ch.isalnum() else "-" for ch in unicodedata.normalize("NFKC", text).lower())
    return re.sub(r"-{2,}", "-", kept).strip("-")[:limit].strip("-") or "answers"


def file_stem(agency: str, questionnaire_id: str, who: str | None = None) -> str:
    """The start of a default answer file name: the agency, then ``who`` (the respondent, else the role)
    when given, then the questionnaire id unless it is ids-core: ``ministry-of-health-wang-fang``,
    ``ministry-of-health-it-territoriality``, ``ministry-of-health`` (anonymous, no role)."""
    base = slug(agency)
    if who:
        base += "-" + slug(who, 40)
    return base if questionnaire_id == DEFAULT_QUESTIONNAIRE else f"{base}-{questionnaire_id}"


def default_output(folder: Path, stem: str, today: datetime.date, n: int = 1) -> Path:
    """``<stem>-<date>.yaml`` in ``folder``; ``<stem>-<date>-<n>.yaml`` for ``n`` above 1."""
    return folder / f"{stem}-{today.isoformat()}{'' if n <= 1 else f'-{n}'}.yaml"


def unique_output(folder: Path, stem: str, today: datetime.date) -> Path:
    """The first of ``<stem>-<date>.yaml``, ``<stem>-<date>-2.yaml``, ... that does not exist yet."""
    n = 1
    while True:
        path = default_output(folder, stem, today, n)
        if not (path.exists() or path.is_symlink()):
            return path
        n += 1


_DATED = r"-(\d{4}-\d{2}-\d{2})(?:-([1-9]\d*))?\.yaml\Z"


def earlier_outputs(folder: Path, stem: str) -> list[Path]:
    """Files named as :func:`default_output` names them for ``stem`` in ``folder``, oldest first (by the
    date in the name, then its number)."""
    pattern = re.compile(re.escape(stem) + _DATED)
    found: list[tuple[str, int, Path]] = []
    try:
        for p in folder.iterdir():
            m = pattern.match(p.name)
            if m:
                found.append((m.group(1), int(m.group(2) or 1), folder / p.name))
    except OSError:
        return []
    return [path for _, _, path in sorted(found)]


def _named_for(path: Path, stem: str, today: datetime.date) -> bool:
    """Whether ``path`` is one of the default names for ``stem`` on ``today``."""
    m = re.compile(re.escape(stem) + _DATED).match(path.name)
    return m is not None and m.group(1) == today.isoformat()


def _norm(text: str | None) -> str | None:
    """A name as compared: spaces collapsed, case folded; empty is ``None``."""
    return " ".join((text or "").split()).casefold() or None


def owner(lang: str, respondent: str | None, role: str | None) -> str:
    """Whose answers a file holds: ``Wang Fang (business)``, ``an anonymous respondent``."""
    role_word = _ROLE_WORDS.get(role or "", (role, role))[lang == "zh"] if role else None
    if respondent:
        return msg(lang, "owner_named_role" if role_word else "owner_named", name=respondent, role=role_word)
    return msg(lang, "owner_anonymous_role" if role_word else "owner_anonymous", role=role_word)


class InvalidAnswerFile(InvalidInput):
    """The file to continue is not a valid answer file: its problems, and a note that it was left alone."""

    def __init__(self, problems: Sequence[Problem], note: str) -> None:
        super().__init__(list(problems))
        self.note = note


def open_existing(path: Path, questionnaire: Questionnaire, registry: Registry, lang: str) -> AnswerSet | None:
    """The answers already in ``path`` (``None`` when there is no such file).

    Raises :class:`UsageError` for a file of another questionnaire or version, and :class:`InvalidInput`
    (every problem, with its place) for a file that is not a valid answer file. Never writes.
    """
    if path.is_dir():
        raise UsageError(msg(lang, "not_a_file", path=path))
    if not path.exists():
        return None
    try:
        doc = yamlio.load(path)
    except InvalidInput as exc:
        raise InvalidAnswerFile(exc.problems, msg(lang, "invalid_file", path=path)) from None
    data = doc.data
    if is_questionnaire(data):
        raise UsageError(msg(lang, "is_questionnaire", path=path))
    if isinstance(data, dict):
        found = data.get("questionnaire")
        if isinstance(found, str) and found != questionnaire.id:
            raise UsageError(msg(lang, "other_questionnaire", path=path, found=found, want=questionnaire.id))
        version = data.get("version")
        if isinstance(version, (str, int, float)) and str(version) != questionnaire.version:
            raise UsageError(msg(lang, "other_version", path=path, found=version, q=questionnaire.id,
                                 want=questionnaire.version))
    try:
        return answers_from_document(doc, registry)
    except InvalidInput as exc:
        raise InvalidAnswerFile(exc.problems, msg(lang, "invalid_file", path=path)) from None


def questionnaire_in(path: Path | None) -> str | None:
    """The questionnaire id an existing answer file names (``None`` when it names none or cannot be read:
    :func:`open_existing` reports why later)."""
    if path is None or not path.is_file():
        return None
    try:
        data = yamlio.load(path).data
    except InvalidInput:
        return None
    found = data.get("questionnaire") if isinstance(data, dict) else None
    return found if isinstance(found, str) and found else None


def resume_command(options: Options, path: Path) -> str:
    """The command that continues this survey."""
    return _survey_command(options, path, [*(["--evidence"] if options.evidence else []), "--resume"])


def force_command(options: Options, path: Path, respondent: str | None) -> str:
    """The command that answers the complete file ``path`` (of ``respondent``) all again."""
    return _survey_command(options, path, [*(["--respondent", respondent] if respondent else []), "--force"])


def _survey_command(options: Options, path: Path, extra: list[str]) -> str:
    words = ["ids-assess", "survey"]
    if options.questionnaire and options.questionnaire != DEFAULT_QUESTIONNAIRE:
        words += ["-q", options.questionnaire]
    for folder in options.questionnaire_dirs:
        words += ["--questionnaires", str(folder)]
    words += ["-o", str(path)]
    if options.lang != "en":
        words += ["--lang", options.lang]
    words += extra
    return " ".join(quote(word) for word in words)


_SHELL_SAFE = re.compile(r"[\w@%+=:,./-]+\Z")


def quote(word: str) -> str:
    """Quote ``word`` for a POSIX shell when it needs it (letters of any script do not)."""
    return word if _SHELL_SAFE.match(word) else shlex.quote(word)


def next_commands(path: Path, options: Options, questionnaire: Questionnaire) -> list[str]:
    """What to do with a finished answer file (pointing to the questionnaire when it is not bundled)."""
    f = quote(str(path))
    folders = [str(d) for d in options.questionnaire_dirs]
    if not folders and not questionnaire.origin.startswith("<bundled>/"):
        folders = [str(Path(questionnaire.origin).parent)]
    extra = "".join(f" --questionnaires {quote(folder)}" for folder in folders)
    lang = " --lang zh" if options.lang == "zh" else ""
    return [f"ids-assess validate {f}{extra}", f"ids-assess score {f}{lang}{extra}",
            f"ids-assess report {f} -o report.html --format html{lang}{extra}"]


# --- pure parts: screens ----------------------------------------------------------------------------

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


def _section_of(questionnaire: Questionnaire, item: Item) -> tuple[int, Section]:
    for i, section in enumerate(questionnaire.sections):
        if any(f.id == item.factor_id for f in section.factors):
            return i, section
    raise LookupError(item.id)  # pragma: no cover - the loader ties every item to a section


def section_view(session: Session, pos: int, lang: str) -> RenderableType:
    """The banner shown when an item of a new section comes up."""
    q = session.questionnaire
    index, section = _section_of(q, session.order[pos])
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
    index, section = _section_of(q, item)
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


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


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
        table.add_row(rich_text(label, "bold" if bold else ""), _num(s.score), f"{_num(s.low)}–{_num(s.high)}",
                      "–" if s.coverage is None else f"{s.coverage:.0%}",
                      rich_text(band.label.get(lang) if band else "–"))

    for section in q.sections:
        row(section.title.get(lang), result.sections[section.id])
    row(msg(lang, "overall"), result.overall, bold=True)
    parts: list[RenderableType] = [table]
    status = result.relationship.status
    if status:
        parts.append(rich_text(msg(lang, "relationship", status=_STATUS[status][lang == "zh"])))
    if result.barriers:
        parts.append(rich_text(msg(lang, "barrier", title=q.factors[result.barriers[0]].title.get(lang))))
    return Group(*parts)


# --- terminal I/O -----------------------------------------------------------------------------------

class EndOfInput(Exception):
    """Standard input ended (Ctrl-D, a closed pipe in tests)."""


class Interrupted(Exception):
    """Ctrl-C, SIGTERM or SIGHUP: save and leave with ``128 + signal`` (130 for Ctrl-C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _signals() -> list[signal.Signals]:
    return [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]


class SignalGuard:
    """Turns Ctrl-C, SIGTERM and SIGHUP into :class:`Interrupted`, but never inside :meth:`critical`
    (a save): a signal arriving there is raised when the save is over."""

    def __init__(self) -> None:
        self.depth = 0
        self.pending: int | None = None
        self._old: dict[int, Any] = {}

    def __enter__(self) -> SignalGuard:
        for sig in _signals():
            try:
                self._old[sig] = signal.signal(sig, self._handle)
            except (ValueError, OSError):  # not the main thread: leave the signals alone
                pass
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            try:
                signal.signal(sig, old)
            except (ValueError, OSError):  # pragma: no cover
                pass
        self._old.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.depth:
            self.pending = signum
            return
        raise Interrupted(signum)

    @contextmanager
    def critical(self) -> Iterator[None]:
        """A block no signal interrupts (it is raised after the block)."""
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
        if self.depth == 0 and self.pending is not None:
            pending, self.pending = self.pending, None
            raise Interrupted(pending)

    def ignore(self) -> None:
        """From now on ignore the signals (while leaving: saving and saying goodbye)."""
        for sig in self._old:
            try:
                signal.signal(sig, signal.SIG_IGN)
            except (ValueError, OSError):  # pragma: no cover
                pass


class Terminal:
    """Printing (rich, never reading markup) and reading lines. ``echo`` repeats what was read, for
    scripted input (which a terminal would have echoed)."""

    def __init__(self, stdin: IO[str], stdout: IO[str], echo: bool = False) -> None:
        self.stdin = stdin
        self.console = Console(file=stdout, markup=False, highlight=False, emoji=False, soft_wrap=False)
        self.echo = echo
        reconfigure = getattr(stdin, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")  # a stray byte must not end the survey
            except (ValueError, OSError):  # pragma: no cover
                pass

    def say(self, *renderables: RenderableType) -> None:
        for renderable in renderables:
            self.console.print(renderable)

    def ask(self, prompt: RichText | str) -> str:
        """Show ``prompt`` and read one line (without its end); :class:`EndOfInput` at the end of input."""
        self.console.print(prompt if isinstance(prompt, RichText) else rich_text(prompt), end="", soft_wrap=True)
        self.console.file.flush()
        line = self.stdin.readline()
        if not line:
            self.console.print()
            raise EndOfInput
        line = line.rstrip("\r\n")
        if self.echo:
            self.console.print(rich_text(line))
        return line


def require_terminal(stdin: IO[str], environ: Mapping[str, str], questionnaire: str, lang: str,
                     questionnaire_dirs: Sequence[Path] = ()) -> None:
    """Refuse to run (exit 2) when standard input is not a terminal, unless :data:`FORCE_TTY_ENV` is 1;
    the message points to ``ids-assess template`` for ``questionnaire`` (which must exist)."""
    if environ.get(FORCE_TTY_ENV) == "1":
        return
    try:
        tty = stdin.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        q = " ".join([quote(questionnaire), *(f"--questionnaires {quote(str(d))}" for d in questionnaire_dirs)])
        raise UsageError(msg(lang, "needs_tty", q=q))


@dataclass(frozen=True)
class Options:
    """What the command line asked for."""

    questionnaire: str | None = None  # None: the one of the file being continued, else ids-core
    output: Path | None = None
    agency: str | None = None
    agency_id: str | None = None
    respondent: str | None = None
    role: str | None = None
    partner: str | None = None
    tie: str | None = None
    lang: str = "en"
    evidence: bool = False
    resume: bool = False
    force: bool = False
    questionnaire_dirs: tuple[Path, ...] = ()
    today: datetime.date | None = field(default=None, compare=False)


def check_options(options: Options) -> None:
    """Option mistakes, found before anything is asked or written."""
    lang = options.lang
    if options.tie and not options.partner:
        raise UsageError(msg(lang, "tie_needs_partner"))
    if options.resume and options.force:
        raise UsageError(msg(lang, "resume_and_force"))
    if options.agency is not None and not options.agency.strip():
        raise UsageError(msg(lang, "empty_agency"))
    if options.agency_id and not _AGENCY_ID.match(options.agency_id):
        raise UsageError(msg(lang, "bad_agency_id_opt", value=options.agency_id))


class Survey:
    """The interactive loop over one :class:`Session`."""

    def __init__(self, options: Options, questionnaire: Questionnaire, registry: Registry, terminal: Terminal,
                 guard: SignalGuard) -> None:
        self.options = options
        self.questionnaire = questionnaire
        self.registry = registry
        self.lang = options.lang
        self.term = terminal
        self.guard = guard
        self.session: Session | None = None
        self.lock: AnswerLock | None = None
        self._last_section: str | None = None

    # --- small helpers
    def say(self, key: str, style: str = "", **values: Any) -> None:
        self.term.say(rich_text(msg(self.lang, key, **values), style))

    def say_unwrapped(self, key: str, style: str = "", **values: Any) -> None:
        """A message holding a file name or a command: never broken by inserted newlines (the terminal
        wraps it), so that it can be copied."""
        self.term.console.print(rich_text(msg(self.lang, key, **values), style), soft_wrap=True)

    def ask_text(self, key: str, required: bool = False, check: Callable[[str], str | None] | None = None,
                 ) -> str | None:
        """A free-text header field: controls refused, ``check`` returns an error message key or None."""
        while True:
            line = self.term.ask(msg(self.lang, key)).replace("\t", " ").strip()
            if has_control(line):
                self.say("control_chars", "yellow")
            elif not line:
                if not required:
                    return None
                self.say("agency_required", "yellow")
            elif check is not None and (problem := check(line)):
                self.say(problem, "yellow")
            else:
                return line

    def ask_choice(self, key: str, parse: Callable[[str], str | None], bad: str) -> str | None:
        while True:
            line = self.term.ask(msg(self.lang, key))
            if not normalize(line):
                return None
            value = parse(line)
            if value is not None:
                return value
            self.say(bad, "yellow")

    def save(self) -> None:
        assert self.session is not None
        with self.guard.critical():
            self.session.save()

    # --- phases
    def identity(self) -> Header:
        """Who answers: the agency, its code, the respondent and the role, asked when the options do not
        give them (a respondent left empty is anonymous; a role left empty is none)."""
        o = self.options
        agency = o.agency or self.ask_text("ask_agency", required=True)
        assert agency is not None
        agency_id = o.agency_id
        if agency_id is None:
            agency_id = self.ask_text("ask_agency_id",
                                      check=lambda s: None if _AGENCY_ID.match(s) else "bad_agency_id")
        respondent = o.respondent
        if respondent is None:
            respondent = self.ask_text("ask_respondent")
        role = o.role if o.role is not None else self.ask_choice("ask_role", parse_role, "bad_role")
        return Header(agency=agency.strip(), agency_id=agency_id or None,
                      respondent=(respondent or "").strip() or None, role=role)

    def header(self, who: Header) -> Header:
        """The header of a new file: ``who``, then the partner and the tie when the options do not give them."""
        o = self.options
        partner, tie = o.partner, o.tie
        relationship = any(f.determinant for f in self.questionnaire.factors.values())
        if partner is None and relationship:
            partner = self.ask_text("ask_partner")
        if partner and tie is None:
            self.say("tie_note", "dim")
            tie = self.ask_choice("ask_tie", parse_tie, "bad_tie")
        today = o.today or datetime.date.today()
        return replace(who, date=today.isoformat(), partner=(partner or "").strip() or None, tie=tie)

    def start(self) -> None:
        """Find (or create) the answer file; refuse files that must not be touched.

        With ``-o`` the file named is used: refused when its respondent or role differs from ``--respondent``
        or ``--role``. Without it the respondent is asked first, then the default file name has the respondent
        (or the role) in it, and an unfinished file is continued only when its header names the same agency,
        respondent and role; an anonymous respondent without a role always gets a new file.
        """
        o = self.options
        lang = self.lang
        who: Header | None = None
        if o.output is not None:
            path = o.output
            self._lock(path)
            existing = open_existing(path, self.questionnaire, self.registry, lang)
            if existing is not None:
                self._check_owner(path, existing)
            # --force on a named respondent's file only when --respondent says it is theirs
            confirmed = existing is None or existing.respondent is None or o.respondent is not None
        else:
            who = self.identity()
            path, existing = self._default_file(who)
            self._lock(path)
            if existing is not None:  # read again under the lock: what is on disk now
                existing = open_existing(path, self.questionnaire, self.registry, lang)
            confirmed = True
        if existing is None and o.resume:
            raise UsageError(msg(lang, "nothing_to_resume", path=path))
        if not path.parent.is_dir():
            raise UsageError(msg(lang, "no_folder", path=path, folder=path.parent))
        if existing is not None:
            if o.force and not confirmed:
                raise UsageError(msg(lang, "force_needs_respondent", path=path,
                                     owner=owner(lang, existing.respondent, existing.role)))
            if not o.force:
                if _is_complete(self.questionnaire, existing):
                    raise UsageError(self._complete(path, existing, confirmed))
                self.session = Session(self.questionnaire, _header_of(existing), path, existing.answers)
                self.intro(resumed=True)
                self._note_kept_fields(existing, who)
                return
        if existing is not None:  # --force on the respondent's own file: its header kept, but the date
            header = self._restart_header(existing, who)
        else:
            header = self.header(who if who is not None else self.identity())
        self.session = Session(self.questionnaire, header, path)
        self.save()  # the file exists from now on: running again continues it
        self.intro(resumed=False)

    def _lock(self, path: Path) -> None:
        """Take the answer file's lock (refused while another survey holds it); stale temporary files of
        a killed earlier survey on this file are removed under the lock."""
        from ids_assess.io.lockfile import acquire

        if not path.parent.is_dir():
            raise UsageError(msg(self.lang, "no_folder", path=path, folder=path.parent))
        self.lock = acquire(path, msg(self.lang, "locked", path="{path}", pid="{pid}", host="{host}", lock="{lock}"))
        gone = self.lock.taken_over
        if gone is not None and gone.pid:
            self.term.say(rich_text(msg(self.lang, "lock_taken_over", path=clean(str(path)), pid=gone.pid,
                                        host=clean(gone.host)), "yellow"))
        from ids_assess.io.output import clean_stale_temps

        clean_stale_temps(path.parent, names={path.name})

    def _restart_header(self, existing: AnswerSet, who: Header | None) -> Header:
        """The header of a file started over: the file's, with what the options (or ``who``) give."""
        o = self.options
        kept = _header_of(existing)
        agency = who.agency if who is not None else (o.agency or kept.agency).strip()
        agency_id = kept.agency_id if o.agency_id is None else (o.agency_id or None)
        if who is not None and who.agency_id:
            agency_id = who.agency_id
        partner = kept.partner if o.partner is None else (o.partner.strip() or None)
        tie = o.tie if o.tie is not None else (kept.tie if partner == kept.partner else None)
        today = o.today or datetime.date.today()
        return replace(kept, agency=agency, agency_id=agency_id, partner=partner, tie=tie, date=today.isoformat())

    def _check_owner(self, path: Path, existing: AnswerSet) -> None:
        """Refuse (never overwrite, never continue) a file whose respondent or role is not the one given."""
        o = self.options
        given: list[str] = []
        if o.respondent is not None and _norm(o.respondent) != _norm(existing.respondent):
            given += ["--respondent", o.respondent]
        if o.role is not None and o.role != existing.role:
            given += ["--role", o.role]
        if given:
            raise UsageError(msg(self.lang, "other_owner", path=path, given=" ".join(quote(w) for w in given),
                                 owner=owner(self.lang, existing.respondent, existing.role)))

    def _default_file(self, who: Header) -> tuple[Path, AnswerSet | None]:
        """The default answer file for ``who`` and the answers already in it (``None`` for a new file)."""
        o = self.options
        q = self.questionnaire
        folder = Path(".")
        today = o.today or datetime.date.today()
        stem = file_stem(who.agency, q.id, who.respondent or who.role)
        if who.respondent is None and who.role is None:  # nothing tells whose a file is: always a new one
            if o.resume:
                raise UsageError(msg(self.lang, "resume_which"))
            return unique_output(folder, stem, today), None
        mine: list[tuple[Path, AnswerSet]] = []
        for path in earlier_outputs(folder, stem):
            try:
                found = open_existing(path, q, self.registry, self.lang)
            except (UsageError, InvalidInput):  # another questionnaire or version, or invalid: not this one
                continue
            if found is not None and _same_respondent(found, who):
                mine.append((path, found))
        if mine:
            path, latest = mine[-1]
            if o.force or o.resume or not _is_complete(q, latest) or _named_for(path, stem, today):
                return path, latest  # continued, started over (--force), or refused as complete
        if o.resume:
            raise UsageError(msg(self.lang, "nothing_to_resume_here", owner=owner(self.lang, who.respondent,
                                                                                   who.role)))
        return unique_output(folder, stem, today), None

    def _complete(self, path: Path, existing: AnswerSet, confirmed: bool) -> str:
        """Why a complete file is refused, and (only for the respondent's own file) how to start it over."""
        lang = self.lang
        text = msg(lang, "complete", path=path, owner=owner(lang, existing.respondent, existing.role))
        if confirmed:
            return text + msg(lang, "complete_force", n=len(existing.answers),
                              command=force_command(self.options, path, existing.respondent))
        return text + msg(lang, "complete_other")

    def _note_kept_fields(self, existing: AnswerSet, who: Header | None) -> None:
        """Say which given (or typed) header fields differ from the file's, which are kept."""
        for name in ("agency", "agency_id", "respondent", "role", "partner", "tie"):
            # without -o, who answers was typed (or given) before the file was chosen
            source: Any = who if who is not None and name not in ("partner", "tie") else self.options
            given = getattr(source, name)
            kept = getattr(existing, name)
            if given is not None and (given.strip() or None) != kept:
                self.say("kept_from_file", "yellow", field=name, value=clean(str(kept or "–")))

    def intro(self, resumed: bool) -> None:
        assert self.session is not None
        q = self.questionnaire
        h = self.session.header
        lang = self.lang
        self.term.say(RichText(""), Rule(rich_text(f"{q.title.get(lang)} ({q.id} {q.version})", "bold")))
        if q.description and not resumed:
            self.term.say(rich_text(" ".join(q.description.get(lang).split())))
        respondent = h.respondent or msg(lang, "anonymous")
        self.say("header", agency=h.agency, respondent=respondent)
        if resumed:
            counts = self.session.counts()
            self.say_unwrapped("resuming", "bold", path=self.session.path, answered=counts.given,
                               total=counts.total)
            self.term.say(resume_view(self.session, lang))
        else:
            self.say("intro", n=len(self.session.order), s=len(q.sections))
            if not q.description:
                self.say("intro_rate")
        self.say_unwrapped("saving", "green", path=self.session.path)
        self.say("keys_intro", "dim")

    def ask_item(self, pos: int, revisit: bool = False) -> str:
        """Show one item and read keys until the respondent moves: ``next``, ``back`` or ``quit``."""
        session = self.session
        assert session is not None
        lang = self.lang
        item = session.order[pos]
        section = self.questionnaire.factors[item.factor_id].section_id
        if section != self._last_section:
            self._last_section = section
            self.term.say(RichText(""), section_view(session, pos, lang))
        self.term.say(item_view(session, pos, lang, revisit))
        while True:
            current = session.answer(pos)
            prompt = RichText(msg(lang, "prompt"), style="bold")
            if current is not None:
                prompt.append(f" [{clean(rating_label(self.questionnaire, current.rating, lang))}]")
            prompt.append("：" if lang == "zh" else ": ")
            key = parse_key(self.term.ask(prompt))
            if key.action == "rate":
                assert key.rating is not None
                answer = session.set_rating(pos, key.rating)
                self.save()
                if self.options.evidence:
                    session.set_answer(pos, self.ask_evidence(answer))
                    self.save()
                return "next"
            if key.action == "keep" and current is not None:
                return "next"
            if key.action == "help":
                self.term.say(help_view(session, pos, lang))
            elif key.action in ("back", "quit"):
                return key.action
            elif key.action == "skip":
                return "next"
            else:
                self.say("hint_default" if key.action == "keep" and current is not None else "hint", "yellow")

    def ask_evidence(self, answer: Answer) -> Answer:
        """Confidence (for ratings 1-5) and an evidence note; Enter keeps what is there, '-' clears it."""
        lang = self.lang
        confidence = answer.confidence
        if isinstance(answer.rating, int):
            while True:
                prompt = msg(lang, "confidence")
                if confidence:
                    label = _CONFIDENCE_LABELS[confidence][lang == "zh"]
                    prompt += f" [{label}; {msg(lang, 'keep_or_clear')}]"
                line = normalize(self.term.ask(prompt + ("：" if lang == "zh" else ": ")))
                if line == "":
                    break
                if line == "-":
                    confidence = None
                    break
                parsed = parse_confidence(line)
                if parsed in CONFIDENCE:
                    confidence = parsed
                    break
                self.say("bad_confidence", "yellow")
        evidence = answer.evidence
        while True:
            prompt = msg(lang, "evidence")
            if evidence:
                shown = clean(evidence if len(evidence) <= 40 else evidence[:39] + "…")
                prompt += f" [{shown}; {msg(lang, 'keep_or_clear')}]"
            line = self.term.ask(prompt + ("：" if lang == "zh" else ": ")).replace("\t", " ").strip()
            if line == "":
                break
            if line == "-":
                evidence = None
                break
            if has_control(line):
                self.say("control_chars", "yellow")
            elif len(line) > MAX_EVIDENCE:
                self.say("too_long", "yellow", n=MAX_EVIDENCE)
            else:
                evidence = line
                break
        return Answer(answer.rating, confidence, evidence)

    def walk(self, seq: Sequence[int], revisit: bool = False, start: int = 0) -> bool:
        """Ask the items of ``seq`` from its index ``start``; ``False`` when the respondent quit."""
        session = self.session
        assert session is not None
        nav = Navigator(seq, session.is_answered, start)
        while not nav.done:
            move = self.ask_item(nav.current, revisit)
            if move == "next":
                nav.forward()
            elif move == "back":
                if not nav.back():
                    self.say("first_item", "yellow")
            else:
                return False
        return True

    def offer_skipped(self) -> bool | None:
        """Offer the unanswered items again: ``None`` when the respondent quit."""
        session = self.session
        assert session is not None
        left = session.unanswered()
        if not left:
            return True
        while True:
            line = self.term.ask(RichText(msg(self.lang, "offer_skipped", n=len(left)), style="bold"))
            if normalize(line) == "q":
                return None
            answer = parse_yes_no(line)
            if answer is None:
                self.say("yes_no", "yellow")
                continue
            if not answer:
                return True
            return True if self.walk(left, revisit=True) else None

    def finish(self) -> None:
        session = self.session
        assert session is not None
        lang = self.lang
        c = session.counts()
        self.term.say(RichText(""), Rule(RichText(msg(lang, "done"), style="bold")))
        self.say("summary", "bold", answered=c.answered, dk=c.dk, na=c.na, skipped=c.skipped, total=c.total)
        self.term.say(score_view(session, lang))
        self.say_unwrapped("saved_in", "green", path=session.path)
        self.say("next")
        for command in next_commands(session.path, self.options, self.questionnaire):
            self.term.console.print(rich_text("  " + command), soft_wrap=True)  # one line: to copy
        if c.skipped:
            self.say_unwrapped("continue_with", command=resume_command(self.options, session.path))

    def quit_message(self) -> None:
        session = self.session
        assert session is not None
        c = session.counts()
        self.say_unwrapped("quit", "green", answered=c.given, total=c.total, path=session.path)
        self.say_unwrapped("continue_with", command=resume_command(self.options, session.path))


def _same_respondent(answer_set: AnswerSet, who: Header) -> bool:
    """Whether a file's header is ``who``'s: the same agency and respondent (anonymous only matches
    anonymous), and the same role when ``who`` has one."""
    return (_norm(answer_set.agency) == _norm(who.agency) and _norm(answer_set.respondent) == _norm(who.respondent)
            and (who.role is None or answer_set.role == who.role))


def _is_complete(questionnaire: Questionnaire, answer_set: AnswerSet) -> bool:
    return all(item_id in answer_set.answers for item_id in questionnaire.items)


def _header_of(answer_set: AnswerSet) -> Header:
    a = answer_set
    return Header(agency=a.agency, agency_id=a.agency_id, respondent=a.respondent, role=a.role, date=a.date,
                  partner=a.partner, tie=a.tie)


def _why(lang: str, signum: int | None) -> str:
    if signum is None:
        return msg(lang, "end_of_input")
    if signum == getattr(signal, "SIGINT", 2):
        return "Ctrl-C"
    try:
        name = signal.Signals(signum).name
    except ValueError:  # pragma: no cover
        name = str(signum)
    return msg(lang, "signal", name=name)


def run(options: Options, stdin: IO[str] | None = None, stdout: IO[str] | None = None,
        stderr: IO[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run the survey; the exit code: 0 done or quit with q, 130 Ctrl-C or end of input, 128 + signal
    for SIGTERM and SIGHUP. Refusals raise :class:`UsageError` or :class:`InvalidInput` before any write.

    With ``environ``, standard input must be a terminal (:func:`require_terminal`); that is checked after
    the options and the questionnaire, so that a mistake there is reported as itself.
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    check_options(options)
    ref = options.questionnaire or questionnaire_in(options.output) or DEFAULT_QUESTIONNAIRE
    options = replace(options, questionnaire=ref)
    registry = Registry(list(options.questionnaire_dirs))
    questionnaire = registry.get(ref)
    if environ is not None:
        require_terminal(stdin, environ, ref, options.lang, options.questionnaire_dirs)
    echo = not _isatty(stdin)
    terminal = Terminal(stdin, stdout, echo=echo)
    with SignalGuard() as guard:
        survey = Survey(options, questionnaire, registry, terminal, guard)
        try:
            return _run(survey, guard, stderr)
        finally:
            if survey.lock is not None:
                survey.lock.release()


def _run(survey: Survey, guard: SignalGuard, stderr: IO[str]) -> int:
    """The survey from its start to its end (under the answer file's lock once it is taken)."""
    signum: int | None = None
    try:
        survey.start()
        session = survey.session
        assert session is not None
        if not survey.walk(range(len(session.order)), start=session.resume_position()):
            guard.ignore()
            survey.quit_message()
            return 0
        offered = survey.offer_skipped()
        guard.ignore()
        if offered is None:
            survey.quit_message()
            return 0
        survey.finish()
        return 0
    except Interrupted as exc:
        signum = exc.signum
    except EndOfInput:
        signum = None
    guard.ignore()
    return _leave(survey, signum, stderr)


def _leave(survey: Survey, signum: int | None, stderr: IO[str]) -> int:
    """Save (again: every answer was already saved) and say how to continue."""
    lang = survey.lang
    code = EXIT_INTERRUPTED if signum is None else 128 + signum
    session = survey.session
    why = _why(lang, signum)
    if session is None or not session.path.exists():
        text = msg(lang, "interrupted_early", why=why)
    else:
        if session.changed:  # normally not: every answer is saved as it is given
            try:
                session.save()
            except Exception:  # the file on disk holds every answer up to the previous one
                pass
        c = session.counts()
        text = (msg(lang, "interrupted", why=why, answered=c.given, total=c.total, path=clean(str(session.path)))
                + "\n" + msg(lang, "continue_with", command=clean(resume_command(survey.options, session.path))))
    try:
        survey.term.console.print()
        survey.term.console.file.flush()
        stderr.write(clean(text) + "\n")
        stderr.flush()
    except (OSError, ValueError):  # the terminal is gone (SIGHUP): the file is what matters
        pass
    return code


def _isatty(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
