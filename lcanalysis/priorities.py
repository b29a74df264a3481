"""Policy priorities: CAP topic coding of sentences and attention measures.

The coder is a transparent dictionary method.  ``data/taxonomy/cues.csv`` lists
cue words and phrases with the CAP major topic they point to and a weight
(3 = decisive, 2 = typical, 1 = weak); users can read and edit it.  For each
sentence:

1. cues are matched longest first, without overlaps (新能源汽车 → 15 hides the
   shorter 新能源 → 8), each distinct cue counted once;
2. a cue scores its weight, plus up to 0.5 the earlier it stands (the
   codebook's "first listed area" rule), plus 1 if a quantity follows it within
   12 characters (the "area its numbers measure" rule);
3. the sentence's lead phrase and section heading add their cues as context,
   at 0.6 and 0.3 of their weight;
4. the topic with the highest score wins; ties go to the topic whose cue stands
   first; a best score below :data:`MIN_SCORE` (no policy cue) gives 99, as do
   the lines of the title block.

:func:`explain_topic` shows every cue that fired, its contribution and why the
winner won.
"""

from __future__ import annotations

import csv
import math
import re
import warnings
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from . import paths
from .corpus import Corpus, Report, load_report, per_document
from .errors import LcaError, TableError, require_columns
from .roles import AmbiguousRolesError, require, review_plan

#: strata for the validation sample: the report's parts, the opening as its own stratum
OPENING = "开篇"
NO_POLICY = 99
MIN_SCORE = 1.0
LEAD_FACTOR = 0.6
SECTION_FACTOR = 0.3
POSITION_BONUS = 0.5
NUMBER_BONUS = 1.0
NUMBER_WINDOW = 12
TOPIC_COLUMNS = ["doc_id", "sentence_id", "topic", "topic_en", "topic_zh", "cues", "score", "runner_up"]


def validation_sample(report: Report, n: int = 150, *, seed: int = 20240112,
                      min_per_stratum: int = 8) -> pd.DataFrame:
    """A stratified random sample of sentences (strata: parts; proportional
    allocation with at least ``min_per_stratum`` each), in reading order."""
    s = report.sentences.copy()
    s["stratum"] = s["part"].fillna(OPENING)
    sizes = s.groupby("stratum", sort=False).size()
    alloc = (sizes / sizes.sum() * n).round().astype(int).clip(lower=min_per_stratum)
    alloc = alloc.where(alloc <= sizes, sizes)
    picks = [grp.sample(n=int(alloc[name]), random_state=seed)
             for name, grp in s.groupby("stratum", sort=False)]
    out = pd.concat(picks).sort_values("sentence_id")
    return out[["sentence_id", "stratum", "part", "section", "text"]].reset_index(drop=True)


def batch_documents(national_years) -> list[tuple[str, str, Path]]:
    """The documents of a batch of the topic development set: ``(doc_id, doc_type, path)`` of
    the ten provincial 2026 reports (by file name), Shandong 2026 and the national reports of
    ``national_years``, for :func:`validation_batch`."""
    docs = [(p.stem, "province", p) for p in sorted((paths.CORPUS / "provinces-2026").glob("*.txt"))]
    docs.append(("shandong-2026", "province", paths.corpus_file("shandong-2026")))
    return docs + [(f"national-{y}", "national", paths.corpus_file(f"national-{y}"))
                   for y in national_years]


def coded_before(folders) -> set[tuple[str, int]]:
    """``(doc_id, sentence_id)`` of every sentence in the ``sample.csv`` of the earlier batches
    (folder names under ``data/validation/``), located by text in the documents as they are split
    now (:func:`lcanalysis.topic_model.located_if_known`), which a further batch leaves out."""
    from . import topic_model

    done = topic_model.located_if_known(pd.concat(
        [pd.read_csv(paths.VALIDATION / f / "sample.csv") for f in folders], ignore_index=True))
    return set(zip(done["doc_id"], done["sentence_id"].astype(int)))


@dataclass(frozen=True)
class _Sentences:
    """The one attribute :func:`validation_sample` reads from a report."""
    sentences: pd.DataFrame


def validation_batch(documents, per_type: dict[str, int], *, seed: int, min_per_stratum: int,
                     first_item: int, exclude=()) -> pd.DataFrame:
    """A further batch of a multi-document validation set.

    ``documents`` is a list of ``(doc_id, doc_type, path)``; each document gives
    ``per_type[doc_type]`` sentences drawn with :func:`validation_sample` from
    the sentences whose ``(doc_id, sentence_id)`` is not in ``exclude`` (the
    batches coded before).  Items are numbered from ``first_item``; columns
    item, doc_id, doc_type, sentence_id, stratum, part, section, text.
    """
    done = set(exclude)
    rows = []
    for doc_id, kind, path in documents:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = load_report(path, require_outline=False)
        s = report.sentences
        rest = s[[(doc_id, k) not in done for k in s["sentence_id"]]]
        pick = validation_sample(_Sentences(rest), n=per_type[kind], seed=seed,
                                 min_per_stratum=min_per_stratum)
        pick.insert(0, "doc_type", kind)
        pick.insert(0, "doc_id", doc_id)
        rows.append(pick)
    out = pd.concat(rows, ignore_index=True)
    out.insert(0, "item", range(first_item, first_item + len(out)))
    return out


# -- the codebook and the cue dictionary -----------------------------------------------
def topics() -> pd.DataFrame:
    """The CAP major topics of ``data/taxonomy/topics.csv`` (code, topic_en, topic_zh, covers)."""
    return _topics().copy()


@lru_cache(maxsize=1)
def _topics() -> pd.DataFrame:
    return pd.read_csv(paths.TAXONOMY / "topics.csv", dtype={"code": "int64"})


@lru_cache(maxsize=4)
def _load_cues(path: str) -> tuple[tuple[str, int, float], ...]:
    known = set(topics()["code"])
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for k, row in enumerate(csv.DictReader(f), start=2):
            try:
                cue, topic, weight = row["cue"].strip(), int(row["topic"]), float(row["weight"])
            except (KeyError, ValueError, TypeError):
                raise TableError(f"{paths.display(path)} line {k}: expected cue,topic,weight "
                                 f"with an integer topic and a numeric weight") from None
            if topic not in known:
                raise TableError(f"{paths.display(path)} line {k}: unknown topic {topic} for cue "
                                 f"{cue!r}; use a code from data/taxonomy/topics.csv")
            if cue:
                out.append((cue, topic, weight))
    return tuple(out)


def cues(path: str | Path | None = None) -> pd.DataFrame:
    """The cue dictionary as a table (cue, topic, weight)."""
    rows = _load_cues(str(path or paths.TAXONOMY / "cues.csv"))
    return pd.DataFrame(rows, columns=["cue", "topic", "weight"])


@lru_cache(maxsize=4)
def _matcher(path: str):
    rows = _load_cues(path)
    by_cue: dict[str, list[tuple[int, float]]] = {}
    for cue, topic, weight in rows:
        by_cue.setdefault(cue, []).append((topic, weight))
    pattern = re.compile("|".join(re.escape(c) for c in sorted(by_cue, key=len, reverse=True)))
    return pattern, by_cue


def _find(text: str, path: str) -> list[tuple[str, int, int, float]]:
    """Non-overlapping cue hits, longest first: (cue, start, topic, weight)."""
    if not isinstance(text, str) or not text:
        return []
    pattern, by_cue = _matcher(path)
    hits, seen = [], set()
    for m in pattern.finditer(text):  # leftmost-longest thanks to the sorted alternation
        if m.group() in seen:
            continue
        seen.add(m.group())
        for topic, weight in by_cue[m.group()]:
            hits.append((m.group(), m.start(), topic, weight))
    return hits


def _evidence(text, lead, section_title, quantity_starts, path) -> list[dict]:
    rows = []
    n = max(len(text), 1)
    for cue, pos, topic, weight in _find(text, path):
        bonus = POSITION_BONUS * (1 - pos / n)
        number = NUMBER_BONUS if any(0 <= q - (pos + len(cue)) <= NUMBER_WINDOW for q in quantity_starts) else 0.0
        rows.append(dict(cue=cue, where="sentence", position=pos, topic=topic, weight=weight,
                         position_bonus=round(bonus, 3), number_bonus=number,
                         contribution=round(weight + bonus + number, 3)))
    for where, ctx, factor in (("lead", lead, LEAD_FACTOR), ("section", section_title, SECTION_FACTOR)):
        for cue, pos, topic, weight in _find(ctx, path):
            rows.append(dict(cue=cue, where=where, position=n + pos, topic=topic, weight=weight,
                             position_bonus=0.0, number_bonus=0.0,
                             contribution=round(weight * factor, 3)))
    return rows


def _decide(evidence: list[dict], role: str) -> tuple[int, float, int | None, str]:
    if role == "title":
        return NO_POLICY, 0.0, None, "a line of the title block: no policy content"
    if not evidence:
        return NO_POLICY, 0.0, None, "no cue fired: no policy content"
    scores: dict[int, float] = {}
    first: dict[int, int] = {}
    for e in evidence:
        scores[e["topic"]] = scores.get(e["topic"], 0.0) + e["contribution"]
        first[e["topic"]] = min(first.get(e["topic"], 10**9), e["position"])
    ranked = sorted(scores, key=lambda t: (-round(scores[t], 6), first[t], t))
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    if scores[best] < MIN_SCORE:
        return NO_POLICY, scores[best], best, (
            f"best score {scores[best]:.2f} (topic {best}) is below {MIN_SCORE}: no policy content")
    if runner is not None and math.isclose(scores[best], scores[runner]):
        why = (f"topic {best} ties with {runner} at {scores[best]:.2f}; "
               f"its first cue stands earlier (first listed area)")
    elif runner is not None:
        why = f"topic {best} scores {scores[best]:.2f}, ahead of {runner} at {scores[runner]:.2f}"
    else:
        why = f"only topic {best} has cues ({scores[best]:.2f})"
    return best, scores[best], runner, why


def _inputs(report: Report):
    from .indicators import extract_indicators

    require_columns(report.sentences, ["sentence_id", "text", "lead", "section_title", "role", "start"],
                    what="report.sentences")
    ind = extract_indicators(report)
    q = ind.assign(rel=ind["start"]).groupby("sentence_id")["rel"].apply(list)
    starts = report.sentences.set_index("sentence_id")["start"]
    rel = {sid: [p - starts[sid] for p in ps] for sid, ps in q.items()}
    return rel


# -- the whole report at once ------------------------------------------------------------
_SEP = "\x00"  # joins texts: no cue contains it


_MULT = np.uint64(0x9E3779B97F4A7C15)  # an odd multiplier for the polynomial hash (mod 2**64)
_TABLE_BITS = 18                        # the prefilter: 256 k flags indexed by hash bits (fits a cache)


@dataclass(frozen=True)
class _CueIndex:
    """The cue dictionary prepared for matching whole texts at once."""

    words: list            # every distinct cue
    ids: dict              # cue → its index in words
    lengths: tuple         # the distinct cue lengths, ascending
    table: np.ndarray      # flags: some cue of that length may have this hash (top bits, salted by length)
    topic_start: np.ndarray  # per cue, where its (topic, weight) pairs start in topic / weight
    topic_count: np.ndarray
    topic: np.ndarray
    weight: np.ndarray


def _salted(h: np.ndarray, n: int) -> np.ndarray:
    """The table slot of hashes of length ``n``: the top bits of the hash times an odd
    number that depends on the length."""
    return (h * np.uint64((0x632BE59BD9B4E019 + 2 * n) % 2**64)) >> np.uint64(64 - _TABLE_BITS)


@lru_cache(maxsize=4)
def _cue_index(path: str) -> _CueIndex:
    _, by_cue = _matcher(path)
    words = sorted(by_cue)
    table = np.zeros(1 << _TABLE_BITS, dtype=bool)
    with np.errstate(over="ignore"):
        for n in sorted({len(w) for w in words}):
            cps = np.array([[ord(ch) for ch in w] for w in words if len(w) == n], dtype=np.uint64)
            h = np.zeros(len(cps), dtype=np.uint64)
            for k in range(n):
                h = h * _MULT + cps[:, k]
            table[_salted(h, n)] = True
    pairs = [by_cue[w] for w in words]
    count = np.array([len(x) for x in pairs], dtype=np.int64)
    return _CueIndex(words, {w: i for i, w in enumerate(words)}, tuple(sorted({len(w) for w in words})),
                     table, np.cumsum(count) - count, count,
                     np.array([t for x in pairs for t, _ in x], dtype=np.int64),
                     np.array([w for x in pairs for _, w in x], dtype=float))


def _longest_matches(joined: str, path: str) -> tuple[np.ndarray, np.ndarray]:
    """The matches of :func:`_matcher`'s pattern in ``joined`` (leftmost, longest
    first, not overlapping) as arrays of start and cue index, found without the
    regular expression: the polynomial hash of the substring of every cue length
    at every position, in numpy, looked up in a table of the cues' hashes; the few
    candidates are checked by string comparison; then one left-to-right pass keeps
    the longest match at each free position."""
    ix = _cue_index(path)
    best: dict[int, int] = {}
    with np.errstate(over="ignore"):
        cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        h = cps
        lengths = set(ix.lengths)
        for n in range(1, min(max(lengths, default=0), len(cps)) + 1):
            if n > 1:  # h[i]: the hash of cps[i:i+n], from that of cps[i:i+n-1]
                h = h[:-1] * _MULT + cps[n - 1:]
            if n not in lengths:
                continue
            for i in np.flatnonzero(ix.table[_salted(h, n)]).tolist():
                k = ix.ids.get(joined[i:i + n])
                if k is not None:
                    best[i] = k  # lengths ascend: the longest cue at i wins
    starts, cues, free = [], [], 0
    for i in sorted(best):
        if i >= free:
            starts.append(i)
            cues.append(best[i])
            free = i + len(ix.words[best[i]])
    return np.array(starts, dtype=np.int64), np.array(cues, dtype=np.int64)


def _round3(x: np.ndarray) -> np.ndarray:
    """``round(v, 3)`` of every value, as Python rounds (numpy's ``round`` can differ
    within a hair of a half-way case; those few go through Python's ``round``)."""
    y = np.round(x, 3)
    frac = np.abs(x * 1000 - np.floor(x * 1000) - 0.5)
    for i in np.flatnonzero(frac < 1e-6).tolist():
        y[i] = round(float(x[i]), 3)
    return y


def _hits_of(texts: list[str], path: str):
    """Every text's cue hits as :func:`_find` gives them (non-overlapping, longest
    first, each distinct cue once per text, one hit per topic of a cue), from one
    scan of the joined texts: arrays row (the text's index), position, topic,
    weight and cue (index into ``_cue_index(path).words``)."""
    ix = _cue_index(path)
    joined = _SEP.join(texts)
    starts, cue = _longest_matches(joined, path)
    offsets = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]]) if texts else np.zeros(0, np.int64)
    row = np.searchsorted(offsets, starts, side="right") - 1
    pos = starts - offsets[row] if len(starts) else starts
    _, first = np.unique(row * len(ix.words) + cue, return_index=True)
    keep = np.sort(first)  # each distinct cue once per text, at its first place
    row, pos, cue = row[keep], pos[keep], cue[keep]
    count = ix.topic_count[cue]
    take = _ranges(count, ix.topic_start[cue])
    rep = np.repeat(np.arange(len(cue)), count)
    return row[rep], pos[rep], ix.topic[take], ix.weight[take], cue[rep]


@dataclass(frozen=True)
class CueCoding:
    """The cue dictionary's decision for every sentence of a report (rows in the
    order of ``report.sentences``), as :func:`_evidence` and :func:`_decide` give it
    sentence by sentence."""

    topic: np.ndarray
    score: np.ndarray
    runner_up: list
    cues: list               # the sentence's own cues, "cue→topic" joined by ";"
    scores: np.ndarray       # cue score per topic (n × K, columns topic_codes())
    decision: np.ndarray     # the dictionary's decision, one-hot (n × K)


def cue_coding(report: Report, path: str) -> CueCoding:
    """The cue dictionary's coding of every sentence at once (kept for the last few
    reports: a :class:`Report` is immutable)."""
    try:
        return _cue_coding(report, path)
    except TypeError:  # an unhashable stand-in for a report
        return _cue_coding.__wrapped__(report, path)


def _ranges(counts: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(starts[i], starts[i] + counts[i])``."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    ends = np.cumsum(counts)
    return np.arange(total) - np.repeat(ends - counts, counts) + np.repeat(starts, counts)


@lru_cache(maxsize=4)
def _cue_coding(report: Report, path: str) -> CueCoding:
    from .indicators import extract_indicators

    s = report.sentences
    require_columns(s, ["sentence_id", "text", "lead", "section_title", "role", "start"],
                    what="report.sentences")
    n_rows = len(s)
    texts = [t if isinstance(t, str) else "" for t in s["text"].tolist()]
    length = np.maximum(np.fromiter(map(len, texts), dtype=np.int64, count=n_rows), 1)
    r, p, t, w, cue = _hits_of(texts, path)
    # the number rule: a quantity of the same sentence starts within NUMBER_WINDOW after the cue
    ind = extract_indicators(report)
    rowof = pd.Series(np.arange(n_rows), index=s["sentence_id"].to_numpy())
    q_row = rowof.reindex(ind["sentence_id"].to_numpy()).to_numpy()
    ok = ~pd.isna(q_row)
    q_row = q_row[ok].astype(np.int64)
    big = np.int64(1) << 32
    keys = np.sort(q_row * big + (ind["start"].to_numpy()[ok].astype(np.int64) - s["start"].to_numpy()[q_row]))
    ix = _cue_index(path)
    cue_len = np.array([len(x) for x in ix.words], dtype=np.int64)
    end = p + cue_len[cue]
    if len(keys):
        j = np.minimum(np.searchsorted(keys, r * big + end, side="left"), len(keys) - 1)
        near = (keys[j] >= r * big + end) & (keys[j] <= r * big + end + NUMBER_WINDOW)
    else:
        near = np.zeros(len(r), bool)
    bonus = POSITION_BONUS * (1 - p / length[r])
    ev_r, ev_t, ev_c, ev_p = [r], [t], [_round3(w + bonus + np.where(near, NUMBER_BONUS, 0.0))], [p]
    for col, factor in (("lead", LEAD_FACTOR), ("section_title", SECTION_FACTOR)):
        ctx = [x if isinstance(x, str) else "" for x in s[col].tolist()]
        uniq, inv = np.unique(np.array(ctx, dtype=object), return_inverse=True)
        hr, hp, ht, hw, _ = _hits_of([str(x) for x in uniq], path)
        counts = np.bincount(hr, minlength=len(uniq))[inv]
        first = np.searchsorted(hr, np.arange(len(uniq)))[inv]
        take = _ranges(counts, first)
        rows = np.repeat(np.arange(n_rows), counts)
        ev_r.append(rows)
        ev_t.append(ht[take])
        ev_c.append(_round3(hw[take] * factor))
        ev_p.append(hp[take] + length[rows])
    er, et, ec, ep = (np.concatenate(x) for x in (ev_r, ev_t, ev_c, ev_p))
    order = np.argsort(er, kind="stable")  # a sentence's own cues, then its lead's, then its section's
    er, et, ec, ep = er[order], et[order], ec[order], ep[order]
    codes = topic_codes()
    col_of = np.full(max(codes) + 1, -1, dtype=np.int64)
    col_of[codes] = np.arange(len(codes))
    k = len(codes)
    scores = np.zeros(n_rows * k)
    np.add.at(scores, er * k + col_of[et], ec)  # in evidence order, as the sentence-wise sum
    first_pos = np.full(n_rows * k, np.iinfo(np.int64).max)
    np.minimum.at(first_pos, er * k + col_of[et], ep)
    scores = scores.reshape(n_rows, k)
    present = np.flatnonzero(first_pos < np.iinfo(np.int64).max)
    pr_row, pr_col = present // k, present % k
    pr_score, pr_topic = scores.ravel()[present], np.asarray(codes)[pr_col]
    rank = np.lexsort((pr_topic, first_pos[present], -np.round(pr_score, 6), pr_row))
    pr_row, pr_topic, pr_score = pr_row[rank], pr_topic[rank], pr_score[rank]
    head = np.r_[True, pr_row[1:] != pr_row[:-1]] if len(pr_row) else np.zeros(0, bool)
    second = np.r_[False, head[:-1] & ~head[1:]] if len(pr_row) else np.zeros(0, bool)
    topic = np.full(n_rows, NO_POLICY, dtype=np.int64)
    score = np.zeros(n_rows)
    runner: list = [None] * n_rows
    for rr, tt in zip(pr_row[second].tolist(), pr_topic[second].tolist()):
        runner[rr] = tt
    br, bt, bs = pr_row[head], pr_topic[head], pr_score[head]
    score[br] = bs
    topic[br] = np.where(bs < MIN_SCORE, NO_POLICY, bt)
    for rr, tt in zip(br[bs < MIN_SCORE].tolist(), bt[bs < MIN_SCORE].tolist()):
        runner[rr] = tt  # below the floor: 99, with the best topic as the runner-up
    title = (s["role"] == "title").to_numpy()
    topic[title], score[title] = NO_POLICY, 0.0
    for rr in np.flatnonzero(title).tolist():
        runner[rr] = None
    decision = np.zeros_like(scores)
    decision[np.arange(n_rows), col_of[topic]] = 1.0
    own: list[list[str]] = [[] for _ in range(n_rows)]
    for rr, c, tt in zip(r.tolist(), cue.tolist(), t.tolist()):
        own[rr].append(f"{ix.words[c]}→{tt}")
    return CueCoding(topic, score, runner, [";".join(x) for x in own], scores, decision)


Method = Literal["model", "cues"]
#: the default coder: the better by leave-one-document-out kappa on the development set
#: (data/validation/topics-dev/README.md; notebook 04)
DEFAULT_METHOD: Method = "model"
_METHODS = ("model", "cues")


def topic_codes() -> list[int]:
    """The codebook's topic codes, sorted."""
    return sorted(int(c) for c in topics()["code"])


def _check_method(method) -> None:
    if method not in _METHODS:
        raise LcaError(f"unknown coding method {method!r}; use 'model' (logistic regression on "
                       f"character n-grams and cue features) or 'cues' (the cue dictionary)")


@per_document
def code_topics(report: Report, *, method: Method = DEFAULT_METHOD,
                cue_file: str | Path | None = None, settings=None) -> pd.DataFrame:
    """One primary CAP topic per sentence: doc_id, sentence_id, topic, topic_en,
    topic_zh, cues (the sentence's own cues, ``cue→topic`` joined by ``;``),
    score, runner_up.

    ``method="model"`` (default): the supervised coder of
    :mod:`lcanalysis.topic_model`, trained on the shipped hand codes of every
    document except this one; ``score`` is the winning topic's probability and
    ``runner_up`` the second most probable topic; ``settings``: another variant of the model
    (a :class:`lcanalysis.topic_model.Settings`), for comparisons (default: the shipped one).
    ``method="cues"``: the cue dictionary alone; ``score`` is the winner's cue score."""
    _check_method(method)
    if settings is not None:
        from .topic_model import Settings

        if not isinstance(settings, Settings):
            raise LcaError(f"settings must be an lcanalysis.topic_model.Settings, not "
                           f"{type(settings).__name__} ({settings!r})")
        if method != "model":
            raise LcaError(f"settings= chooses a variant of the model; method={method!r} has none")
    path = str(cue_file or paths.TAXONOMY / "cues.csv")
    cc = cue_coding(report, path)
    topic, score, runner = cc.topic, np.round(cc.score, 3), cc.runner_up
    if method == "model" and len(topic):
        from . import topic_model

        model = topic_model.fit(topic_model.held_out(report, path), path,
                                settings or topic_model.SETTINGS)
        proba = model.predict_proba(topic_model.inputs(report, path))
        classes = model.classifier.classes_
        order = np.argsort(-proba, axis=1, kind="stable")
        title = (report.sentences["role"] == "title").to_numpy()
        topic = np.where(title, NO_POLICY, classes[order[:, 0]])
        score = np.round(proba[np.arange(len(topic)), order[:, 0]], 3)
        runner = np.where(title, None, classes[order[:, 1]]).tolist()
    # the table built column by column in its final dtypes (assembling it and converting
    # took as long as the coding of a short report)
    topic = np.asarray(topic, dtype=np.int64)
    en, zh = _topic_name_maps()
    out = pd.DataFrame(dict(doc_id=report.doc_id,
                            sentence_id=report.sentences["sentence_id"].to_numpy(np.int64),
                            topic=topic, topic_en=pd.Series(topic).map(en),
                            topic_zh=pd.Series(topic).map(zh), cues=cc.cues,
                            score=np.asarray(score, dtype=float),
                            runner_up=pd.array(runner, dtype="Int64")), columns=TOPIC_COLUMNS)
    return out


@lru_cache(maxsize=1)
def _topic_name_maps() -> tuple[dict, dict]:
    names = _topics().set_index("code")
    return names["topic_en"].to_dict(), names["topic_zh"].to_dict()


def _str(x) -> str:
    return x if isinstance(x, str) else ""


@dataclass
class TopicExplanation:
    """The evidence behind one sentence's topic: the cues that fired (both
    methods) and, for the model, the features that carried its prediction."""

    sentence_id: int
    text: str
    topic: int
    topic_en: str
    reason: str
    scores: pd.Series
    cues: pd.DataFrame
    method: str = "cues"
    features: pd.DataFrame | None = None

    def __repr__(self) -> str:
        lines = [f"sentence {self.sentence_id}: {self.text}",
                 f"→ topic {self.topic} ({self.topic_en}): {self.reason}"]
        if self.features is not None:
            lines.append("features that carried the prediction:")
            lines.append(self.features.to_string(index=False))
        if len(self.cues):
            lines.append("cues that fired:" if self.features is not None else "")
            lines.append(self.cues.to_string(index=False))
        return "\n".join(x for x in lines if x)


#: how many features :func:`explain_topic` lists for the model
N_FEATURES = 8


def explain_topic(report: Report, sentence_id: int, *, method: Method = DEFAULT_METHOD,
                  cue_file: str | Path | None = None) -> TopicExplanation:
    """Which cues fired for a sentence, with what weight, and why its topic won;
    for ``method="model"`` also the features with the largest contribution
    (feature value × coefficient, relative to the mean over topics) to the
    predicted topic, and the topic probabilities as ``scores``."""
    _check_method(method)
    s = report.sentences
    if sentence_id not in set(s["sentence_id"]):
        raise LcaError(f"no sentence {sentence_id} in {report.doc_id}: "
                       f"sentence ids run from {s['sentence_id'].min()} to {s['sentence_id'].max()}")
    row = s.set_index("sentence_id").loc[sentence_id]
    path = str(cue_file or paths.TAXONOMY / "cues.csv")
    rel = _inputs(report)
    ev = _evidence(row["text"], _str(row["lead"]), _str(row["section_title"]),
                   rel.get(sentence_id, []), path)
    topic, _, _, why = _decide(ev, row["role"])
    table = pd.DataFrame(ev, columns=["cue", "where", "position", "topic", "weight",
                                      "position_bonus", "number_bonus", "contribution"])
    scores = table.groupby("topic")["contribution"].sum().sort_values(ascending=False).round(3)
    names = topics().set_index("code")
    features = None
    if method == "model":
        from . import topic_model

        model = topic_model.fit(topic_model.held_out(report, path), path)
        x = model.matrix(topic_model.inputs(report, path, [sentence_id]))
        proba = model.predict_proba(topic_model.inputs(report, path, [sentence_id]))[0]
        classes = model.classifier.classes_
        scores = pd.Series(proba, index=classes).sort_values(ascending=False).round(3)
        if row["role"] == "title":
            topic, why = NO_POLICY, "a line of the title block: no policy content"
        else:
            topic = int(scores.index[0])
            why = (f"model: probability {scores.iloc[0]:.2f} for topic {topic}, "
                   f"{scores.iloc[1]:.2f} for the runner-up {int(scores.index[1])}")
            coef = model.classifier.coef_
            k = list(classes).index(topic)
            x = x.tocoo()
            contrib = x.data * (coef[k, x.col] - coef[:, x.col].mean(0))
            top = np.argsort(-contrib, kind="stable")[:N_FEATURES]
            features = pd.DataFrame({"feature": model.feature_names[x.col[top]],
                                     "value": np.round(x.data[top], 3),
                                     "contribution": np.round(contrib[top], 3)})
    return TopicExplanation(sentence_id, row["text"], topic, names.loc[topic, "topic_en"], why,
                            scores, table, method, features)


def coded_hand_sample(*, method: Method = DEFAULT_METHOD, cue_file: str | Path | None = None) -> pd.DataFrame:
    """Every hand-coded sentence (the development set and the Liaocheng sample)
    beside the coder's topic: doc_id, doc_type, group (Liaocheng, provinces 2026,
    national 1980s … 2020s), sentence_id, hand, coder.

    With ``method="model"`` each document is coded by a model trained without
    it (leave-one-document-out: out of sample).  The cue dictionary was written
    on the Liaocheng report and revised after looking at the development set's
    errors, so its scores here are in sample."""
    from . import topic_model

    items = topic_model.located_items()
    reps = topic_model._reports()
    coded = pd.concat([code_topics(reps[d], method=method, cue_file=cue_file) for d in items["doc_id"].unique()])
    m = items.merge(coded[["doc_id", "sentence_id", "topic"]], on=["doc_id", "sentence_id"],
                    suffixes=("_hand", "_coder"), validate="1:1")
    m["group"] = _doc_group(m)
    return m.rename(columns={"topic_hand": "hand", "topic_coder": "coder"})[
        ["doc_id", "doc_type", "group", "sentence_id", "hand", "coder"]]


def _doc_group(m: pd.DataFrame) -> np.ndarray:
    year = m["doc_id"].str.extract(r"(\d{4})$")[0].astype(int)
    return np.where(m["doc_type"] == "national", "national " + (year // 10 * 10).astype(str) + "s",
                    np.where(m["doc_type"] == "province", "provinces 2026", "Liaocheng"))


def model_selection() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The record of how the model's variant was chosen
    (``data/validation/topics-dev/select_model.py``): the variants tried, with the
    selection criterion and their plain leave-one-document-out kappas, and the
    nested leave-document-out coding of every hand-coded sentence (columns of
    :func:`coded_hand_sample`, plus ``variant``), each document coded by the
    variant chosen without it."""
    folder = paths.VALIDATION / "topics-dev" / "model_selection"
    variants = pd.read_csv(folder / "variants.csv")
    nested = pd.read_csv(folder / "nested.csv")
    require_columns(nested, ["doc_id", "doc_type", "sentence_id", "hand", "coder", "variant"],
                    what=paths.display(folder / "nested.csv"))
    nested["group"] = _doc_group(nested)
    return variants, nested[["doc_id", "doc_type", "group", "sentence_id", "hand", "coder", "variant"]]


#: the batches of the development set scored before they were used: batch → (folder, the
#: commit its ``score_frozen.py`` ran at, what the model had been trained on then)
FROZEN_BATCHES = {
    2: ("topics-dev-2", "770e4c8", "batch 1 and Liaocheng"),
    3: ("topics-dev-3", "0c4beea", "batches 1–2 and Liaocheng"),
    4: ("topics-dev-4", "1aa53f5", "batches 1–3 and Liaocheng"),
    5: ("topics-dev-5", "96b9baf", "batches 1–4 and Liaocheng (the shipped model; a test set)"),
}


def frozen_check(batch: int = 2) -> dict[str, pd.DataFrame]:
    """The coders as they stood before a batch of the development set was used, scored on that
    batch (``data/validation/<folder>/frozen_predictions.csv``, written by its
    ``score_frozen.py``; :data:`FROZEN_BATCHES`): method → a table in the columns of
    :func:`coded_hand_sample`.  Each batch was drawn and coded after the model's variant had
    been chosen, and each document was coded by a model trained without it, so the model's
    score is out of sample twice over (new sentences, and national reports it had never seen);
    the cue dictionary had never seen these sentences either.  The third batch's predictions
    were committed before its hand codes existed; its hand codes are read from ``gold.csv``."""
    if batch not in FROZEN_BATCHES:
        raise LcaError(f"no frozen check for batch {batch!r}; batches: {sorted(FROZEN_BATCHES)}")
    folder = paths.VALIDATION / FROZEN_BATCHES[batch][0]
    path = folder / "frozen_predictions.csv"
    table = pd.read_csv(path)
    if "hand" not in table.columns:
        table = _with_hand_codes(table, folder, paths.display(path))
    require_columns(table, ["doc_id", "doc_type", "sentence_id", "hand", "model", "cues"],
                    what=paths.display(path))
    return _by_method(table)


def _with_hand_codes(table: pd.DataFrame, folder: Path, what: str) -> pd.DataFrame:
    """``table`` (by ``item``) with the final hand code of each item from the batch's gold.csv."""
    gold = pd.read_csv(folder / "gold.csv")
    require_columns(gold, ["item", "topic"], what=paths.display(folder / "gold.csv"))
    table = table.merge(gold[["item", "topic"]].rename(columns={"topic": "hand"}),
                        on="item", how="left", validate="1:1")
    if table["hand"].isna().any():
        raise TableError(f"{paths.display(folder / 'gold.csv')} lacks the final code of "
                         f"{int(table['hand'].isna().sum())} item(s) of {what}")
    return table


def _by_method(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    table = table.assign(group=_doc_group(table))
    cols = ["doc_id", "doc_type", "group", "sentence_id", "hand", "coder"]
    return {m: table.rename(columns={m: "coder"})[cols] for m in ("model", "cues")}


#: the test set of the shipped model: the batch of the development set it never trains on
TEST_BATCH = 5


def test_set_check(batch: int = TEST_BATCH, *, settings=None) -> dict[str, pd.DataFrame]:
    """The coders *as shipped now* scored on the test batch (``data/validation/topics-dev-<batch>/``),
    in the form of :func:`frozen_check`: each sentence of its ``sample.csv``, found in the
    document as it is loaded now (:func:`lcanalysis.topic_model.locate`), coded by
    :func:`code_sample` and joined to the batch's final hand codes.  :func:`frozen_check` keeps
    the predictions of the model that stood when the batch was coded; this is the score of the
    model retrained since, which is out of sample as long as the batch is not training data —
    checked here: a batch in :data:`lcanalysis.topic_model.GOLD_FILES` is an error.  ``settings``
    codes it with another variant of the model instead (:func:`test_set_comparison`)."""
    from . import topic_model as tm

    folder = paths.VALIDATION / FROZEN_BATCHES[batch][0] if batch in FROZEN_BATCHES else None
    if folder is None or folder / "gold.csv" in tm.GOLD_FILES:
        raise LcaError(f"batch {batch!r} is not a test set of the shipped model (training batches: "
                       + ", ".join(paths.display(f.parent) for f in tm.GOLD_FILES) + ")")
    sample = pd.read_csv(folder / "sample.csv")
    require_columns(sample, ["item", "doc_id", "doc_type", "sentence_id", "text"],
                    what=paths.display(folder / "sample.csv"))
    reports = _load_documents(sample["doc_id"].unique())
    located = tm.locate(sample, reports)
    table = code_sample(located, settings=settings, reports=reports)
    return _by_method(_with_hand_codes(table, folder, paths.display(folder / "sample.csv")))


def _load_documents(doc_ids) -> dict:
    """doc_id → the loaded corpus document (:func:`lcanalysis.topic_model.document_path`)."""
    from .topic_model import document_path

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # outline warnings of scraped reports: not the coders' concern
        return {d: load_report(document_path(d), require_outline=False) for d in doc_ids}


def code_sample(sample: pd.DataFrame, *, settings=None, reports: dict | None = None) -> pd.DataFrame:
    """Code the sentences of a validation batch (``item, doc_id, doc_type, sentence_id``) with
    both coders: columns item, doc_id, doc_type, sentence_id, model, cues.  Each document is
    loaded from the corpus (:func:`lcanalysis.topic_model.document_path`; or taken from
    ``reports``, doc_id → report, when given) and coded whole; the model (the shipped variant, or
    ``settings``) leaves that document out of its training set, as it does for any hand-coded
    document.  The batches' ``score_frozen.py`` write this table before the batch's hand codes exist."""
    require_columns(sample, ["item", "doc_id", "doc_type", "sentence_id"], what="the sample")
    reports = reports or _load_documents(sample["doc_id"].unique())
    rows = []
    for doc_id, g in sample.groupby("doc_id", sort=False):
        report = reports[doc_id]
        got = {m: code_topics(report, method=m, **({"settings": settings} if m == "model" else {}))
               .set_index("sentence_id")["topic"] for m in ("model", "cues")}
        rows.append(g[["item", "doc_id", "doc_type", "sentence_id"]].assign(
            model=got["model"].loc[g["sentence_id"]].to_numpy(),
            cues=got["cues"].loc[g["sentence_id"]].to_numpy()))
    return pd.concat(rows, ignore_index=True)


def write_frozen_predictions(folder) -> pd.DataFrame:
    """Code a validation batch's ``sample.csv`` with both coders (:func:`code_sample`) and write
    ``frozen_predictions.csv`` beside it, with the commit the repository is at (the batches'
    ``score_frozen.py`` call this before the batch's hand codes enter the repository)."""
    import subprocess

    folder = Path(folder)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=True, cwd=folder).stdout.strip()
    out = code_sample(pd.read_csv(folder / "sample.csv")).assign(commit=commit)
    out.to_csv(folder / "frozen_predictions.csv", index=False)
    return out


def frozen_checks(*, resamples: int = 999, seed: int = 20261202) -> pd.DataFrame:
    """Every frozen check (:func:`frozen_check`) in one table: batch, trained_on, doc_type
    (province / national / all), n, documents, then kappa, kappa_low, kappa_high per method (the
    Wald interval, sentences independent), and for the model ``kappa_low_docs`` and
    ``kappa_high_docs``: a 95% percentile interval from resampling whole documents
    (:func:`document_bootstrap_kappa`), which respects that sentences of one document are alike."""
    rows = [_check_table(frozen_check(batch), resamples, seed).assign(batch=batch, trained_on=trained_on)
            for batch, (_, _, trained_on) in FROZEN_BATCHES.items()]
    out = pd.concat(rows, ignore_index=True)
    first = ["batch", "trained_on", "doc_type", "n", "documents"]
    return out[first + [c for c in out.columns if c not in first]]


def test_set_scores(batch: int = TEST_BATCH, *, resamples: int = 999, seed: int = 20261202) -> pd.DataFrame:
    """:func:`test_set_check` as a table in the columns of :func:`frozen_checks` (doc_type
    province / national / all; ``trained_on`` names the training batches)."""
    from . import topic_model as tm

    numbers = [re.fullmatch(r"topics-dev(?:-(\d+))?", f.parent.name).group(1) or "1" for f in tm.GOLD_FILES]
    trained = f"batches {', '.join(numbers)} and Liaocheng (the shipped model; batch {batch} a test set)"
    out = _check_table(test_set_check(batch), resamples, seed).assign(batch=batch, trained_on=trained)
    first = ["batch", "trained_on", "doc_type", "n", "documents"]
    return out[first + [c for c in out.columns if c not in first]]


#: the column of model_selection/variants.csv (plain LODO kappa) that predicts each doc_type's gain
_LODO_COLUMN = {"province": "lodo_provinces", "national": "lodo_national", "all": "lodo_development set"}


def test_set_comparison(previous=None, batch: int = TEST_BATCH, *, resamples: int = 999,
                        seed: int = 20261202) -> pd.DataFrame:
    """The shipped model against an earlier variant (``previous``: a
    :class:`lcanalysis.topic_model.Settings`, default ``topic_model.PREVIOUS_SETTINGS``) on the
    test batch, both coding it now in the same way (:func:`test_set_check`).  Per doc_type
    (province / national / all): n, documents, kappa_shipped, kappa_previous, their paired
    ``difference`` with a 95% interval from resampling whole documents
    (:func:`paired_kappa_difference`); ``frozen_record``, the kappa of the batch's frozen
    predictions (:func:`frozen_check`: the model that stood when it was coded, which
    ``kappa_previous`` should reproduce when ``previous`` is that model); and ``predicted``, the
    gain the development set's cross-validation predicted (the two variants' plain LODO kappas in
    :func:`model_selection`; NaN for a variant the grid did not try)."""
    from . import topic_model as tm

    previous = previous or tm.PREVIOUS_SETTINGS
    shipped = test_set_check(batch)["model"]
    earlier = test_set_check(batch, settings=previous)["model"]
    frozen = frozen_check(batch)["model"]
    variants = model_selection()[0]

    def lodo(st, column):  # the variants.csv row of the variant st (its fields as recorded)
        same = np.logical_and.reduce([variants[k].fillna("").eq("" if v is None else v)
                                      for k, v in asdict(st).items()])
        return float(variants.loc[same, column].iloc[0]) if same.any() else float("nan")

    rows = []
    for name, index in [*shipped.groupby("doc_type", sort=False).groups.items(), ("all", shipped.index)]:
        a, b = shipped.loc[index], earlier.loc[index]
        f = frozen if name == "all" else frozen[frozen["doc_type"] == name]
        d = paired_kappa_difference(a, b, resamples=resamples, seed=seed)
        rows.append(dict(doc_type=name, n=d["n"], documents=d["documents"],
                         kappa_shipped=_agreement(a["hand"], a["coder"])[0]["kappa"],
                         kappa_previous=_agreement(b["hand"], b["coder"])[0]["kappa"],
                         difference=d["difference"], difference_low=d["low"], difference_high=d["high"],
                         frozen_record=_agreement(f["hand"], f["coder"])[0]["kappa"],
                         predicted=lodo(tm.SETTINGS, _LODO_COLUMN[name]) - lodo(previous, _LODO_COLUMN[name])))
    return pd.DataFrame(rows)


def _check_table(checks: dict, resamples: int, seed: int) -> pd.DataFrame:
    t = coder_comparison(checks, "doc_type", total="all")
    m = checks["model"]
    sets = {**{k: g for k, g in m.groupby("doc_type", sort=False)}, "all": m}
    ci = {k: document_bootstrap_kappa(g, resamples=resamples, seed=seed) for k, g in sets.items()}
    t["documents"] = [sets[k]["doc_id"].nunique() for k in t["doc_type"]]
    t["kappa_low_docs"] = [ci[k][0] for k in t["doc_type"]]
    t["kappa_high_docs"] = [ci[k][1] for k in t["doc_type"]]
    return t


def document_bootstrap_kappa(sample: pd.DataFrame, *, resamples: int = 999, seed: int = 20261202,
                             level: float = 0.95) -> tuple[float, float]:
    """A percentile interval of Cohen's kappa of ``coder`` against ``hand`` that resamples whole
    documents (``doc_id``) with replacement — the cluster bootstrap: a coder's errors cluster by
    document, so an interval that treats sentences as independent is too narrow.  With few
    documents (a dozen) the interval is itself rough, and with three to five it is too narrow to
    read (it can be narrower than the Wald interval); with one document it is (nan, nan)."""
    kappas = _resampled_kappas(sample, sample["coder"], resamples, seed)
    if kappas is None:
        return (float("nan"), float("nan"))
    lo, hi = np.quantile(kappas[0], [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def paired_kappa_difference(sample: pd.DataFrame, other: pd.DataFrame, *, resamples: int = 999,
                            seed: int = 20261202, level: float = 0.95) -> dict:
    """Cohen's kappa of ``sample``'s coder minus that of ``other``'s, two codings of the same
    sentences (the same doc_id, sentence_id and hand code, row by row), with a percentile interval
    from resampling whole documents — both codings drawn together, so the interval is that of the
    paired difference, far narrower than the two kappas' own intervals suggest.  Returns
    ``difference``, ``low``, ``high``, ``documents``, ``n``."""
    keys = ["doc_id", "sentence_id", "hand"]
    require_columns(sample, [*keys, "coder"], what="the first coding")
    require_columns(other, [*keys, "coder"], what="the second coding")
    if len(sample) != len(other) or not (sample[keys].to_numpy() == other[keys].to_numpy()).all():
        raise TableError("the two codings are not of the same sentences in the same order")
    kappas = _resampled_kappas(sample, other["coder"], resamples, seed)
    a = _agreement(sample["hand"], sample["coder"])[0]["kappa"]
    b = _agreement(other["hand"], other["coder"])[0]["kappa"]
    lo, hi = (np.quantile(kappas[0] - kappas[1], [(1 - level) / 2, (1 + level) / 2])
              if kappas is not None else (float("nan"), float("nan")))
    return dict(difference=a - b, low=float(lo), high=float(hi),
                documents=int(sample["doc_id"].nunique()), n=len(sample))


def _resampled_kappas(sample: pd.DataFrame, second, resamples: int, seed: int):
    """Kappa of ``sample``'s coder and of the coding ``second`` (same rows) against ``hand`` in
    each of ``resamples`` resamples of whole documents (2 × resamples), or None for one document."""
    docs = sample["doc_id"].to_numpy()
    names, doc_index = np.unique(docs, return_inverse=True)
    if len(names) < 2:
        return None
    n = len(sample)
    labels, codes = np.unique(np.concatenate([sample["hand"].to_numpy(), sample["coder"].to_numpy(),
                                              np.asarray(second)]), return_inverse=True)
    k = len(labels)
    hand = codes[:n]
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(names), size=(resamples, len(names)))
    out = []
    for coder in (codes[n:2 * n], codes[2 * n:]):
        # one confusion matrix per document; a resample adds up the matrices of the documents drawn
        per_doc = np.zeros((len(names), k, k))
        np.add.at(per_doc, (doc_index, hand, coder), 1)
        tables = per_doc[draws].sum(axis=1)
        total = tables.sum(axis=(1, 2))
        observed = np.trace(tables, axis1=1, axis2=2) / total
        chance = (tables.sum(axis=2) * tables.sum(axis=1)).sum(axis=1) / total ** 2
        out.append((observed - chance) / (1 - chance))
    return out


def kappa_by(sample: pd.DataFrame, by: str, *, total: str = "development set") -> pd.DataFrame:
    """Cohen's kappa (with its 95% interval) and accuracy of ``coder`` against
    ``hand`` within each value of ``by``, and over every document but Liaocheng (a row
    named ``total``, default "development set")."""
    dev = sample[sample["doc_type"] != "Liaocheng"]
    name = total
    groups_ = [*sample.groupby(by, sort=False), (name, dev)]
    return pd.DataFrame([{by: name, **_agreement(g["hand"], g["coder"])[0]} for name, g in groups_])


def coder_comparison(samples: dict[str, pd.DataFrame], by: str = "group", *,
                     total: str = "development set") -> pd.DataFrame:
    """Kappa of each coder (``samples``: method → :func:`coded_hand_sample`)
    side by side, one row per value of ``by``: n, then kappa, kappa_low,
    kappa_high per method (columns ``kappa_<method>`` …)."""
    out = None
    for method, sample in samples.items():
        k = kappa_by(sample, by, total=total)[[by, "n", "kappa", "kappa_low", "kappa_high"]]
        k = k.rename(columns={c: f"{c}_{method}" for c in ("kappa", "kappa_low", "kappa_high")})
        out = k if out is None else out.merge(k.drop(columns="n"), on=by, validate="1:1")
    return out


def supported_topics(per_topic: pd.DataFrame, *, min_hand: int = 10, min_score: float = 0.7) -> pd.DataFrame:
    """Which topics' shares the coder's accuracy supports: per-topic precision and
    recall (from :func:`validation_scores`) both at least ``min_score`` on at least
    ``min_hand`` hand-coded sentences.  Adds a ``supported`` column."""
    require_columns(per_topic, ["topic", "hand", "precision", "recall"], what="per-topic scores")
    ok = (per_topic["hand"] >= min_hand) & (per_topic["precision"] >= min_score) & (per_topic["recall"] >= min_score)
    return per_topic.assign(supported=ok)


def agreement(sample: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """:func:`validation_scores` of a :func:`coded_hand_sample` table (columns
    ``hand`` and ``coder``): overall accuracy and kappa, per-topic precision and recall."""
    require_columns(sample, ["hand", "coder"], what="hand-coded sample")
    return _agreement(sample["hand"], sample["coder"])


def topic_names(codes, *, lang: str = "en") -> list[str]:
    """The codebook names of topic codes (``lang``: en / zh)."""
    t = topics().set_index("code")["topic_zh" if lang == "zh" else "topic_en"]
    return [t[int(c)] for c in codes]


# -- measures -------------------------------------------------------------------------
def _coded(report: Report | Corpus, coded: pd.DataFrame) -> pd.DataFrame:
    require_columns(coded, ["sentence_id", "topic"], what="topics")
    cols = ["sentence_id", "part", "section", "section_title", "role", "start", "end"]
    if isinstance(report, Corpus):  # keyed by (doc_id, sentence_id)
        require_columns(coded, ["doc_id"], what="topics of a corpus")
        s = report.sentences[["doc_id"] + cols]
        out = s.merge(coded[["doc_id", "sentence_id", "topic"]], on=["doc_id", "sentence_id"],
                      how="inner", validate="1:1")
    else:
        s = report.sentences[cols]
        out = s.merge(coded[["sentence_id", "topic"]], on="sentence_id", how="inner", validate="1:1")
    out["chars"] = out["end"] - out["start"]
    return out


#: the comparison groups: the review of the past year and the plan for the year,
#: as :func:`lcanalysis.roles.review_plan` reads them from the outline (for
#: Liaocheng 2024: part 一, and parts 二 and 三 — the plan includes the part on
#: the government's own work, whose counterpart is the review's section （七）).
REVIEW, PLAN, WHOLE = "回顾", "计划", "全文"


def groups(report: Report | Corpus, coded: pd.DataFrame, *, review: tuple[str, ...] | None = None,
           plan: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """The comparison groups of notebook 04: the whole report (全文), the review
    (回顾) and the plan (计划) of :func:`lcanalysis.roles.review_plan`
    (``review=`` / ``plan=`` override it).  For a :class:`~lcanalysis.corpus.Corpus`,
    one group per report (its doc_id), the whole report (reports of other years and
    levels lay out their parts differently)."""
    if isinstance(report, Corpus):
        c = _coded(report, coded)
        return {d: c[c["doc_id"] == d] for d in report.doc_ids}
    rp = review_plan(report, review=review, plan=plan)
    require(rp, "the review/plan comparison", report.doc_id)
    c = _coded(report, coded)
    return {WHOLE: c, REVIEW: c[c["part"].isin(rp.review)], PLAN: c[c["part"].isin(rp.plan)]}


def attention(grouped: dict[str, pd.DataFrame], *, policy_only: bool = True) -> pd.DataFrame:
    """Attention shares by topic in each group: share of sentences and share of
    characters (long table: group, topic, sentences, chars, share_sentences,
    share_chars).  With ``policy_only`` the shares are among sentences with
    policy content (topic 99 left out), as in the policy-agendas literature."""
    rows = []
    for name, df in grouped.items():
        d = df[df["topic"] != NO_POLICY] if policy_only else df
        n, chars = len(d), d["chars"].sum()
        for topic, g in d.groupby("topic"):
            rows.append(dict(group=name, topic=int(topic), sentences=len(g), chars=int(g["chars"].sum()),
                             share_sentences=len(g) / n if n else np.nan,
                             share_chars=g["chars"].sum() / chars if chars else np.nan))
    return pd.DataFrame(rows, columns=["group", "topic", "sentences", "chars", "share_sentences",
                                       "share_chars"])


Unit = Literal["section", "sentence"]


def units(df: pd.DataFrame, *, unit: Unit = "section") -> np.ndarray:
    """The resampling unit of each coded sentence: its section (part and numbered
    section; the sentences of a part outside its numbered sections, such as its
    lead paragraph, form one unit) or, with ``unit="sentence"``, the sentence."""
    if unit == "sentence":
        return np.arange(len(df))
    if unit != "section":
        raise LcaError(f"unknown unit {unit!r}; use 'section' or 'sentence'")
    require_columns(df, ["part", "section"], what="coded sentences (unit='section')")
    key = df["part"].fillna(OPENING).astype(str) + "/" + df["section"].astype("Int64").astype(str)
    return pd.factorize(key)[0]


def _chi2(obs: np.ndarray) -> np.ndarray:
    """Pearson chi-square of 2 × K tables stacked on the first axis (obs: n × 2 × K)."""
    exp = obs.sum(-1, keepdims=True) * obs.sum(-2, keepdims=True) / obs.sum((-1, -2), keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.nansum(np.where(exp > 0, (obs - exp) ** 2 / exp, 0.0), axis=(-1, -2))


def _rao_scott(m: np.ndarray, g: np.ndarray) -> dict:
    """Rao and Scott's correction of Pearson's chi-square for a 2 × K table of
    cluster samples: ``m`` (clusters × topics) counts per cluster, ``g`` the
    cluster's group (0 / 1).  Each group's topic shares get the with-replacement
    cluster variance of a ratio estimator; the generalised design effects are
    the eigenvalues of that covariance relative to the covariance under
    independent sentences, and the second-order (Satterthwaite) correction
    divides the statistic by their mean times (1 + their squared coefficient of
    variation), with the degrees of freedom divided by the same factor.  Also the
    difference of shares per topic with its cluster-robust standard error."""
    from scipy.stats import chi2, norm

    shares, cov, n = [], [], []
    for k in (0, 1):
        y = m[g == k]
        size = y.sum(1)
        nk = size.sum()
        p = y.sum(0) / nk
        z = (y - np.outer(size, p)) / nk
        c = len(y)
        shares.append(p), n.append(nk)
        cov.append(c / (c - 1) * z.T @ z)
    pooled = m.sum(0) / m.sum()
    d = shares[1] - shares[0]
    v = cov[0] + cov[1]
    srs = 1 / n[0] + 1 / n[1]
    x2 = float(d @ (d / pooled) / srs)
    r = np.sqrt(1 / pooled)
    mm = (v * r[:, None] * r[None, :]) / srs  # eigenvalues: the generalised design effects
    df = len(pooled) - 1
    mean = float(np.trace(mm)) / df
    a2 = max(float((mm * mm).sum()) / (df * mean ** 2) - 1, 0.0)
    stat, nu = x2 / (mean * (1 + a2)), df / (1 + a2)
    se = np.sqrt(np.diag(v))
    with np.errstate(divide="ignore", invalid="ignore"):
        p_topic = np.where(se > 0, 2 * norm.sf(np.abs(d) / se), np.where(d == 0, 1.0, 0.0))
    return dict(statistic_rs=stat, df_rs=nu, pvalue=float(chi2.sf(stat, nu)), design_effect=mean,
                difference=d, se=se, p_topic=p_topic)


def change_test(a: pd.DataFrame, b: pd.DataFrame, *, method: str = "holm",
                policy_only: bool = True, unit: Unit = "section", n_perm: int = 5000,
                seed: int = 20240112) -> tuple[dict, pd.DataFrame]:
    """Does attention differ between two groups of coded sentences (a → b)?

    Topics cluster by section, so sentences are not independent.  The statistic
    is Pearson's chi-square on the topic × group table (``statistic``; statsmodels
    ``Table(..., shift_zeros=False).test_nominal_association`` gives its asymptotic
    p-value, ``pvalue_asymptotic``, valid only for independent sentences).  Its
    p-value ``pvalue`` is Rao and Scott's second-order correction for cluster
    samples with ``unit``s (default sections) as the clusters of each group
    (:func:`_rao_scott`; ``design_effect`` is the mean generalised design effect,
    ``statistic_rs`` and ``df_rs`` the corrected statistic and degrees of freedom).
    Per topic: the difference of shares (b − a), its cluster-robust standard error
    and a two-sided z-test, adjusted for multiple testing (``multipletests``,
    default Holm).

    ``pvalue_permutation`` permutes whole units between the groups (``n_perm``
    times, fixed seed).  It is kept for comparison but is not the test to use for a
    review and a plan: it assumes the two groups' sections are exchangeable, and
    when both are written section by section over the same policy areas (each
    section mostly about one), random splits of the sections differ far more than
    the two real groups do, so the permutation p-value comes out near 1 whatever
    the shift in attention (notebook 04)."""
    from statsmodels.stats.contingency_tables import Table
    from statsmodels.stats.multitest import multipletests

    if policy_only:
        a, b = a[a["topic"] != NO_POLICY], b[b["topic"] != NO_POLICY]
    if len(a) == 0 or len(b) == 0:
        raise LcaError("change_test needs policy sentences in both groups")
    both = pd.concat([a.assign(_g=0), b.assign(_g=1)], ignore_index=True)
    u = units(both, unit=unit) * 2 + both["_g"].to_numpy()  # a unit never spans the two groups
    u = pd.factorize(u)[0]
    codes, inv = np.unique(both["topic"].to_numpy(), return_inverse=True)
    m = np.zeros((u.max() + 1, len(codes)))
    np.add.at(m, (u, inv), 1)
    g = np.zeros(len(m), int)
    g[u[both["_g"].to_numpy() == 1]] = 1
    if min((g == 0).sum(), (g == 1).sum()) < 2:
        raise LcaError(f"change_test by {unit} needs at least two {unit}s in each group")
    rng = np.random.default_rng(seed)
    perms = np.array([rng.permutation(g) for _ in range(n_perm)])
    cb = perms @ m
    ca = m.sum(0) - cb
    ob = m[g == 1].sum(0)
    oa = m.sum(0) - ob
    stat_perm = _chi2(np.stack([ca, cb], axis=1))
    observed = float(_chi2(np.stack([oa, ob])[None])[0])
    res = Table(np.stack([oa, ob], axis=1), shift_zeros=False).test_nominal_association()
    expected = np.outer(m.sum(0), [oa.sum(), ob.sum()]) / m.sum()
    rs = _rao_scott(m, g)
    overall = dict(statistic=observed, df=int(res.df), pvalue=rs["pvalue"],
                   statistic_rs=rs["statistic_rs"], df_rs=rs["df_rs"], design_effect=rs["design_effect"],
                   pvalue_asymptotic=float(res.pvalue),
                   pvalue_permutation=float((1 + (stat_perm >= observed - 1e-9).sum()) / (n_perm + 1)),
                   permutation_median=float(np.median(stat_perm)), unit=unit, units_a=int((g == 0).sum()), units_b=int((g == 1).sum()),
                   share_expected_below_5=float((expected < 5).mean()), n_a=len(a), n_b=len(b))
    per = pd.DataFrame(dict(topic=codes.astype(int), share_a=oa / oa.sum(), share_b=ob / ob.sum(),
                            difference=rs["difference"], se=rs["se"], pvalue=rs["p_topic"]))
    per["pvalue_adjusted"] = multipletests(per["pvalue"], method=method)[1]
    per["significant"] = per["pvalue_adjusted"] < 0.05
    return overall, per


def _entropy(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def diversity(topic_codes, *, clusters=None, n_topics: int | None = None, n_boot: int = 2000,
              seed: int = 20240112, level: float = 0.95) -> dict:
    """Attention diversity of a set of coded sentences: Shannon entropy H (nats),
    normalised entropy H / ln K (K = number of policy topics in the codebook),
    and the effective number of topics exp(H), each with a BCa bootstrap interval
    (``scipy.stats.bootstrap``, fixed seed).  ``clusters`` (one label per
    sentence, e.g. :func:`units`) resamples whole clusters — sections — instead
    of sentences, as topics cluster by section; the BCa acceleration is then the
    cluster jackknife.  The intervals of exp(H) and H / ln K are those of H,
    transformed (BCa intervals respect monotone transformations)."""
    import inspect

    from scipy.stats import bootstrap

    codes = np.asarray(topic_codes)
    keep = codes != NO_POLICY
    if not keep.any():
        raise LcaError("no sentences with policy content to measure diversity on")
    cl = np.arange(len(codes)) if clusters is None else np.asarray(clusters)
    if len(cl) != len(codes):
        raise LcaError(f"clusters has {len(cl)} labels for {len(codes)} sentences")
    codes, cl = codes[keep], pd.factorize(cl[keep])[0]
    k = n_topics or int((topics()["code"] != NO_POLICY).sum())
    labels, inv = np.unique(codes, return_inverse=True)
    m = np.zeros((cl.max() + 1, len(labels)))
    np.add.at(m, (cl, inv), 1)
    h = _entropy(m.sum(0))
    if len(m) < 3 or len(labels) < 2:
        raise LcaError(f"diversity needs at least three resampling units and two topics "
                       f"(found {len(m)} units, {len(labels)} topics)")

    def stat(i, axis=-1):
        c = m[i].sum(axis=-2)
        p = c / c.sum(-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            return -np.where(p > 0, p * np.log(p), 0.0).sum(-1)

    kw = {"rng" if "rng" in inspect.signature(bootstrap).parameters else "random_state":
          np.random.default_rng(seed)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a degenerate jackknife: reported below
        res = bootstrap((np.arange(len(m)),), stat, n_resamples=n_boot, batch=200, vectorized=True,
                        method="BCa", confidence_level=level, **kw)
    lo, hi = float(res.confidence_interval.low), float(res.confidence_interval.high)
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise LcaError(f"no BCa interval for the entropy of these {len(m)} units: every jackknife "
                       "sample has the same entropy (too few or too regular units)")
    return dict(n=len(codes), units=len(m), entropy=h, entropy_low=lo, entropy_high=hi,
                normalized=h / math.log(k), normalized_low=lo / math.log(k),
                normalized_high=hi / math.log(k), effective=math.exp(h),
                effective_low=math.exp(lo), effective_high=math.exp(hi))


def _tasks_part(report: Report) -> str:
    rp = review_plan(report)
    if rp.tasks is None:
        raise AmbiguousRolesError(f"{report.doc_id}: no plan part with numbered task sections was "
                                  "recognised in its outline; pass part= to name one")
    return rp.tasks


Annex = Literal["exclude", "include"]


def hardness(report: Report, coded: pd.DataFrame, indicators: pd.DataFrame,
             *, parts: tuple[str, ...] | None = None, annex: Annex = "exclude",
             level: float = 0.95) -> pd.DataFrame:
    """Commitment hardness: for each topic, the share of its sentences (in the
    plan of :func:`lcanalysis.roles.review_plan` by default) that state a
    quantified target, with a Wilson binomial interval (statsmodels
    ``proportion_confint``), beside the topic's share of attention there.

    ``annex="exclude"`` (default) leaves out the annexes (lists of projects with
    targets by design); ``"include"`` adds the annexes' items to the plan."""
    from statsmodels.stats.proportion import proportion_confint

    c = hardness_sentences(report, coded, indicators, parts=parts, annex=annex)
    out = c.groupby("topic").agg(sentences=("sentence_id", "size"), with_target=("has_target", "sum"))
    out["hardness"] = out["with_target"] / out["sentences"]
    low, high = proportion_confint(out["with_target"], out["sentences"], alpha=1 - level, method="wilson")
    # exact ends where Wilson's are (0 of n, n of n), not rounding noise
    out["hardness_low"] = np.where(out["with_target"] == 0, 0.0, np.asarray(low))
    out["hardness_high"] = np.where(out["with_target"] == out["sentences"], 1.0, np.asarray(high))
    out["attention"] = out["sentences"] / out["sentences"].sum()
    return out.reset_index().astype({"with_target": "int64"})


def hardness_sentences(report: Report, coded: pd.DataFrame, indicators: pd.DataFrame, *,
                       parts: tuple[str, ...] | None = None, annex: Annex = "exclude") -> pd.DataFrame:
    """The policy sentences behind :func:`hardness` (same ``parts`` and ``annex``), one
    row each, with ``has_target`` (the sentence states a quantified target) and its part
    and section."""
    require_columns(indicators, ["sentence_id", "kind"], what="indicators")
    if annex not in ("exclude", "include"):
        raise LcaError(f"unknown annex={annex!r}; use 'exclude' or 'include'")
    rp = review_plan(report)
    if parts is None:
        require(rp, "commitment hardness", report.doc_id)
        parts = rp.plan
    if annex == "include":
        parts = tuple(parts) + tuple(rp.roles.loc[rp.roles["role"] == "annex", "label"])
    c = _coded(report, coded)
    c = c[c["part"].isin(parts) & (c["topic"] != NO_POLICY)]
    targeted = set(indicators.loc[indicators["kind"] == "target", "sentence_id"])
    return c.assign(has_target=c["sentence_id"].isin(targeted))


def hardness_test(table: pd.DataFrame, *, sentences: pd.DataFrame | None = None, n_perm: int = 5000,
                  seed: int = 20240112) -> dict:
    """Does hardness differ across topics?  Pearson's chi-square on the topic ×
    (with target, without) table of :func:`hardness`, with its p-value by
    permutation (``n_perm`` times, fixed seed; the asymptotic p-value is
    unreliable with many small cells).

    Targets cluster in sections (a section on investment states many, one on
    conduct none), so sentences are not exchangeable.  With ``sentences`` (the
    rows of :func:`hardness_sentences` behind ``table``) the target flags are
    permuted *within* sections (:func:`units`): the test asks whether, inside the
    same section, one topic's sentences carry targets more often than another's,
    and ``pvalue_permutation`` is that p-value; ``pvalue_sentences`` is the
    p-value of shuffling over all sentences, which ignores the clustering and is
    too small when targets cluster.  Without ``sentences`` only the latter can be
    computed, and it is returned as ``pvalue_permutation`` (``strata`` "none")."""
    require_columns(table, ["topic", "sentences", "with_target"], what="hardness table")
    if sentences is not None:
        require_columns(sentences, ["topic", "has_target", "part", "section"], what="hardness sentences")
        order = {t: k for k, t in enumerate(table["topic"])}
        if set(sentences["topic"]) - set(order) or len(sentences) != int(table["sentences"].sum()):
            raise LcaError("hardness_test: the sentences are not those of the hardness table")
        topic = sentences["topic"].map(order).to_numpy()
        flag = sentences["has_target"].to_numpy().astype(int)
        strata = units(sentences)
        n = table["sentences"].to_numpy()
    else:
        n = table["sentences"].to_numpy()
        topic = np.repeat(np.arange(len(n)), n)
        flag = np.concatenate([np.r_[np.ones(w, int), np.zeros(t - w, int)]
                               for t, w in zip(n, table["with_target"])])
        strata = None

    def chi2(f):
        obs = np.zeros((2, len(n)))
        np.add.at(obs, (f, topic), 1)
        return float(_chi2(obs[None])[0])

    def pvalue(perm):
        return float((1 + (perm >= observed - 1e-9).sum()) / (n_perm + 1))

    rng = np.random.default_rng(seed)
    observed = chi2(flag)
    free = pvalue(np.array([chi2(rng.permutation(flag)) for _ in range(n_perm)]))
    out = dict(statistic=observed, df=len(n) - 1, topics=len(n), sentences=int(n.sum()),
               with_target=int(flag.sum()), pvalue_sentences=free, pvalue_permutation=free,
               strata="none")
    if strata is not None:
        groups = [np.flatnonzero(strata == u) for u in np.unique(strata)]
        groups = [g for g in groups if len(g) > 1 and 0 < flag[g].sum() < len(g)]  # others cannot change

        def within():
            f = flag.copy()
            for g in groups:
                f[g] = f[rng.permutation(g)]
            return f

        out["pvalue_permutation"] = pvalue(np.array([chi2(within()) for _ in range(n_perm)]))
        out["strata"] = "section"
        out["informative_sections"] = len(groups)
    return out


def task_sections(report: Report, coded: pd.DataFrame, *, part: str | None = None) -> pd.DataFrame:
    """The numbered task sections of the plan as the report's own lens: order,
    title, length and its share, and the section's most frequent topic.
    ``part``: default the plan's task part (:attr:`ReviewPlan.tasks`)."""
    part = part or _tasks_part(report)
    c = _coded(report, coded)
    c = c[(c["part"] == part) & c["section"].notna()]
    rows = []
    total = c["chars"].sum()
    for sec, g in c.groupby("section"):
        policy = g[g["topic"] != NO_POLICY]["topic"]
        top = policy.value_counts()
        rows.append(dict(section=int(sec), section_title=g["section_title"].iloc[0],
                         chars=int(g["chars"].sum()), share_chars=g["chars"].sum() / total,
                         sentences=len(g), main_topic=int(top.index[0]) if len(top) else NO_POLICY,
                         main_topic_share=top.iloc[0] / len(policy) if len(top) else np.nan))
    return pd.DataFrame(rows)


def section_topic_matrix(report: Report, coded: pd.DataFrame, *, part: str | None = None) -> pd.DataFrame:
    """Share of each numbered section's policy sentences per topic (rows: sections)
    of ``part``, default the plan's task part."""
    part = part or _tasks_part(report)
    c = _coded(report, coded)
    c = c[(c["part"] == part) & c["section"].notna() & (c["topic"] != NO_POLICY)]
    m = pd.crosstab(c["section"].astype(int), c["topic"], normalize="index")
    m.attrs["part"] = part  # which part's sections (section_topic_heatmap labels them)
    return m


def annex_topics(report: Report, coded: pd.DataFrame) -> pd.DataFrame:
    """The annex items with their coded topic (annex, item, text, department, topic)."""
    items = report.annex_items.merge(coded[["sentence_id", "topic"]], on="sentence_id", how="left")
    return items[["annex", "item", "text", "department", "topic"]]


def validation_scores(coded: pd.DataFrame, sample: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Accuracy, Cohen's kappa (statsmodels) and per-topic precision and recall
    of the coder against a hand-coded sample (``sentence_id``, ``topic``)."""

    require_columns(sample, ["sentence_id", "topic"], what="validation sample")
    m = sample[["sentence_id", "topic"]].merge(coded[["sentence_id", "topic"]], on="sentence_id",
                                               suffixes=("_hand", "_coder"), validate="1:1")
    return _agreement(m["topic_hand"], m["topic_coder"])


def _agreement(hand: pd.Series, coder: pd.Series) -> tuple[dict, pd.DataFrame]:
    from statsmodels.stats.inter_rater import cohens_kappa

    hand, coder = pd.Series(hand).reset_index(drop=True), pd.Series(coder).reset_index(drop=True)
    labels = sorted(set(hand) | set(coder))
    ct = pd.crosstab(hand, coder).reindex(index=labels, columns=labels, fill_value=0)
    k = cohens_kappa(ct.to_numpy())
    overall = dict(n=len(hand), accuracy=float((hand == coder).mean()),
                   kappa=float(k.kappa), kappa_low=float(k.kappa_low),
                   # statsmodels' Wald interval can pass 1 for a small, nearly perfect sample;
                   # kappa cannot, so the interval is cut there
                   kappa_high=min(float(k.kappa_upp), 1.0))
    rows = []
    for t in labels:
        tp = int(ct.loc[t, t])
        coded_n, hand_n = int(ct[t].sum()), int(ct.loc[t].sum())
        rows.append(dict(topic=t, hand=hand_n, coder=coded_n,
                         precision=tp / coded_n if coded_n else np.nan,
                         recall=tp / hand_n if hand_n else np.nan))
    return overall, pd.DataFrame(rows)


def diversity_table(grouped: dict[str, pd.DataFrame], *, unit: Unit = "section", **kwargs) -> pd.DataFrame:
    """:func:`diversity` for every group, one row each, resampling ``unit``s
    (default sections)."""
    rows = []
    for name, df in grouped.items():
        try:
            rows.append(dict(group=name, **diversity(df["topic"], clusters=units(df, unit=unit), **kwargs)))
        except LcaError as err:  # too few sections to resample (a short report): no interval
            warnings.warn(f"diversity of {name!r}: {err}; its interval is left empty", stacklevel=2)
            codes = df["topic"].to_numpy()
            codes = codes[codes != NO_POLICY]
            h = _entropy(pd.Series(codes).value_counts().to_numpy()) if len(codes) else float("nan")
            k = math.log(int((topics()["code"] != NO_POLICY).sum()))
            rows.append(dict(group=name, n=len(codes), units=len(set(units(df, unit=unit))),
                             entropy=h, entropy_low=np.nan, entropy_high=np.nan, normalized=h / k,
                             normalized_low=np.nan, normalized_high=np.nan, effective=math.exp(h),
                             effective_low=np.nan, effective_high=np.nan))
    return pd.DataFrame(rows)


def with_national(grouped: dict[str, pd.DataFrame], national: Report) -> dict[str, pd.DataFrame]:
    """The groups plus the national report (coded with the same dictionary)."""
    out = dict(grouped)
    out[national.doc_id] = _coded(national, code_topics(national))
    return out
