"""Score the topic coders as they stand before this batch's hand codes enter the repository (issue 12).

Run from the repository root, before the batch's codes are committed:

    .venv/bin/python data/validation/topics-dev-4/score_frozen.py

Codes every sentence of ``sample.csv`` with both coders (``lca.priorities.code_sample``: the
shipped model, which leaves the coded document out of its training set, and the cue dictionary) and
writes ``frozen_predictions.csv`` (item, doc_id, doc_type, sentence_id, model, cues, commit).  The
hand codes are joined later (``lca.priorities.frozen_check``); writing the predictions first, in
their own commit, shows that they could not have been tuned to the codes.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd

from lcanalysis.priorities import code_sample

HERE = Path(__file__).parent


def main() -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    out = code_sample(pd.read_csv(HERE / "sample.csv")).assign(commit=commit)
    out.to_csv(HERE / "frozen_predictions.csv", index=False)
    print(out.groupby("doc_type").size().to_string(), "\nat commit", commit)


if __name__ == "__main__":
    main()
