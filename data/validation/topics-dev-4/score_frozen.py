"""Score the topic coders as they stand before this batch's hand codes enter the repository (issue 12).

Run from the repository root, before the batch's codes are committed:

    .venv/bin/python data/validation/topics-dev-4/score_frozen.py

Codes every sentence of ``sample.csv`` with both coders (``lca.priorities.write_frozen_predictions``: the
shipped model, which leaves the coded document out of its training set, and the cue dictionary) and
writes ``frozen_predictions.csv`` (item, doc_id, doc_type, sentence_id, model, cues, commit).  The
hand codes are joined later (``lca.priorities.frozen_check``); writing the predictions first, in
their own commit, shows that they could not have been tuned to the codes.
"""
from __future__ import annotations

from pathlib import Path

from lcanalysis.priorities import write_frozen_predictions


def main() -> None:
    out = write_frozen_predictions(Path(__file__).parent)
    print(out.groupby("doc_type").size().to_string(), "\nat commit", out["commit"].iloc[0])


if __name__ == "__main__":
    main()
