"""Draw the fifth batch of the topic development set (data/validation/topics-dev-5/sample.csv).

Run from the repository root:  .venv/bin/python data/validation/topics-dev-5/make_sample.py

Why a fifth batch: the fourth batch (../topics-dev-4/) scored the model trained on the first three
batches (kappa 0.75 on its provincial sentences); this batch, drawn before the model is retrained on
the first four, is the test set of that retrained model (four national reports it has never seen at
all: 1986, 2003, 2016 and 2023), coded while the model is refitted and scored before its codes enter
the repository.

Fifteen documents: the ten provincial 2026 reports, Shandong 2026 (40 sentences each) and four
national reports not in the earlier batches (25 each).  Sentences of the earlier batches are left
out; the rest is sampled with lcanalysis.priorities.validation_batch (strata: top-level parts, the
opening as its own stratum; proportional allocation, at least 3 per stratum) and a fixed seed, so
this file is reproduced exactly.  Items are numbered from 4001.
"""
from __future__ import annotations

from lcanalysis import paths
from lcanalysis.priorities import batch_documents, coded_before, validation_batch

SEED = 20261205
DOCS = batch_documents((1986, 2003, 2016, 2023))
PER_DOC = {"province": 40, "national": 25}
EARLIER = ('topics-dev', 'topics-dev-2', 'topics-dev-3', 'topics-dev-4')


def main() -> None:
    out = validation_batch(DOCS, PER_DOC, seed=SEED, min_per_stratum=3, first_item=4001,
                           exclude=coded_before(EARLIER))
    out.to_csv(paths.VALIDATION / "topics-dev-5" / "sample.csv", index=False)
    print(out.groupby("doc_id", sort=False).size().to_string(), "\n", len(out), "sentences")


if __name__ == "__main__":
    main()
