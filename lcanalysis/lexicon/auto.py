"""The automatic layer: a report's own names, found in its own text by genre rules.

A genre lexicon cannot know a province's programmes, slogans and places (接诉即办, 三城一区,
中关村科学城): each is used by one report.  In this genre such names are marked in the text itself,
and high-precision rules read them off (:func:`report_terms`); each term keeps its rule and
its evidence (where it was seen):

- ``quoted``: a name in Chinese quotation marks “…”: 2–12 characters, Han or the middle dot
  ``·``, with none of the clause markers :data:`CLAUSE_MARKERS` as a token of its own
  (“看北京首先要从政治上看” is a clause, not a name; since v5 a marker inside a word, 要 in 数据要素,
  does not count) — 接诉即办, 四个中心, 营商广西·桂在便利; since v5 also a policy formula that ends in
  ``+`` or ``×`` (“人工智能+”, “数据要素×”: the genre's “互联网+” pattern), which is then one token
  wherever it occurs (人工智能+/制造);
- ``numeric_slogan``: a numeric formula, two to five segments of one or two numerals followed by
  the same number (one to three) of other characters — 一核两副三带四区, 三基地一屏障一高地, 双百双新,
  but not an idiom (千方百计) —
  that begins and ends at a token boundary of the report's segmentation (so that 一区两地一园一通道
  is not read as …一园一通 by the one-character pattern) and has no measure word after a numeral
  (:data:`MEASURE_WORDS`: 万亿两个, 三次会议 are not formulae);
- ``recurring``: a sequence of two or three tokens that recurs in the report (three or more
  times) and passes the build's review rules with a stricter cohesion (PMI ≥ 5 bits), does not
  start with a single character and has no generic word (建设, 发展, 推进 …) in it: 平陆运河;
  a term is nominal, so the sequence ends in a noun-like token (:data:`NOMINAL_TAGS`), does not
  start with a verb or a scope word (全省) and holds no word of the boilerplate list — free
  phrases of the genre (严格落实, 扎实开展, 持续优化, 重点领域) stay apart for a keyword count;
- ``indicator``: a statistical indicator's name where the report gives its figure
  (全体居民人均可支配收入达39545元, 单位地区生产总值能耗下降…): see :func:`_indicators`;
- ``theme_year``: a campaign year's name before 行动/活动 (县域经济发展突破年, 产业项目建设年): see
  :func:`_theme_years`;
- ``place_slogan``: a development slogan's word (:data:`SLOGAN_WORDS`: 美丽, 平安, 数字 …) followed
  by the name of a province or city (美丽陕西, 数字重庆, 平安北京: the genre's 美丽中国 made local);
- ``landform``: a word that jieba tags as a person's name or does not know, followed by a
  one-character landform word (岛, 山, 湖 …: 黑瞎子岛);
- ``place_suffix``: a place — a token tagged ``ns`` (place) or ``nr``/``nrt`` (jieba tags many
  places as names: 北部湾, 左右江) or a word in no dictionary (a name jieba's HMM found in the
  report: 长株) that heads two or more such names in the report, or a name of
  ``china-admin-divisions`` with or without its 省/市/县… ending, or a word ending in a landform
  character (:data:`LANDFORM_ENDINGS`: 岳麓山, 左右江); not a common noun of
  :data:`GENERIC_PLACES` (城市, 地区 …), or a word of :data:`EVENT_HEADS` (中国, 世界 …) before an
  event word (kind ``event``: 大会, 博览会 …) — followed by up to three content tokens (no function
  word, stopword, boilerplate word or verb) and a token that is, or ends in, an institution or zone word of
  :data:`SUFFIX_FILE` (科学城, 交易所, 机场, 试验区 …) — 中关村科学城, 北京证券交易所,
  广西自贸试验区, 长株潭国家自主创新示范区.

- ``programme``, ``zone`` (v6): a programme's or a zone's name as the object of the verb that
  launches or builds it, up to a programme word or a zone word (实施/提振消费专项行动,
  建设/绿色低碳高质量发展先行区): see :func:`_named_objects`;
- ``punctuated`` (v6): a name with a place in parentheses or two places joined by a dash inside
  (中国（安徽）自贸试验区, 中国－东盟自贸区): see :func:`_punctuated`; and since v6 rule ``quoted``
  also takes a quoted name with a joiner or digits inside (“走在前、挑大梁”, “山东交旅1号工程”).

Two checks apply to every rule (the minimal-unit rule of the build, step 3, and "curated terms
first", step 8): a term that is a lexicon term plus a generic word (``generic_words.csv`` of the
build: 建设, 发展, 推进 …) is not taken (“全国统一大市场建设”), and in the report the hand list was
made for (the one with a local layer), a term that contains a hand-list or local term is not taken
(the curated term stays a token).

At tokenisation (:func:`lcanalysis.tokenize`) a sentence that holds an automatic term is cut
again around it, and the term is one token, unless the occurrence cuts through a token that is a
lexicon term (the lexicon wins).  Nothing here is random; the result depends only on the report's
text and the lexicon.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, chain, compress
from operator import itemgetter

import numpy as np
import pandas as pd

from .. import paths

AUTO_COLUMNS = ["term", "rule", "n", "evidence"]
#: the rules that read a name the text itself marks — by quotation marks, as the object of a verb
#: that launches a programme or builds a zone and ending in a programme or zone word, or by
#: punctuation inside it: a boilerplate word inside such a name (提升 in 小城镇创新提升行动) is
#: part of the name, not a free phrase merged
NAME_RULES = frozenset({"quoted", "programme", "zone", "punctuated"})
#: the suffixes of rule ``place_suffix`` (suffix, kind, note)
SUFFIX_FILE = paths.LEXICON / "institution_suffixes.csv"
ADMIN = paths.LEXICON / "china-admin-divisions"
NUMERALS = "一二三四五六七八九十两双多百千万"
_SMALL = "一二三四五六七八九十两双多"  # 百千万 may also be the word after the numeral (双百双新)
_QUOTED = re.compile("“([\u4e00-\u9fff\u00b7]{2,12}[+×]?)”")
#: v6: a quoted name with joiners inside — an enumeration comma, a dash, a space between two
#: halves, or digits (“走在前、挑大梁”, “中国－东盟”, “交旅1号工程”): Han at both ends, at most
#: 16 characters, each half two or more characters
_JOINERS = "、－— \u3000"
_QUOTED_JOINED = re.compile("“([\u4e00-\u9fff][\u4e00-\u9fff\u00b70-9]+"
                            f"(?:[{_JOINERS}][\u4e00-\u9fff][\u4e00-\u9fff\u00b70-9]+)*)”")
_DIGITS = re.compile("[0-9]")
#: characters that make a quoted string a clause rather than a name
CLAUSE_MARKERS = frozenset("的是要就把从被将了着让使得")


def _han_except(chars: str) -> str:
    """A regex class of the Han characters U+4E00–U+9FFF except ``chars``."""
    cuts = sorted(ord(c) for c in set(chars))
    lows, highs = [0x4E00] + [c + 1 for c in cuts], [c - 1 for c in cuts] + [0x9FFF]
    return "[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in zip(lows, highs) if a <= b) + "]"


_OTHER = _han_except(_SMALL)
_NUMERAL_CODES = np.array([ord(c) for c in NUMERALS], dtype=np.uint32)
_SLOGANS = [re.compile(f"(?:[{NUMERALS}]{{1,2}}{_OTHER}{{{k}}}){{2,5}}") for k in (3, 2, 1)]
_ADMIN_ENDINGS = re.compile("(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|"
                            "省|市|县|区|盟|旗)$")
_HAN = re.compile("[\u4e00-\u9fff]+")
_COUNT = re.compile(f"[{NUMERALS}]+大")  # 三大, 十大: a count, not a place
#: common nouns that jieba tags as places but that do not start a name (城市 in 城市医疗集团)
GENERIC_PLACES = frozenset("城市 城乡 地区 区域 国际 全国 全省 全市 沿海 边境 农村 乡村 国家 中国".split())
#: measure words: a numeric formula has none after its numerals (万亿/两个, 三次会议)
MEASURE_WORDS = frozenset("个次届亿年月日倍位名人元家批种条所座")
#: rule ``recurring``: occurrences in the report and cohesion (bits) a sequence needs
RECURRING_MIN_N = 3
RECURRING_MIN_PMI = 5.0
RECURRING_MAX_TOKENS = 3
#: words that head the name of an event (中国国际服务贸易交易会, 世界制造业大会) though they head no
#: other name of rule ``place_suffix``
EVENT_HEADS = frozenset("中国 世界 全球 国际 丝绸之路".split())
#: jieba tags of an idiom or set phrase: 千方百计 has the numerals of a formula but is not one
IDIOM_TAGS = frozenset("i l".split())
#: jieba tags of a token that can start a place name
PLACE_TAGS = frozenset("ns nr nrt j".split())
#: rule ``recurring``: the jieba tags a term may end in (a noun, a name, an abbreviation, a
#: distinguishing word or a verbal noun; a word in no dictionary has none): a term is nominal,
#: so a phrase that ends in a verb, adjective or adverb (严格落实, 扎实开展, 持续优化) is free text
NOMINAL_TAGS = frozenset("n nr nrt nrfg ns nt nz ng j b vn an x".split())
#: ... nor may it start with a verb (组建广西, 建成投运: a verb and its object)
VERB_TAGS = frozenset("v vd vi vg".split())
#: Han characters that end a landform name (山 河 湖 …): a word that jieba tags as a person's
#: name (nr: 左右江, 岳麓山) or does not know, ending in one, is a place
LANDFORM_ENDINGS = frozenset("山江河湖海岛湾峡岭原泉溪")
#: rule ``indicator``: the heads of a statistical indicator's name (增加值, 可支配收入 …)
INDICATOR_HEADS = ("增加值", "总值", "总额", "收入", "收入比", "支出", "强度", "指数", "能耗",
                   "比重", "占比", "产值", "产量", "利润", "浓度", "率")
#: ... and the qualifiers of the statistical definitions that may start one (全体居民…, 规模以上…)
INDICATOR_QUALIFIERS = ("全体", "全社会", "规模以上", "规上", "地方", "单位", "一般公共")
#: scope words in front of an indicator that are not part of its name
INDICATOR_SCOPE = frozenset("全省 全市 全区 全县 全国 我省 我市 我区 全年 今年 去年 上年 当年 年 "
                            "主要 其中 预计 力争 实现 完成 时期".split())
#: what follows an indicator's name where the report gives its figure (增长 5.5%, 达到 3%, 为 …)
_FIGURE = re.compile(r"(?:同比|年均|分别|累计|预计)?(?:增长|下降|提高|降低|达到|达|突破|超过|缩小到|"
                     r"缩小至|保持|稳定在|控制在|为|占)?(?:[0-9]|[一二三四五六七八九十]+(?:个百分点|成|倍))")
_HEADS = re.compile("|".join(INDICATOR_HEADS))
#: the characters a figure (:data:`_FIGURE`) can start with (a quick check before the pattern)
_FIGURE_FIRST = frozenset("同年分累预增下提降达突超缩保稳控为占0123456789一二三四五六七八九十")
_FIGURE_FIRST_CHAR = re.compile(f"[{''.join(sorted(_FIGURE_FIRST))}]")
#: rule ``theme_year``: the verbs of a campaign year's name (…突破年行动, …推进年活动)
THEME_VERBS = ("突破", "推进", "提升", "攻坚", "促进", "提质", "建设", "服务", "落实", "深化", "创新")
_THEME_YEAR = re.compile(f"({'|'.join(THEME_VERBS)})年(?=行动|活动)")
#: rule ``place_slogan``: a province's or city's name after a word of the genre's development
#: slogans (美丽中国 → 美丽陕西, 数字中国 → 数字重庆, 平安中国 → 平安北京)
SLOGAN_WORDS = ("美丽", "平安", "法治", "健康", "数字", "智慧", "幸福", "和美", "人文", "科创",
                "文化", "活力", "开放")


_SEGMENT = re.compile(f"[{NUMERALS}]{{1,2}}({_OTHER})")


def is_numeric_slogan(term: str) -> bool:
    """True for a numeric formula (一老一小, 三城一区, 三基地一屏障一高地): see the module docstring;
    no segment's word may start with a measure word (:data:`MEASURE_WORDS`: not 万亿两个)."""
    for p in _SLOGANS:
        if p.fullmatch(term):
            return not any(m.group(1) in MEASURE_WORDS for m in _SEGMENT.finditer(term))
    return False


@lru_cache(maxsize=1)
def _suffix_rows() -> tuple[tuple[str, str], ...]:
    """(suffix, kind) of every row of :data:`SUFFIX_FILE`, read once."""
    with SUFFIX_FILE.open(encoding="utf-8", newline="") as f:
        return tuple((row["suffix"].strip(), row["kind"].strip()) for row in csv.DictReader(f))


@lru_cache(maxsize=1)
def suffixes() -> tuple[str, ...]:
    """The institution and zone words of rule ``place_suffix``, longest first."""
    return tuple(sorted({w for w, _ in _suffix_rows()}, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def event_suffixes() -> frozenset[str]:
    """The words of :data:`SUFFIX_FILE` of kind ``event`` (大会, 博览会, 交易会 …)."""
    return frozenset(w for w, kind in _suffix_rows() if kind == "event")


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

    # the patterns of rules quoted and numeric_slogan match no newline: each runs once over the
    # report's sentences joined by one, and each match is read back in its sentence
    joined = "\n".join(texts)
    begins = list(accumulate([len(t) + 1 for t in texts], initial=0))
    for m in sorted(chain(_QUOTED.finditer(joined), _joined_quotes(joined)), key=lambda m: m.start()):
        name = m.group(1)
        if CLAUSE_MARKERS.isdisjoint(name):
            clause = False
        else:  # a marker character inside a word (要 in 数据要素) is no clause marker
            s = bisect_right(begins, m.start()) - 1
            clause = _has_marker_token(pieces[s], m.start(1) - begins[s], m.end(1) - begins[s])
        if not clause:
            s = bisect_right(begins, m.start()) - 1
            a = m.start() - begins[s]
            add(name, "quoted", f"quoted: …{_context(texts[s], a, a + len(m.group()))}…")
    # a formula has two numerals 2 to 5 characters apart (the first numeral of two segments): it
    # can start only at such a numeral (found with numpy), and the positions a scan would try
    # are tried in turn (what finditer does, without trying every character)
    chars = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    numeral = np.isin(chars, _NUMERAL_CODES, kind="table")  # a lookup table over their range
    paired = np.zeros(len(chars), dtype=bool)
    for d in range(2, 6):
        paired[:-d] |= numeral[:-d] & numeral[d:]
    candidates = np.flatnonzero(paired).tolist()
    hits = []
    for k, pattern in enumerate(_SLOGANS):
        end = 0
        for p in candidates:
            if p >= end:
                m = pattern.match(joined, p)
                if m is not None:
                    hits.append((bisect_right(begins, p) - 1, k, p, m.group()))
                    end = m.end()
    hits.sort()
    bounds, at = set(), -1
    for s, _, k, name in hits:  # in the order of a scan sentence by sentence, pattern by pattern
        if len(name) > 12:
            continue
        if s != at:
            bounds, at = set(accumulate(map(len, pieces[s]), initial=0)), s
        a = k - begins[s]
        if a in bounds and a + len(name) in bounds and is_numeric_slogan(name) \
                and tag(name) not in IDIOM_TAGS:
            add(name, "numeric_slogan",
                f"numeric formula: …{_context(texts[s], a, a + len(name))}…")
    stream = _TokenStream(pieces)
    vocab = stream.vocab[1:]  # the report's tokens, once each
    sufs = frozenset(suffixes())
    lengths = sorted({len(x) for x in sufs})
    last_chars = frozenset(x[-1] for x in sufs)
    places = admin_short_names()
    # the tokens that are (or end in) an institution or zone word, found once per distinct token
    # (the tokens that end in the last character of one are picked out in C)
    ending = compress(vocab, map(last_chars.__contains__, map(itemgetter(slice(-1, None)), vocab)))
    suffix_words = frozenset(v for v in ending if v in sufs or (
        any(v[-n:] in sufs for n in lengths if n < len(v)) and tag(v) not in PLACE_TAGS))
    events = event_suffixes()
    by_head: dict[str, dict[str, str]] = {}
    for s in stream.sentences_with(suffix_words):
        text, cut = texts[s], pieces[s]
        ends = [j for j, v in enumerate(cut) if v in suffix_words]
        starts = sorted({i for j in ends for i in range(max(0, j - 4), j)})
        for i in starts:
            w = cut[i]
            event = w in EVENT_HEADS
            if len(w) < 2 or w in GENERIC_PLACES and not event or not _HAN.fullmatch(w) \
                    or w in boilerplate or _COUNT.fullmatch(w):  # not 深化…, 三大…: not places
                continue
            t = tag(w)
            if not (t in PLACE_TAGS or t is None or w in places or event):
                continue
            best = None
            for j in range(i + 1, min(i + 5, len(cut))):
                v = cut[j]
                suffix = v in suffix_words
                if not _HAN.fullmatch(v) or v in function_words or v in boilerplate \
                        or tag(v) in VERB_TAGS and not suffix:  # 东阿/加速/融入…: a clause
                    break
                if suffix and (not event or any(v.endswith(x) for x in events)):
                    best = j
            if best is not None:
                term = "".join(cut[i:best + 1])
                if len(term) <= 14 and term not in by_head.get(w, {}):
                    k = text.find(term)
                    by_head.setdefault(w, {})[term] = (
                        f"place {w} + {cut[best]}: …{_context(text, k, k + len(term))}…")
    for head, names in by_head.items():
        # a place by its tag, the division list or a landform ending (岳麓山, 左右江: jieba tags
        # them nr); another name if it heads two or more names
        if tag(head) == "ns" or head in places or head[-1] in LANDFORM_ENDINGS \
                or head in EVENT_HEADS or len(names) >= 2:
            for term, evidence in names.items():
                add(term, "place_suffix", evidence)
    for term, evidence in _theme_years(texts, pieces, tag, function_words, boilerplate):
        add(term, "theme_year", evidence)
    for term, evidence in _indicators(texts, pieces, tag, function_words, boilerplate,
                                      lexicon_terms):
        add(term, "indicator", evidence)
    for term, rule, evidence in _named_objects(texts, pieces, tag, function_words, boilerplate):
        add(term, rule, evidence)
    for term, evidence in _punctuated(texts, pieces, tag, function_words, boilerplate,
                                      suffix_words, places, lexicon_terms):
        add(term, "punctuated", evidence)
    # rules landform and place_slogan: only sentences with a landform word, or with a slogan word
    # and a place, can hold one (checked in C first)
    slogan_words = frozenset(SLOGAN_WORDS)
    slogan_places = frozenset(b for b in places.intersection(vocab) if tag(b) == "ns")
    named: dict[str, bool] = {}

    def is_name(a):
        hit = named.get(a)
        if hit is None:
            hit = named[a] = (len(a) >= 2 and _HAN.fullmatch(a) is not None
                              and tag(a) in (None, "nr", "nrt") and a not in function_words)
        return hit

    landforms = set(stream.sentences_with(LANDFORM_ENDINGS))
    slogans = set(stream.sentences_with(slogan_words)) \
        & set(stream.sentences_with(slogan_places))
    for s in sorted(landforms | slogans):
        text, cut = texts[s], pieces[s]
        landform, slogan = s in landforms, s in slogans
        i = 0
        for a, b in zip(cut, cut[1:]):
            if landform and b in LANDFORM_ENDINGS and is_name(a):
                add(a + b, "landform", f"name {a} + landform {b}: "
                    f"…{_context(text, i, i + len(a) + 1)}…")
            if slogan and a in slogan_words and b in slogan_places:
                add(a + b, "place_slogan", f"slogan word {a} + place {b}: "
                    f"…{_context(text, i, i + len(a) + len(b))}…")
            i += len(a)
    if recurring:
        for term, evidence in _recurring(pieces, lexicon_terms, generic, recurring, stream):
            add(term, "recurring", evidence)
    _, right, left = _generic_sets(generic)
    rows = []
    entries = _Either(lexicon_terms, found)
    for term, (rule, evidence) in found.items():
        # a quoted name is a name: only a lexicon entry counts as its unit, not any dictionary word
        if _entry_plus_generic(term, entries, right, left, words=rule != "quoted"):
            continue
        if protected and any(term[a:b] in protected for a in range(len(term))
                             for b in range(a + 2, len(term) + 1) if b - a < len(term)):
            continue
        rows.append((term, rule, joined.count(term), evidence))
    if not rows:
        return pd.DataFrame(rows, columns=AUTO_COLUMNS).reset_index(drop=True)
    rows.sort(key=itemgetter(0))  # by term (each term once): code point order, as pandas sorts
    return pd.DataFrame(rows, columns=AUTO_COLUMNS)


def _joined_quotes(joined: str):
    """v6: the quoted names of :data:`_QUOTED_JOINED` that rule ``quoted`` would not match
    already: with a joiner or a digit inside, at most 16 characters, Han at both ends."""
    for m in _QUOTED_JOINED.finditer(joined):
        name = m.group(1)
        if len(name) <= 16 and not _QUOTED.fullmatch(m.group()) and \
                (any(j in name for j in _JOINERS) or _DIGITS.search(name)) and \
                _HAN.fullmatch(name[-1]):
            yield m


def _generic_sets(generic: pd.DataFrame | None) -> tuple[frozenset, frozenset, frozenset]:
    """(all, right-side, left-side) words of a table of generic words (read as lists, not by
    pandas indexing)."""
    if generic is None:
        return frozenset(), frozenset(), frozenset()
    words = generic["word"].tolist()
    sides = generic["side"].tolist() if len(generic) else []
    return (frozenset(words), frozenset(w for w, side in zip(words, sides) if side == "right"),
            frozenset(w for w, side in zip(words, sides) if side == "left"))


class _Either:
    """``x in _Either(a, b)``: ``x in a or x in b``, without a copy of either."""

    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a, self.b = a, b

    def __contains__(self, x):
        return x in self.a or x in self.b


def _has_marker_token(cut: list[str], a: int, b: int) -> bool:
    """Whether the characters ``a:b`` of a sentence cut as ``cut`` hold a clause marker
    (:data:`CLAUSE_MARKERS`) as a token of its own (要 in 首先/要/从, not in 数据要素).  Called when
    the span holds a marker character; if a token crosses an edge of the span the cut cannot tell,
    and the character counts (True)."""
    i, inside = 0, []
    for w in cut:
        j = i + len(w)
        if a <= i and j <= b:
            inside.append(w)
        elif i < b and j > a:
            return True
        i = j
    return any(w in CLAUSE_MARKERS for w in inside)


def _theme_years(texts, pieces, tag, function_words, boilerplate):
    """Rule ``theme_year``: the name of a campaign year, a verb of :data:`THEME_VERBS` and 年
    before 行动 or 活动 (县域经济发展突破年行动, 高质量项目推进年活动), with the one to four tokens in
    front of the verb that name its object (Han, no function word, scope word, boilerplate word
    or verb other than those of :data:`THEME_VERBS`: 深化/营商环境/突破年 → 营商环境突破年)."""
    out = []
    for text, cut in zip(texts, pieces):
        if "年行动" not in text and "年活动" not in text:
            continue
        for m in _THEME_YEAR.finditer(text):
            ends, i = {}, 0
            for j, w in enumerate(cut):
                i += len(w)
                ends[i] = j
            j = ends.get(m.start())
            if j is None:
                continue
            k = j
            while k >= 0 and j - k < 4:
                v = cut[k]
                if (not _HAN.fullmatch(v) or v in function_words or v in INDICATOR_SCOPE
                        or v in GENERIC_PLACES or v in boilerplate or tag(v) in IDIOM_TAGS
                        or tag(v) in VERB_TAGS and v not in THEME_VERBS
                        or tag(v) in ("d", "p", "c", "u", "r", "m", "q")):
                    break
                k -= 1
            if k == j:
                continue
            name = "".join(cut[k + 1:j + 1]) + m.group()
            if len(name) <= 14:
                out.append((name, f"campaign year: …{_context(text, m.end() - len(name), m.end() + 2)}…"))
    return out


#: v6, rule ``programme``: the verbs that launch a named programme (实施/提振消费专项行动); a token
#: that ends in one of them counts too (制定实施, 深入开展)
LAUNCH_VERBS = ("实施", "开展", "启动", "部署", "推出")
#: … and the words a programme's name ends in (the last token is, or ends in, one of them)
PROGRAMME_HEADS = ("行动", "行动计划", "工程", "计划", "攻坚战")
#: v6, rule ``zone``: the verbs that build a named zone (建设/绿色低碳高质量发展先行区) …
BUILD_VERBS = ("建设", "打造", "创建", "争创", "建成", "设立", "获批")
NAME_MIN_LEN = 6
NAME_MAX_LEN = 16


@lru_cache(maxsize=1)
def zone_heads() -> tuple[str, ...]:
    """The zone words of :data:`SUFFIX_FILE` (kind ``zone``) of three or more characters
    (试验区, 示范区, 先行区, 产业园 …; not 新区, 园区, 基地: too common to end a name alone)."""
    return tuple(sorted(w for w, kind in _suffix_rows() if kind == "zone" and len(w) >= 3))


def _named_objects(texts, pieces, tag, function_words, boilerplate):
    """Rules ``programme`` and ``zone`` (v6): the name of a programme, campaign or plan as the
    object of a verb that launches one (:data:`LAUNCH_VERBS`: 实施, 开展, 启动 …), and the name of
    a zone as the object of a verb that builds one (:data:`BUILD_VERBS`: 建设, 打造, 创建 …): the
    one to six tokens after the verb up to a token that is or ends in a programme word
    (:data:`PROGRAMME_HEADS`: 行动, 工程, 计划 …) or a zone word (:func:`zone_heads`: 示范区,
    先行区, 试验区 …) — 实施/提振消费/专项行动 → 提振消费专项行动, 开展/安全生产/治本攻坚/三年行动 →
    安全生产治本攻坚三年行动, 建设/绿色低碳/高质量发展/先行区 → 绿色低碳高质量发展先行区 — Han
    only, no function word, the first token of two or more characters and not a boilerplate word,
    a number, a measure or a pronoun (实施/一批/重大工程: no name), :data:`NAME_MIN_LEN`–
    :data:`NAME_MAX_LEN` characters (重大工程, 专项行动: too short to be a name).  Yields
    (term, rule, evidence)."""
    families = (("programme", LAUNCH_VERBS, PROGRAMME_HEADS), ("zone", BUILD_VERBS, zone_heads()))
    for text, cut in zip(texts, pieces):
        for rule, verbs, heads in families:
            if not any(h in text for h in heads):
                continue
            at = 0
            for i, w in enumerate(cut):
                start = at
                at += len(w)
                if not (w.endswith(verbs) and len(w) <= 4) or i + 1 >= len(cut):
                    continue
                first = cut[i + 1]
                if len(first) < 2 or first in boilerplate or first in function_words \
                        or tag(first) in ("m", "q", "r", "d", "p", "c", "u"):
                    continue
                n = len(w)
                for j in range(i + 1, min(i + 7, len(cut))):
                    v = cut[j]
                    if not _HAN.fullmatch(v) or v in function_words:
                        break
                    n += len(v)
                    if v.endswith(heads):
                        if j + 1 < len(cut) and cut[j + 1] in heads:  # 三年行动/计划
                            j += 1
                            n += len(cut[j])
                        name = "".join(cut[i + 1:j + 1])
                        if NAME_MIN_LEN <= len(name) <= NAME_MAX_LEN:
                            yield name, rule, f"{rule} after {w}: …{_context(text, start, start + n)}…"
                        break


#: v6, rule ``punctuated``: a place in parentheses inside a name (中国（安徽）自贸试验区), or two
#: places joined by a dash (中国－东盟自贸区)
_PAREN_PLACE = re.compile("（([\u4e00-\u9fff]{2,4})）")
_DASH = re.compile("[－—]")
PUNCTUATED_MAX_LEN = 24


def _punctuated(texts, pieces, tag, function_words, boilerplate, suffix_words, places,
                lexicon_terms=frozenset()):
    """Rule ``punctuated`` (v6): a name written with punctuation inside — a place in full-width
    parentheses (中国（安徽）自贸试验区, 西部（重庆）科学城, 中欧班列（成渝）) or two places joined by a
    dash (中国－东盟自贸区, 新安江—千岛湖生态环境共同保护合作区).  The part before the punctuation is
    one token (Han, two or more characters, no function word, boilerplate word or verb; for a
    dash, a place: tagged :data:`PLACE_TAGS`, a division name tagged nz, or unknown to the
    dictionary and not led by a verb — 共建上海 is no place, nor 合作 (a word, and 合作市); for parentheses also a direction word, 西部, or a
    lexicon term, 中欧班列, but not an institution word alone: 中心（福建）, 论坛（连云港） are the
    ends of longer names);
    the part in parentheses is a place (a division name or tagged :data:`PLACE_TAGS`); after it
    come one to five tokens (Han, no function word or boilerplate word) up to one that is or ends
    in an institution or zone word (``suffix_words``: 自贸试验区, 科学城 …).  After parentheses the
    name may also end there when the token before them is a lexicon term or ends in such a word
    (中欧班列（成渝）).  At most :data:`PUNCTUATED_MAX_LEN` characters.  Yields (term, evidence)."""

    def plain(w):
        return len(w) >= 2 and _HAN.fullmatch(w) is not None and w not in function_words \
            and w not in boilerplate and tag(w) not in VERB_TAGS

    def place(w):
        t = tag(w)
        # a division name that the dictionary knows as another word is that word (合作: 合作市)
        return _HAN.fullmatch(w) is not None and (
            t in PLACE_TAGS or t == "nz" and w in places or t is None and tag(w[:2]) not in VERB_TAGS)

    def lead(w):  # the token before the punctuation: a place, a direction, a lexicon term
        return plain(w) and w not in suffix_words and (
            place(w) or tag(w) == "f"
            or len(w) >= 3 and w in lexicon_terms and tag(w[:2]) not in VERB_TAGS)

    for text, cut in zip(texts, pieces):
        if "（" not in text and "－" not in text and "—" not in text:
            continue
        starts = list(accumulate(map(len, cut), initial=0))
        at_start = {a: i for i, a in enumerate(starts[:-1])}
        at_end = {e: i for i, e in enumerate(starts[1:])}
        for m in chain(_PAREN_PLACE.finditer(text), _DASH.finditer(text)):
            paren = m.group().startswith("（")
            i = at_end.get(m.start())
            if i is None or not (lead(cut[i]) if paren else plain(cut[i]) and place(cut[i])):
                continue
            if paren and not (m.group(1) in places or tag(m.group(1)) in PLACE_TAGS):
                continue
            head, j = cut[i], at_start.get(m.end())
            end = None
            if j is not None:
                # after a dash, a place, or a name that ends in the institution word (东盟自贸区)
                if not paren and not (place(cut[j]) or cut[j] in suffix_words and len(cut[j]) >= 4):
                    continue
                for k in range(j, min(j + 5, len(cut))):
                    v = cut[k]
                    if not _HAN.fullmatch(v) or v in function_words or v in boilerplate:
                        break
                    if v in suffix_words:
                        end = starts[k + 1]
            if end is None and paren and (head in lexicon_terms or head in suffix_words):
                end = m.end()
            if end is not None and end - starts[i] <= PUNCTUATED_MAX_LEN:
                term = text[starts[i]:end]
                yield term, f"punctuated: …{_context(text, starts[i], end)}…"


def _indicators(texts, pieces, tag, function_words, boilerplate, lexicon_terms=frozenset()):
    """Rule ``indicator``: the name of a statistical indicator where the report gives its figure
    (…规模以上工业增加值增长5.8%, 城乡居民收入比缩小到2.1): the run of two to five noun-like tokens
    (Han, no function word, boilerplate word or verb) before a figure (:data:`_FIGURE`) whose
    text ends in an indicator head (:data:`INDICATOR_HEADS`: 增加值, 收入, 强度 …), without the
    scope words in front of it (全省, 今年: :data:`INDICATOR_SCOPE`), and started by a qualifier
    of the statistical definitions (:data:`INDICATOR_QUALIFIERS`: 全体, 全社会, 规模以上 …) when
    one stands in the run's first token (年全/社会/… → 全社会…).  An indicator that is a lexicon
    term (地区生产总值, 居民人均可支配收入) is extended only by such a qualifier (全体居民人均可支配收入,
    not 人均地区生产总值 or 农村居民人均可支配收入: a sub-population or a ratio of the indicator keeps
    the indicator's own token)."""
    out = []
    for text, cut in zip(texts, pieces):
        if not _HEADS.search(text):
            continue
        ends = list(accumulate(map(len, cut)))
        token_at = dict(zip(ends, range(len(ends))))
        if len(token_at) == len(ends):  # the token ends followed by a figure's first character
            figures = [token_at[m.start()] for m in _FIGURE_FIRST_CHAR.finditer(text)
                       if m.start() in token_at]
        else:  # an empty token (not from jieba): every token in turn
            figures = [j for j, e in enumerate(ends) if text[e:e + 1] in _FIGURE_FIRST]
        for j in figures:
            e = ends[j]
            if not _FIGURE.match(text, e):
                continue
            k = j
            whole = cut[j] in lexicon_terms and len(cut[j]) >= 5  # a whole indicator's name
            while k >= 0 and j - k < 5:
                v = cut[k]
                t = tag(v)
                if v in INDICATOR_QUALIFIERS:  # a qualifier starts the name
                    k -= 1
                    break
                if not _HAN.fullmatch(v) or k < j and (
                        v in function_words or v in INDICATOR_SCOPE or v in GENERIC_PLACES
                        or v in boilerplate or t in VERB_TAGS or whole
                        or t in ("d", "p", "c", "u", "r", "m", "q")):
                    break
                k -= 1
            k += 1
            if j - k < 1:
                continue
            start = e - sum(len(v) for v in cut[k:j + 1])
            name = text[start:e]
            if not name.endswith(INDICATOR_HEADS):
                continue
            first = cut[k]
            if tag(first) is None:  # a qualifier that starts inside a word the HMM made (年全/社会)
                for q in INDICATOR_QUALIFIERS:
                    at = name.find(q)
                    if 0 < at < len(first):
                        name = name[at:]
                        break
            for q in INDICATOR_QUALIFIERS:  # a qualifier cut in two before the run (规模/以上/…)
                if len(q) > 2 and text.startswith(q, start - len(q)) and not name.startswith(q):
                    name = q + name
                    break
            if whole and name == cut[j]:
                continue
            if 4 <= len(name) <= 14:
                out.append((name, f"indicator before its figure: …{_context(text, e - len(name), e)}…"))
    return out


def _recurring(pieces, lexicon_terms, generic, min_n: int, stream=None):
    """Rule ``recurring``: sequences of two or three tokens inside a run of Han characters, seen
    ``min_n`` or more times in the report, that pass the review rules of the build that apply
    to one report (:func:`lcanalysis.lexicon.build.review`: edges and edge tags, function words,
    numbers, cohesion — here ≥ :data:`RECURRING_MIN_PMI` bits —, boundary entropy, verb phrases)
    and have no generic word and no single-character first token."""
    from .build import (BAD_FIRST_TAGS, BAD_LAST_TAGS, FUNCTION_WORDS, NUMBER_WORD, RULES,
                        SINGLE_LAST_TAGS, _edge_lists as _edge_words, _tags)

    words = _generic_sets(generic)[0]
    first_stop, last_stop, boiler = _edge_words()
    # the build's review rules that are left (step 3): edge tags, function words, numbers, verb
    # phrases (a verb followed by a lexicon term); checked before the boundary entropy, which
    # only the sequences that pass them need (the result is the same: every rule must hold)
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
        # a term is nominal and has no boilerplate word: 严格落实, 重点领域 are free phrases
        if last not in NOMINAL_TAGS or first in VERB_TAGS or any(t in boiler for t in seg) \
                or seg[0] in GENERIC_PLACES:
            return False
        return not (first == "v" and "".join(seg[1:]) in lexicon_terms)

    def keep(seg):
        return (len(seg[0]) > 1 and seg[0] not in first_stop and seg[-1] not in last_stop
                and not any(w in words for w in seg))

    rows = _sequence_core(*_han_clauses(stream or _TokenStream(pieces)), min_n, keep,
                          RECURRING_MIN_PMI, passes)
    low = RULES.min_entropy
    return [(t, f"{n} times as {seg}; pmi {p:.1f} bits; boundary entropy {hl:.1f} / {hr:.1f} bits")
            for t, seg, n, _, p, hl, hr in rows if hl >= low and hr >= low]


class _TokenStream:
    """A report's tokens in one stream, for the rules that look at all of them: ``tokens`` (the
    token lists one after the other), ``vocab`` (id → token; id 0 is the clause edge of rule
    ``recurring``, each distinct token has an id from 1), ``ids``, ``sentence`` and ``lengths``
    (each token's id, sentence and length, numpy arrays)."""

    def __init__(self, pieces: list[list[str]]):
        self.pieces = pieces
        self.tokens = list(chain.from_iterable(pieces))
        self.vocab = ["\n", *dict.fromkeys(self.tokens)]  # a token "\n" gets an id of its own
        self.index = dict(zip(self.vocab[1:], range(1, len(self.vocab))))
        self.ids = np.fromiter(map(self.index.__getitem__, self.tokens), dtype=np.int64,
                               count=len(self.tokens))
        counts = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        self.sentence = np.repeat(np.arange(len(pieces)), counts)
        self.lengths = np.fromiter(map(len, self.tokens), dtype=np.int64, count=len(self.tokens))

    def sentences_with(self, words) -> list[int]:
        """The sentences (indices, in order) that hold a token of ``words``."""
        hit = [self.index[w] for w in words if w in self.index]
        if not hit:
            return []
        flag = np.zeros(len(self.vocab), dtype=bool)
        flag[hit] = True
        return np.unique(self.sentence[flag[self.ids]]).tolist()


def _han_clauses(stream: _TokenStream):
    """The clauses of :func:`_sequence_rows` read off a report's token lists: each maximal run of
    two or more consecutive tokens of Han characters within one sentence.  Returned as the
    sequence of token ids with an edge (id 0) before, between and after the clauses, the
    vocabulary (id → token) and the clauses' text joined by newlines; computed with numpy over
    the report's characters (which tokens are all Han) and tokens (where the runs are)."""
    tokens, vocab, ids, sentence = stream.tokens, stream.vocab, stream.ids, stream.sentence
    if not tokens:
        return np.zeros(1, dtype=np.int64), vocab, ""
    lengths = stream.lengths
    ends = np.cumsum(lengths)
    starts = ends - lengths
    text = "".join(tokens)
    if lengths.min() > 0:
        chars = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        han_char = (chars >= 0x4E00) & (chars <= 0x9FFF)
        han = np.logical_and.reduceat(han_char, starts)  # every character of the token is Han
    else:  # an empty token (not from jieba): the plain check
        han = np.fromiter((_HAN.fullmatch(w) is not None for w in tokens), dtype=bool,
                          count=len(tokens))
    after = np.zeros(len(tokens), dtype=bool)  # a Han token right after one in its sentence
    after[1:] = han[:-1] & han[1:] & (sentence[1:] == sentence[:-1])
    at = np.flatnonzero(han)
    run = np.cumsum(han & ~after)[at] - 1      # the run of each Han token
    long = np.bincount(run) >= 2
    keep = long[run]
    at, run = at[keep], run[keep]
    rank = (np.cumsum(long) - 1)[run]          # the clause of each kept token
    flat = np.zeros(len(at) + int(long.sum()) + 1, dtype=np.int64)
    flat[np.arange(len(at)) + rank + 1] = ids[at]
    new = np.ones(len(at), dtype=bool)
    new[1:] = rank[1:] != rank[:-1]
    last = np.ones(len(at), dtype=bool)
    last[:-1] = new[1:]
    joined = "\n".join([text[a:b] for a, b in zip(starts[at[new]].tolist(),
                                                    ends[at[last]].tolist())])
    return flat, vocab, joined


SEQUENCE_COLUMNS = ["term", "segmentation", "n", "df", "pmi", "h_left", "h_right"]


def _sequence_stats(clauses: list[list[str]], min_n: int, keep, min_pmi: float) -> pd.DataFrame:
    """Statistics as :func:`lcanalysis.lexicon.stats.candidate_stats` gives them (one document,
    two- and three-token sequences) for the sequences with ``keep(tokens)`` true and cohesion
    ≥ ``min_pmi``, computed the fast way: the boundary entropies are read off the characters
    around every occurrence of the string in the clauses (a clause edge is a new neighbour each
    time).  Columns :data:`SEQUENCE_COLUMNS`, sorted by n (descending) and term."""
    return pd.DataFrame(_sequence_rows(clauses, min_n, keep, min_pmi), columns=SEQUENCE_COLUMNS)


def _sequence_rows(clauses, min_n: int, keep, min_pmi: float, passes=None) -> list[tuple]:
    """The rows of :func:`_sequence_stats` as tuples, sorted by n (descending) and term; with
    ``passes``, only the sequences with ``passes(tokens)`` true get their boundary entropies."""
    edge = "\n"  # between clauses: no sequence crosses it
    flat = [edge]
    for c in clauses:
        flat.extend(c)
        flat.append(edge)
    vocab = list(dict.fromkeys(flat))
    index = {w: i for i, w in enumerate(vocab)}
    ids = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
    joined = "\n".join("".join(c) for c in clauses)
    return _sequence_core(ids, vocab, joined, min_n, keep, min_pmi, passes)


def _sequence_core(ids, vocab, joined: str, min_n: int, keep, min_pmi: float,
                   passes=None) -> list[tuple]:
    """:func:`_sequence_rows` on the clauses as token ids (``ids``: the edge, id 0, before,
    between and after the clauses; ``vocab``: id → token; ``joined``: the clauses' text joined
    by newlines)."""
    import math
    from collections import Counter

    from .stats import _entropy

    # counts of tokens, pairs and triples, with numpy on token ids (the edge is id 0); a sequence
    # seen min_n or more times has parts seen as often, so only those counts are kept
    size = np.int64(len(vocab))
    uni = np.bincount(ids, minlength=len(vocab))
    total = len(ids) - int(uni[0])

    # a sequence seen min_n or more times is made of tokens seen as often, so only the positions
    # where such tokens (no edge) follow each other are counted
    good = uni >= min_n
    good[0] = False
    good_at = good[ids]

    def frequent(k):
        """The sequences of k tokens seen min_n or more times, without the edge, in the order
        of their first occurrence (as a Counter would list them): (their k token-id arrays, n)."""
        m = len(ids) - k + 1
        mask = good_at[:max(m, 0)].copy()
        for d in range(1, k):
            mask &= good_at[d:m + d]
        at = np.flatnonzero(mask)
        codes = ids[at]
        for d in range(1, k):
            codes = codes * size + ids[at + d]
        _, first, n = np.unique(codes, return_index=True, return_counts=True)
        keep_ = n >= min_n
        first, n = at[first[keep_]], n[keep_]
        order = np.argsort(first, kind="stable")
        first, n = first[order], n[order]
        return [ids[first + d] for d in range(k)], n

    (b1, b2), bi_n = frequent(2)
    (t1, t2, t3), tri_n = frequent(3)
    bi = dict(zip(zip(b1.tolist(), b2.tolist()), bi_n.tolist()))

    def count(part):
        return int(uni[part[0]]) if len(part) == 1 else bi[part]

    # length and cohesion first with numpy, for every frequent sequence at once; only those that
    # can pass both (the cohesion with a margin for rounding: the exact value is computed below,
    # as before) are looked at in Python
    width = np.fromiter(map(len, vocab), dtype=np.int64, count=len(vocab))
    code = b1 * size + b2
    by_code = np.argsort(code)
    sorted_code, sorted_n = code[by_code], bi_n[by_code]

    def bi_count(x, y):
        return sorted_n[np.searchsorted(sorted_code, x * size + y)].astype(np.float64)

    with np.errstate(divide="ignore", invalid="ignore"):
        pmi_b = np.log2(bi_n * float(total) / (uni[b1] * uni[b2]).astype(np.float64))
        pmi_t = np.minimum(np.log2(tri_n * float(total) / (uni[t1] * bi_count(t2, t3))),
                           np.log2(tri_n * float(total) / (bi_count(t1, t2) * uni[t3])))
    length_b = width[b1] + width[b2]
    length_t = width[t1] + width[t2] + width[t3]
    low = min_pmi - 1e-6
    ok_b = np.flatnonzero((length_b >= 3) & (length_b <= 16) & ~(pmi_b < low))
    ok_t = np.flatnonzero((length_t >= 3) & (length_t <= 16) & ~(pmi_t < low))
    frequent_ids = (list(zip(zip(b1[ok_b].tolist(), b2[ok_b].tolist()), bi_n[ok_b].tolist()))
                    + list(zip(zip(t1[ok_t].tolist(), t2[ok_t].tolist(), t3[ok_t].tolist()),
                               tri_n[ok_t].tolist())))
    grams = []
    for g, n in frequent_ids:
        seg = tuple(vocab[i] for i in g)
        if 3 <= len("".join(seg)) <= 16 and keep(seg):
            grams.append((g, seg, n))
    log2 = math.log2
    rows = []
    for g, seg, n in grams:
        pmi = min(log2(n * total / (count(g[:i]) * count(g[i:]))) for i in range(1, len(g)))
        if pmi < min_pmi or passes is not None and not passes(seg):
            continue
        term = "".join(seg)
        left, right = Counter(), Counter()
        edges_l = edges_r = 0
        size = len(term)
        k = joined.find(term)
        while k >= 0:
            before, after = joined[k - 1:k] if k else "", joined[k + size:k + size + 1]
            if before in ("", "\n"):
                edges_l += 1
            else:
                left[before] += 1
            if after in ("", "\n"):
                edges_r += 1
            else:
                right[after] += 1
            k = joined.find(term, k + 1)
        rows.append((term, "/".join(seg), n, 1, pmi, _entropy(left, edges_l), _entropy(right, edges_r)))
    rows.sort(key=lambda r: (-r[2], r[0]))
    return rows


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
