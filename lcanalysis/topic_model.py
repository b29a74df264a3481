"""The supervised policy-topic coder: logistic regression on character n-grams and cue features.

Trained on the hand codes shipped with the package — the multi-document development set
(``data/validation/topics-dev/gold.csv``: 665 sentences of ten provincial 2026 reports,
Shandong 2026 and five national reports) and the Liaocheng sample
(``data/validation/topics_sample.csv``, 153 sentences) — and fitted at call time from those
CSVs and the corpus texts (no model file, nothing downloaded; about a second; kept in memory
only).  **The document being coded is always left out of the training set** (its ``doc_id``),
so that any score of a report's coding against its own hand codes is out of sample; scoring
every hand-coded document this way is leave-one-document-out cross-validation.

Features of a sentence:

* character 1–3-grams of the sentence (tf-idf, sublinear, in at least two training sentences);
* character 2–3-grams of its lead phrase and section heading (tf-idf, weight 0.5);
* the cue dictionary's evidence: the share of the sentence's cue score per topic, and the
  dictionary coder's decision (one-hot) — so that editing ``cues.csv`` also changes the model.

The classifier is scikit-learn's multinomial ``LogisticRegression`` (``C = 3``, solver saga,
fixed ``random_state``), fitted single-threaded so that it is deterministic and fast.  Title
lines are 99, as for the dictionary coder.  The settings (C, the cue-feature weight) were
chosen among 3 × 2 candidates by leave-one-document-out kappa on the development set, so that
score is slightly optimistic (data/validation/topics-dev/README.md).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from . import paths

C = 3.0
CONTEXT_WEIGHT = 0.5
CUE_WEIGHT = 1.0
SEED = 0
LIAOCHENG = "liaocheng-2024"


def training_items() -> pd.DataFrame:
    """Every hand-coded sentence the model can learn from: doc_id, doc_type
    (Liaocheng / province / national), sentence_id, topic (the final hand code)."""
    gold = pd.read_csv(paths.VALIDATION / "topics-dev" / "gold.csv")
    liao = pd.read_csv(paths.VALIDATION / "topics_sample.csv")
    liao = liao.assign(doc_id=LIAOCHENG, doc_type="Liaocheng")
    cols = ["doc_id", "doc_type", "sentence_id", "topic"]
    return pd.concat([gold[cols], liao[cols]], ignore_index=True)


def document_path(doc_id: str):
    """The text file of a hand-coded document."""
    if doc_id == LIAOCHENG:
        return None  # load_report's default
    p = paths.CORPUS / "provinces-2026" / f"{doc_id}.txt"
    return p if p.exists() else paths.corpus_file(doc_id)


@lru_cache(maxsize=1)
def _items() -> pd.DataFrame:
    return training_items()


@lru_cache(maxsize=1)
def _reports() -> dict:
    from .corpus import load_report

    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # outline warnings of scraped reports: not the model's concern
        for doc_id in training_items()["doc_id"].unique():
            path = document_path(doc_id)
            out[doc_id] = load_report() if path is None else load_report(path, require_outline=False)
    return out


@dataclass(frozen=True)
class _Inputs:
    text: list
    context: list
    scores: np.ndarray   # cue score shares per topic (n × K)
    decision: np.ndarray  # the dictionary coder's topic, one-hot (n × K)


def inputs(report, cue_path: str, sentence_ids=None) -> _Inputs:
    """The model's raw inputs for the sentences of ``report`` (all, or ``sentence_ids``)."""
    from . import priorities as pr

    codes = pr.topic_codes()
    col = {c: i for i, c in enumerate(codes)}
    s = report.sentences if sentence_ids is None else \
        report.sentences.set_index("sentence_id").loc[list(sentence_ids)].reset_index()
    rel = pr._inputs(report)
    scores = np.zeros((len(s), len(codes)))
    decision = np.zeros((len(s), len(codes)))
    for i, row in enumerate(s.itertuples(index=False)):
        ev = pr._evidence(row.text, pr._str(row.lead), pr._str(row.section_title),
                          rel.get(row.sentence_id, []), cue_path)
        for e in ev:
            scores[i, col[e["topic"]]] += e["contribution"]
        decision[i, col[pr._decide(ev, row.role)[0]]] = 1.0
    total = scores.sum(1, keepdims=True)
    scores = np.divide(scores, total, out=np.zeros_like(scores), where=total > 0)
    context = [pr._str(a) + "|" + pr._str(b) for a, b in zip(s["lead"], s["section_title"])]
    return _Inputs(list(s["text"].astype(str)), context, scores, decision)


@lru_cache(maxsize=2)
def _training(cue_path: str):
    items = training_items()
    reps = _reports()
    parts = {d: inputs(reps[d], cue_path, g["sentence_id"]) for d, g in items.groupby("doc_id", sort=False)}
    return items, parts


@dataclass
class TopicModel:
    """A fitted model: the two vectorisers, the classifier and the feature names."""

    text_vectorizer: object
    context_vectorizer: object
    classifier: object
    feature_names: np.ndarray
    excluded: str | None
    n_train: int

    def matrix(self, x: _Inputs):
        import scipy.sparse as sp

        return sp.hstack([self.text_vectorizer.transform(x.text),
                          CONTEXT_WEIGHT * self.context_vectorizer.transform(x.context),
                          CUE_WEIGHT * sp.csr_matrix(x.scores),
                          CUE_WEIGHT * sp.csr_matrix(x.decision)]).tocsr()

    def predict_proba(self, x: _Inputs) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1):
            return self.classifier.predict_proba(self.matrix(x))


def fit(exclude: str | None, cue_path: str) -> TopicModel:
    """The model trained on every hand-coded document except ``exclude`` (a doc_id;
    a document without hand codes excludes nothing, and shares one cached fit)."""
    if exclude not in set(_items()["doc_id"]):
        exclude = None
    return _fit(exclude, cue_path)


@lru_cache(maxsize=24)
def _fit(exclude: str | None, cue_path: str) -> TopicModel:
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    from . import priorities as pr

    items, parts = _training(cue_path)
    keep = [d for d in parts if d != exclude]
    x = _Inputs(sum((parts[d].text for d in keep), []), sum((parts[d].context for d in keep), []),
                np.vstack([parts[d].scores for d in keep]), np.vstack([parts[d].decision for d in keep]))
    y = np.concatenate([items.loc[items["doc_id"] == d, "topic"].to_numpy() for d in keep])
    tv = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
    cv = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True, min_df=2)
    a, b = tv.fit_transform(x.text), cv.fit_transform(x.context)
    codes = pr.topic_codes()
    m = sp.hstack([a, CONTEXT_WEIGHT * b, CUE_WEIGHT * sp.csr_matrix(x.scores),
                   CUE_WEIGHT * sp.csr_matrix(x.decision)]).tocsr()
    clf = LogisticRegression(C=C, solver="saga", max_iter=300, tol=1e-3, random_state=SEED)
    with threadpool_limits(1):
        clf.fit(m, y)
    names = np.concatenate([[f"text:{t}" for t in tv.get_feature_names_out()],
                            [f"context:{t}" for t in cv.get_feature_names_out()],
                            [f"cue score:{c}" for c in codes], [f"cue decision:{c}" for c in codes]])
    return TopicModel(tv, cv, clf, names, exclude, len(y))
