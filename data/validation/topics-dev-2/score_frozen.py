"""Score the topic coders as they stood before the second batch was used (issue 12).

Run from the repository root, at the commit that adds this file (the model then trains on the
first batch and the Liaocheng sample only):

    .venv/bin/python data/validation/topics-dev-2/score_frozen.py

Codes every document of the second batch with ``lca.code_topics`` (the shipped model, which
leaves the coded document out of its training set, and the cue dictionary) and writes
``frozen_predictions.csv`` (item, doc_id, doc_type, sentence_id, hand, model, cues).  At later
commits the model also trains on this batch, so rerunning the script there measures something
else; the file records the score of the frozen coder.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

import lcanalysis as lca
from lcanalysis import topic_model as tm

HERE = Path(__file__).parent


def main() -> None:
    gold = pd.read_csv(HERE / "gold.csv")
    rows = []
    for doc_id, g in gold.groupby("doc_id", sort=False):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = lca.load_report(tm.document_path(doc_id), require_outline=False)
        got = {m: lca.code_topics(report, method=m).set_index("sentence_id")["topic"]
               for m in ("model", "cues")}
        rows.append(g[["item", "doc_id", "doc_type", "sentence_id"]].assign(
            hand=g["topic"].to_numpy(), model=got["model"].loc[g["sentence_id"]].to_numpy(),
            cues=got["cues"].loc[g["sentence_id"]].to_numpy()))
    out = pd.concat(rows, ignore_index=True)
    out.to_csv(HERE / "frozen_predictions.csv", index=False)
    print(out.groupby("doc_type").size().to_string())


if __name__ == "__main__":
    main()
