"""The supervised policy-topic coder: logistic regression on character n-grams and cue features.

Trained on the hand codes shipped with the package — the multi-document development set
(``data/validation/topics-dev/gold.csv``: 665 sentences of ten provincial 2026 reports,
Shandong 2026 and five national reports; ``topics-dev-2/gold.csv``: 511 more sentences of the
same eleven provincial reports and of three other national reports; ``topics-dev-3/gold.csv``:
548 more, of the same eleven and of four other national reports; ``topics-dev-4/gold.csv``: 569 more,
of the same eleven and of five other national reports) and the
Liaocheng sample
(``data/validation/topics_sample.csv``, 153 sentences) — and fitted at call time from those
CSVs and the corpus texts (no model file in the repository, nothing downloaded).  A fit takes
seconds, so it is kept in the user's cache (``~/.cache/lcanalysis/topic-model/``, or
``$LCANALYSIS_CACHE``; ``LCANALYSIS_CACHE=off`` refits every session) under a digest of
everything it depends on, and a later session loads it.  **The document being coded is
always left out of the training set** (by its ``doc_id``, or, for a copy under another
name, by its hand-coded sentences: :func:`held_out`), so that any score of a report's
coding against its own hand codes is out of sample; scoring every hand-coded document
this way is leave-one-document-out cross-validation.

Features of a sentence (blocks; :class:`Settings` gives each block's weight, 0 leaves it out):

* ``text``: character 1–3-grams of the sentence (tf-idf, sublinear, in at least two training sentences);
* ``context``: character 2–3-grams of its lead phrase and section heading (weight 0.5);
* ``cues``: the cue dictionary's evidence: the share of the sentence's cue score per topic, and the
  dictionary coder's decision (one-hot) — so that editing ``cues.csv`` also changes the model;
* ``section``: the share of the *other* sentences of its section (its numbered section, or outside
  numbered sections its paragraph) that the dictionary codes to each topic — topics cluster by section;
* ``neighbours``: the mean cue-score shares of the sentences just before and after it, in the same section;
* ``part``: character 2–3-grams of the title of its part.

The classifier is scikit-learn's multinomial ``LogisticRegression`` (solver saga, fixed
``random_state``), fitted single-threaded so that it is deterministic.  Predictions do not
assemble the feature matrix: the linear scores are summed block by block, with the character
tf-idf computed for all sentences of a report at once in numpy (:class:`CharTfidf`, equal to
scikit-learn's ``transform``).  Title lines are 99, as for the dictionary coder.

The shipped variant (:data:`SETTINGS`) was chosen among 10 (C from 3 to 300 × class weights, with
the feature blocks an earlier grid of 12 had chosen) by
a grouped 3-fold cross-validation over the 29 hand-coded documents (the four batches of the
development set and the Liaocheng sample; the fifth batch, ``topics-dev-5``, is a test set the model
never trains on);
``data/validation/topics-dev/select_model.py`` records the choice and the honest score of the
procedure, a *nested* leave-document-out cross-validation in which each document is coded by the
variant chosen without it (``model_selection/``; notebook 04 reports both).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import paths

CONTEXT_WEIGHT = 0.5
CUE_WEIGHT = 1.0
SEED = 0
LIAOCHENG = "liaocheng-2024"


#: the multi-document hand-coded batches (data/validation/topics-dev*/README.md)
GOLD_FILES = (paths.VALIDATION / "topics-dev" / "gold.csv",
              paths.VALIDATION / "topics-dev-2" / "gold.csv",
              paths.VALIDATION / "topics-dev-3" / "gold.csv",
              paths.VALIDATION / "topics-dev-4" / "gold.csv")


def training_items() -> pd.DataFrame:
    """Every hand-coded sentence the model can learn from: doc_id, doc_type
    (Liaocheng / province / national), sentence_id, topic (the final hand code)."""
    gold = pd.concat([pd.read_csv(f) for f in GOLD_FILES], ignore_index=True)
    liao = pd.read_csv(paths.VALIDATION / "topics_sample.csv")
    liao = liao.assign(doc_id=LIAOCHENG, doc_type="Liaocheng")
    cols = ["doc_id", "doc_type", "sentence_id", "topic", "text"]
    return pd.concat([gold[cols], liao[cols]], ignore_index=True)


#: how far (in sentences) a hand-coded sentence may have moved since it was coded
_MAX_SHIFT = 40


def locate(items: pd.DataFrame, reports: dict) -> pd.DataFrame:
    """``items`` (:func:`training_items`) with each ``sentence_id`` that of the sentence
    as the loaded ``reports`` now split it.  The hand codes name the sentence by its id
    and text when it was coded; a later correction of the cleaning (a section heading
    no longer joined to the line after it) renumbers the sentences after it.  Each item
    goes to the sentence of the same text nearest its old id; an item whose text now
    spans two sentences (heading and lead phrase coded as one) to the longest of them.
    Raises :class:`~lcanalysis.errors.LcaError` for an item found in neither way."""
    from .errors import LcaError

    out = []
    for doc_id, g in items.groupby("doc_id", sort=False):
        s = reports[doc_id].sentences
        ids, texts = s["sentence_id"].tolist(), s["text"].tolist()
        where: dict[str, list[int]] = {}
        for i, t in zip(ids, texts):
            where.setdefault(t, []).append(i)
        new = []
        for old, text in zip(g["sentence_id"].tolist(), g["text"].tolist()):
            same = where.get(text)
            if same:
                new.append(min(same, key=lambda i: (abs(i - old), i)))
                continue
            inside = [(len(t), -abs(i - old), i) for i, t in zip(ids, texts)
                      if t and isinstance(text, str) and t in text and abs(i - old) <= _MAX_SHIFT]
            if not inside:
                raise LcaError(f"{doc_id}: hand-coded sentence {old} ({str(text)[:30]}…) is not in "
                               "the text as it is now split")
            new.append(max(inside)[2])
        out.append(g.assign(sentence_id=new))
    located = pd.concat(out).loc[items.index]
    if located.duplicated(["doc_id", "sentence_id"]).any():
        raise LcaError("two hand-coded sentences now fall on one sentence: "
                       + ", ".join(located.loc[located.duplicated(["doc_id", "sentence_id"]),
                                               "doc_id"].unique()))
    return located


def located_if_known(items: pd.DataFrame) -> pd.DataFrame:
    """:func:`locate` ``items`` when every document of theirs is a hand-coded one (whose
    text :func:`_reports` loads); else ``items`` as they are (ids as coded)."""
    reports = _reports()
    return locate(items, reports) if set(items["doc_id"]) <= set(reports) else items


@lru_cache(maxsize=1)
def located_items() -> pd.DataFrame:
    """:func:`training_items` located in the documents as they are loaded now (:func:`locate`)."""
    return locate(training_items(), _reports())


def document_path(doc_id: str):
    """The text file of a hand-coded document."""
    if doc_id == LIAOCHENG:
        return None  # load_report's default
    return paths.document_file(doc_id)


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
    context: list         # lead phrase | section heading
    part: list            # the part's title
    scores: np.ndarray    # cue score shares per topic (n × K)
    decision: np.ndarray  # the dictionary coder's topic, one-hot (n × K)
    section: np.ndarray   # the dictionary's topics of the other sentences of the section, shares (n × K)
    neighbours: np.ndarray  # mean cue score shares of the sentences before and after (n × K)

    def take(self, rows) -> "_Inputs":
        rows = np.asarray(rows, dtype=np.int64)
        return _Inputs([self.text[i] for i in rows], [self.context[i] for i in rows],
                       [self.part[i] for i in rows], self.scores[rows], self.decision[rows],
                       self.section[rows], self.neighbours[rows])

    @staticmethod
    def concat(parts: list) -> "_Inputs":
        return _Inputs(sum((p.text for p in parts), []), sum((p.context for p in parts), []),
                       sum((p.part for p in parts), []),
                       *(np.vstack([getattr(p, k) for p in parts])
                         for k in ("scores", "decision", "section", "neighbours")))


def _units(s: pd.DataFrame) -> np.ndarray:
    """The unit of context of each sentence: its numbered section (part and section), or,
    outside numbered sections, its paragraph."""
    part = pd.factorize(s["part"])[0].astype(np.int64) + 1
    sec = pd.to_numeric(s["section"]).to_numpy(float)
    par = pd.to_numeric(s["paragraph"]).to_numpy(float) if "paragraph" in s.columns else np.zeros(len(s))
    has = ~np.isnan(sec)
    key = (part << 42) + np.where(has, np.nan_to_num(sec) + 1, 0).astype(np.int64) * (1 << 21) \
        + np.where(has, 0, np.nan_to_num(par, nan=-1) + 2).astype(np.int64)
    return pd.factorize(key)[0]


def inputs(report, cue_path: str, sentence_ids=None) -> _Inputs:
    """The model's raw inputs for the sentences of ``report`` (all, or ``sentence_ids``)."""
    from . import priorities as pr

    s = report.sentences
    cc = pr.cue_coding(report, cue_path)
    total = cc.scores.sum(1, keepdims=True)
    scores = np.divide(cc.scores, total, out=np.zeros_like(cc.scores), where=total > 0)
    u = _units(s) if len(s) else np.zeros(0, np.int64)
    k = scores.shape[1]
    # the section's other sentences, as the cue dictionary codes them
    tot = np.zeros((u.max() + 1 if len(u) else 0, k))
    np.add.at(tot, u, cc.decision)
    others = tot[u] - cc.decision
    n_others = np.bincount(u, minlength=len(tot))[u][:, None] - 1 if len(u) else np.zeros((0, 1))
    section = np.divide(others, n_others, out=np.zeros_like(others), where=n_others > 0)
    # the sentences before and after, within the same unit
    prev, nxt = np.zeros_like(scores), np.zeros_like(scores)
    if len(u) > 1:
        same = u[1:] == u[:-1]
        prev[1:][same] = scores[:-1][same]
        nxt[:-1][same] = scores[1:][same]
    neighbours = (prev + nxt) / 2
    lead = [pr._str(a) for a in s["lead"].tolist()]
    title = [pr._str(b) for b in s["section_title"].tolist()]
    part = [pr._str(c) for c in s["part_title"].tolist()] if "part_title" in s.columns else [""] * len(s)
    x = _Inputs([t if isinstance(t, str) else "" for t in s["text"].tolist()],
                [a + "|" + b for a, b in zip(lead, title)], part, scores, cc.decision, section, neighbours)
    if sentence_ids is None:
        return x
    rows = pd.Series(np.arange(len(s)), index=s["sentence_id"].to_numpy()).loc[list(sentence_ids)]
    return x.take(rows.to_numpy())


@lru_cache(maxsize=2)
def _training(cue_path: str):
    items = located_items()
    reps = _reports()
    parts = {d: inputs(reps[d], cue_path, g["sentence_id"]) for d, g in items.groupby("doc_id", sort=False)}
    return items, parts


@dataclass(frozen=True)
class Settings:
    """A variant of the model: the regularisation ``C``, the class weights, and the weight of
    each block of features (0 leaves the block out)."""

    C: float = 3.0
    class_weight: str | None = None
    context: float = CONTEXT_WEIGHT     # lead phrase and section heading, character 2–3-grams
    cues: float = CUE_WEIGHT            # the sentence's cue scores and the dictionary's decision
    part: float = 0.0                   # the part's title, character 2–3-grams
    section: float = 0.0                # the dictionary's topics of the section's other sentences
    neighbours: float = 0.0             # the cue scores of the sentences before and after

    def describe(self) -> str:
        blocks = [n for n in ("context", "cues", "part", "section", "neighbours") if getattr(self, n)]
        return (f"C={self.C:g}, class weights {self.class_weight or 'equal'}, features: text + "
                + " + ".join(blocks))


#: the shipped variant, chosen by nested leave-document-out cross-validation (see the module docstring)
SETTINGS = Settings(C=100.0, class_weight="balanced", part=0.5, section=1.0, neighbours=1.0)
#: the variant shipped before (commit 96b9baf), when the test batch topics-dev-5 was coded
PREVIOUS_SETTINGS = Settings(C=3.0, class_weight="balanced", part=0.5, section=1.0, neighbours=1.0)


def _topic_words(prefix: str) -> list[str]:
    from . import priorities as pr

    names = pr.topics().set_index("code")["topic_en"]
    return [prefix.format(names[c]) for c in pr.topic_codes()]


@dataclass
class TopicModel:
    """A fitted model: the vectorisers, the classifier and the feature names (in words)."""

    settings: Settings
    vectorizers: dict        # block → fitted TfidfVectorizer
    classifier: object
    feature_names: np.ndarray
    excluded: str | None
    n_train: int
    #: doc_id → the texts of its hand-coded sentences (every hand-coded document, the
    #: excluded one too): how :func:`held_out` recognises a copy under another name
    coded_texts: dict = field(default_factory=dict)

    def __post_init__(self):
        self._fast = {k: CharTfidf(v) for k, v in self.vectorizers.items()}

    def matrix(self, x: _Inputs, *, fitting: bool = False):
        import scipy.sparse as sp

        st = self.settings
        blocks = []
        for name, texts, w in (("text", x.text, 1.0), ("context", x.context, st.context),
                               ("part", x.part, st.part)):
            if w and name == "text":
                blocks.append(self._fast[name].transform(texts))
            elif w:  # a heading repeats over its sentences: each distinct one once
                uniq, inv = np.unique(np.array(texts, dtype=object), return_inverse=True)
                blocks.append(w * self._fast[name].transform([str(u) for u in uniq])[inv])
        for name, arrays in (("cues", (x.scores, x.decision)), ("section", (x.section,)),
                             ("neighbours", (x.neighbours,))):
            w = getattr(st, name)
            blocks.extend(w * sp.csr_matrix(a) for a in (arrays if w else ()))
        return sp.hstack(blocks).tocsr()

    def predict_proba(self, x: _Inputs) -> np.ndarray:
        """The topic probabilities (rows: sentences; columns: ``classifier.classes_``):
        the softmax of the linear scores, as the classifier's ``predict_proba``, computed
        block by block (the feature matrix is never assembled)."""
        from scipy.special import softmax

        st, clf = self.settings, self.classifier
        coef, z = clf.coef_, np.tile(clf.intercept_, (len(x.text), 1))
        at = 0
        for name, texts, w in (("text", x.text, 1.0), ("context", x.context, st.context),
                               ("part", x.part, st.part)):
            if not w:
                continue
            block = self._fast[name]
            if name == "text":
                z += block.transform(texts) @ coef[:, at:at + block.n_features].T
            else:
                uniq, inv = np.unique(np.array(texts, dtype=object), return_inverse=True)
                z += (w * (block.transform([str(u) for u in uniq]) @ coef[:, at:at + block.n_features].T))[inv]
            at += block.n_features
        for name, arrays in (("cues", (x.scores, x.decision)), ("section", (x.section,)),
                             ("neighbours", (x.neighbours,))):
            w = getattr(st, name)
            for a in (arrays if w else ()):
                z += w * (a @ coef[:, at:at + a.shape[1]].T)
                at += a.shape[1]
        if at != coef.shape[1]:
            raise AssertionError(f"feature blocks cover {at} of {coef.shape[1]} coefficients")
        return softmax(z, axis=1)


def fit(exclude: str | None, cue_path: str, settings: Settings = SETTINGS) -> TopicModel:
    """The model trained on every hand-coded document except ``exclude`` (a doc_id;
    a document without hand codes excludes nothing, and shares one cached fit)."""
    if exclude not in set(_items()["doc_id"]):
        exclude = None
    return _fit(exclude, cue_path, settings)


#: where fitted models are kept between sessions (override with $LCANALYSIS_CACHE; "off" disables)
CACHE_ENV = "LCANALYSIS_CACHE"


def _cache_dir():
    """``$LCANALYSIS_CACHE``, else ``topic-model/`` in the package's private per-user cache
    directory (:func:`lcanalysis.tokens.cache_dir`: mode 0700, checked to be the user's own,
    as pickles are read from it); ``None`` when the cache is ``off``."""
    import os
    from pathlib import Path

    from .tokens import cache_dir

    raw = os.environ.get(CACHE_ENV)
    if raw == "off":
        return None
    if raw:
        return Path(raw)
    return cache_dir() / "topic-model"


def _cache_key(exclude: str | None, cue_path: str, settings: Settings) -> str:
    """A digest of everything a fit depends on: the hand codes, the texts of the hand-coded
    documents, the cue file, the variant, the left-out document, the package's source and
    the versions of the libraries that fit it.  A change to any of them is a new key."""
    import hashlib
    from pathlib import Path

    import sklearn

    h = hashlib.sha256()
    for part in (repr(settings), str(exclude), sklearn.__version__, np.__version__, pd.__version__):
        h.update(part.encode() + b"\0")
    files = [*GOLD_FILES, paths.VALIDATION / "topics_sample.csv",
             Path(cue_path), paths.REPORT_FILE]
    files += [document_path(d) for d in _items()["doc_id"].unique() if d != LIAOCHENG]
    files += sorted(Path(__file__).parent.rglob("*.py")) + sorted(paths.TAXONOMY.glob("*.csv"))
    h.update(_files_digest(files))
    return h.hexdigest()[:32]


#: digests of :func:`_files_digest`, by the files' paths, sizes and modification times
_DIGESTS: dict = {}


def _files_digest(files) -> bytes:
    """A digest of the files' names and contents, read once per process for as long as no
    file's size or modification time changes (a notebook asks for some 30 keys, each over the
    same hundred files: one read of them, not thirty)."""
    import hashlib
    import os

    stamp = tuple((os.fspath(f), st.st_mtime_ns, st.st_size) for f in files for st in [os.stat(f)])
    if stamp not in _DIGESTS:
        h = hashlib.sha256()
        for f in files:
            h.update(f.name.encode() + b"\0" + f.read_bytes())
        _DIGESTS[stamp] = h.digest()
    return _DIGESTS[stamp]


@lru_cache(maxsize=24)
def _fit(exclude: str | None, cue_path: str, settings: Settings = SETTINGS) -> TopicModel:
    """:func:`_fit_now`, kept on disk (:func:`_cache_dir`, one pickle per key of
    :func:`_cache_key`) so that a new session loads the fit instead of repeating it: the
    same fitted object, so the same predictions.  An unwritable or unreadable cache only
    costs the fit."""
    import pickle

    folder = _cache_dir()
    if folder is None:
        return _fit_now(exclude, cue_path, settings)
    target = folder / f"{_cache_key(exclude, cue_path, settings)}.pkl"
    try:
        with open(target, "rb") as fh:
            model = pickle.load(fh)
        if isinstance(model, TopicModel):
            _touch(target)
            return model
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    model = _fit_now(exclude, cue_path, settings)
    try:
        import os

        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        pass
    return model


#: a cached fit that no session has loaded for this many days is removed by :func:`prune_cache`
CACHE_MAX_AGE_DAYS = 30


def _touch(target) -> None:
    """Mark a cached fit as used now (its modification time), for :func:`prune_cache`."""
    import os

    try:
        os.utime(target)
    except OSError:
        pass


def prune_cache(max_age_days: float = CACHE_MAX_AGE_DAYS, *, now: float | None = None) -> list:
    """Remove the cached fits (:func:`_cache_dir`) that were neither written nor loaded in the
    last ``max_age_days`` days: each change to the hand codes, the cue file or the package's
    code is a new key, and the fits of old keys (some 8 MB each, 250 MB per version) would
    otherwise pile up.  Only files named as the cache names them (32 hex digits, ``.pkl``) are
    touched.  Returns the paths removed; ``lcanalysis run`` calls it before it fits what is missing."""
    import re
    import time

    folder = _cache_dir()
    if folder is None or not folder.is_dir():
        return []
    limit = (time.time() if now is None else now) - max_age_days * 86400
    removed = []
    for f in sorted(folder.iterdir()):
        if not re.fullmatch(r"[0-9a-f]{32}\.pkl", f.name):
            continue
        try:
            if f.stat().st_mtime < limit:
                f.unlink()
                removed.append(f)
        except OSError:
            pass
    return removed


def missing_fits(cue_path: str | None = None, settings: Settings = SETTINGS) -> list:
    """The fits that are not in the cache (:func:`_cache_dir`) yet: ``None`` (the model for a
    report without hand codes) and each hand-coded ``doc_id`` (the model that leaves it out),
    in that order; empty when the cache is off (nothing could be kept)."""
    folder = _cache_dir()
    if folder is None:
        return []
    cue_path = str(cue_path or paths.TAXONOMY / "cues.csv")
    wanted = [None, *sorted(_items()["doc_id"].unique())]
    return [x for x in wanted if not (folder / f"{_cache_key(x, cue_path, settings)}.pkl").is_file()]


def _fit_in_worker(exclude: str | None, cue_path: str) -> str | None:
    _fit(exclude, cue_path)
    return exclude


def warm_cache(jobs: int = 1, cue_path: str | None = None, *, progress=None) -> int:
    """Fit every model of :func:`missing_fits` into the cache, ``jobs`` at a time in worker
    processes, before notebooks need them.  A notebook that codes a hand-coded document fits
    the model that leaves it out (its leave-one-document-out score), so a series run on a new
    machine needs one fit per hand-coded document; when two notebooks run side by side, each
    would otherwise fit the same models.  The fits are those :func:`fit` makes (the same
    cached objects, so the same predictions).  ``progress(done, total)`` is called after each.
    Returns the number fitted."""
    cue_path = str(cue_path or paths.TAXONOMY / "cues.csv")
    todo = missing_fits(cue_path)
    if not todo:
        return 0
    if jobs <= 1:
        for k, exclude in enumerate(todo, start=1):
            _fit(exclude, cue_path)
            if progress:
                progress(k, len(todo))
        return len(todo)
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_fit_in_worker, exclude, cue_path) for exclude in todo]
        for k, future in enumerate(as_completed(futures), start=1):
            future.result()
            if progress:
                progress(k, len(todo))
    return len(todo)


def _fit_now(exclude: str | None, cue_path: str, settings: Settings = SETTINGS) -> TopicModel:
    items, parts = _training(cue_path)
    keep = [d for d in parts if d != exclude]
    y = np.concatenate([items.loc[items["doc_id"] == d, "topic"].to_numpy() for d in keep])
    model = fit_inputs(_Inputs.concat([parts[d] for d in keep]), y, settings, exclude=exclude)
    model.coded_texts = {d: frozenset(parts[d].text) for d in parts}
    return model


#: the share of a hand-coded document's coded sentences a report must contain, word for
#: word, to count as a copy of it
COPY_SHARE = 0.5


def held_out(report, cue_path: str) -> str | None:
    """The hand-coded document to leave out when coding ``report``: its own ``doc_id``
    when that is hand-coded; else the hand-coded document whose coded sentences it
    contains (at least :data:`COPY_SHARE` of them, word for word: a copy saved under
    another name, re-scraped or converted from traditional characters), with a
    warning; else ``None`` (nothing to leave out).  Coding a copy with a model trained
    on its own hand codes would be an in-sample score presented as out of sample."""
    if report.doc_id in set(_items()["doc_id"]):
        return report.doc_id
    coded = getattr(_fit(None, cue_path), "coded_texts", {})
    texts = set(report.sentences["text"].tolist())
    best, share = None, 0.0
    for doc_id, sentences in sorted(coded.items()):
        got = len(sentences & texts) / len(sentences) if sentences else 0.0
        if got > share:
            best, share = doc_id, got
    if share < COPY_SHARE:
        return None
    warnings.warn(f"{report.doc_id}: contains {share:.0%} of the hand-coded sentences of {best} "
                  f"word for word — read as a copy of it and coded with the model that leaves "
                  f"{best} out", UserWarning, stacklevel=3)
    return best


def fit_inputs(x: _Inputs, y: np.ndarray, settings: Settings, *, exclude: str | None = None) -> TopicModel:
    """Fit the model of ``settings`` on inputs ``x`` with hand codes ``y``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    st = settings
    vecs, names = {}, []
    for name, texts, w, lo, label in (("text", x.text, 1.0, 1, "sentence text contains"),
                                      ("context", x.context, st.context, 2, "lead phrase | section heading contains"),
                                      ("part", x.part, st.part, 2, "part title contains")):
        if w:
            vecs[name] = TfidfVectorizer(analyzer="char", ngram_range=(lo, 3), sublinear_tf=True,
                                         min_df=2).fit(texts)
            names += [f"{label} “{t}”" for t in vecs[name].get_feature_names_out()]
    if st.cues:
        names += _topic_words("cue score for {}") + _topic_words("cue dictionary codes it {}")
    if st.section:
        names += _topic_words("section's other sentences coded {} by the dictionary (share)")
    if st.neighbours:
        names += _topic_words("neighbouring sentences' cue score for {}")
    model = TopicModel(st, vecs, None, np.array(names, dtype=object), exclude, len(y))
    clf = LogisticRegression(C=st.C, solver="saga", max_iter=300, tol=1e-3, random_state=SEED,
                             class_weight=st.class_weight)
    with threadpool_limits(1), warnings.catch_warnings():
        # the shipped variant reaches tol within max_iter (181 epochs without Liaocheng, measured
        # 2026-12-04); some others (C 3 with balanced weights) stop at max_iter first, and such
        # variants are the deterministic result of max_iter epochs, scored as such by select_model.py
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(model.matrix(x), y)
    model.classifier = clf
    return model


_WHITE = re.compile(r"\s\s+")  # scikit-learn's char analyzer collapses runs of white space


class CharTfidf:
    """``TfidfVectorizer(analyzer="char")``'s ``transform``, vectorised: the n-grams of all
    texts are found at once as integer codes (21 bits per character) in numpy, looked up in
    the fitted vocabulary with ``searchsorted``, counted, then weighted (sublinear tf, idf)
    and normalised exactly as scikit-learn does."""

    def __init__(self, vectorizer):
        self.vectorizer = vectorizer
        self.min_n, self.max_n = vectorizer.ngram_range
        self.lowercase = vectorizer.lowercase
        self.sublinear = vectorizer.sublinear_tf
        self.idf = vectorizer.idf_
        self.n_features = len(vectorizer.vocabulary_)
        self.lookup = {}
        by_n: dict[int, list] = {}
        for term, j in vectorizer.vocabulary_.items():
            by_n.setdefault(len(term), []).append((_code(term), j))
        for n, pairs in by_n.items():
            self.lookup[n] = (pd.Index(np.array([c for c, _ in pairs], dtype=np.int64)),
                              np.array([j for _, j in pairs], dtype=np.int64))

    def transform(self, texts) -> sp.csr_matrix:
        joined = "\x00".join(texts)
        if self.lowercase:
            joined = joined.lower()
        joined = _WHITE.sub(" ", joined)
        docs = joined.split("\x00")
        if len(docs) != len(texts):  # a text with a NUL character: one at a time
            docs = [_WHITE.sub(" ", t.lower() if self.lowercase else t) for t in texts]
            joined = "".join(docs)
        else:
            joined = joined.replace("\x00", "")
        lens = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
        cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        row = np.repeat(np.arange(len(docs)), lens)
        rows, cols = [], []
        for n in range(self.min_n, self.max_n + 1):
            if n not in self.lookup or len(cps) < n:
                continue
            m = len(cps) - n + 1
            code = np.zeros(m, dtype=np.int64)
            for k in range(n):
                code = (code << 21) | cps[k:k + m]
            same = row[:m] == row[n - 1:]
            index, ids = self.lookup[n]
            j = index.get_indexer(code)  # a hash table lookup; -1 where not in the vocabulary
            hit = same & (j >= 0)
            rows.append(row[:m][hit])
            cols.append(ids[j[hit]])
        r = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, np.int64)
        x = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(docs), self.n_features))
        x.sum_duplicates()
        x.sort_indices()
        if self.sublinear:
            np.log(x.data, x.data)
            x.data += 1
        x.data *= self.idf[x.indices]
        norms = np.sqrt(np.asarray(x.multiply(x).sum(1)).ravel())
        norms[norms == 0] = 1
        x.data /= np.repeat(norms, np.diff(x.indptr))
        return x


def _code(term: str) -> int:
    c = 0
    for ch in term:
        c = (c << 21) | ord(ch)
    return c
