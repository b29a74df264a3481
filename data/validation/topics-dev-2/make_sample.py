"""Draw the second batch of the topic development set (data/validation/topics-dev-2/sample.csv).

Run from the repository root:  .venv/bin/python data/validation/topics-dev-2/make_sample.py

Why a second batch: the coder model of issue 12 was chosen by leave-one-document-out scores on the
first batch (../topics-dev/); a batch drawn after that choice, and coded blind, scores the frozen
model on sentences it has never seen (three of its documents, national 1992, 2010 and 2024, are
documents it has never seen at all) before the batch is added to the training data.

Fourteen documents: the ten provincial 2026 reports, Shandong 2026 (36 sentences each) and three
national reports not in the first batch (28 each).  Sentences already in the first batch are left
out; from the rest a stratified random sample is drawn with
lcanalysis.priorities.validation_sample (strata: top-level parts, the opening as its own stratum;
proportional allocation, at least 3 per stratum) and a fixed seed, so this file is reproduced
exactly.  Items are numbered from 1001 so that they cannot be mistaken for the first batch's.
"""
from __future__ import annotations

from lcanalysis import paths
from lcanalysis.priorities import batch_documents, coded_before, validation_batch

SEED = 20261202
DOCS = batch_documents((1992, 2010, 2024))
PER_DOC = {"province": 36, "national": 28}
EARLIER = ('topics-dev',)


def main() -> None:
    out = validation_batch(DOCS, PER_DOC, seed=SEED, min_per_stratum=3, first_item=1001,
                           exclude=coded_before(EARLIER))
    out.to_csv(paths.VALIDATION / "topics-dev-2" / "sample.csv", index=False)
    print(out.groupby("doc_id", sort=False).size().to_string(), "\n", len(out), "sentences")


if __name__ == "__main__":
    main()
