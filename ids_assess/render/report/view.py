"""The view model of the readiness reports: plain frozen dataclasses, numbers already formatted.

This module is its public face; the view model itself is split by report section:

* ``view_common``: the :class:`Context`, :class:`Safe`, citations, bars and the Markdown charts' padding;
* ``view_summary``, ``view_factors`` (profile, barriers and enablers), ``view_relationship``,
  ``view_actions`` (disagreement and the action plan), ``view_change``, ``view_method`` (method, appendix):
  the sections of an agency report, put together by ``view_agency`` (:func:`build_agency`);
* ``view_network`` and ``view_overview`` (:func:`build_overview`): the overview report.

Templates receive an :class:`AgencyReport` or an :class:`OverviewReport` and never compute anything; every
field is documented in docs/reports.md. The domain rules (the action plan, the EIF-layer scores) live in
:mod:`ids_assess.core.plan`. None of these modules imports jinja2 or anything of the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ids_assess.render.report.view_agency import AgencyReport, build_agency
from ids_assess.render.report.view_common import Context, Safe, display_width, text_bar

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Overview
    from ids_assess.render.report.view_overview import OverviewReport


def build_overview(ctx: Context, overview: Overview, links: Any) -> OverviewReport:
    """The overview report's view (:func:`ids_assess.render.report.view_overview.build_overview`), its modules
    imported only when an overview is rendered: one agency's report does without them."""
    from ids_assess.render.report.view_overview import build_overview as build

    return build(ctx, overview, links)


def __getattr__(name: str) -> Any:
    if name == "OverviewReport":
        from ids_assess.render.report.view_overview import OverviewReport

        return OverviewReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["AgencyReport", "Context", "OverviewReport", "Safe", "build_agency", "build_overview", "display_width",
           "text_bar"]
