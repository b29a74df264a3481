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


def indicators(ind: pd.DataFrame, sections: pd.DataFrame, ledger: pd.DataFrame, quality: dict) -> dict:
    """Notebook 02: counts of quantities by kind, the task sections with the
    most and with no targets, and the ledger against the previous year."""
    by_kind = ind["kind"].value_counts()
    tasks = sections[(sections["part"] == "二") & sections["section"].notna()]
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
