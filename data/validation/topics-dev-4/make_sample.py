"""Draw the fourth batch of the topic development set (data/validation/topics-dev-4/sample.csv).

Run from the repository root:  .venv/bin/python data/validation/topics-dev-4/make_sample.py

Why a fourth batch: the third batch (../topics-dev-3/) scored the model trained on the first two
batches; this batch, drawn before the model was retrained on the first three, scores that retrained
model on sentences it has never seen (five national reports it has never seen at all: 1983, 1997,
2007, 2013 and 2022) before the batch is added to the training data.

Sixteen documents: the ten provincial 2026 reports, Shandong 2026 (36 sentences each) and five
national reports not in the earlier batches (28 each).  Sentences of the earlier batches are left
out; the rest is sampled with lcanalysis.priorities.validation_batch (strata: top-level parts, the
opening as its own stratum; proportional allocation, at least 3 per stratum) and a fixed seed, so
this file is reproduced exactly.  Items are numbered from 3001.
"""
from __future__ import annotations

from lcanalysis import paths
from lcanalysis.priorities import batch_documents, coded_before, validation_batch

SEED = 20261204
DOCS = batch_documents((1983, 1997, 2007, 2013, 2022))
PER_DOC = {"province": 36, "national": 28}
EARLIER = ('topics-dev', 'topics-dev-2', 'topics-dev-3')


def main() -> None:
    out = validation_batch(DOCS, PER_DOC, seed=SEED, min_per_stratum=3, first_item=3001,
                           exclude=coded_before(EARLIER))
    out.to_csv(paths.VALIDATION / "topics-dev-4" / "sample.csv", index=False)
    print(out.groupby("doc_id", sort=False).size().to_string(), "\n", len(out), "sentences")


if __name__ == "__main__":
    main()
