"""Build the segmentation lexicon from the project's corpus (reproducibly).

    python -m lcanalysis.lexicon.build                       # write data/lexicon/{genre.csv,local/,candidates.csv}
    python -m lcanalysis.lexicon.build --variant heldout-excluded   # the same without HELD_OUT
    python -m lcanalysis.lexicon.build --check               # rebuild in memory, compare with the files

The procedure (each step a function below; the thresholds are :class:`Rules`):

1. **Documents.** Every text of ``data/corpus/`` (national reports 1954–2025, Shandong 2026, the
   provincial 2026 reports), loaded and cleaned with :func:`lcanalysis.load_report`; the
   ``heldout-excluded`` variant leaves out :data:`lcanalysis.lexicon.HELD_OUT`.  The Liaocheng
   report is *not* a build document (its own terms come from the hand list), so survival on it
   also checks the statistical layer on a text it was not built from.
2. **Candidates by statistics** (:func:`lcanalysis.lexicon.stats.candidate_stats`): runs of Han
   characters cut by plain jieba (HMM off); every sequence of 2–6 tokens, 3–16 characters, with
   its frequency, document frequency, cohesion (minimum PMI over its cuts) and left/right
   boundary entropy.
3. **Review rules** (:func:`review`), in this order; the first rule a candidate fails is its
   ``reason`` in ``candidates.csv``: ``frequency`` (n ≥ min_n), ``documents`` (df ≥ min_df),
   ``edge`` (first and last token not a stopword, boilerplate word or function word),
   ``function_word`` (no function word inside), ``number`` (no number in Chinese numerals: a year, a
   numeral with a unit, 百分之…, :data:`NUMBER_WORD`), ``cohesion`` (pmi ≥ min_pmi), ``boundary``
   (both entropies ≥ min_entropy), ``contained`` (not only part of one longer kept candidate: a
   candidate whose occurrences are ≥ max_contained of those of a longer kept candidate that
   contains it is that candidate's fragment), ``verb_phrase`` (a verb or boilerplate word
   followed by a kept or hand-list term: 发展新质生产力), ``compositional`` (a kept or hand-list
   term of three or more characters plus a prefix or suffix, with fewer than min_share of that
   term's occurrences: 产业高质量发展), ``figure_predicate`` (a candidate ending in a verb that
   stands before figures — min_predicate of its own occurrences — and itself followed by a
   figure in min_before_figure of its occurrences: 常住人口城镇化率达到 60%, a clause).
4. **Hand list.** ``data/lexicon/domain_terms.csv`` (the v1 list of the Liaocheng report, reviewed
   by hand): an entry that the statistics keep, or (unless it is a ``place`` or ``project``) that
   is found in ≥ min_df_hand build documents, joins the genre layer; the others form the local
   layer ``local/liaocheng-2024.csv``.
5. **Administrative divisions** (``data/lexicon/china-admin-divisions/``): the full names of
   provinces, prefecture-level and county-level units (three or more Han characters, generic
   names such as 市辖区 left out) that plain jieba splits when cut alone join the genre layer.
6. **Frequencies** (:func:`jieba_freq`): jieba's own frequency when it is higher, else 100 times
   the frequency that keeps the term whole when cut alone (``Tokenizer.suggest_freq``), within
   [1000, 20000]; hand-list entries keep their v1 frequency.
7. **Collateral check** (:func:`collateral`): the build documents are cut with the genre layer and
   with plain jieba; a genre term that, in more than max_harm of its occurrences, breaks a word
   of jieba's dictionary that plain jieba keeps whole and leaves one character of it alone
   (平/稳增长 in 平稳增长, 创/新发展理念 in 创新发展理念) is dropped
   (``reason`` ``collateral``); repeated until nothing changes.  A hand-list entry dropped here
   moves to the local layer.
8. **Hand list first.** The Liaocheng report is cut with genre + local; a statistical or
   administrative genre term that overlaps an occurrence of a hand-list term there (and is not
   that term) is dropped (``reason`` ``yields_to_hand_list``).

Every kept entry records where it was found (``source``, ``docs``, ``example_doc``, ``example``)
and why (``rule``, and the statistics ``n``, ``df``, ``pmi``, ``h_left``, ``h_right``).
The output is sorted and free of timestamps, so the same inputs give byte-identical files
(``tests/test_lexicon.py`` rebuilds and compares).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from . import EXCLUDED, LAYER_COLUMNS, Lexicon, Variant, folder
from .auto import is_numeric_slogan
from .stats import candidate_stats

ADMIN = paths.LEXICON / "china-admin-divisions"
HAND_LIST = paths.LEXICON / "domain_terms.csv"
LOCAL_DOC = paths.REPORT_DOC_ID
LOCAL_CATEGORIES = ("place", "project")
#: function words that never start, end or sit inside a term
FUNCTION_WORDS = frozenset("的 之 和 与 及 或 并 而 是 在 对 把 被 将 从 向 为 以 于 了 着 等 也 都 要 "
                           "又 再 就 让 使 由 给 按 到 个 其 这 那 我 你 他 她 它 们 有 无 不".split())
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_GENERIC_ADMIN = re.compile(r"^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划|"
                            r"直辖县级行政区划|.*开发区|.*新区|.*高新.*|.*管理区|.*工业园区)$")
#: the review log (candidates.csv) lists the dropped candidates with at least this many occurrences
LOG_MIN_N = 10
CANDIDATE_COLUMNS = ["term", "segmentation", "n", "df", "pmi", "h_left", "h_right", "reason"]


@dataclass(frozen=True)
class Rules:
    """The thresholds of the review (fixed before the held-out evaluation; see the README)."""

    min_n: int = 3            # occurrences in the build documents
    min_df: int = 2           # build documents with the candidate
    min_pmi: float = 3.0      # cohesion, bits
    min_entropy: float = 1.0  # boundary entropy on each side, bits
    max_contained: float = 0.9
    min_share: float = 0.25   # a compound of a term needs this share of the term's occurrences
    min_df_hand: int = 2      # build documents that make a hand-list entry genre-level
    max_harm: float = 0.1     # share of a term's occurrences that may break a dictionary word
    min_partners: int = 20    # entries a generic word attaches to (建设, 发展, 推进)
    min_free: int = 3         # occurrences of an entry without the generic word
    min_predicate: float = 0.3    # share of a verb's occurrences before a figure (达到, 突破)
    min_before_figure: float = 0.5  # share of a candidate's occurrences before a figure
    min_verb_share: float = 0.5   # v6: share of occurrences after a verb that makes a low left entropy an object's
    object_min_n: int = 5         # v6: … for a candidate seen this often,
    object_min_df: int = 3        # … in this many documents,
    object_min_pmi: float = 5.0   # … with this cohesion (bits)
    freq_multiplier: int = 100
    freq_floor: int = 1000
    freq_cap: int = 20000


RULES = Rules()


def corpus_paths() -> list[Path]:
    """Every text of data/corpus (national, Shandong, provinces-2026), in path order."""
    files = sorted(paths.CORPUS.glob("*.txt")) + sorted((paths.CORPUS / "provinces-2026").glob("*.txt"))
    return files


def documents(exclude=()) -> list:
    """The build documents: loaded reports of :func:`corpus_paths` minus ``exclude`` (doc_ids)."""
    from ..corpus import load_report

    unknown = set(exclude) - {p.stem for p in corpus_paths()}
    if unknown:
        raise ValueError(f"cannot exclude {', '.join(sorted(unknown))}: not in data/corpus")
    return [load_report(p, doc_id=p.stem, require_outline=False)
            for p in corpus_paths() if p.stem not in set(exclude)]


@lru_cache(maxsize=1)
def _plain():
    from ..tokens import _segmenter

    return _segmenter(None).tokenizer


def jieba_freq(term: str, rules: Rules = RULES) -> int:
    """The frequency a term gets (step 6)."""
    tok = _plain()
    own = tok.FREQ.get(term, 0)
    need = tok.suggest_freq(term, tune=False)
    return int(max(own, min(rules.freq_cap, max(rules.freq_floor, rules.freq_multiplier * need))))


def _clauses(report) -> list[str]:
    return [run for text in report.sentences["text"].tolist() for run in _HAN.findall(text)
            if len(run) >= 2]


@lru_cache(maxsize=1)
def _edge_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(words that may not start a term, words that may not end one, all boilerplate)."""
    from ..tokens import BOILERPLATE, stopwords

    iso = stopwords(boilerplate=False) | FUNCTION_WORDS
    cats: dict[str, set] = {}
    with BOILERPLATE.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            cats.setdefault(row["category"], set()).add(row["word"].strip())
    light = cats.get("filler", set()) | cats.get("self_reference", set())
    first = iso | light | cats.get("action_verb", set())
    last = iso | light | cats.get("intensifier", set())
    return frozenset(first), frozenset(last), frozenset(set().union(*cats.values()) | iso)


@lru_cache(maxsize=1)
def _tags() -> dict:
    from ..tokens import _pos_tagger

    return _pos_tagger(None).word_tag_tab


#: a year or an amount written in Chinese numerals (一九五七年, 二〇二〇年, 三十万亿): not a term
NUMBER_WORD = (r"[〇零一二三四五六七八九]{4}年|[〇零一二三四五六七八九十百千]{2,}[万亿倍]"
               # a number written out in words: 百分之二十, 七百六十, 四亿八千, 增加三千, 增长一点(五)
               r"|百分之|[一二三四五六七八九两][百千万亿][一二三四五六七八九十]"
               r"|[一二三四五六七八九两][十百千万亿]$|[〇零一二三四五六七八九十]点$")
#: what a figure starts with (Arabic or full-width digits, Chinese numerals: 60%, 百分之二十, 千亿元)
FIGURE_START = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千万亿两]")

#: jieba tags that never start (adverb, preposition, conjunction, particle, pronoun, interjection,
#: onomatopoeia) or end (the same, and 方位词 f) a term
BAD_FIRST_TAGS = frozenset("d p c u uj ul uz ug ud uv y e o r".split())
BAD_LAST_TAGS = BAD_FIRST_TAGS | {"f"}
#: nor does a single character that is an adjective, verb or preposition (取得/新 in 取得新成效)
SINGLE_LAST_TAGS = frozenset("a v p".split())
#: v6: single characters that end the name of a measure although jieba tags them a verb or a
#: preposition (赤字/率, 城乡居民收入/比): the rule above does not apply to them
MEASURE_ENDINGS = frozenset("率 比".split())
#: v6: the tags of a verb whose object a candidate can be (构建 + 人类命运共同体, 践行 + 社会主义核心价值观)
OBJECT_VERB_TAGS = frozenset("v vd".split())
#: v6: … and of the first and last token of such an object: a noun phrase (采取/有效/措施, 取得/积极/进展
#: are a verb and its adjective-led object, not a term)
OBJECT_NOUN_TAGS = frozenset("n nz ns nt nr nrt nl ng j vn".split())


#: jieba tags of a single-character noun, which may end a term although stopwords-iso lists it
#: (区 in 粤港澳大湾区)
NOUN_TAGS = frozenset("n ns nt nz".split())
#: the tags of a word that can be generic (verbs and verbal nouns that attach to any term)
GENERIC_TAGS = frozenset("v vn vd".split())
GENERIC_COLUMNS = ["word", "side", "partners", "tag", "examples"]


def generic_words(stats: pd.DataFrame, reason: pd.Series, hand=frozenset(),
                  rules: "Rules | None" = None) -> pd.DataFrame:
    """Generic words, measured on the corpus: a verb or verbal noun (jieba tag v, vn, vd) that
    follows (``side`` right: 建设, 发展) or precedes (``side`` left: 推进, 加强) at least
    ``rules.min_partners`` different entries (candidates still kept after the boundary rule, and
    hand-list terms, of three or more characters) among the candidates: ``partners`` is that number,
    ``examples`` the first five partners in code-point order.  Columns :data:`GENERIC_COLUMNS`."""
    rules = rules or RULES
    tags = _tags()
    entries = set(stats.loc[reason == "kept", "term"]) | set(hand)
    partners: dict[tuple[str, str], set] = {}
    for seg in stats["segmentation"].str.split("/").tolist():
        head = "".join(seg[:-1])
        if len(head) >= 3 and head in entries:
            partners.setdefault((seg[-1], "right"), set()).add(head)
        for k in (1, 2):
            rest = "".join(seg[k:])
            if len(seg) > k and len(rest) >= 3 and rest in entries:
                partners.setdefault((seg[k - 1], "left"), set()).add(rest)
    rows = [dict(word=w, side=side, partners=len(p), tag=tags.get(w, "x"),
                 examples=";".join(sorted(p)[:5]))
            for (w, side), p in partners.items()
            if len(p) >= rules.min_partners and tags.get(w, "x") in GENERIC_TAGS]
    out = pd.DataFrame(rows, columns=GENERIC_COLUMNS)
    return out.sort_values(["side", "partners", "word"], ascending=[True, False, True],
                           kind="stable").reset_index(drop=True)


def _term_plus_generic(term, seg, entries, right, left, count, rules) -> str | None:
    """The longest entry that ``term`` holds next to a generic word at its edge — an entry
    followed by a generic word at the end (全国统一大市场 + 建设, also inside 融入全国统一大市场建设)
    or preceded by one at the start (因地制宜发展 + 新质生产力) — if that entry stands alone
    elsewhere (at least ``rules.min_free`` occurrences without the word), else None."""
    n = count(term) or 0

    def free(part, single=False):
        """An entry (or a single dictionary token of two or more characters: 示范区 in
        示范区/建设) that stands alone elsewhere."""
        known = part in entries and len(part) >= 3 or single and len(part) >= 2
        return known and (count(part) or 0) - n >= rules.min_free

    if len(seg) >= 2 and seg[-1] in right:
        for k in range(len(seg) - 1):
            if free("".join(seg[k:-1]), single=k == len(seg) - 2):
                return "".join(seg[k:-1])
    for k in range(1, len(seg)):
        if seg[k - 1] in left:
            for j in range(len(seg), k, -1):
                if free("".join(seg[k:j]), single=j == k + 1):
                    return "".join(seg[k:j])
    return None


def review(stats: pd.DataFrame, rules: Rules = RULES, hand=frozenset(), *,
           generic: pd.DataFrame | None = None, counts=None, upto: str | None = None,
           before_figure=None) -> pd.Series:
    """The reason each candidate is dropped, or "kept" (step 3).  ``generic``: the generic words
    (default: measured on ``stats`` by :func:`generic_words`); ``counts``: term → occurrences
    of the string in the documents (default: the candidates' own ``n``); ``upto="boundary"`` stops
    after the boundary rule (what :func:`generic_words` counts partners among);
    ``before_figure``: string → the share of its occurrences in the documents that a figure
    follows (:data:`FIGURE_START`), for the ``figure_predicate`` rule (None: rule off)."""
    first_stop, last_stop, boiler = _edge_lists()
    tags = _tags()
    reason = pd.Series("kept", index=stats.index, dtype=object)

    def fail(mask, why):
        reason[(reason == "kept") & mask.to_numpy()] = why

    segs = stats["segmentation"].str.split("/")
    fail(stats["n"] < rules.min_n, "frequency")
    fail(stats["df"] < rules.min_df, "documents")
    slogan = stats["term"].map(is_numeric_slogan).to_numpy()

    def bad_edge(s):
        last = s[-1] in last_stop and not (len(s[-1]) == 1 and tags.get(s[-1], "x") in NOUN_TAGS)
        return s[0] in first_stop or last or all(t in boiler for t in s)

    fail(segs.map(bad_edge) & ~slogan, "edge")
    fail(segs.map(lambda s: tags.get(s[0], "x") in BAD_FIRST_TAGS
                  or tags.get(s[-1], "x") in BAD_LAST_TAGS
                  or len(s[-1]) == 1 and tags.get(s[-1], "x") in SINGLE_LAST_TAGS
                  and s[-1] not in MEASURE_ENDINGS) & ~slogan,
         "edge_tag")
    fail(segs.map(lambda s: any(t in FUNCTION_WORDS for t in s[1:-1])), "function_word")
    fail(stats["term"].str.contains(NUMBER_WORD), "number")
    fail(stats["pmi"] < rules.min_pmi, "cohesion")
    low = ((stats["h_left"] < rules.min_entropy) | (stats["h_right"] < rules.min_entropy)).to_numpy()
    if upto == "boundary":
        fail(pd.Series(low, index=stats.index), "boundary")
        return reason
    # minimal units: a term plus a generic word is not an entry, the term is (and a term whose
    # low boundary entropy comes from that word is kept: 西部陆海新通道 before 建设)
    if generic is None:
        generic = generic_words(stats, review(stats, rules, hand, upto="boundary"), hand, rules)
    right = set(generic.loc[generic["side"] == "right", "word"])
    left = set(generic.loc[generic["side"] == "left", "word"])
    entries = set(stats.loc[reason == "kept", "term"]) | set(hand)
    count = counts or dict(zip(stats["term"].tolist(), stats["n"].tolist())).get
    units = set()
    for i, term, seg in zip(stats.index, stats["term"].tolist(), segs.tolist()):
        if reason[i] == "kept":
            unit = _term_plus_generic(term, seg, entries, right, left, count, rules)
            if unit:
                reason[i] = "generic_word"
                units.add(unit)
    # v6: a low entropy on the left that comes from the verb the candidate is the object of
    # (构建人类命运共同体, 践行社会主义核心价值观: the same verb each time) is no fragment's
    objects = _verb_objects(stats, segs, tags, left, rules)
    fail(pd.Series(low & ~stats["term"].isin(units).to_numpy() & ~objects, index=stats.index),
         "boundary")
    reason.attrs["units"] = tuple(sorted(units))
    kept = stats[reason == "kept"]
    n_of = dict(zip(kept["term"].tolist(), kept["n"].tolist()))
    index_of = dict(zip(kept["term"].tolist(), kept.index))
    fragments = set()
    for longer, m in n_of.items():
        for a in range(len(longer)):
            for b in range(a + 3, len(longer) + 1):
                part = longer[a:b]
                if part != longer and part in n_of and m >= rules.max_contained * n_of[part]:
                    fragments.add(part)
    reason[[index_of[t] for t in sorted(fragments)]] = "contained"
    # phrases built on a term: verb + term, and rare compounds of a frequent term
    n_all = dict(zip(stats["term"].tolist(), stats["n"].tolist()))
    terms = {t for t in n_of if reason[index_of[t]] == "kept"} | set(hand)
    for i, term, seg in zip(stats.index, stats["term"].tolist(), segs.tolist()):
        if reason[i] != "kept":
            continue
        for k in range(1, len(seg)):
            head, rest = "".join(seg[:k]), "".join(seg[k:])
            if k == 1 and len(rest) >= 3 and rest in terms and (
                    tags.get(seg[0], "x") == "v" or seg[0] in boiler):
                reason[i] = "verb_phrase"
                break
            part = next((p for p in (head, rest) if len(p) >= 3 and p in terms and p in n_all), None)
            if part and n_all[term] < rules.min_share * n_all[part]:
                reason[i] = "compositional"
                break
    if before_figure is not None:
        # a subject and its predicate before a figure are a clause, not a term: 常住人口城镇化率达到
        # (60%), 技术合同成交额突破 (350亿元); the verb is one that stands before figures
        # (measured: min_predicate of its own occurrences), so an indicator whose name ends in a
        # verbal noun (城镇新增就业 1200万人: 就业 rarely precedes a figure) stays
        for i, term, seg in zip(stats.index, stats["term"].tolist(), segs.tolist()):
            if reason[i] == "kept" and len(seg) >= 2 and tags.get(seg[-1], "x") in GENERIC_TAGS \
                    and before_figure(seg[-1]) >= rules.min_predicate \
                    and before_figure(term) >= rules.min_before_figure:
                reason[i] = "figure_predicate"
    return reason


def _verb_objects(stats: pd.DataFrame, segs: pd.Series, tags: dict, left_generic, rules: Rules):
    """v6: the candidates that are the object of a fixed verb, not a fragment: their only low
    boundary entropy is on the left, and they follow a verb (a word tagged
    :data:`OBJECT_VERB_TAGS`, or a left generic word) in at least ``rules.min_verb_share`` of
    their occurrences (``left_words`` of :func:`~lcanalysis.lexicon.stats.candidate_stats`; a
    table without it has none); they are noun phrases (first and last token tagged
    :data:`OBJECT_NOUN_TAGS`), seen ``rules.object_min_n`` times in ``rules.object_min_df``
    documents, with a cohesion of ``rules.object_min_pmi`` bits or more."""
    if "left_words" not in stats:
        return np.zeros(len(stats), dtype=bool)

    def verb_share(words, n):
        return sum(c for w, c in words if len(w) >= 2 and (
            tags.get(w, "x") in OBJECT_VERB_TAGS or w in left_generic)) / n

    def nominal(seg):
        return tags.get(seg[0], "x") in OBJECT_NOUN_TAGS and tags.get(seg[-1], "x") in OBJECT_NOUN_TAGS

    verb = np.array([verb_share(w, n) >= rules.min_verb_share and nominal(seg)
                     for w, n, seg in zip(stats["left_words"].tolist(), stats["n"].tolist(),
                                          segs.tolist())], dtype=bool)
    return verb & (stats["h_left"] < rules.min_entropy).to_numpy() \
        & (stats["h_right"] >= rules.min_entropy).to_numpy() \
        & (stats["n"] >= rules.object_min_n).to_numpy() \
        & (stats["df"] >= rules.object_min_df).to_numpy() \
        & (stats["pmi"] >= rules.object_min_pmi).to_numpy()


def _example(term: str, reports, where=None) -> tuple[str, str, str, int]:
    """(first doc with the term, a short exact substring around it, the docs joined, df).
    ``where``: the indices of the documents with the term, if known."""
    if where is None:
        where = [i for i, r in enumerate(reports) if term in r.text]
    if not where:
        return "", "", "", 0
    r = reports[where[0]]
    k = r.text.find(term)
    if k < 0:
        return r.doc_id, term, "", len(where)
    a = max(0, k - 6)
    snippet = re.split(r"[，。；：、！？\n]", r.text[a:k + len(term) + 6])
    example = next((s for s in snippet if term in s), term)
    ids = [reports[i].doc_id for i in where]
    docs = ";".join(ids[:5]) + (f";… ({len(ids)})" if len(ids) > 5 else "")
    return r.doc_id, example, docs, len(where)


def _admin_names() -> list[tuple[str, str]]:
    out = []
    for file, level in (("provinces.csv", "province"), ("cities.csv", "prefecture"),
                        ("areas.csv", "county")):
        with (ADMIN / file).open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                name = row["name"].strip()
                if len(name) >= 3 and _HAN.fullmatch(name) and not _GENERIC_ADMIN.match(name):
                    out.append((name, f"china-admin-divisions {file} code {row['code']} ({level})"))
    seen, uniq = set(), []
    for name, src in out:
        if name not in seen:
            seen.add(name)
            uniq.append((name, src))
    return uniq


def _plain_bounds(reports) -> list[tuple[str, dict]]:
    """Each sentence of ``reports`` with plain jieba's (HMM on) token at each character:
    ``{position: (start, end)}``."""
    from ..tokens import _pieces, _segmenter

    plain, out = _segmenter(None), []
    for r in reports:
        for text in r.sentences["text"].tolist():
            at, i = {}, 0
            for w in _pieces(plain, text, True):
                for k in range(i, i + len(w)):
                    at[k] = (i, i + len(w))
                i += len(w)
            out.append((text, at))
    return out


#: the longest entry the collateral check looks for across a token's edges
_CROSS_MAX = 12


def collateral(lexicon: Lexicon, sentences: list[tuple[str, dict]],
               protect=frozenset()) -> pd.DataFrame:
    """term, n (occurrences as a token in ``sentences``, from :func:`_plain_bounds`), harm (of
    those, the ones that break a word that should stay whole): a word of jieba's dictionary
    (frequency ≥ 100) that plain jieba keeps whole there, when a single character of it is left
    as a token (平/稳增长 for 平稳增长, 创/新发展理念 for 创新发展理念); a longer entry of the
    lexicon of which the token is only a part (统一大市场 in 全国统一大市场); or an entry of
    ``protect`` (the minimal units of step 3 and the hand list) that the token cuts through
    (融入全国/统一大市场 for 全国统一大市场); a term of ``protect`` is blamed only for the first kind."""
    from ..tokens import _pieces, _segmenter

    seg = _segmenter(lexicon)
    freq = _plain().FREQ
    terms = set(lexicon.terms)
    n: dict[str, int] = {}
    harm: dict[str, int] = {}

    def crosses(text, i, j):
        if text[i:j] in protect:  # a curated term or minimal unit is never blamed
            return False
        for a in range(i, max(-1, i - _CROSS_MAX), -1):
            for b in range(max(i + 1, a + 2), min(len(text), a + _CROSS_MAX) + 1):
                if (a, b) == (i, j) or (a == i and b < j):
                    continue
                e = text[a:b]
                if e in terms and (b >= j or e in protect):
                    return True
        for a in range(i + 1, j):
            for b in range(j + 1, min(len(text), a + _CROSS_MAX) + 1):
                if text[a:b] in protect:
                    return True
        return False

    for text, at in sentences:
        pieces = _pieces(seg, text, True)
        i = 0
        for k, w in enumerate(pieces):
            j = i + len(w)
            if w in terms:
                n[w] = n.get(w, 0) + 1
                bad = False
                if i > 0 and at[i][0] < i and k > 0 and len(pieces[k - 1]) == 1:
                    a, b = at[i]
                    bad = freq.get(text[a:b], 0) >= 100
                if not bad and j < len(text) and at[j - 1][1] > j and k + 1 < len(pieces) \
                        and len(pieces[k + 1]) == 1:
                    a, b = at[j - 1]
                    bad = freq.get(text[a:b], 0) >= 100
                bad = bad or crosses(text, i, j)
                if bad:
                    harm[w] = harm.get(w, 0) + 1
            i = j
    out = pd.DataFrame({"term": list(n), "n": list(n.values())})
    out["harm"] = out["term"].map(harm).fillna(0).astype(int)
    return out


def _lexicon(table: pd.DataFrame, name: str) -> Lexicon:
    return Lexicon(name, tuple(zip(table["term"], table["freq"].astype(int), table["pos"])))


def build(variant: Variant = "default", rules: Rules = RULES, *,
          exclude: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """The layer tables and the review log: ``{"genre": …, LOCAL_DOC: …, "candidates": …}``.
    ``exclude``: the doc_ids left out of every step that reads documents (default: the
    variant's, :data:`lcanalysis.lexicon.EXCLUDED` for ``heldout-excluded``, none otherwise) —
    a leave-one-report-out build for :func:`lcanalysis.lexicon.evaluate.leave_one_out_survival`."""
    from ..corpus import load_report
    from ..tokens import _pieces, _segmenter

    if exclude is None:
        exclude = EXCLUDED if variant == "heldout-excluded" else ()
    reports = documents(exclude)
    plain = _segmenter(None)
    docs = [[_pieces(plain, c, False) for c in _clauses(r)] for r in reports]
    stats = candidate_stats(docs, min_n=min(2, rules.min_n))
    stats = stats[(stats["n"] >= rules.min_n) & (stats["df"] >= rules.min_df)].reset_index(drop=True)
    hand = pd.read_csv(HAND_LIST, dtype=str, keep_default_na=False)
    texts = ["\n".join("".join(c) for c in doc) for doc in docs]

    @lru_cache(maxsize=None)
    def counts(term: str) -> int:
        return sum(t.count(term) for t in texts)

    generic = generic_words(stats, review(stats, rules, frozenset(hand["term"]), upto="boundary"),
                            frozenset(hand["term"]), rules)
    raw = [r.text for r in reports]

    @lru_cache(maxsize=None)
    def before_figure(term: str) -> float:
        n = hits = 0
        pattern = re.compile(re.escape(term))
        for t in raw:
            for m in pattern.finditer(t):
                n += 1
                hits += FIGURE_START.match(t, m.end()) is not None
        return hits / n if n else 0.0

    reviewed = review(stats, rules, frozenset(hand["term"]), generic=generic, counts=counts,
                      before_figure=before_figure)
    protect = frozenset(reviewed.attrs["units"]) | frozenset(hand["term"])
    stats["reason"] = reviewed
    kept = stats[stats["reason"] == "kept"]
    rows = []
    for term, seg, n, df, pmi, hl, hr, ids in zip(
            kept["term"], kept["segmentation"], kept["n"], kept["df"], kept["pmi"],
            kept["h_left"], kept["h_right"], kept["docs"]):
        doc, example, where, _ = _example(term, reports, list(ids))
        why = f"statistics: cut by plain jieba as {seg}"
        if min(hl, hr) < rules.min_entropy:  # only a minimal unit of step 3 gets here
            why += "; a minimal unit before a generic word (boundary entropy waived)"
        rows.append(dict(term=term, freq=jieba_freq(term, rules), pos="n", layer="genre",
                         source="corpus statistics", rule=why,
                         n=n, df=df, docs=where, example_doc=doc, example=example,
                         pmi=round(pmi, 3), h_left=round(hl, 3), h_right=round(hr, 3)))
    genre = {r["term"]: r for r in rows}
    # the hand list
    local = {}
    for term, freq, pos, cat, src, ex in zip(hand["term"], hand["freq"], hand["pos"],
                                             hand["category"], hand["source"], hand["example"]):
        doc, example, where, df = _example(term, reports)
        entry = dict(term=term, freq=int(freq), pos=pos, layer="genre",
                     source=f"hand list v1 ({cat}; {src})", n=sum(r.text.count(term) for r in reports),
                     df=df, docs=where, example_doc=doc or LOCAL_DOC, example=example or ex,
                     pmi=None, h_left=None, h_right=None)
        if term in genre:  # the statistics found it too: genre-level whatever its category
            genre[term] = {**entry, "rule": f"hand list, genre: kept by the statistics, in {df} "
                                            "build documents"}
        elif cat in LOCAL_CATEGORIES or df < rules.min_df_hand:
            why = f"category {cat}" if cat in LOCAL_CATEGORIES else f"in {df} build document(s)"
            local[term] = {**entry, "layer": LOCAL_DOC, "rule": f"hand list, local: {why}"}
        else:
            genre[term] = {**entry, "rule": f"hand list, genre: in {df} build documents"}
    for name, src in _admin_names():
        if name in genre or name in local:
            continue
        if len(_plain().lcut(name, HMM=False)) == 1:
            continue
        doc, example, where, df = _example(name, reports)
        genre[name] = dict(term=name, freq=jieba_freq(name, rules), pos="ns", layer="genre",
                           source=src, rule="administrative division split by plain jieba",
                           n=sum(r.text.count(name) for r in reports), df=df, docs=where,
                           example_doc=doc, example=example, pmi=None, h_left=None, h_right=None)
    # collateral check, repeated until stable
    dropped: dict[str, str] = {}
    sentences = _plain_bounds(reports)
    while True:
        table = pd.DataFrame(list(genre.values()))
        col = collateral(_lexicon(table, "genre (build)"), sentences, protect)
        bad = col[col["harm"] > rules.max_harm * col["n"]]["term"].tolist()
        if not bad:
            break
        for term in bad:
            entry = genre.pop(term)
            dropped[term] = "collateral"
            if entry["source"].startswith("hand list"):
                local[term] = {**entry, "layer": LOCAL_DOC,
                               "rule": "hand list, local: breaks dictionary words in the corpus"}
    # the hand list first, in its own report
    liaocheng = load_report()
    hand_terms = set(local) | {t for t, e in genre.items() if e["source"].startswith("hand list")}
    while True:
        table = pd.DataFrame(list(genre.values()) + list(local.values()))
        seg = _segmenter(_lexicon(table, "genre + local (build)"))
        culprits = set()
        for text in liaocheng.sentences["text"].tolist():
            spans, i = [], 0
            for w in _pieces(seg, text, True):
                spans.append((i, i + len(w), w))
                i += len(w)
            whole = {(a, b) for a, b, _ in spans}
            for term in hand_terms:
                k = text.find(term)
                while k >= 0:
                    a, b = k, k + len(term)
                    if (a, b) not in whole:
                        culprits |= {w for s_, e_, w in spans if s_ < b and e_ > a
                                     and w in genre and w not in hand_terms}
                    k = text.find(term, k + len(term))
        if not culprits:
            break
        for term in culprits:
            genre.pop(term)
            dropped[term] = "yields_to_hand_list"
    stats.loc[stats["term"].isin(dropped), "reason"] = stats["term"].map(dropped)
    out = {}
    for key, entries in (("genre", genre), (LOCAL_DOC, local)):
        t = pd.DataFrame(list(entries.values()), columns=LAYER_COLUMNS)
        t["layer"] = key
        t = t.sort_values("term", kind="stable").reset_index(drop=True)
        out[key] = t
    cands = stats[(stats["reason"] != "kept") & (stats["n"] >= LOG_MIN_N)][CANDIDATE_COLUMNS].copy()
    for c in ("pmi", "h_left", "h_right"):
        cands[c] = cands[c].round(3)
    out["candidates"] = cands
    out["generic"] = generic
    return out


def _csv(table: pd.DataFrame) -> str:
    buf = io.StringIO()
    table.to_csv(buf, index=False, lineterminator="\n", float_format="%.3f")
    return buf.getvalue()


def outputs(variant: Variant = "default", rules: Rules = RULES) -> dict[Path, str]:
    """The files the build writes, path → text."""
    built = build(variant, rules)
    base = folder(variant)
    return {base / "genre.csv": _csv(built["genre"]),
            base / "local" / f"{LOCAL_DOC}.csv": _csv(built[LOCAL_DOC]),
            base / "candidates.csv": _csv(built["candidates"]),
            base / "generic_words.csv": _csv(built["generic"])}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lcanalysis.lexicon.build",
                                     description="Build the segmentation lexicon (data/lexicon/).")
    parser.add_argument("--variant", choices=["default", "heldout-excluded", "both"], default="both")
    parser.add_argument("--check", action="store_true",
                        help="rebuild in memory and compare with the files; write nothing")
    args = parser.parse_args(argv)
    variants = ["default", "heldout-excluded"] if args.variant == "both" else [args.variant]
    differ = []
    for v in variants:
        for path, text in outputs(v).items():
            if args.check:
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    differ.append(paths.display(path))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
                print("wrote", paths.display(path))
    if differ:
        print("differ from a rebuild:", ", ".join(differ), file=sys.stderr)
        return 1
    if args.check:
        print("the lexicon files match a rebuild; rules:", asdict(RULES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
