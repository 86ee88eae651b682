"""The ``network`` command: the relationship network across agencies, as JSON, DOT or Mermaid."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ids_assess.cli.common import boundary, emit, err, registry, require_exists
from ids_assess.cli.options import Jobs, Lang, OutputFile, QuestionnaireDirs
from ids_assess.core.errors import EXIT_INVALID

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Edge, Overview

#: Shown at the end of the command's help.
EXAMPLES = (
    'ids-assess network examples/answers --format mermaid',
    'ids-assess network examples/answers --format dot --lang zh -o network.dot',
)

#: The words of an edge's label.
WORDS = {"en": {"none": "no score", "net": "net", "asymmetric": "asymmetric", "sep": ", "},
         "zh": {"none": "无得分", "net": "净值", "asymmetric": "双方看法不对称", "sep": "，"}}


def edge_label(e: Edge, lang: str, tie: bool = True) -> str:
    """An edge's label in ``lang``: its status, its tie (when stated and ``tie``), its net balance, and
    whether the two sides see it differently (in English without the tie: the writers' default label)."""
    from ids_assess.core.vocab import STATUS_TERMS, TIE_TERMS, label
    from ids_assess.render.numbers import r2

    w = WORDS[lang]
    parts = [label(STATUS_TERMS, e.status, lang, w["none"])]
    if e.tie and tie:
        parts.append(label(TIE_TERMS, e.tie, lang))
    if e.net is not None:
        parts.append(f"{w['net']} {r2(e.net):+g}")
    if e.asymmetric:
        parts.append(w["asymmetric"])
    return w["sep"].join(parts)


def _dot(overview: Overview, lang: str) -> str:
    from ids_assess.render.network import to_dot

    return to_dot(overview.network, lambda e: edge_label(e, lang))


def _mermaid(overview: Overview, lang: str) -> str:
    from ids_assess.render.network import to_mermaid

    return to_mermaid(overview.network, lambda e: edge_label(e, lang))


class NetworkFormat(str, Enum):
    json = "json"
    dot = "dot"
    mermaid = "mermaid"


def network(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Answer files or folders.")],
    format: Annotated[NetworkFormat, typer.Option("--format", "-f",
                                                  help="json, dot (Graphviz) or mermaid.")] = NetworkFormat.json,
    output: OutputFile = None,
    lang: Annotated[Lang, typer.Option(help="Language of the edge labels in DOT and Mermaid (the JSON is "
                                            "language-neutral).")] = Lang.en,
    questionnaires: QuestionnaireDirs = None,
    jobs: Jobs = 1,
) -> None:
    """The relationship network: who names whom as partner, with the push/pull balance on each tie.

    Edges are coloured by status (symbiosis, balanced, tension); vertical ties are solid, horizontal ties
    dashed; a pair whose two sides see the tie differently is marked asymmetric. Each edge is labelled with
    its status, tie and net balance, in --lang."""
    with boundary():
        from ids_assess.io.batch import aggregate_paths, resolve_jobs
        from ids_assess.render.formats import NETWORK

        require_exists(paths, output)
        overview, problems = aggregate_paths(paths, registry(questionnaires), resolve_jobs(jobs),
                                             on_problem=lambda p: err(p.format()), warn=err,
                                             on_warning=lambda m: err(f"warning: {m}"))
        if not overview.profiles:
            err("ids-assess: error: no valid answer files: nothing to draw")
            raise typer.Exit(EXIT_INVALID)
        if format is NetworkFormat.json:
            emit(NETWORK.get(format.value), overview, output)
        else:
            from ids_assess.render.formats import Format

            draw = _dot if format is NetworkFormat.dot else _mermaid
            emit(Format(format.value, lambda o: draw(o, lang.value)), overview, output)
        if problems:
            raise typer.Exit(EXIT_INVALID)
