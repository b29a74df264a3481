"""Score the topic coders as they stand before the third batch is coded or used (issue 12).

Run from the repository root, before any hand code of this batch exists in the repository:

    .venv/bin/python data/validation/topics-dev-3/score_frozen.py

Codes every document of ``sample.csv`` with ``lca.code_topics`` (the shipped model, which leaves
the coded document out of its training set, and the cue dictionary) and writes
``frozen_predictions.csv`` (item, doc_id, doc_type, sentence_id, model, cues, commit).  The hand
codes are joined later (``lca.priorities.frozen_check``); writing the predictions first, in their
own commit, shows that they could not have been tuned to the codes.
"""
from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import pandas as pd

import lcanalysis as lca
from lcanalysis import topic_model as tm

HERE = Path(__file__).parent


def main() -> None:
    sample = pd.read_csv(HERE / "sample.csv")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    rows = []
    for doc_id, g in sample.groupby("doc_id", sort=False):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = lca.load_report(tm.document_path(doc_id), require_outline=False)
        got = {m: lca.code_topics(report, method=m).set_index("sentence_id")["topic"]
               for m in ("model", "cues")}
        rows.append(g[["item", "doc_id", "doc_type", "sentence_id"]].assign(
            model=got["model"].loc[g["sentence_id"]].to_numpy(),
            cues=got["cues"].loc[g["sentence_id"]].to_numpy(), commit=commit))
    out = pd.concat(rows, ignore_index=True)
    out.to_csv(HERE / "frozen_predictions.csv", index=False)
    print(out.groupby("doc_type").size().to_string(), "\nat commit", commit)


if __name__ == "__main__":
    main()
