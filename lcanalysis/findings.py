"""The numbers behind each notebook's Findings, computed here so that a
notebook's Findings cell only formats them (one function per notebook,
returning a plain dict of numbers and names)."""

from __future__ import annotations

import pandas as pd


def corpus(report) -> dict:
    """Notebook 01: size, outline and cleaning log of a report."""
    from .corpus import lead_phrases

    outline = report.outline()
    parts = outline.dropna(subset=["part"])
    body = parts[~parts["part"].astype(str).str.startswith("附件")]
    share = (body.groupby("part")["chars"].sum() / body["chars"].sum()).to_dict()
    sections = parts.dropna(subset=["section"]).groupby("part")["section"].nunique().to_dict()
    leads = lead_phrases(report).dropna(subset=["section"]).groupby("part").size().to_dict()
    steps = report.corrections["step"].value_counts()
    return {
        "chars": len(report.text), "sentences": len(report.sentences),
        "sections": {p: int(n) for p, n in sections.items()},
        "leads": {p: int(leads.get(p, 0)) for p in sections},
        "items": {a: int(n) for a, n in report.annex_items.groupby("annex").size().items()},
        "share": share, "repairs": len(report.corrections),
        "page_breaks": int(steps.get("join_broken_lines", 0)),
        "bold_spans": int(steps.get("strip_bold_markers", 0)) // 2,
        "inner_spaces": int(steps.get("remove_inner_spaces", 0)),
        "brackets": int(steps.get("normalize_brackets", 0)),
        "stray_latin": int(steps.get("fix_stray_latin", 0)),
        "errata": int(steps.get("apply_errata", 0)),
    }


def indicators(ind: pd.DataFrame, sections: pd.DataFrame, ledger: pd.DataFrame, quality: dict, *,
               tasks: str) -> dict:
    """Notebook 02: counts of quantities by kind, the sections of the part that
    sets the year's tasks (``tasks``, e.g. ``review_plan(report).tasks``) with the
    most and with no targets, and the ledger against the previous year."""
    by_kind = ind["kind"].value_counts()
    tasks = sections[(sections["part"] == tasks) & sections["section"].notna()]
    top = tasks.sort_values("targets", ascending=False).iloc[0]
    stated = ledger[ledger["previous_status"] == "stated"]
    gdp = ledger[ledger["indicator_key"] == "gdp_growth"].iloc[0]
    return {
        "quantities": len(ind), **{k: int(by_kind.get(k, 0)) for k in ("achieved", "estimated", "target", "other")},
        "precision": quality["precision"], "recall": quality["recall"],
        "kind_accuracy": quality["kind_accuracy"], "qualifier_accuracy": quality["qualifier_accuracy"],
        "top_section": int(top["section"]), "top_title": top["section_title"], "top_targets": int(top["targets"]),
        "no_target_titles": list(tasks.loc[tasks["targets"] == 0, "section_title"]),
        "targets": len(ledger), "numeric": int(ledger["quantified"].sum()), "with_previous": len(stated),
        "below_previous": int((stated["target_value"] < stated["previous_value"]).sum()),
        "gdp_target": gdp["target_quote"], "gdp_previous": gdp["previous_quote"],
    }


def in_context(focus: str, provinces: list[str], *, distances: pd.DataFrame, gaps: pd.DataFrame,
               quantification: pd.DataFrame, ambition: pd.DataFrame, language: pd.DataFrame,
               series: pd.DataFrame, topic_names: dict | pd.Series | None = None,
               national: str = "national-2024") -> dict:
    """Notebook 06: where the ``focus`` report stands among its peers.

    ``distances`` from :func:`lcanalysis.compare.profile_distance` (the focus row
    dropped), ``gaps`` from :func:`~lcanalysis.compare.share_vs_peers`,
    ``quantification``, ``ambition`` (:func:`~lcanalysis.compare.growth_ambition`)
    and ``language`` (:func:`~lcanalysis.compare.language_summary`) one row per
    doc_id, ``series`` the national series (:func:`lcanalysis.realism.wide_series`).
    Returns the numbers the Findings state; a peer missing from a table is left
    out of its range, never filled."""
    names = (lambda t: t) if topic_names is None else (lambda t: dict(topic_names).get(t, t))
    d = distances.sort_values("distance").set_index("doc_id")["distance"]
    q = quantification.set_index("doc_id")["per_1000_chars"]
    a = ambition.set_index("doc_id")
    h = language.set_index("doc_id")["hard_share"]
    prov_q = q.reindex(provinces).dropna()
    prov_a = a["ambition"].reindex(provinces).dropna()
    prov_h = h.reindex(provinces).dropna()
    stated = series.dropna(subset=["target"])
    qual = stated["qualifier"].replace("", "none")

    def at(s, key):
        return float(s[key]) if key in s.index and pd.notna(s[key]) else None

    return {
        "closest": d.index[0], "closest_distance": float(d.iloc[0]),
        "farthest": d.index[-1], "farthest_distance": float(d.iloc[-1]),
        "above_all": [names(t) for t in gaps.loc[gaps["above_all"], "topic"]],
        "numbers_per_1000": at(q, focus), "provinces_numbers": (float(prov_q.min()), float(prov_q.max())),
        "national_numbers": at(q, national),
        "target": at(a["target"], focus), "ambition": at(a["ambition"], focus),
        "provinces_ambition": (float(prov_a.min()), float(prov_a.max())),
        "provinces_below": int((prov_a < 0).sum()), "provinces_with_ambition": len(prov_a),
        "hard_share": at(h, focus), "provinces_hard_median": float(prov_h.median()),
        "national_hard_share": at(h, national),
        "years": len(series), "years_with_target": len(stated),
        "qualifiers": {k: int((qual == k).sum()) for k in ("左右", "以上", "区间", "none")},
    }
