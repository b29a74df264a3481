"""Draw the third batch of the topic development set (data/validation/topics-dev-3/sample.csv).

Run from the repository root:  .venv/bin/python data/validation/topics-dev-3/make_sample.py

Why a third batch: the second batch (../topics-dev-2/) showed that new sentences coded by new
coders score the model about 0.05 of kappa below its cross-validated estimate.  A third batch,
drawn after the model was retrained on both earlier batches and coded blind, scores that model on
sentences it has never seen (four national reports it has never seen at all: 1988, 2000, 2018 and
2025), before the batch is added to the training data.

Fifteen documents: the ten provincial 2026 reports, Shandong 2026 (36 sentences each) and four
national reports not in the earlier batches (28 each).  Sentences of the earlier batches are left
out; the rest is sampled with lcanalysis.priorities.validation_batch (strata: top-level parts, the
opening as its own stratum; proportional allocation, at least 3 per stratum) and a fixed seed, so
this file is reproduced exactly.  Items are numbered from 2001.
"""
from __future__ import annotations

from lcanalysis import paths
from lcanalysis.priorities import batch_documents, coded_before, validation_batch

SEED = 20261203
DOCS = batch_documents((1988, 2000, 2018, 2025))
PER_DOC = {"province": 36, "national": 28}
EARLIER = ('topics-dev', 'topics-dev-2')


def main() -> None:
    out = validation_batch(DOCS, PER_DOC, seed=SEED, min_per_stratum=3, first_item=2001,
                           exclude=coded_before(EARLIER))
    out.to_csv(paths.VALIDATION / "topics-dev-3" / "sample.csv", index=False)
    print(out.groupby("doc_id", sort=False).size().to_string(), "\n", len(out), "sentences")


if __name__ == "__main__":
    main()
