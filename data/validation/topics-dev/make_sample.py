"""Draw the multi-document topic development sample (data/validation/topics-dev/sample.csv).

Run from the repository root:  .venv/bin/python data/validation/topics-dev/make_sample.py

Twelve documents of three kinds: the ten provincial 2026 reports of data/corpus/provinces-2026,
Shandong 2026, and five national reports, one per decade from the 1980s to the 2020s.  From each,
a stratified random sample of sentences (strata: the report's top-level parts, with the opening
before part one as its own stratum; proportional allocation, at least 4 per stratum), drawn with
lcanalysis.priorities.validation_sample and a fixed seed, so that this file is reproduced exactly.
"""
from __future__ import annotations

import warnings

import pandas as pd

import lcanalysis as lca
from lcanalysis import paths
from lcanalysis.priorities import validation_sample

SEED = 20261201
PROVINCES = sorted((paths.CORPUS / "provinces-2026").glob("*.txt"))
DOCS = [(p.stem, "province", p) for p in PROVINCES]
DOCS += [("shandong-2026", "province", paths.corpus_file("shandong-2026"))]
DOCS += [(f"national-{y}", "national", paths.corpus_file(f"national-{y}"))
         for y in (1985, 1995, 2005, 2015, 2021)]
PER_DOC = {"province": 36, "national": 38}


def main() -> None:
    rows = []
    for doc_id, kind, path in DOCS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = lca.load_report(path, require_outline=False)
        s = validation_sample(report, n=PER_DOC[kind], seed=SEED, min_per_stratum=4)
        s.insert(0, "doc_type", kind)
        s.insert(0, "doc_id", doc_id)
        rows.append(s)
    out = pd.concat(rows, ignore_index=True)
    out.insert(0, "item", range(1, len(out) + 1))
    out.to_csv(paths.VALIDATION / "topics-dev" / "sample.csv", index=False)
    print(out.groupby("doc_id", sort=False).size().to_string(), "\n", len(out), "sentences")


if __name__ == "__main__":
    main()
