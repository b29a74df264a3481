"""Choose the topic model's variant by nested leave-document-out cross-validation (issue 12).

Run from the repository root:  .venv/bin/python data/validation/topics-dev/select_model.py
(about half an hour on one core).  Writes, beside this file, in model_selection/:

- variants.csv: the variants tried (features, C, class weights), each with its score in the
  selection criterion on all hand-coded documents (20: both batches of the
  development set and the Liaocheng sample) (``cv_all``: Cohen's kappa of the predictions
  of a grouped 3-fold cross-validation by document) and its plain leave-one-document-out kappa by
  document type (``lodo_*``: each document coded by the variant fitted on the other 19 — optimistic
  for the variant that is then picked by it);
- nested.csv: one row per hand-coded sentence (doc_id, doc_type, sentence_id, hand, coder, variant):
  each document coded by the variant chosen by the criterion on the other 19 documents alone,
  fitted on those 19 — an honest out-of-sample score of the whole procedure, selection included.

The variant shipped in lcanalysis.topic_model.SETTINGS is the one the criterion picks on all 20
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
VARIANTS = [tm.Settings(C=c, class_weight=cw, section=1.0 if "S" in f else 0.0,
                        neighbours=1.0 if "N" in f else 0.0, part=0.5 if "P" in f else 0.0)
            for f in ("", "S", "SN", "SNP") for c, cw in ((3.0, None), (1.0, None), (3.0, "balanced"))]


def main() -> None:
    warnings.simplefilter("ignore")
    cue = str(paths.TAXONOMY / "cues.csv")
    items, parts = tm._training(cue)
    docs = list(parts)
    kind = items.groupby("doc_id", sort=False)["doc_type"].first()
    y = {d: items.loc[items["doc_id"] == d, "topic"].to_numpy() for d in docs}

    def predict(train, test, v):
        model = tm.fit_inputs(tm._Inputs.concat([parts[d] for d in train]),
                              np.concatenate([y[d] for d in train]), v)
        return {d: model.classifier.classes_[model.predict_proba(parts[d]).argmax(1)] for d in test}

    def kappa(preds, ds):
        return pr._agreement(pd.Series(np.concatenate([y[d] for d in ds])),
                             pd.Series(np.concatenate([preds[d] for d in ds])))[0]["kappa"]

    def cv(train, v):  # the selection criterion: grouped K-fold by document, documents dealt in order
        preds = {}
        for k in range(K_INNER):
            fold = train[k::K_INNER]
            preds.update(predict([d for d in train if d not in fold], fold, v))
        return kappa(preds, train)

    groups = {"all": docs, "development set": [d for d in docs if kind[d] != "Liaocheng"],
              "provinces": [d for d in docs if kind[d] == "province"],
              "national": [d for d in docs if kind[d] == "national"], "Liaocheng": ["liaocheng-2024"]}
    rows, lodo = [], {}
    for i, v in enumerate(VARIANTS):
        lodo[i] = {}
        for d in docs:
            lodo[i].update(predict([e for e in docs if e != d], [d], v))
        rows.append(dict(variant=i, **asdict(v), cv_all=cv(docs, v),
                         **{f"lodo_{g}": kappa(lodo[i], ds) for g, ds in groups.items()}))
        print(f"variant {i}: {v.describe()}: criterion {rows[-1]['cv_all']:.3f}", flush=True)
    OUT.mkdir(exist_ok=True)
    table = pd.DataFrame(rows).sort_values(["cv_all", "variant"], ascending=[False, True])
    table.to_csv(OUT / "variants.csv", index=False, float_format="%.4f")
    nested = []
    for d in docs:
        train = [e for e in docs if e != d]
        scores = [cv(train, v) for v in VARIANTS]
        best = int(np.argmax(scores))  # the first of equal scores
        nested.append(pd.DataFrame(dict(doc_id=d, doc_type=kind[d], sentence_id=parts_ids(items, d),
                                        hand=y[d], coder=lodo[best][d], variant=best)))
        print(f"{d}: variant {best} ({scores[best]:.3f} on the other documents)", flush=True)
    pd.concat(nested).to_csv(OUT / "nested.csv", index=False)


def parts_ids(items, d):
    return items.loc[items["doc_id"] == d, "sentence_id"].to_numpy()


if __name__ == "__main__":
    main()
