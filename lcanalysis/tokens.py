"""Tokens: domain-aware word segmentation with offsets into the cleaned text.

:func:`tokenize` returns one row per token (the contract between the corpus
and the measures in :mod:`lcanalysis.keywords`)::

    doc_id, sentence_id, position, token, start, end[, pos]

``report.text[start:end] == token`` for every row; ``position`` is the
token's index within its sentence.  Each sentence of ``report.sentences`` is
segmented on its own, so no token crosses a sentence boundary; whitespace is
not a token.

How the segmenter is built (:func:`_segmenter`, once per process and setting):

- **A private** ``jieba.Tokenizer``, never jieba's global instance, so results
  do not depend on what else ran in the process (``jieba.add_word`` and
  friends change only the global instance).  The one process-wide thing jieba
  0.42.1 keeps outside a tokenizer is ``jieba.finalseg.Force_Split_Words``,
  filled by ``del_word``/``add_word(w, 0)`` on *any* tokenizer; this module
  never calls them, and a word someone else force-splits would only matter
  if the HMM proposed exactly that word here.
- **The lexicon** (:mod:`lcanalysis.lexicon`): by default the genre layer
  ``data/lexicon/genre.csv`` plus the report's local layer
  (``data/lexicon/local/<doc_id>.csv``) when there is one; every entry is added
  with ``Tokenizer.add_word(term, freq, pos)``, so no second copy of the
  dictionary exists on disk.  ``lexicon=False`` gives default jieba, for
  comparisons; any other :class:`~lcanalysis.lexicon.Lexicon` can be passed.
- **The middle dot.** jieba splits text into blocks with a module-level
  regex that excludes U+00B7 ``·``, so 聊·诚办 could never be one token.
  Instead of patching jieba's globals, the ``·`` inside occurrences of
  lexicon terms that contain it is replaced, one character for one, by the
  rare CJK character U+9FD5 (:data:`PLACEHOLDER`, in no report of
  ``data/corpus/`` and not in jieba's dictionary) before cutting, and the
  lexicon entry is added in the same form.  Offsets are unchanged, and every
  token is read back from the original text by its offsets.  Any other ``·``
  is left alone, so segmentation elsewhere is exactly jieba's.
- **Quiet**: jieba logs "Building prefix dict…" to stderr through
  ``jieba.default_logger``; its level is raised while the tokenizer is built
  and restored afterwards (:func:`_quiet_jieba`).
- **Cache**: jieba writes its prefix dictionary (marshal format) to
  ``tempfile.gettempdir()/jieba.cache`` unless told otherwise.  Here it goes
  to a private per-user directory, :func:`cache_dir` (``$XDG_CACHE_HOME/
  lcanalysis`` or ``~/.cache/lcanalysis``, mode 0700, checked to be a real
  directory owned by the user), as ``jieba-<version>.cache``.  If that
  directory cannot be used safely, a private temporary directory (mode 0700)
  is used for the life of the process and removed at exit.  Nothing is ever
  written into the repository or directly into the shared temporary folder.
"""

from __future__ import annotations

import atexit
import contextlib
import csv
import hashlib
import logging
import os
import re
import shutil
import stat
import tempfile
import warnings
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate, chain
from math import log
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import paths
from .corpus import Report, per_document
from .errors import require_columns
from .lexicon import Lexicon, as_layers, as_lexicon

with warnings.catch_warnings():
    # jieba 0.42.1 imports pkg_resources (deprecated in recent setuptools) and
    # has regexes with invalid escapes (a SyntaxWarning when its source is compiled
    # on Python >= 3.12).  Both concern jieba's packaging, not our results.
    warnings.filterwarnings("ignore", message=r"pkg_resources is deprecated")
    warnings.filterwarnings("ignore", "invalid escape sequence", SyntaxWarning)
    warnings.filterwarnings("ignore", "invalid escape sequence", DeprecationWarning)
    import jieba
    import jieba.posseg

TOKEN_COLUMNS = ["doc_id", "sentence_id", "position", "token", "start", "end"]
SENTENCE_COLUMNS = ["doc_id", "sentence_id", "text", "start", "end"]
MIDDLE_DOT = "\u00b7"
#: stands in for ``·`` inside lexicon terms while jieba cuts (see the module docstring)
PLACEHOLDER = "\u9fd5"
DOMAIN_TERMS = paths.LEXICON / "domain_terms.csv"
GENRE = paths.LEXICON / "genre.csv"
BOILERPLATE = paths.LEXICON / "boilerplate_stopwords.csv"
STOPWORDS_ISO = paths.LEXICON / "stopwords-iso-zh" / "stopwords-zh.txt"

_HAN_OR_LATIN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z]")
_NUMBER = re.compile(r"^[0-9０-９]+(?:[.．][0-9０-９]+)?[%％‰]?$")


# -- the private cache directory ------------------------------------------------------------------
def _safe_dir(path: Path) -> bool:
    """True if ``path`` is a real directory, ours, and closed to others (POSIX)."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):  # a symlink or a file is refused
        return False
    if hasattr(os, "getuid"):
        if st.st_uid != os.getuid():
            return False
        if st.st_mode & 0o077:
            try:
                os.chmod(path, 0o700)
            except OSError:
                return False
    return os.access(path, os.W_OK | os.X_OK)


@lru_cache(maxsize=1)
def cache_dir() -> Path:
    """The private per-user cache directory of the package (created on first use).

    ``$XDG_CACHE_HOME/lcanalysis`` or ``~/.cache/lcanalysis``, mode 0700.  If
    it cannot be created or is not safe (not ours, a symlink, not writable), a
    private temporary directory is used instead and removed when the process
    exits.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    target = Path(base) / "lcanalysis"
    try:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        pass
    if _safe_dir(target):
        return target
    fallback = Path(tempfile.mkdtemp(prefix="lcanalysis-"))  # mode 0700, unique
    atexit.register(shutil.rmtree, fallback, ignore_errors=True)
    return fallback


# -- the lexicon and the stopword lists -----------------------------------------------------------
def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def domain_terms() -> pd.DataFrame:
    """``data/lexicon/domain_terms.csv``, the hand list of the Liaocheng report (term, freq,
    pos, category, source, example); the build splits it into genre and local entries."""
    table = pd.read_csv(DOMAIN_TERMS, dtype={"term": "string", "pos": "string",
                                             "category": "string"}, keep_default_na=False)
    require_columns(table, ["term", "freq", "pos", "category"],
                    what="data/lexicon/domain_terms.csv")
    return table


@lru_cache(maxsize=2)
def stopwords(*, boilerplate: bool = True) -> frozenset[str]:
    """The stopword set: stopwords-iso (zh) and, with ``boilerplate=True``, the
    work-report boilerplate list of ``data/lexicon/boilerplate_stopwords.csv``."""
    words = {w.strip() for w in STOPWORDS_ISO.read_text(encoding="utf-8").split("\n")}
    if boilerplate:
        with BOILERPLATE.open(encoding="utf-8", newline="") as f:
            words |= {row["word"].strip() for row in csv.DictReader(f)}
    words.discard("")
    return frozenset(words)


@lru_cache(maxsize=1)
def boilerplate_words() -> frozenset[str]:
    """The boilerplate list alone (the words ``boilerplate=False`` keeps)."""
    return stopwords(boilerplate=True) - stopwords(boilerplate=False)


def provenance() -> dict:
    """What a token table depends on: the segmenter and the word lists, by digest."""
    return dict(_provenance())


@lru_cache(maxsize=1)
def _provenance() -> tuple:
    return tuple({
        "segmenter": f"jieba {jieba.__version__} (private Tokenizer, default dictionary)",
        "genre_lexicon": f"{paths.display(GENRE)} sha256 {_sha256(GENRE)[:16]}",
        "hand_list": f"{paths.display(DOMAIN_TERMS)} sha256 {_sha256(DOMAIN_TERMS)[:16]}",
        "stopwords_iso": f"{paths.display(STOPWORDS_ISO)} sha256 {_sha256(STOPWORDS_ISO)[:16]}",
        "boilerplate": f"{paths.display(BOILERPLATE)} sha256 {_sha256(BOILERPLATE)[:16]}",
    }.items())


# -- the segmenter --------------------------------------------------------------------------------
@contextlib.contextmanager
def _quiet_jieba():
    """Silence jieba's logger (its only output) for the duration, then restore it."""
    logger = jieba.default_logger
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


class _Segmenter(NamedTuple):
    tokenizer: jieba.Tokenizer
    dot_terms: re.Pattern | None   # lexicon terms that contain "·"
    masked_terms: frozenset[str]   # those terms with the placeholder


class _Tokenizer(jieba.Tokenizer):
    """jieba's Tokenizer with its word graph and best path computed in one pass over the
    dictionary instead of two.

    ``jieba.Tokenizer`` looks every fragment of a block up in its prefix dictionary to build
    the graph (:meth:`get_DAG`), then slices and looks up every edge again to score the path
    (:meth:`calc`).  Here :meth:`get_DAG` keeps the frequencies it found beside the graph it
    returns, and :meth:`calc`, given that same graph, scores with them: the same expression in
    the same order (``log(freq or 1) - log(total) + route``, ties broken by the later end as
    ``max`` over tuples does), so the routes, and the tokens, are jieba's own (tested on every
    file of ``data/corpus/`` and ``data/raw/``, with the genre lexicon and the HMM and with
    neither).  Any other graph (one built elsewhere) is scored by jieba's :meth:`calc`.  Only
    the cost changes (``benchmarks/run.py --tokenize``: 0.89 of plain jieba's speed with the
    automatic layer, was 0.70)."""

    _weights = None  # (graph, frequencies) of the last get_DAG

    def get_DAG(self, sentence):
        self.check_initialized()
        get = self.FREQ.get
        dag, weights = {}, {}
        n = len(sentence)
        for k in range(n):
            ends, freqs = [], []
            for i in range(k, n):
                f = get(sentence[k:i + 1])
                if f is None:  # not a prefix of any word
                    break
                if f:
                    ends.append(i)
                    freqs.append(f)
            # no word starts here: the character alone (jieba scores it as frequency 1)
            dag[k], weights[k] = (ends, freqs) if ends else ([k], [1])
        self._weights = (dag, weights)
        return dag

    def calc(self, sentence, DAG, route):
        kept, self._weights = self._weights, None
        if kept is None or kept[0] is not DAG:
            return super().calc(sentence, DAG, route)
        weights = kept[1]
        n = len(sentence)
        route[n] = (0, 0)
        logtotal = log(self.total)
        for idx in range(n - 1, -1, -1):
            ends = DAG[idx]
            if len(ends) == 1:
                x = ends[0]
                route[idx] = (log(weights[idx][0]) - logtotal + route[x + 1][0], x)
                continue
            best, at = None, None
            for x, f in zip(ends, weights[idx]):
                score = log(f) - logtotal + route[x + 1][0]
                if best is None or score > best or (score == best and x > at):
                    best, at = score, x  # max over (score, end) tuples
            route[idx] = (best, at)


def _new_tokenizer() -> jieba.Tokenizer:
    """A private tokenizer with jieba's dictionary: a copy of :func:`_base_dictionary`, so
    that lexicon terms added to it stay its own."""
    tok = _Tokenizer()
    tok.tmp_dir = str(cache_dir())
    tok.cache_file = f"jieba-{jieba.__version__}.cache"
    freq, total = _base_dictionary()
    tok.FREQ, tok.total, tok.initialized = dict(freq), total, True
    return tok


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict, int]:
    """jieba's prefix dictionary and total frequency, read once per process (from jieba's
    cache file in :func:`cache_dir`, built on first use): every tokenizer
    of a notebook (plain jieba, the genre lexicon, a held-out build, …) copies it instead of
    reading the 580,000-entry file again (0.3–0.8 s each)."""
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(cache_dir())
    tok.cache_file = f"jieba-{jieba.__version__}.cache"
    with _quiet_jieba():
        tok.initialize()
    return tok.FREQ, tok.total


@lru_cache(maxsize=8)
def _segmenter(lexicon: Lexicon | None) -> _Segmenter:
    """The private tokenizer, built once per process for each lexicon (None: plain jieba)."""
    tok = _new_tokenizer()
    with _quiet_jieba():
        tok.initialize()
        if lexicon is None:
            return _Segmenter(tok, None, frozenset())
        dotted = []
        for term, freq, pos in lexicon.entries:
            if MIDDLE_DOT in term:
                dotted.append(term)
                term = term.replace(MIDDLE_DOT, PLACEHOLDER)
            tok.add_word(term, int(freq), pos or None)
    pattern = None
    if dotted:
        pattern = re.compile("|".join(re.escape(t) for t in sorted(dotted, key=len, reverse=True)))
    return _Segmenter(tok, pattern, frozenset(t.replace(MIDDLE_DOT, PLACEHOLDER) for t in dotted))


@lru_cache(maxsize=8)
def _pos_tagger(lexicon: Lexicon | None):
    """jieba.posseg's POSTokenizer on the private tokenizer (its word → tag table)."""
    seg = _segmenter(lexicon)
    with _quiet_jieba():
        tagger = jieba.posseg.POSTokenizer(seg.tokenizer)
        tagger.makesure_userdict_loaded()  # the lexicon's tags join the table
    return tagger


def _mask(seg: _Segmenter, text: str) -> str:
    return seg.dot_terms.sub(lambda m: m.group().replace(MIDDLE_DOT, PLACEHOLDER), text)


def cut(text: str, *, lexicon=True, hmm: bool = True,
        doc_id: str = "") -> list[tuple[str, int, int]]:
    """Segment one string: ``[(token, start, end), …]`` with offsets into ``text``
    (whitespace dropped).  ``lexicon`` as for :func:`tokenize` (True: the genre lexicon, plus
    the local layer of ``doc_id`` when there is one)."""
    out, i = [], 0
    for w in _pieces(_segmenter(as_lexicon(lexicon, doc_id)), text, hmm):
        if not w.isspace():
            out.append((w, i, i + len(w)))
        i += len(w)
    return out


def _pieces(seg: _Segmenter, text: str, hmm: bool) -> list[str]:
    """jieba's pieces of ``text``, whitespace included, so that their lengths add up
    to ``len(text)``; each piece is read from ``text`` itself."""
    if seg.dot_terms is None or MIDDLE_DOT not in text:
        return seg.tokenizer.lcut(text, HMM=hmm)
    work = _mask(seg, text)
    out, i = [], 0
    for w in seg.tokenizer.cut(work, HMM=hmm):
        n = len(w)
        if PLACEHOLDER in w and w not in seg.masked_terms:
            out.extend(_split_dots(text, i, i + n))
        else:
            out.append(text[i:i + n])
        i += n
    return out


#: joins a report's sentences for one call of jieba (see :func:`_cut_sentences`)
_JOIN = "\x00"


def _cut_sentences(seg: _Segmenter, texts: list[str], hmm: bool) -> list[list[str]]:
    """:func:`_pieces` of each sentence, with one call of jieba for all of them.  jieba cuts a
    text into blocks at every character that is not Han, a Latin letter, a digit or one of
    ``+#&._%-``, cuts each block on its own, and yields every other character that is not
    whitespace as a piece of its own; so the sentences joined by NUL (such a character, in no
    sentence) are cut exactly as each is alone, and the NUL pieces mark where each ends.  (One
    call instead of one per sentence: the same pieces, less of jieba's per-call work.)"""
    joined = _JOIN.join(texts)
    if len(texts) < 2 or joined.count(_JOIN) != len(texts) - 1:
        return [_pieces(seg, text, hmm) for text in texts]
    flat = _pieces(seg, joined, hmm)
    out, i = [], 0
    index = flat.index
    for _ in range(len(texts) - 1):
        j = index(_JOIN, i)
        out.append(flat[i:j])
        i = j + 1
    out.append(flat[i:])
    return out


def _split_dots(text: str, a: int, b: int) -> list[str]:
    """A piece that holds a masked dot but is not a lexicon term: cut it at the dot,
    as default jieba would (a safeguard; it does not occur in the report)."""
    out, start = [], a
    for k in range(a, b):
        if text[k] == MIDDLE_DOT:
            if start < k:
                out.append(text[start:k])
            out.append(MIDDLE_DOT)
            start = k + 1
    if start < b:
        out.append(text[start:b])
    return out


# -- the token table ------------------------------------------------------------------------------
@per_document
def tokenize(report: Report, *, lexicon=True, hmm: bool = True,
             pos: bool = False) -> pd.DataFrame:
    """One row per token: doc_id, sentence_id, position, token, start, end[, pos].

    ``lexicon``: ``True`` (default) is the shipped genre lexicon plus the report's
    local layer when there is one (:func:`lcanalysis.lexicon.default_for`);
    ``False`` gives default jieba (no domain terms, no middle-dot handling), for
    comparisons; or a :class:`lcanalysis.lexicon.Lexicon` (e.g.
    ``lca.lexicon.load(("genre",), "heldout-excluded")``, or lexicons added with
    ``+``), a layer name or tuple of layer names, a table with a ``term`` column
    (``freq``, ``pos`` optional; e.g. rows of :func:`lcanalysis.keywords.suggest_terms`)
    or a list of terms.  ``hmm`` switches jieba's HMM for words not in
    the dictionary.  ``pos=True`` adds jieba.posseg's tag of each token: the
    dictionary tag (the lexicon's own tag for domain terms), or, for a token
    not in the dictionary (words the HMM found), the tag posseg gives it
    when tagged alone (if posseg splits it, the tag of its last piece that is not
    punctuation ``x``); numbers (2024, 5.5, 6%) are ``m``.  The tokens are the
    same with and without ``pos``.

    Offsets are computed from the lengths of jieba's pieces, sentence by
    sentence (vectorised, no per-token pandas work).
    """
    sentences = report.sentences
    require_columns(sentences, SENTENCE_COLUMNS, what="report.sentences")
    lex, auto_variant = as_layers(lexicon, report.doc_id)
    seg = _segmenter(lex)
    texts = sentences["text"].tolist()
    cuts = _cut_sentences(seg, texts, hmm)
    n_auto = 0
    if auto_variant is not None:
        auto = _auto_table(report, texts, cuts, lex, auto_variant, hmm)
        n_auto = len(auto)
        if n_auto:
            cuts = _apply_auto(seg, texts, cuts, auto["term"].tolist(), lex, hmm, auto_variant,
                               report.doc_id)
    pieces: list[str] = list(chain.from_iterable(cuts))
    counts = np.fromiter(map(len, cuts), dtype=np.int64, count=len(cuts))
    n_pieces = len(pieces)
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=n_pieces)
    before = np.cumsum(lengths) - lengths                      # characters before each piece
    first = np.cumsum(counts) - counts                         # each sentence's first piece
    at_first = np.zeros(len(texts), dtype=np.int64)
    has = counts > 0
    at_first[has] = before[first[has]]
    bases = sentences["start"].to_numpy(dtype=np.int64)
    starts = before - np.repeat(at_first, counts) + np.repeat(bases, counts)
    keep = ~np.fromiter(map(str.isspace, pieces), dtype=bool, count=n_pieces)
    which = np.repeat(np.arange(len(texts)), counts)[keep]     # sentence row of each token
    kept = np.bincount(which, minlength=len(texts))
    position = np.arange(len(which)) - np.repeat(np.cumsum(kept) - kept, kept)
    words = np.asarray(pieces, dtype=object)[keep] if n_pieces else np.array([], dtype=object)
    # the one doc_id repeated (a take in C, not a list of len(which) strings to convert)
    doc_ids = pd.array([report.doc_id], dtype="string").take(np.zeros(len(which), dtype=np.intp))
    out = pd.DataFrame({
        "doc_id": pd.Series(doc_ids),
        "sentence_id": sentences["sentence_id"].to_numpy(dtype=np.int64)[which],
        "position": position.astype(np.int64),
        "token": pd.Series(words, dtype="string"),
        "start": starts[keep],
        "end": starts[keep] + lengths[keep],
    })
    if pos:
        out["pos"] = pd.Series(_tags(words.tolist(), lex, hmm), dtype="string")
    out.attrs["lcanalysis"] = {"stage": "tokenize", "doc_id": report.doc_id,
                               "report_sha256": report.sha256,
                               "lexicon": ("plain jieba" if lex is None else
                                           f"{lex.name} ({len(lex)} terms, sha256 {lex.digest})")
                               + ("" if auto_variant is None else
                                  f" + automatic layer ({n_auto} terms of the report)"),
                               "hmm": hmm, **provenance()}
    return out


# -- the automatic layer --------------------------------------------------------------------------
_AUTO_CACHE: dict = {}


def _auto_table(report: Report, texts, cuts, lex: Lexicon | None, variant, hmm) -> pd.DataFrame:
    """The report's automatic terms (:func:`lcanalysis.lexicon.auto.report_terms`), memoised per
    (report text, lexicon, variant, hmm) in this process."""
    from .lexicon import auto, generic_words
    from .lexicon.build import FUNCTION_WORDS

    key = (report.doc_id, hashlib.sha256("\n".join(texts).encode()).hexdigest(),
           None if lex is None else lex.digest, variant, hmm)
    if key in _AUTO_CACHE:
        return _AUTO_CACHE[key]
    table = _pos_tagger(None).word_tag_tab
    own, terms, protected = _auto_inputs(lex, variant, report.doc_id)
    out = auto.report_terms(texts, cuts, tag=lambda w: own.get(w) or table.get(w),
                            lexicon_terms=terms, protected=protected,
                            generic=generic_words(variant), function_words=FUNCTION_WORDS,
                            boilerplate=_auto_boilerplate())
    if len(_AUTO_CACHE) > 64:
        _AUTO_CACHE.clear()
    _AUTO_CACHE[key] = out
    return out


@lru_cache(maxsize=8)
def _lexicon_tags(lex: Lexicon) -> tuple[dict, frozenset]:
    """(term → tag, the terms) of a lexicon, once per lexicon."""
    own = {t: p for t, _, p in lex.entries}
    return own, frozenset(own)


@lru_cache(maxsize=16)
def _auto_inputs(lex: Lexicon | None, variant, doc_id: str):
    """(term → tag, the terms, the curated terms no automatic term may contain) of a lexicon."""
    from .lexicon import local_layers, read_layer

    if lex is None:
        return {}, frozenset(), frozenset()
    own, terms = _lexicon_tags(lex)
    protected = set()
    if doc_id in local_layers(variant):
        # the hand list was made for this report: its entries (genre-level ones too) stay tokens
        # here; in another report a genre entry of the hand list is an ordinary genre term, which
        # a longer name may contain (大别山革命老区)
        genre = read_layer("genre", variant)
        protected = set(genre.loc[genre["source"].str.startswith("hand list"), "term"]) & terms
        protected |= set(read_layer(doc_id, variant)["term"]) & terms
    return own, terms, frozenset(protected)


@lru_cache(maxsize=1)
def _auto_boilerplate() -> frozenset[str]:
    """Tokens that may not stand inside a place name: the boilerplate list and the stopwords of
    two or more characters."""
    return boilerplate_words() | {w for w in stopwords(boilerplate=False) if len(w) >= 2}


def auto_terms(report: Report, *, lexicon=True, hmm: bool = True) -> pd.DataFrame:
    """The automatic layer of a report (term, rule, n, evidence): its quoted names, numeric
    slogans and place + institution names (:mod:`lcanalysis.lexicon.auto`), found with
    ``lexicon`` as the base (``True``: the report's default lexicon)."""
    lex, variant = as_layers(lexicon, report.doc_id)
    if variant is None:
        lex, variant = as_lexicon(lexicon, report.doc_id), "default"
    seg = _segmenter(lex)
    texts = report.sentences["text"].tolist()
    return _auto_table(report, texts, _cut_sentences(seg, texts, hmm), lex, variant, hmm).copy()


def _apply_auto(seg: _Segmenter, texts, cuts, terms: list[str], lex: Lexicon | None, hmm,
                variant="default", doc_id=""):
    """Each sentence that holds an automatic term, cut again so that each occurrence is one token
    (leftmost, then longest occurrence first).  An occurrence that lies inside a token that is a
    lexicon term, or cuts through a token that is a curated term (hand list, local layer), is
    left alone; one that cuts through a statistical genre term wins (“四个中心”功能: the report's
    quoted name, not the corpus phrase 中心功能)."""
    joined = "\n".join(texts)
    begins = list(accumulate([len(t) + 1 for t in texts], initial=0))
    found = []
    for term in terms:
        k = joined.find(term)
        while k >= 0:
            found.append((k, -len(term)))
            k = joined.find(term, k + 1)
    if not found:
        return cuts
    found.sort()
    _, lexset, curated = _auto_inputs(lex, variant, doc_id)
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    end = -1
    for k, neg in found:
        if k < end:
            continue
        s = bisect_right(begins, k) - 1
        a, b = k - begins[s], k - begins[s] - neg
        if b > len(texts[s]):
            continue
        by_sentence.setdefault(s, []).append((a, b))
        end = k - neg
    out = list(cuts)
    for s, spans in by_sentence.items():
        text, cut = texts[s], cuts[s]
        starts = list(accumulate(map(len, cut), initial=0))
        ends = starts[1:]
        bounds = list(zip(starts, ends, cut))
        # the tokens that overlap an occurrence: from the first that ends after it starts to the
        # last that starts before it ends (found by bisection, not by a scan of the sentence)
        keep = [(a, b) for a, b in spans
                if not any(w in lexset and (x <= a and b <= y and (x, y) != (a, b)) or
                           w in curated and (x < a < y or x < b < y)
                           for x, y, w in bounds[bisect_right(ends, a):bisect_left(starts, b)])]
        if not keep:
            continue
        # merge: tokens outside every occurrence stay, the parts of a token that an occurrence
        # cuts are cut again on their own
        new, k = [], 0
        for a, b in keep:
            while k < len(bounds) and bounds[k][1] <= a:
                new.append(bounds[k][2])
                k += 1
            if k < len(bounds) and bounds[k][0] < a:
                new.extend(_pieces(seg, text[bounds[k][0]:a], hmm))
            new.append(text[a:b])
            while k < len(bounds) and bounds[k][1] <= b:
                k += 1
            if k < len(bounds) and bounds[k][0] < b:
                x, y, _ = bounds[k]
                rest = _pieces(seg, text[b:y], hmm)
                bounds[k] = (b, y, None)
                # the remainder is a token of its own unless the next occurrence starts in it
                bounds[k:k + 1] = [(b + sum(map(len, rest[:m])), b + sum(map(len, rest[:m + 1])), r)
                                   for m, r in enumerate(rest)]
        new.extend(w for _, _, w in bounds[k:])
        out[s] = new
    return out


def _tags(words: list[str], lexicon: Lexicon | None, hmm: bool) -> list[str]:
    tagger = _pos_tagger(lexicon)
    table = tagger.word_tag_tab
    memo: dict[str, str] = {}
    out = []
    for w in words:
        tag = memo.get(w)
        if tag is None:
            key = w.replace(MIDDLE_DOT, PLACEHOLDER) if MIDDLE_DOT in w else w
            tag = table.get(key)
            if tag is None and _NUMBER.match(w):
                tag = "m"  # posseg tags a lone digit "x"; every number is "m" here
            if tag is None:
                flags = [p.flag for p in tagger.lcut(key, HMM=hmm) if p.flag != "x"]
                tag = flags[-1] if flags else "x"
            memo[w] = tag
        out.append(tag)
    return out


def check_tokens(tokens: pd.DataFrame, *, what: str = "tokens") -> None:
    """Raise :class:`~lcanalysis.errors.TableError` unless ``tokens`` is a token table."""
    require_columns(tokens, TOKEN_COLUMNS, what=what)


def is_content(token: str, stop: frozenset[str]) -> bool:
    """The content-token rule: at least two characters, at least one Han character
    or Latin letter (so no punctuation and no numbers such as 2024 or 5.5%), and
    not a stopword."""
    return len(token) >= 2 and token not in stop and _HAN_OR_LATIN.search(token) is not None


def content_tokens(tokens: pd.DataFrame, *, boilerplate: bool = True) -> pd.DataFrame:
    """The rows of ``tokens`` that are content words (see :func:`is_content`):
    stopwords-iso and, with ``boilerplate=True``, the boilerplate list are
    removed, and so are punctuation, numbers and single characters.  Positions
    and offsets are kept, so adjacency in the text can still be read off."""
    check_tokens(tokens)
    stop = stopwords(boilerplate=boilerplate)
    keep = {t: is_content(t, stop) for t in tokens["token"].unique().tolist()}
    out = tokens[tokens["token"].map(keep).astype(bool)].reset_index(drop=True)
    lists = "stopwords-iso + boilerplate" if boilerplate else "stopwords-iso"
    rule = f"{lists}; no punctuation, numbers or single characters"
    out.attrs = {"lcanalysis": {**tokens.attrs.get("lcanalysis", {}), "content": rule}}
    return out


# -- do the domain terms survive? -----------------------------------------------------------------
def _occurrences(texts, terms) -> list[list[tuple[int, int, str]]]:
    """Per sentence, the occurrences (start, end, term) of ``terms`` that do not lie inside an
    occurrence of a longer term of the list (the longest listed term is the unit: 人均可支配收入
    inside 居民人均可支配收入 is not counted separately)."""
    ordered = sorted(set(terms), key=lambda t: (-len(t), t))
    out = []
    for text in texts:
        found, covered = [], []
        for term in ordered:
            k = text.find(term)
            while k >= 0:
                a, b = k, k + len(term)
                if not any(x <= a and b <= y for x, y in covered):
                    found.append((a, b, term))
                k = text.find(term, k + 1)
            covered.extend((a, b) for a, b, t in found if t == term)
        out.append(sorted(found))
    return out


def term_survival(report: Report, tokens: pd.DataFrame | None = None, *, terms=None,
                  lexicon=True, hmm: bool = True) -> pd.DataFrame:
    """Every listed term that occurs in the report's sentences, with its number of
    occurrences, how many of them are one token (a token boundary at both ends and
    none inside), and the segmentation at the first occurrence that is not
    (or the term itself): term, category, occurrences, whole, broken, segmentation.

    ``terms``: a table with ``term`` (and optionally ``category``) or a list of terms;
    default the hand list ``data/lexicon/domain_terms.csv``.  An occurrence inside an
    occurrence of a longer listed term is not counted (see :func:`_occurrences`).
    ``tokens`` defaults to ``tokenize(report, lexicon=lexicon, hmm=hmm)``.
    """
    if terms is None:
        terms = domain_terms()
    if isinstance(terms, pd.DataFrame):
        require_columns(terms, ["term"], what="terms")
        cats = dict(zip(terms["term"], terms["category"] if "category" in terms else [""] * len(terms)))
    else:
        cats = {t: "" for t in terms}
    sents = report.sentences
    occ = _occurrences(sents["text"].tolist(), list(cats))
    if tokens is None:
        lex, auto_variant = as_layers(lexicon, report.doc_id)
        if auto_variant is not None:  # the automatic layer reads the whole report
            tokens = tokenize(report, lexicon=lexicon, hmm=hmm)
    if tokens is not None:
        check_tokens(tokens)
        starts = tokens["start"].to_numpy()
        ends = tokens["end"].to_numpy()
        words = tokens["token"].tolist()
    else:
        # no automatic layer: only the sentences that hold a listed term are cut; jieba cuts each sentence on its own (:func:`_cut_sentences`),
        # so their tokens are those of the whole report's table
        starts, words, ends = _sentence_tokens(report, [i for i, f in enumerate(occ) if f], lex, hmm)
    spans = set(zip(starts.tolist(), ends.tolist()))
    n: dict[str, int] = {}
    whole: dict[str, int] = {}
    shown: dict[str, str] = {}
    for base, found in zip(sents["start"].tolist(), occ):
        for a, b, term in found:
            a, b = a + base, b + base
            n[term] = n.get(term, 0) + 1
            if (a, b) in spans:
                whole[term] = whole.get(term, 0) + 1
            elif term not in shown:
                shown[term] = _segmentation(starts, words, ends, a, b)
    rows = [dict(term=t, category=c, occurrences=n[t], whole=whole.get(t, 0),
                 broken=n[t] - whole.get(t, 0), segmentation=shown.get(t, t))
            for t, c in cats.items() if t in n]
    return pd.DataFrame(rows, columns=["term", "category", "occurrences", "whole", "broken",
                                       "segmentation"])


def _sentence_tokens(report: Report, rows: list[int], lex: Lexicon | None, hmm: bool):
    """(starts, tokens, ends) of the report's sentences at positions ``rows``, as
    :func:`tokenize` gives them without an automatic layer (offsets into the report)."""
    sents = report.sentences
    texts = sents["text"].iloc[rows].tolist()
    bases = sents["start"].iloc[rows].tolist()
    starts, words, ends = [], [], []
    for base, pieces in zip(bases, _cut_sentences(_segmenter(lex), texts, hmm)):
        i = base
        for w in pieces:
            if not w.isspace():
                starts.append(i)
                words.append(w)
                ends.append(i + len(w))
            i += len(w)
    return np.asarray(starts, dtype=np.int64), words, np.asarray(ends, dtype=np.int64)


def survival_by_document(reports: dict, reference: pd.DataFrame, settings: dict, *,
                         tables: dict | None = None) -> pd.DataFrame:
    """Term survival of a reference list in several reports under several segmentations.

    ``reports``: doc_id → Report; ``reference``: doc_id, term (one row per listed term of a
    document); ``settings``: name → what ``tokenize(lexicon=…)`` takes (or a function of the
    report that returns it).  One row per
    (setting, doc_id): listed (terms in the list), found (of those, in the document's
    sentences), whole (found terms that are one token at every occurrence), share
    (whole / found), occurrences, occurrences_whole.  A final row per setting, doc_id
    ``all``, sums the documents.  ``tables``: (setting, doc_id) → the :func:`term_survival`
    table of that document's listed terms, when the caller already has them (they are
    computed otherwise)."""
    require_columns(reference, ["doc_id", "term"], what="reference")
    missing = sorted(set(reference["doc_id"]) - set(reports))
    if missing:
        raise KeyError(f"no report given for {', '.join(missing)}")
    rows = []
    for name, lexicon in settings.items():
        total = dict(listed=0, found=0, whole=0, occurrences=0, occurrences_whole=0)
        for doc_id, ref in reference.groupby("doc_id", sort=True):
            listed = list(dict.fromkeys(ref["term"].tolist()))
            if tables is not None and (name, doc_id) in tables:
                s = tables[name, doc_id]
            else:
                report = reports[doc_id]
                lex = lexicon(report) if callable(lexicon) else lexicon
                s = term_survival(report, terms=listed, lexicon=lex)
            row = dict(listed=len(listed), found=len(s), whole=int((s["broken"] == 0).sum()),
                       occurrences=int(s["occurrences"].sum()),
                       occurrences_whole=int(s["whole"].sum()))
            rows.append(dict(setting=name, doc_id=doc_id, **row))
            total = {k: total[k] + row[k] for k in total}
        rows.append(dict(setting=name, doc_id="all", **total))
    out = pd.DataFrame(rows)
    out["share"] = out["whole"] / out["found"].where(out["found"] > 0)
    return out[["setting", "doc_id", "listed", "found", "whole", "share", "occurrences",
                "occurrences_whole"]]


def _segmentation(starts, words, ends, a: int, b: int) -> str:
    """The tokens that overlap ``[a, b)``, joined by "/"."""
    lo = max(int(starts.searchsorted(a, side="right")) - 1, 0)
    parts = []
    for i in range(lo, len(words)):
        if starts[i] >= b:
            break
        if ends[i] > a:
            parts.append(words[i])
    return "/".join(parts)


def broken_terms(report: Report, *, hmm: bool = True) -> pd.DataFrame:
    """The domain terms that default jieba (no lexicon) breaks at one or more of their
    occurrences in the report: term, category, occurrences, broken, segmentation
    (default jieba's, at the first broken occurrence).  Most occurrences first."""
    s = term_survival(report, lexicon=False, hmm=hmm)
    s = s[s["broken"] > 0].sort_values("occurrences", ascending=False, kind="stable")
    return s.drop(columns="whole").reset_index(drop=True)


def survival_summary(report: Report) -> pd.DataFrame:
    """How many domain terms (and occurrences) stay whole under default jieba and
    with the domain lexicon, with the HMM on and off."""
    rows = []
    for setting, lexicon, hmm in (("default jieba", False, True),
                                  ("default jieba, no HMM", False, False),
                                  ("genre + local + automatic layer", True, True),
                                  ("genre + local + automatic layer, no HMM", True, False)):
        s = term_survival(report, lexicon=lexicon, hmm=hmm)
        kept = s["broken"] == 0
        rows.append(dict(setting=setting, terms=len(s), terms_whole=int(kept.sum()),
                         share_terms=kept.mean() if len(s) else float("nan"),
                         occurrences=int(s["occurrences"].sum()),
                         occurrences_whole=int(s["whole"].sum()),
                         share_occurrences=(s["whole"].sum() / s["occurrences"].sum()
                                            if len(s) else float("nan"))))
    return pd.DataFrame(rows)
