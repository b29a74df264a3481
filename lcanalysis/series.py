"""The notebook series: whether a notebook applies to a report, and stopping it in plain words.

The notebooks run on any report of the genre (``lcanalysis run --report …``), but
not every analysis applies to every report: a report may have no targets
paragraph, no review part, or lie outside the places the sourced figures cover.
A notebook then says so, in its own words, where the analysis would start, and
skips its remaining cells, so that the executed notebook holds a plain message
rather than a traceback::

    ledger = lca.series.needs(lambda: lca.target_ledger(report, ind), "the target ledger")

:func:`stop` skips the remaining cells of the running notebook (an IPython
input transformer turns them into ``pass``); the message is shown as Markdown
and carries the metadata ``{"lcanalysis": {"stopped": message}}``, which
``lcanalysis run`` reports.  Outside IPython :func:`stop` only returns the
message.

Some material is made for the reference report only (the hand-coded validation
lists, the findings prose of each notebook): :func:`is_reference` tells it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

from . import paths
from .errors import LcaError

T = TypeVar("T")

#: metadata key of the message :func:`stop` displays
STOP_KEY = "lcanalysis"
_state = {"stopped": None}


def is_reference(report) -> bool:
    """True for the Liaocheng 2024 report the series was written on (by its sha256)."""
    return getattr(report, "sha256", None) == paths.REPORT_SHA256


def _skip_cell(lines: list[str]) -> list[str]:
    return ["pass\n"] if _state["stopped"] else lines


def stop(message: str) -> str:
    """Show ``message`` and skip the remaining cells of this notebook."""
    _state["stopped"] = message
    text = f"**This notebook stops here.** {message}"
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return text
    shell = get_ipython()
    if shell is None:
        return text
    if _skip_cell not in shell.input_transformers_cleanup:
        shell.input_transformers_cleanup.append(_skip_cell)
    display(Markdown(text + " The remaining cells are skipped (restart the kernel to run them "
                            "anyway)."), metadata={STOP_KEY: {"stopped": message}})
    return text


def stopped() -> str | None:
    """The message of the :func:`stop` in force, or ``None``."""
    return _state["stopped"]


def resume() -> None:
    """Run cells again after a :func:`stop` (interactive use)."""
    _state["stopped"] = None


def needs(compute: Callable[[], T], what: str) -> T | None:
    """``compute()``, or, when it raises one of the package's errors (no targets
    paragraph, no review part …), :func:`stop` with ``what`` and the error's
    message, and ``None``."""
    try:
        return compute()
    except LcaError as exc:
        stop(f"{what[:1].upper() + what[1:]} does not apply to this report: {exc}")
        return None


def reference_only(report, what: str) -> None:
    """Nothing for the reference report; else :func:`stop` saying that ``what``
    is written for it only."""
    if is_reference(report):
        return
    stop(f"What follows ({what}) was written for the Liaocheng 2024 report and does not "
         f"describe {report.doc_id}; the tables and figures above are computed from "
         f"{report.doc_id} itself.")


def stop_unless(ok: bool, message: str) -> None:
    """:func:`stop` with ``message`` unless ``ok``."""
    if not ok:
        stop(message)


def validated(report, compute: Callable[[], T], what: str, default: T) -> T:
    """``compute()`` for the reference report; for another report show that
    ``what`` (a hand-coded validation list) covers the reference report only and
    return ``default`` (the notebook goes on, unvalidated)."""
    if is_reference(report):
        return compute()
    try:
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover
        return default
    display(Markdown(f"*Not validated:* {what} was coded on the Liaocheng 2024 report only; the "
                     f"results for {report.doc_id} below are not checked against hand coding."))
    return default


def for_reference(report, show: Callable[[], T]) -> T | None:
    """``show()`` for the reference report, nothing for another: a reading whose
    words (part 一 is the review …) were written for the reference report."""
    return show() if is_reference(report) else None


@dataclass(frozen=True)
class About:
    """How the notebooks name the report they run on, in captions and figure labels,
    so that a run on another report (``lcanalysis run --report``) names that report,
    its year and its parts, not the Liaocheng 2024 report the series was written on."""

    doc_id: str
    year: int | None            # the year the report plans for (lca.indicators.report_year)
    name_zh: str                # 聊城市2024 / 江苏省2026
    name_en: str                # Liaocheng 2024 / Jiangsu 2026
    review_parts: tuple         # the parts that review (lca.review_plan)
    plan_parts: tuple           # the parts that plan
    tasks: str | None           # the plan part of the year's numbered tasks

    def name(self, lang: str = "en") -> str:
        return self.name_zh if lang == "zh" else self.name_en

    @property
    def plan_label(self) -> str:
        """The plan as a figure label (a glossary key): 2024年任务 → "2024 plan"."""
        return f"{self.year}年任务" if self.year else "计划"

    @property
    def review_label(self) -> str:
        """The review as a figure label (a glossary key): 2023年回顾 → "2023 review"."""
        return f"{self.year - 1}年回顾" if self.year else "回顾"

    @property
    def plan_year(self) -> str:
        return str(self.year) if self.year else "this year's"

    @property
    def review_year(self) -> str:
        return str(self.year - 1) if self.year else "last year's"

    @staticmethod
    def parts(labels) -> str:
        """``("二", "三")`` → "parts 二 and 三"; ``("一",)`` → "part 一"."""
        labels = list(labels)
        if not labels:
            return "no part"
        if len(labels) == 1:
            return f"part {labels[0]}"
        return "parts " + ", ".join(labels[:-1]) + " and " + labels[-1]


def about(report) -> About:
    """:class:`About` of ``report`` (its review and plan from :func:`lcanalysis.review_plan`,
    whose warnings the notebook has already shown where it asked for them)."""
    import warnings

    from .indicators import report_year
    from .plotting.corpus import doc_label
    from .roles import review_plan

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rp = review_plan(report)
        name_en = doc_label(report.doc_id, "en")
    return About(report.doc_id, report_year(report), doc_label(report.doc_id, "zh"), name_en,
                 rp.review, rp.plan, rp.tasks)

