"""Roles of a report's parts: which part reviews, which plans, which looks five years ahead.

Every analysis that contrasts "the review" with "the plan" (notebooks 03, 04,
06) takes the two from here, so that they share one definition, derived from
the outline rather than from part numbers.  A work report of the genre has:

* a **review** of the past year (and, in a plan's first or last year, of the
  five-year period): ``2023年工作回顾``, ``过去一年工作回顾``, ``“十四五”时期发展成就``;
* in the first year of a five-year plan, a part on the **five-year** goals:
  ``“十五五”时期主要目标任务``, ``……总体要求和目标任务``;
* the **plan** for the year: ``2024年重点工作``, ``2026年工作安排``,
  ``2015年工作总体部署``, ``……政府工作任务``, and the part on the
  government's own work that follows it (``全面加强政府自身建设``);
* annexes (附件…), which are neither.

Each part is classified from its title (:data:`TITLE_RULES`, first match wins).
A part whose title names no role — slogan titles such as
``一年接着一年干，新福建建设持续取得新进展新成效``, or a national report of the
1990s whose task parts are titled by their subject — is classified by its
position and its text: before any recognised plan part, the first part is the
review when its text speaks of the past year at least as often as of the
coming one; a part that speaks mostly of the five-year period (``十X五``,
``五年``, ``2030年``) is a five-year part; the parts after the review are the
plan.  Every such inference is named in the ``reason`` column and, when it
decides the review or the plan, in a warning, and any role can be set by hand
(``review=``, ``plan=``).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import pandas as pd

from .errors import LcaError, ReportStructureWarning

REVIEW, FIVE_YEAR, PLAN, ANNEX, OTHER = "review", "five_year", "plan", "annex", "other"
ROLE_COLUMNS = ["label", "part_title", "kind", "role", "reason"]

_PLAN_PERIOD = r"[“\"‘]?十[一二三四五六七八九]五[”\"’]?"
#: (role, pattern, reason) in order; the first pattern that matches the title wins
TITLE_RULES: tuple[tuple[str, re.Pattern, str], ...] = (
    (FIVE_YEAR, re.compile(_PLAN_PERIOD + r"(?:时期)?.{0,12}(?:目标|任务|要求|举措|建议|规划)"),
     "title names the five-year period's goals"),
    (REVIEW, re.compile(r"回顾|工作总结|发展成就|取得.{0,6}(?:成[效绩就]|进展)|过去.{0,4}年"),
     "title names a review"),
    (PLAN, re.compile(r"\d{4}年.{0,10}(?:工作|任务|部署|安排|目标)|重点工作|工作安排|工作任务|总体部署"
                      r"|政策取向|总体要求|今年.{0,6}(?:工作|任务)|关于\d{4}年"),
     "title names the year's work"),
    (PLAN, re.compile(r"政府自身建设|政府治理|服务型政府|转作风|政风"),
     "title names the government's own work (planned)"),
)

_PAST = re.compile(r"过去一年|一年来|去年|\d+年来|五年来|取得|实现了|完成了|成效|成就")
_FUTURE = re.compile(r"今年|\d{4}年(?:是|要|将)|要|将|着力|加快|推动|实施|力争|确保")
_FIVE = re.compile(_PLAN_PERIOD + r"|五年|20[3-4]\d年")


class AmbiguousRolesError(LcaError, ValueError):
    """The review or the plan of a report cannot be told from its outline."""


@dataclass(frozen=True)
class ReviewPlan:
    """The parts (labels as in ``report.sentences.part``) that review and plan.

    ``tasks`` is the plan part with the most numbered sections (the year's
    task list), or ``None`` when no plan part has numbered sections."""

    review: tuple[str, ...]
    plan: tuple[str, ...]
    five_year: tuple[str, ...]
    tasks: str | None
    roles: pd.DataFrame

    def describe(self, lang: str = "en") -> str:
        """One line: which parts are the review and the plan, and why."""
        t = self.roles.set_index("label")["part_title"]
        names = lambda labels: "、".join(f"{t[x]}" for x in labels) or "—"  # noqa: E731
        if lang == "zh":
            return f"回顾：{names(self.review)}；计划：{names(self.plan)}"
        return f"review: {names(self.review)}; plan: {names(self.plan)}"


#: a part that names the five-year period at least this often per 1,000 characters
#: (and at least :data:`FIVE_YEAR_MIN` times) is about the five-year period
FIVE_YEAR_DENSITY, FIVE_YEAR_MIN = 1.5, 3


def _counts(sentences: pd.DataFrame, label: str) -> tuple[int, int, int, int]:
    text = "".join(sentences.loc[sentences["part"] == label, "text"].astype(str))
    return len(_PAST.findall(text)), len(_FUTURE.findall(text)), len(_FIVE.findall(text)), len(text)


def part_roles(parts: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The role of every top-level part (``report.parts()`` rows): label,
    part_title, kind, role (review / five_year / plan / annex / other) and the
    reason for it."""
    rows = []
    for _, p in parts.iterrows():
        title = re.sub(r"^[一二三四五六七八九十]+、", "", str(p["part_title"]))
        role, reason = None, ""
        if p["kind"] == "annex":
            role, reason = ANNEX, "an annex"
        else:
            for r, pattern, why in TITLE_RULES:
                if pattern.search(title):
                    role, reason = r, why
                    break
        rows.append(dict(label=p["label"], part_title=p["part_title"], kind=p["kind"],
                         role=role, reason=reason))
    out = pd.DataFrame(rows, columns=ROLE_COLUMNS).astype({"role": object})
    body = out.index[out["kind"] != "annex"].tolist()
    has_review = (out["role"] == REVIEW).any()
    first_plan = next((i for i in body if out.at[i, "role"] == PLAN), None)
    for i in body:
        if isinstance(out.at[i, "role"], str):
            continue
        past, future, five, chars = _counts(sentences, out.at[i, "label"])
        before_plan = first_plan is None or i < first_plan
        if not has_review and i == body[0] and past >= future and len(body) > 1:
            out.at[i, "role"], has_review = REVIEW, True
            out.at[i, "reason"] = (f"first part, untitled role; its text speaks of the past "
                                   f"({past}) at least as often as of the year ahead ({future})")
        elif (has_review and before_plan and five >= FIVE_YEAR_MIN
              and five * 1000 / max(chars, 1) >= FIVE_YEAR_DENSITY):
            out.at[i, "role"] = FIVE_YEAR
            out.at[i, "reason"] = (f"untitled role; its text names the five-year period {five} times "
                                   f"in {chars} characters")
        elif has_review:
            out.at[i, "role"] = PLAN
            out.at[i, "reason"] = "untitled role; follows the review"
        else:
            out.at[i, "role"] = OTHER
            out.at[i, "reason"] = "untitled role before any review"
    return out


def review_plan(report, *, review: tuple[str, ...] | None = None,
                plan: tuple[str, ...] | None = None, strict: bool = False) -> ReviewPlan:
    """The review and plan parts of ``report``, from its outline (:func:`part_roles`).

    ``review`` / ``plan`` override the inferred parts (labels as in
    ``report.sentences.part``).  When a role was inferred from position and
    text rather than a title, a :class:`~lcanalysis.errors.ReportStructureWarning`
    names it; with ``strict`` an :class:`AmbiguousRolesError` is raised instead.
    When no review or no plan is found, the tuple is empty: an analysis that
    needs one says so in its own words (:func:`require`)."""
    roles = part_roles(report.parts(), report.sentences)
    known = set(roles["label"])
    for name, given in (("review", review), ("plan", plan)):
        if given is not None:
            unknown = [x for x in given if x not in known]
            if unknown:
                raise AmbiguousRolesError(
                    f"{name}={tuple(given)!r}: part(s) {unknown} not in the outline of "
                    f"{report.doc_id} (its parts: {sorted(known, key=list(roles['label']).index)})")
    rv = tuple(review) if review is not None else tuple(roles.loc[roles["role"] == REVIEW, "label"])
    pl = tuple(plan) if plan is not None else tuple(roles.loc[roles["role"] == PLAN, "label"])
    inferred = roles[roles["reason"].str.startswith(("first part", "untitled"))
                     & roles["label"].isin((rv if review is None else ()) + (pl if plan is None else ()))]
    if len(inferred):
        msg = (f"{report.doc_id}: the role of part(s) "
               + "; ".join(f"{r.part_title} → {r.role} ({r.reason})" for r in inferred.itertuples())
               + " was inferred, not read from a title; to set it, pass review=/plan= to "
               "lca.review_plan (the notebooks and lcanalysis run use the inferred roles)")
        if strict:
            raise AmbiguousRolesError(msg)
        warnings.warn(msg, ReportStructureWarning, stacklevel=2)
    sections = report.sentences.dropna(subset=["section"]).groupby("part")["section"].nunique()
    sections = sections.reindex(list(pl)).dropna()
    tasks = str(sections.idxmax()) if len(sections) and sections.max() > 0 else None
    return ReviewPlan(review=rv, plan=pl, tasks=tasks,
                      five_year=tuple(roles.loc[roles["role"] == FIVE_YEAR, "label"]), roles=roles)


def require(rp: ReviewPlan, what: str, doc_id: str, *, lang: str = "en") -> None:
    """Raise :class:`AmbiguousRolesError` with a plain message when the report
    has no review or no plan part (what an analysis needs, named in ``what``)."""
    missing = [name for name, parts in (("review", rp.review), ("plan", rp.plan)) if not parts]
    if missing:
        raise AmbiguousRolesError(
            f"{doc_id}: {what} needs a {' and a '.join(missing)} part, and none was recognised "
            f"in its outline ({'; '.join(rp.roles['part_title'])}); name them with "
            f"lca.review_plan(report, review=…, plan=…) in your own analysis")
