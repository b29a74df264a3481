"""Choose the topic model's variant by nested leave-document-out cross-validation (issue 12).

Run from the repository root:  .venv/bin/python data/validation/topics-dev/select_model.py
(47 CPU minutes for the 10 variants, 24 minutes with ``--jobs 2``, which runs the fits in two
worker processes with the same result; measured 2026-12-04).  Writes, beside this file, in model_selection/:

- variants.csv: the variants tried (features, C, class weights), each with its score in the
  selection criterion on all hand-coded documents (every batch of the development set,
  ``lcanalysis.topic_model.GOLD_FILES``, and the Liaocheng sample) (``cv_all``: Cohen's kappa of the predictions
  of a grouped 3-fold cross-validation by document) and its plain leave-one-document-out kappa by
  document type (``lodo_*``: each document coded by the variant fitted on the other documents — optimistic
  for the variant that is then picked by it);
- nested.csv: one row per hand-coded sentence (doc_id, doc_type, sentence_id, hand, coder, variant):
  each document coded by the variant chosen by the criterion on the other documents alone,
  fitted on those — an honest out-of-sample score of the whole procedure, selection included.

The variant shipped in lcanalysis.topic_model.SETTINGS is the one the criterion picks on all
documents (the first row of variants.csv by cv_all).  Deterministic: fixed folds and seeds.
"""
from __future__ import annotations

import warnings
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from lcanalysis import paths, priorities as pr, topic_model as tm

OUT = Path(__file__).with_name("model_selection")
K_INNER = 3
#: the grid: the regularisation C and the class weights, with every context block.  The blocks
#: were chosen by the earlier grid of 12 (blocks none / section / + neighbours / + part title, at
#: C 1 and 3; model_selection/variants.csv at commit 96b9baf), in which all blocks ranked first
#: and C 3 above C 1 in every pairing: the larger C of this grid follows that lead.  The blocks'
#: choice on all documents is therefore not repeated inside the nested cross-validation.
VARIANTS = [tm.Settings(C=c, class_weight=cw, section=1.0, neighbours=1.0, part=0.5)
            for c in (3.0, 10.0, 30.0, 100.0, 300.0) for cw in (None, "balanced")]


def main(jobs: int = 1) -> None:
    warnings.simplefilter("ignore")
    cue = str(paths.TAXONOMY / "cues.csv")
    items, parts = tm._training(cue)
    docs = list(parts)
    kind = items.groupby("doc_id", sort=False)["doc_type"].first()
    y = {d: items.loc[items["doc_id"] == d, "topic"].to_numpy() for d in docs}
    _STATE.update(parts=parts, y=y)

    def kappa(preds, ds):
        return pr._agreement(pd.Series(np.concatenate([y[d] for d in ds])),
                             pd.Series(np.concatenate([preds[d] for d in ds])))[0]["kappa"]

    def folds(train):  # the selection criterion: grouped K-fold by document, documents dealt in order
        return [(tuple(d for d in train if d not in train[k::K_INNER]), tuple(train[k::K_INNER]))
                for k in range(K_INNER)]

    # every fit the selection needs, run once each (in worker processes with --jobs)
    nested_trains = [[e for e in docs if e != d] for d in docs]
    tasks = {(tuple(e for e in docs if e != d), (d,), i) for d in docs for i in range(len(VARIANTS))}
    tasks |= {(tr, te, i) for t in [docs, *nested_trains] for tr, te in folds(t)
              for i in range(len(VARIANTS))}
    tasks = sorted(tasks)
    results = dict(zip(tasks, _map(_predict, tasks, jobs)))

    def cv(train, i):
        preds = {}
        for tr, te in folds(train):
            preds.update(results[(tr, te, i)])
        return kappa(preds, train)

    groups = {"all": docs, "development set": [d for d in docs if kind[d] != "Liaocheng"],
              "provinces": [d for d in docs if kind[d] == "province"],
              "national": [d for d in docs if kind[d] == "national"], "Liaocheng": ["liaocheng-2024"]}
    rows, lodo = [], {}
    for i, v in enumerate(VARIANTS):
        lodo[i] = {}
        for d in docs:
            lodo[i].update(results[(tuple(e for e in docs if e != d), (d,), i)])
        rows.append(dict(variant=i, **asdict(v), cv_all=cv(docs, i),
                         **{f"lodo_{g}": kappa(lodo[i], ds) for g, ds in groups.items()}))
        print(f"variant {i}: {v.describe()}: criterion {rows[-1]['cv_all']:.3f}", flush=True)
    OUT.mkdir(exist_ok=True)
    table = pd.DataFrame(rows).sort_values(["cv_all", "variant"], ascending=[False, True])
    table.to_csv(OUT / "variants.csv", index=False, float_format="%.4f")
    nested = []
    for d, train in zip(docs, nested_trains):
        scores = [cv(train, i) for i in range(len(VARIANTS))]
        best = int(np.argmax(scores))  # the first of equal scores
        nested.append(pd.DataFrame(dict(doc_id=d, doc_type=kind[d], sentence_id=parts_ids(items, d),
                                        hand=y[d], coder=lodo[best][d], variant=best)))
        print(f"{d}: variant {best} ({scores[best]:.3f} on the other documents)", flush=True)
    pd.concat(nested).to_csv(OUT / "nested.csv", index=False)


#: the training inputs, set by main() before the worker processes fork
_STATE: dict = {}


def _predict(task):
    """The predictions for the test documents of a model fitted on the training documents."""
    train, test, i = task
    parts, y = _STATE["parts"], _STATE["y"]
    model = tm.fit_inputs(tm._Inputs.concat([parts[d] for d in train]),
                          np.concatenate([y[d] for d in train]), VARIANTS[i])
    return {d: model.classifier.classes_[model.predict_proba(parts[d]).argmax(1)] for d in test}


def _map(func, tasks, jobs):
    if jobs <= 1:
        return [func(t) for t in tasks]
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(func, tasks, chunksize=4)


def parts_ids(items, d):
    return items.loc[items["doc_id"] == d, "sentence_id"].to_numpy()


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=1, help="worker processes for the fits (default 1)")
    main(ap.parse_args().jobs)
