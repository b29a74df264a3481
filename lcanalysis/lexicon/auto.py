"""The automatic layer: a report's own names, found in its own text by genre rules.

A genre lexicon cannot know a province's programmes, slogans and places (接诉即办, 三城一区,
中关村科学城): each is used by one report.  In this genre such names are marked in the text itself,
and four high-precision rules read them off (:func:`report_terms`); each term keeps its rule and
its evidence (where it was seen):

- ``quoted``: a name in Chinese quotation marks “…”: 2–12 characters, Han or the middle dot
  ``·``, with none of the clause markers :data:`CLAUSE_MARKERS` (“看北京首先要从政治上看” is a clause,
  not a name) — 接诉即办, 四个中心, 营商广西·桂在便利;
- ``numeric_slogan``: a numeric formula, two to five segments of one or two numerals followed by
  the same number (one to three) of other characters — 一核两副三带四区, 三基地一屏障一高地, 双百双新 —
  that begins and ends at a token boundary of the report's segmentation (so that 一区两地一园一通道
  is not read as …一园一通 by the one-character pattern) and has no measure word after a numeral
  (:data:`MEASURE_WORDS`: 万亿两个, 三次会议 are not formulae);
- ``recurring``: a sequence of two or three tokens that recurs in the report (three or more
  times) and passes the build's review rules with a stricter cohesion (PMI ≥ 5 bits), does not
  start with a single character and has no generic word (建设, 发展, 推进 …) in it: 平陆运河;
- ``place_suffix``: a place — a token tagged ``ns`` (place) or ``nr``/``nrt`` (jieba tags many
  places as names: 北部湾, 左右江) or a word in no dictionary (a name jieba's HMM found in the
  report: 长株) that heads two or more such names in the report, or a name of
  ``china-admin-divisions`` with or without its 省/市/县… ending; not a common noun of
  :data:`GENERIC_PLACES` (城市, 地区 …) — followed by up to three content tokens (no function word, stopword or
  boilerplate word) and a token that is, or ends in, an institution or zone word of
  :data:`SUFFIX_FILE` (科学城, 交易所, 机场, 试验区 …) — 中关村科学城, 北京证券交易所,
  广西自贸试验区, 长株潭国家自主创新示范区.

Two checks apply to every rule (the minimal-unit rule of the build, step 3, and "curated terms
first", step 8): a term that is a lexicon term plus a generic word (``generic_words.csv`` of the
build: 建设, 发展, 推进 …) is not taken (“全国统一大市场建设”), and a term that contains a term of the
report's hand-made local layer is not taken (the curated term stays a token).

At tokenisation (:func:`lcanalysis.tokenize`) a sentence that holds an automatic term is cut
again around it, and the term is one token, unless the occurrence cuts through a token that is a
lexicon term (the lexicon wins).  Nothing here is random; the result depends only on the report's
text and the lexicon.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

import pandas as pd

from .. import paths

AUTO_COLUMNS = ["term", "rule", "n", "evidence"]
#: the suffixes of rule ``place_suffix`` (suffix, kind, note)
SUFFIX_FILE = paths.LEXICON / "institution_suffixes.csv"
ADMIN = paths.LEXICON / "china-admin-divisions"
NUMERALS = "一二三四五六七八九十两双多百千万"
_SMALL = "一二三四五六七八九十两双多"  # 百千万 may also be the word after the numeral (双百双新)
_QUOTED = re.compile("“([\u4e00-\u9fff\u00b7]{2,12})”")
#: characters that make a quoted string a clause rather than a name
CLAUSE_MARKERS = frozenset("的是要就把从被将了着让使得")


def _han_except(chars: str) -> str:
    """A regex class of the Han characters U+4E00–U+9FFF except ``chars``."""
    cuts = sorted(ord(c) for c in set(chars))
    lows, highs = [0x4E00] + [c + 1 for c in cuts], [c - 1 for c in cuts] + [0x9FFF]
    return "[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in zip(lows, highs) if a <= b) + "]"


_OTHER = _han_except(_SMALL)
_SLOGANS = [re.compile(f"(?:[{NUMERALS}]{{1,2}}{_OTHER}{{{k}}}){{2,5}}") for k in (3, 2, 1)]
_ADMIN_ENDINGS = re.compile("(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|"
                            "省|市|县|区|盟|旗)$")
_HAN = re.compile("[\u4e00-\u9fff]+")
#: common nouns that jieba tags as places but that do not start a name (城市 in 城市医疗集团)
GENERIC_PLACES = frozenset("城市 城乡 地区 区域 国际 全国 全省 全市 沿海 边境 农村 乡村 国家 中国".split())
#: measure words: a numeric formula has none after its numerals (万亿/两个, 三次会议)
MEASURE_WORDS = frozenset("个次届亿年月日倍位名人元家批种条所座")
#: rule ``recurring``: occurrences in the report and cohesion (bits) a sequence needs
RECURRING_MIN_N = 3
RECURRING_MIN_PMI = 5.0
RECURRING_MAX_TOKENS = 3
#: jieba tags of a token that can start a place name
PLACE_TAGS = frozenset("ns nr nrt".split())


_SEGMENT = re.compile(f"[{NUMERALS}]{{1,2}}({_OTHER})")


def is_numeric_slogan(term: str) -> bool:
    """True for a numeric formula (一老一小, 三城一区, 三基地一屏障一高地): see the module docstring;
    no segment's word may start with a measure word (:data:`MEASURE_WORDS`: not 万亿两个)."""
    for p in _SLOGANS:
        if p.fullmatch(term):
            return not any(m.group(1) in MEASURE_WORDS for m in _SEGMENT.finditer(term))
    return False


@lru_cache(maxsize=1)
def suffixes() -> tuple[str, ...]:
    """The institution and zone words of rule ``place_suffix``, longest first."""
    with SUFFIX_FILE.open(encoding="utf-8", newline="") as f:
        words = [row["suffix"].strip() for row in csv.DictReader(f)]
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def admin_short_names() -> frozenset[str]:
    """Names of provinces, prefectures and counties, with and without their 省/市/县… ending
    (two or more characters)."""
    out = set()
    for file in ("provinces.csv", "cities.csv", "areas.csv"):
        with (ADMIN / file).open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                name = row["name"].strip()
                if not _HAN.fullmatch(name):
                    continue
                out.add(name)
                short = _ADMIN_ENDINGS.sub("", name)
                if len(short) >= 2:
                    out.add(short)
    return frozenset(out)


def _context(text: str, a: int, b: int, width: int = 8) -> str:
    return text[max(0, a - width):b + width].replace("\n", " ")


def report_terms(texts: list[str], pieces: list[list[str]], *, tag, lexicon_terms=frozenset(),
                 protected=frozenset(), generic: pd.DataFrame | None = None,
                 function_words=frozenset(), boilerplate=frozenset(),
                 recurring: int | None = RECURRING_MIN_N) -> pd.DataFrame:
    """The automatic terms of one report: one row per term (:data:`AUTO_COLUMNS`: term, rule,
    n — occurrences in ``texts`` —, evidence — the first place the rule saw it), sorted by term.

    ``texts``: the report's sentences; ``pieces``: each sentence cut by the base segmenter;
    ``tag(word)``: its jieba tag (or None); ``lexicon_terms``: the base lexicon; ``protected``:
    curated terms that no automatic term may contain; ``generic``: the generic words (a table
    with ``word`` and ``side``); ``function_words``, ``boilerplate``: tokens that may not stand
    inside a place name; ``recurring``: the least number of occurrences of rule ``recurring``
    (None switches it off)."""
    found: dict[str, tuple[str, str]] = {}

    def add(term, rule, evidence):
        if term not in found:
            found[term] = (rule, evidence)

    for text in texts:
        for m in _QUOTED.finditer(text):
            name = m.group(1)
            if not (CLAUSE_MARKERS & set(name)):
                add(name, "quoted", f"quoted: …{_context(text, m.start(), m.end())}…")
    for text, cut in zip(texts, pieces):
        bounds = None
        for pattern in _SLOGANS:
            for m in pattern.finditer(text):
                if bounds is None:
                    bounds, i = {0}, 0
                    for w in cut:
                        i += len(w)
                        bounds.add(i)
                if m.start() in bounds and m.end() in bounds and len(m.group()) <= 12 \
                        and is_numeric_slogan(m.group()):
                    add(m.group(), "numeric_slogan",
                        f"numeric formula: …{_context(text, m.start(), m.end())}…")
    sufs = frozenset(suffixes())
    lengths = sorted({len(x) for x in sufs})
    last_chars = frozenset(x[-1] for x in sufs)
    places = admin_short_names()
    memo: dict[str, bool] = {}

    def is_suffix(v):
        hit = memo.get(v)
        if hit is None:
            hit = v in sufs or (any(v[-n:] in sufs for n in lengths if n < len(v))
                                and tag(v) not in PLACE_TAGS)
            memo[v] = hit
        return hit

    by_head: dict[str, dict[str, str]] = {}
    for text, cut in zip(texts, pieces):
        ends = [j for j, v in enumerate(cut) if v[-1:] in last_chars and is_suffix(v)]
        if not ends:
            continue
        starts = sorted({i for j in ends for i in range(max(0, j - 4), j)})
        for i in starts:
            w = cut[i]
            if len(w) < 2 or w in GENERIC_PLACES or not _HAN.fullmatch(w):
                continue
            t = tag(w)
            if not (t in PLACE_TAGS or t is None or w in places):
                continue
            best = None
            for j in range(i + 1, min(i + 5, len(cut))):
                v = cut[j]
                if not _HAN.fullmatch(v) or v in function_words or v in boilerplate:
                    break
                if is_suffix(v):
                    best = j
            if best is not None:
                term = "".join(cut[i:best + 1])
                if len(term) <= 14 and term not in by_head.get(w, {}):
                    k = text.find(term)
                    by_head.setdefault(w, {})[term] = (
                        f"place {w} + {cut[best]}: …{_context(text, k, k + len(term))}…")
    for head, names in by_head.items():
        # a place by its tag or the division list; another name if it heads two or more names
        if tag(head) == "ns" or head in places or len(names) >= 2:
            for term, evidence in names.items():
                add(term, "place_suffix", evidence)
    if recurring:
        for term, evidence in _recurring(pieces, lexicon_terms, generic, recurring):
            add(term, "recurring", evidence)
    right = left = frozenset()
    if generic is not None and len(generic):
        right = frozenset(generic.loc[generic["side"] == "right", "word"])
        left = frozenset(generic.loc[generic["side"] == "left", "word"])
    terms = set(lexicon_terms)
    rows = []
    entries = terms | set(found)
    joined = "\n".join(texts)
    for term, (rule, evidence) in found.items():
        # a quoted name is a name: only a lexicon entry counts as its unit, not any dictionary word
        if _entry_plus_generic(term, entries, right, left, words=rule != "quoted"):
            continue
        if any(term[a:b] in protected for a in range(len(term))
               for b in range(a + 2, len(term) + 1) if b - a < len(term)):
            continue
        n = joined.count(term)
        rows.append(dict(term=term, rule=rule, n=n, evidence=evidence))
    out = pd.DataFrame(rows, columns=AUTO_COLUMNS)
    return out.sort_values("term", kind="stable").reset_index(drop=True)


def _recurring(pieces, lexicon_terms, generic, min_n: int):
    """Rule ``recurring``: sequences of two or three tokens inside a run of Han characters, seen
    ``min_n`` or more times in the report, that pass the review rules of the build that apply
    to one report (:func:`lcanalysis.lexicon.build.review`: edges and edge tags, function words,
    numbers, cohesion — here ≥ :data:`RECURRING_MIN_PMI` bits —, boundary entropy, verb phrases)
    and have no generic word and no single-character first token."""
    from .build import (BAD_FIRST_TAGS, BAD_LAST_TAGS, FUNCTION_WORDS, NUMBER_WORD, RULES,
                        SINGLE_LAST_TAGS, _edge_lists as _edge_words, _tags)

    han: dict[str, bool] = {}
    clauses = []
    for cut in pieces:
        run = []
        for w in cut:
            ok = han.get(w)
            if ok is None:
                ok = han[w] = _HAN.fullmatch(w) is not None
            if ok:
                run.append(w)
            else:
                if len(run) >= 2:
                    clauses.append(run)
                run = []
        if len(run) >= 2:
            clauses.append(run)
    words = set(generic["word"]) if generic is not None else set()
    first_stop, last_stop, _ = _edge_words()

    def keep(seg):
        return (len(seg[0]) > 1 and seg[0] not in first_stop and seg[-1] not in last_stop
                and not any(w in words for w in seg))

    stats = _sequence_stats(clauses, min_n, keep, RECURRING_MIN_PMI)
    stats = stats[(stats["h_left"] >= RULES.min_entropy)
                  & (stats["h_right"] >= RULES.min_entropy)].reset_index(drop=True)
    if stats.empty:
        return []
    # the build's review rules that are left (step 3): edge tags, function words, numbers, verb
    # phrases (a verb followed by a lexicon term)
    tags = _tags()
    number = re.compile(NUMBER_WORD)

    def passes(seg):
        first, last = tags.get(seg[0], "x"), tags.get(seg[-1], "x")
        if first in BAD_FIRST_TAGS or last in BAD_LAST_TAGS:
            return False
        if len(seg[-1]) == 1 and last in SINGLE_LAST_TAGS:
            return False
        if any(t in FUNCTION_WORDS for t in seg[1:-1]) or number.search("".join(seg)):
            return False
        return not (first == "v" and "".join(seg[1:]) in lexicon_terms)

    kept = stats[[passes(seg.split("/")) for seg in stats["segmentation"]]]
    return [(t, f"{n} times as {seg}; pmi {p:.1f} bits; boundary entropy {hl:.1f} / {hr:.1f} bits")
            for t, n, seg, p, hl, hr in zip(kept["term"], kept["n"], kept["segmentation"],
                                            kept["pmi"], kept["h_left"], kept["h_right"])]


def _sequence_stats(clauses: list[list[str]], min_n: int, keep, min_pmi: float) -> pd.DataFrame:
    """Statistics as :func:`lcanalysis.lexicon.stats.candidate_stats` gives them (one document,
    two- and three-token sequences) for the sequences with ``keep(tokens)`` true and cohesion
    ≥ ``min_pmi``, computed the fast way: the boundary entropies are read off the characters
    around every occurrence of the string in the clauses (a clause edge is a new neighbour each
    time).  Columns term, segmentation, n, df, pmi, h_left, h_right."""
    import math
    from collections import Counter

    from .stats import _entropy

    columns = ["term", "segmentation", "n", "df", "pmi", "h_left", "h_right"]
    edge = "\n"  # between clauses: no sequence crosses it
    flat = [edge]
    for c in clauses:
        flat.extend(c)
        flat.append(edge)
    uni = Counter(flat)
    del uni[edge]
    bi = Counter(zip(flat, flat[1:]))
    tri = Counter(zip(flat, flat[1:], flat[2:]))
    total = sum(uni.values())

    def count(part):
        return uni[part[0]] if len(part) == 1 else bi[part]

    grams = [(g, n) for table in (bi, tri) for g, n in table.items()
             if n >= min_n and edge not in g and 3 <= len("".join(g)) <= 16 and keep(g)]
    joined = "\n".join("".join(c) for c in clauses)
    rows = []
    for g, n in grams:
        pmi = min(math.log2(n * total / (count(g[:i]) * count(g[i:]))) for i in range(1, len(g)))
        if pmi < min_pmi:
            continue
        term = "".join(g)
        left, right = Counter(), Counter()
        edges_l = edges_r = 0
        k = joined.find(term)
        while k >= 0:
            before, after = joined[k - 1:k] if k else "", joined[k + len(term):k + len(term) + 1]
            if before in ("", "\n"):
                edges_l += 1
            else:
                left[before] += 1
            if after in ("", "\n"):
                edges_r += 1
            else:
                right[after] += 1
            k = joined.find(term, k + 1)
        rows.append((term, "/".join(g), n, 1, pmi, _entropy(left, edges_l), _entropy(right, edges_r)))
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["n", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _entry_plus_generic(term: str, entries, right, left, *, words: bool = True) -> bool:
    """True if ``term`` is an entry (with ``words``, also a word of jieba's dictionary of two or
    more characters: 联动 in 联动发展) followed by a generic word of ``right`` or preceded by one of
    ``left`` (the minimal-unit rule)."""
    from ..tokens import _segmenter

    freq = _segmenter(None).tokenizer.FREQ if words else {}

    def unit(part):
        return part in entries or len(part) >= 2 and freq.get(part, 0) > 0

    for w in right:
        if term.endswith(w) and len(term) > len(w) and unit(term[:-len(w)]):
            return True
    for w in left:
        if term.startswith(w) and len(term) > len(w) and unit(term[len(w):]):
            return True
    return False
