"""Indicators: every quantity a report states, with its provenance.

:func:`extract_indicators` reads each sentence of a loaded report and returns
one row per stated quantity: the exact quote and its offsets in
``report.text``, the measured thing as the text names it, a normalised key for
headline indicators, value, unit, measure, the year it is about, its kind
(achieved, estimated, target, other) and its qualifier.  The rules are
written for the genre (Chinese government work reports), not for one
document; ``tests/test_indicators.py`` scores them against a hand-coded list
of every quantity in the Liaocheng report and checks the national reports.

:func:`target_ledger` derives the table of headline targets (the sentence
``…主要预期目标是：…``) with the matching previous-year figures.
"""

from __future__ import annotations

import bisect
import re
import warnings
from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .corpus import Report, per_document
from .errors import ReportStructureWarning, UnknownIndicatorError, require_columns

COLUMNS = [
    "doc_id", "sentence_id", "part", "section", "quote", "start", "end", "number_text",
    "indicator", "indicator_key", "value", "value_high", "unit", "measure", "direction", "year",
    "kind", "qualifier",
]
KINDS = ("achieved", "estimated", "target", "other")
MEASURES = ("level", "growth", "share", "count", "change")
QUALIFIERS = ("以上", "左右", "超过", "以内", "以下", "突破", "达到", "")

# -- units -----------------------------------------------------------------------
#: units of amounts (measure "level"); everything else counts things
LEVEL_UNITS = ("微克/立方米", "毫克/立方米", "元", "斤", "吨", "公斤", "亩", "公顷", "公里", "千米", "米", "平方米", "平方公里",
               "立方米", "千瓦", "兆瓦", "千瓦时", "度", "标准箱", "美元", "岁")
COUNT_UNITS = ("个百分点", "百分点", "人次", "架次", "周年", "连丰", "个", "家", "项", "所", "处",
               "条", "台", "张", "套", "户", "场", "件", "份", "种", "座", "人", "名", "天", "年",
               "倍", "辆", "栋", "艘", "批", "次", "村", "只", "头", "册", "部", "届", "支", "间",
               "块", "本", "所", "枚", "家次", "期", "轮", "篇", "宗", "笔", "单", "起")
CLASSIFIERS = ("个", "条", "家", "项", "所", "处", "座", "台", "张", "套", "名", "种", "件", "批", "万个")
UNIT_WORDS = sorted(set(LEVEL_UNITS + COUNT_UNITS), key=len, reverse=True)
MULT = r"万亿|千亿|百亿|亿|万|千"
_UNIT_RE = "|".join(map(re.escape, UNIT_WORDS))
#: a decimal point may be full-width (８．８ where cleaning left a space beside it)
NUMBER = r"\d+(?:[.．]\d+)?"
DASHES = "-－—–~～"
QUANTITY_RE = re.compile(
    # a range: 1-2家, 8%至10% and 6.5%－7% (the unit written on both ends)
    rf"(?P<num>{NUMBER})(?:(?P<pct_low>%|％)?\s*(?:[{DASHES}]|(?<=[%％])至)\s*(?P<high>{NUMBER})"
    rf"(?(pct_low)(?=%|％)))?"
    rf"(?P<mod>余|多)?(?P<mult>{MULT})?(?P<mod2>余|多)?"
    rf"(?:(?P<pct>%|％|‰)|(?P<unit>{_UNIT_RE}))?"
)
ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_NUM = "一二两三四五六七八九十百"
ZH_PCT = "〇零一二两三四五六七八九十百点"
ZH_QUANTITY_RE = re.compile(
    # 百分之十二点八, 百分之八至九 (older reports write percentages in words)
    rf"百分之(?P<zhpct>[{ZH_PCT}]+)(?:[至到](?:百分之)?(?P<zhpcthigh>[{ZH_PCT}]+))?"
    r"|(?P<two>两)(?=(?P<twounit>家|个|项|条|所|座|批))"
    rf"|连续(?P<years>[{ZH_NUM}]+)年"
    rf"|(?P<streak>[{ZH_NUM}]+)(?P<streakunit>连丰|连增|连冠)"
    r"|(?P<bignum>[千百])亿(?P<grade>级)?"
    r"|(?<=过)(?P<yi>亿元)"
    r"|翻(?P<fold>一|两)?番"
)

# -- context cues ------------------------------------------------------------------
QUAL_AFTER = (("以上", "以上"), ("左右", "左右"), ("以内", "以内"), ("以下", "以下"))
QUAL_BEFORE = (("不低于", "以上"), ("不超过", "以内"), ("超过", "超过"), ("突破", "突破"),
               ("达到", "达到"), ("超", "超过"), ("过", "超过"), ("达", "达到"))
GROWTH_CUE = re.compile(r"(增长|增幅|增速|下降|降低|提高|提升|压缩|减少|涨幅|上涨|增加|回落|缩短|降幅)[^，；。、]{0,6}$")
SHARE_CUE = re.compile(r"(占比|比重|比例|覆盖率|率|占)[^，；。、]{0,6}$")
CHANGE_CUE = re.compile(r"新增|新建|新改建|新改扩建|新培育|新造")
#: a growth or change stated as a fall: the value stays positive, direction says "down"
DOWN_CUE = re.compile(r"(下降|降低|压缩|减少|缩短|回落|降幅|减)[^，；。、]{0,6}$")
ESTIMATE_CUE = re.compile(r"预计|预估|初步测算|初步核算")
#: the start of a change stated as a pair, "从2020年的82.4岁提升至83.9岁": 从/由 and an optional
#: year before the first number (:data:`FROM_YEAR`), a verb and 到/至 (an optional year) before the
#: second (:data:`TO_YEAR`); the second number is the first one's indicator at the later date
FROM_YEAR = re.compile(r"(?:将|已|要)?(?:从|由)((?:19|20)\d\d)?(?:年(?:底|末|初)?的?)?$")
TO_YEAR = re.compile(r"^[^，；。：、\d]{0,6}?(?:到|至)(?:((?:19|20)\d\d)年(?:底|末)?的?)?$")
THRESHOLD_AFTER = re.compile(r"^(?:级)?(?:以上|以下)?(?:的)?(?:项目|镇|企业|乡镇|园区|县|产业|集群|风电项目|"
                             r"老年人|老人|婴幼儿|儿童|幼儿|青少年|人口|人群|群体)")
LEADING_NOISE = re.compile(r"^(?:\d+[.．、]|(?:19|20)\d\d年|预计|其中|全年|力争|确保|同比|比上年|今年|去年|再|共|累计完成)+")
TRAILING_NOISE = re.compile(
    r"(?:预计|平均|完成|达到|达|突破|超过|超|实现|稳定在|控制在|保持在|稳定|控制|保持|为|是|约|近|共|"
    r"总计|由|过|在|分别|拟按)+$"
)
CLAUSE_DELIMS = "，；。：！？"
LIST_DELIMS = CLAUSE_DELIMS + "、"
OPEN_QUOTES, CLOSE_QUOTES = "“「『《", "”」』》"

#: headline indicators: key → (pattern on the indicator text, measures it applies to)
HEADLINE: dict[str, tuple[str, tuple[str, ...]]] = {
    # more specific patterns first: the first key that matches wins
    "carbon_intensity": (r"单位(?:国内|地区)?生产总值二氧化碳|单位GDP二氧化碳|(?:二氧化)?碳排放强度",
                         ("growth", "change")),
    "energy_intensity": (r"单位(?:国内|地区)?生产总值(?:能耗|能源消耗)|单位GDP能耗|能耗强度|能源消耗强度|节能减排",
                         ("growth", "change")),
    "rd_share": (r"(?:研发|研究与试验发展|R&D)(?:经费)?(?:投入|支出)?强度"
                 r"|(?:研发|研究与试验发展)经费(?:投入|支出)?(?:相当于|占)(?:地区|国内)?生产总值", ("share",)),
    "gdp_growth": (r"生产总值|GDP|经济增长", ("growth",)),
    "gdp_level": (r"生产总值|GDP|经济总量", ("level",)),
    "fiscal_revenue_growth": (r"一般公共预算收入|财政收入|地方级收入", ("growth",)),
    "fiscal_revenue_level": (r"一般公共预算收入|财政收入", ("level",)),
    "fai_growth": (r"固定资产投资", ("growth",)),
    "services_va_growth": (r"服务业增加值", ("growth",)),
    "retail_sales_growth": (r"社会消费品零售总额", ("growth",)),
    "disposable_income_growth": (r"(?:城乡|城镇|农村)?(?:常住)?居民(?:人均)?(?:可支配)?收入|人均可支配收入",
                                 ("growth",)),
    "cpi": (r"居民消费价格|CPI|物价", ("growth", "share")),
    "grain_output": (r"粮食(?:总)?产(?:量)?|粮食生产", ("level",)),
    "industrial_va_growth": (r"(?:规模以上|规上|规模)工业增加值", ("growth",)),
    "new_urban_jobs": (r"城镇新增就业|新增城镇就业", ("change", "count")),
    "unemployment_rate": (r"调查失业率|登记失业率", ("share",)),
    "trade_growth": (r"进出口", ("growth",)),
    "fdi_growth": (r"利用外资", ("growth",)),
    "deficit_ratio": (r"赤字率", ("share",)),
}
HEADLINE_RE = {k: re.compile(p) for k, (p, _) in HEADLINE.items()}
#: phrases that name a GDP-derived quantity that is not GDP itself: per unit of GDP
#: (intensities), marine or per-capita GDP, contributions and shares of GDP
NOT_GDP = re.compile(
    r"单位(?:国内|地区)?(?:生产总值|GDP)|海洋生产总值|人均(?:地区|国内)?(?:生产总值|GDP)|贡献率|拉动"
    r"|占(?:全国|全省|全市)?(?:地区|国内)?(?:生产总值|GDP)|(?:生产总值|GDP)(?:的)?(?:比重|比例|占比)|相当于"
)
#: the population an income indicator covers (split per 分别 into urban and rural)
INCOME_SCOPE = (("城乡", "all"), ("城镇", "urban"), ("农村", "rural"))
#: words that announce an average or a total over several years
PERIOD_CUE = re.compile(r"年均(?:分别)?(?:增长|增速|增幅|提高|提升|下降|降低|递增|增加|减少)|年平均增长|平均每年|每年平均"
                        r"|(?<![\d〇零一二三四五六七八九十])(?:五|5|三|3|十|10)年(?:来|间|内|增长|提高|下降|翻)")
#: a sentence about a five-year period rather than one year
PERIOD_FRAME = re.compile(r"“?十([一二三四五六七八九]?)五”?(?:时期|期间|规划期)|五年来|过去五年|这五年|今后五年|未来五年|五年间")
PLAN_ORDINALS = "一二三四五六七八九"

def headline_keys() -> list[str]:
    return list(HEADLINE)


@dataclass
class _Doc:
    report_year: int | None
    part_kind: dict  # part → "review" | "plan" | "other"
    part_year: dict  # part → year the part is about


def _years_in(s) -> list[int]:
    return [int(y) for y in re.findall(r"((?:19|20)\d\d)年", s if isinstance(s, str) else "")]


#: the date the report was delivered, in its title block (——2024年1月12日在…会议上)
MEETING_DATE = re.compile(r"((?:19|20)\d\d)年\d{1,2}月\d{1,2}日.{0,40}?(?:会议|大会)")
REVIEW_TITLE = re.compile(r"回顾|过去|成就|总结")
PLAN_TITLE = re.compile(r"任务|目标|安排|要求|取向|计划|清单|工作|建议|部署")


def report_year(report: Report) -> int | None:
    """The year a report plans for: the year of its delivery date in the title
    block (reports are delivered early in the year they plan), else the latest
    year in a plan part's title, else the reviewed year + 1, else the first
    year in the title block or the ``doc_id``."""
    return _doc_context(report, None).report_year


def _doc_context(report: Report, year: int | None) -> _Doc:
    s = report.sentences
    first_title: dict = {}  # each part's title where the part first appears
    for part, title in zip(s["part"].to_numpy(dtype=object), s["part_title"].to_numpy(dtype=object)):
        if not pd.isna(part) and part not in first_title:
            first_title[part] = title
    titles = list(first_title.items())
    kinds, years = {}, {}
    review_year = None
    seen_review = False
    titled_review = any(isinstance(t, str) and REVIEW_TITLE.search(t) for _, t in titles)
    for k, (part, title) in enumerate(titles):
        title = title if isinstance(title, str) else ""
        ys = _years_in(title)
        annex = str(part).startswith(("附件", "附录", "注释", "名词解释", "附表", "说明"))
        if annex:
            kinds[part] = "plan" if seen_review else "other"
        elif REVIEW_TITLE.search(title) or (k == 0 and not titled_review
                                            and not (ys and PLAN_TITLE.search(title))):
            # the genre opens with the review; a first part titled with a slogan is still it,
            # but not one titled as the year's work (2025年重点工作: a report with no review)
            kinds[part] = "review"
            seen_review = True
            if ys:
                review_year = ys[0]
        elif PLAN_TITLE.search(title) or seen_review:
            kinds[part] = "plan"
        else:
            kinds[part] = "other"
        years[part] = ys[-1] if ys and kinds[part] == "plan" else (ys[0] if ys else None)
    if year is None:
        block = " ".join(t for t, r in zip(s["text"].to_numpy(dtype=object),
                                            s["role"].to_numpy(dtype=object)) if _is_str(r) and r == "title")
        meeting = MEETING_DATE.search(block)
        plan_years = [years[p] for p in kinds if kinds[p] == "plan" and years[p]]
        if meeting:
            year = int(meeting.group(1))
        elif plan_years:
            year = max(plan_years)
        elif review_year:
            year = review_year + 1
        else:
            title_years = _years_in(block)
            digits = re.findall(r"(?:19|20)\d\d", report.doc_id)
            year = title_years[0] if title_years else (int(digits[0]) if digits else None)
    for part, kind in kinds.items():
        if years[part] is None and year is not None:
            years[part] = year - 1 if kind == "review" else year
    return _Doc(year, kinds, years)


def _quote_depth(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch in OPEN_QUOTES:
            depth += 1
            out.append(depth)
        elif ch in CLOSE_QUOTES:
            out.append(depth)
            depth = max(0, depth - 1)
        else:
            out.append(depth)
    return out


def _clause_start(text: str, pos: int, delims: str = CLAUSE_DELIMS) -> int:
    i = pos
    while i > 0 and text[i - 1] not in delims:
        i -= 1
    return i


def _zh_value(s: str) -> float:
    if s in ("十",):
        return 10.0
    total, cur = 0, 0
    for ch in s:
        if ch in ZH_DIGITS:
            cur = ZH_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
    return float(total + cur)


def _float(s: str) -> float:
    return float(s.replace("．", "."))


def _zh_decimal(s: str) -> float:
    """十二点八 → 12.8, 零点八 → 0.8, 一百零五 → 105."""
    whole, _, frac = s.partition("点")
    value = _zh_value(whole) if whole.strip("零〇") else 0.0
    digits = "".join(str({"零": 0, "〇": 0}.get(ch, ZH_DIGITS.get(ch, ""))) for ch in frac)
    return float(f"{int(value)}.{digits}") if digits else value


def _candidates(text: str):
    """(start, end, number_text, value, value_high, unit, pre_mod) for every
    quantity-like match in a sentence, Arabic and Chinese."""
    out = []
    for m in QUANTITY_RE.finditer(text):
        s, e = m.span()
        before = text[s - 1] if s > 0 else ""
        after = text[e] if e < len(text) else ""
        unit = m.group("pct") or m.group("unit")
        mult = m.group("mult") or ""
        if before.isascii() and before.isalpha() or (before in ".-+" and before):
            continue  # PM2.5, 5G-like names, 1+4, versions
        if after and after.isascii() and after.isalpha():
            continue  # 5G, 5A级
        if unit is None:
            if mult and not (after and after in "元斤吨"):
                unit = ""
            else:
                continue
        if unit in ("%", "％"):
            unit = "%"
        full_unit = mult + unit
        if unit == "年" and not mult and re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
            continue  # a year
        if re.match(r"^[月日号]", text[m.end("num") if not m.group("high") else m.end("high"):]):
            continue  # dates (1月12日) and numbered labels (1号)
        if unit in ("届", "次", "期", "轮") or re.match(r"^级", text[e:]) and unit in ("", "星"):
            continue
        if full_unit == "":
            continue
        if unit in ("年",) and not mult:
            continue  # durations: 三年行动, 5年
        high = _float(m.group("high")) if m.group("high") else None
        out.append(dict(start=s, end=e, number_text=m.group("num") + (
            "-" + m.group("high") if m.group("high") else ""),
            value=_float(m.group("num")), value_high=high, unit=full_unit,
            mod=m.group("mod") or m.group("mod2") or ""))
    for m in ZH_QUANTITY_RE.finditer(text):
        s, e = m.span()
        if m.group("zhpct"):
            high = m.group("zhpcthigh")
            out.append(dict(start=s, end=e, number_text=m.group("zhpct") + (f"至{high}" if high else ""),
                            value=_zh_decimal(m.group("zhpct")),
                            value_high=_zh_decimal(high) if high else None, unit="%", mod=""))
        elif m.group("two"):
            unit_m = re.match(r"家|个|项|条|所|座|批", text[e:])
            if text[e:].startswith(("个方面", "个确立", "个维护", "个毫不")):
                continue
            out.append(dict(start=s, end=e + unit_m.end(), number_text="两", value=2.0,
                            value_high=None, unit=unit_m.group(), mod=""))
        elif m.group("years"):
            out.append(dict(start=s, end=e, number_text=m.group("years"),
                            value=_zh_value(m.group("years")), value_high=None, unit="年", mod=""))
        elif m.group("streak"):
            out.append(dict(start=s, end=e, number_text=m.group("streak"),
                            value=_zh_value(m.group("streak")), value_high=None,
                            unit=m.group("streakunit"), mod="", streak=True))
        elif m.group("bignum"):
            pre = text[max(0, s - 2) : s]
            if not (m.group("grade") or re.search(r"突破|超过|超|迈上|达到|过|上", pre)):
                continue
            out.append(dict(start=s, end=e, number_text=m.group("bignum") + "亿",
                            value=1000.0 if m.group("bignum") == "千" else 100.0,
                            value_high=None, unit="亿元", mod=""))
        elif m.group("yi"):
            out.append(dict(start=s, end=e, number_text="亿", value=1.0, value_high=None,
                            unit="亿元", mod=""))
        elif m.group(0).startswith("翻"):
            fold = {"": 1, "一": 1, "两": 2}[m.group("fold") or ""]
            out.append(dict(start=s, end=e, number_text=m.group(0),
                            value=100.0 * (2**fold - 1), value_high=None, unit="%", mod="",
                            doubling=True))
    out.sort(key=lambda c: c["start"])
    return out


def _measure(unit: str, pre: str, clause: str, doubling: bool) -> str:
    if doubling:
        return "growth"
    if CHANGE_CUE.search(clause) and unit != "%":
        return "change"
    if unit in ("个百分点", "百分点"):
        return "change"
    if unit == "%":
        if GROWTH_CUE.search(pre) and not re.search(r"[至到]$", pre):
            return "growth"
        return "share"
    base = re.sub(r"^(?:万亿|千亿|百亿|亿|万|千(?!瓦))", "", unit)
    if any(base == u or base.endswith(u) for u in LEVEL_UNITS):
        return "level"
    return "count"


def _qualifier(text: str, c: dict) -> tuple[str, int, int]:
    """Qualifier and the quote span extended over it."""
    start, end = c["start"], c["end"]
    qual = ""
    for word, q in QUAL_BEFORE:
        if text[max(0, start - len(word)) : start] == word:
            qual, start = q, start - len(word)
            break
    if c.get("mod"):
        qual = "超过"
    for word, q in QUAL_AFTER:
        if text[end : end + len(word)] == word:
            qual, end = q, end + len(word)
            break
    return qual, start, end


def _indicator(text: str, c: dict, prev: dict | None, *, opens_pair: bool = False) -> tuple[str, str]:
    """(indicator text, subject) for a candidate (``opens_pair``: the first number of a
    "从/由 A …到/至 B" pair, :func:`_pair_follows`)."""
    clause_start = _clause_start(text, c["start"], LIST_DELIMS)
    lo = max(clause_start, prev["end"] if prev and prev["end"] <= c["start"] else 0)
    pre = text[lo : c["start"]]
    pre = re.sub(r"[“”「」《》\s]", "", pre)
    pre = LEADING_NOISE.sub("", pre)
    core = TRAILING_NOISE.sub("", FROM_YEAR.sub("", TRAILING_NOISE.sub("", pre)))
    if core in ("", "增长", "下降", "提高", "增幅", "增速"):
        if prev is not None and text[prev["end"] : c["start"]].strip("、，和 ") in (
                "", "增长", "下降", "提高", "增幅", "增速") and core:
            return prev["subject"] + core, prev["subject"]
        if not core and clause_start > 0 and opens_pair:
            # "…所占的比重，由1954年的33%上升到34%": the thing is the clause before
            before = text[_clause_start(text, clause_start - 1, LIST_DELIMS) : clause_start - 1]
            before = TRAILING_NOISE.sub("", LEADING_NOISE.sub("", re.sub(r"[“”「」《》\s]", "", before)))
            return before, before
        if not core:
            # number first: the thing follows ("5条高速同时开建")
            after = re.match(rf"[^{LIST_DELIMS}\d]*", text[c["end"] :]).group()
            after = re.sub(r"[“”「」《》]", "", after)
            return after, after
        if prev is not None:
            return prev["subject"] + core, prev["subject"]
    subject = re.sub(r"(增长|增幅|增速|下降|降低|提高|涨幅|上涨|增加)$", "", core) or core
    if c["unit"] in CLASSIFIERS:
        # "实施100个产业链项目": the counted thing follows the number
        after = re.match(rf"[^{LIST_DELIMS}\d“”]*", text[c["end"] :]).group()
        if after and not re.match(r"^(以上|左右|以内|以下)", after) and not TO_YEAR.match(after):
            return core + after, subject
    return core, subject


def _pair_end(text: str, c: dict, prev: dict | None) -> re.Match | None:
    """The match of :data:`TO_YEAR` if ``c`` is the second number of a pair "从/由 A …到/至 B"
    whose first number is ``prev`` (the year group: a year stated after 到/至), else None."""
    if prev is None or prev["end"] > c["start"] or not FROM_YEAR.search(text[: prev["qs"]]):
        return None
    return TO_YEAR.match(text[prev["end"] : c["start"]])


def _pair_follows(text: str, c: dict, candidates: list[dict]) -> bool:
    """True if a candidate after ``c`` is the second number of a pair that ``c`` opens."""
    later = [d for d in candidates if d["start"] >= c["end"]]
    return bool(later) and TO_YEAR.match(text[c["end"] : later[0]["start"]]) is not None


def _key(indicator: str, measure: str | None):
    """The headline key of an indicator text (``measure=None``: any measure)."""
    for key, (_, measures) in HEADLINE.items():
        if (measure is None or measure in measures) and HEADLINE_RE[key].search(indicator):
            if key.startswith("gdp_") and NOT_GDP.search(indicator):
                continue
            return key
    return pd.NA


def plan_span(ordinal: str) -> tuple[int, int]:
    """Years of a five-year plan ``十{ordinal}五`` from 十…五: 十四五 (ordinal 四) →
    (2021, 2025); 十五 (ordinal "") → (2001, 2005)."""
    n = 10 + (PLAN_ORDINALS.index(ordinal) + 1 if ordinal else 0)
    start = 1966 + 5 * (n - 3)  # the third plan began in 1966; every later one five years on
    return start, start + 4


def _period(sentence: str, clause_to_number: str, part_kind: str, year: int | None) -> str | None:
    """The span (``"2021-2025"``) of a number stated for several years, else None."""
    frame = PERIOD_FRAME.search(sentence)
    if not (PERIOD_CUE.search(clause_to_number) or frame):
        return None
    if re.search(r"(?:19|20)\d\d年(?!以来|起|来)", clause_to_number) and not PERIOD_CUE.search(clause_to_number):
        return None  # "…，2025年增长5%" inside a five-year paragraph: one year
    if re.search(r"去年|上年|今年", clause_to_number) and not PERIOD_CUE.search(clause_to_number):
        return None  # "…资金去年达到1226亿元" inside a five-year paragraph: one year
    if frame and frame.group(0).lstrip("“").startswith("十"):
        lo, hi = plan_span(frame.group(1))
    elif frame and frame.group(0) in ("今后五年", "未来五年"):
        lo, hi = (year, year + 4) if year else (None, None)
    elif frame:
        lo, hi = (year - 5, year - 1) if year else (None, None)
    elif year:  # 年均 with no frame: the five-year plan of the year the part is about
        y = year - 1 if part_kind == "review" else year
        lo = 1966 + 5 * ((y - 1966) // 5) if y >= 1966 else y
        hi = lo + 4
    else:
        return "period"
    return f"{lo}-{hi}" if lo else "period"


#: the opening of a paragraph that turns (back) to one year: 刚刚过去的2025年，… / 过去一年，…
ONE_YEAR_OPENING = re.compile(
    r"^(?:各位代表[，,：:!！]\s*)?(?:刚刚|即将)?(?:过去的?一年|一年来|今年|去年|明年|过去的(?:19|20)\d\d年|"
    r"(?:19|20)\d\d年(?!以来|起|来|[—\-－至到]|前|以前|后))")
#: a paragraph that only introduces a five-year review: “十四五”时期是……极不平凡的五年。
FRAME_INTRO = re.compile(r"^“?十[一二三四五六七八九]?五”?(?:时期|期间)(?:是|，是)")


def _period_frames(sentences: pd.DataFrame) -> dict:
    """paragraph → the words that put it in a five-year frame: its own opening
    (五年来，… / “十四五”时期…), or for a dash list (——…) the paragraph that
    introduces the list, wherever that says 五年来 or “十四五”时期.  A paragraph
    that only introduces a five-year review (“十四五”时期是江苏发展历程中极不平凡的五年。)
    frames the paragraphs of its part that follow it (their numbered sections
    too) until one opens with a single year (刚刚过去的2025年，… / 过去一年，…)."""
    out, intro = {}, ""
    by_paragraph: dict[int, list[str]] = {}
    part_of: dict[int, object] = {}
    for paragraph, text, part in zip(sentences["paragraph"].tolist(), sentences["text"].tolist(),
                                     sentences["part"].tolist()):
        by_paragraph.setdefault(paragraph, []).append(text)
        part_of.setdefault(paragraph, part)
    carried, carried_part = "", None
    for paragraph in sorted(by_paragraph):
        texts = by_paragraph[paragraph]
        first = texts[0]
        part = part_of[paragraph] if isinstance(part_of[paragraph], str) else None
        if carried and (part != carried_part or ONE_YEAR_OPENING.match(first)):
            carried = ""
        if first.startswith("——"):
            m = PERIOD_FRAME.search(intro)
        else:
            intro = "".join(texts)
            m = PERIOD_FRAME.match(first)
        if m:
            out[paragraph] = m.group(0)
            if FRAME_INTRO.match(first) and part:
                carried, carried_part = m.group(0), part
        elif carried:
            out[paragraph] = carried
    return out


def _rows(table: pd.DataFrame, columns):
    """The rows of ``table`` as named tuples of plain Python values (missing: ``pd.NA``),
    read column by column (not cell by cell through pandas)."""
    row = namedtuple("Row", columns)
    return map(row._make, zip(*(table[c].to_numpy(dtype=object) for c in columns)))


def _respectively(text: str, spans: list[tuple[int, int]], rows: list[dict]) -> None:
    """``A和B分别增长4.5%、5.5%左右``: pair each value with its subject (A, B) and
    give the values the qualifier written once after the last (in place)."""
    for m in re.finditer("分别", text):
        cs = _clause_start(text, m.start())
        ce = min([i for i in (text.find(d, m.end()) for d in "，；。") if i >= 0] or [len(text)])
        group = [k for k, (qs, _) in enumerate(spans) if m.end() <= qs < ce]
        if len(group) < 2:
            continue
        last = rows[group[-1]]["qualifier"]
        for k in group[1:]:  # one verb for all values: 分别增长 a、b
            if rows[k]["unit"] == rows[group[0]]["unit"]:
                rows[k]["measure"], rows[k]["direction"] = rows[group[0]]["measure"], rows[group[0]]["direction"]
        for k in group[:-1]:
            if not rows[k]["qualifier"] and last in ("左右", "以上", "以内", "以下"):
                rows[k]["qualifier"] = last
        subject = LEADING_NOISE.sub("", re.sub(r"[“”「」《》\s]", "", text[cs : m.start()]))
        names = [n for n in re.split(r"[、和与及]", subject) if n]
        if len(names) != len(group):
            continue
        head = names[-1]
        verb = TRAILING_NOISE.sub("", text[m.end() : spans[group[0]][0]])
        for k, name in zip(group, names):
            if pd.isna(_key(name, None)) and len(name) < len(head) and not pd.isna(_key(head, None)):
                name = name + head[len(name):]  # 城镇和农村居民人均可支配收入: 城镇 + 居民人均可支配收入
            rows[k]["indicator"] = name + verb
            rows[k]["indicator_key"] = _key(name + verb, rows[k]["measure"])


@per_document
def extract_indicators(report: Report, *, year: int | None = None) -> pd.DataFrame:
    """One row per quantity stated in ``report`` (see the module docstring).

    ``year`` is the year the report plans for (its targets' year); by default
    it is read from the part titles (2023年工作回顾 → 2024).

    The last few results are kept per report object (a :class:`Report` is
    immutable), so the stages that need the indicators of a report they are
    given (``target_ledger``, ``code_topics``) do not extract them again; each
    call returns its own copy.
    """
    try:
        return _extract_cached(report, year).copy()
    except TypeError:  # an unhashable stand-in for a report
        return _extract(report, year)


@lru_cache(maxsize=4)
def _extract_cached(report: Report, year: int | None) -> pd.DataFrame:
    return _extract(report, year)


def _extract(report: Report, year: int | None) -> pd.DataFrame:
    require_columns(report.sentences, ["sentence_id", "part", "section", "role", "text", "start"],
                    what="report.sentences")
    doc = _doc_context(report, year)
    rows = []
    skip_roles = {"title", "part_heading", "annex_heading", "annex_title"}
    frames = _period_frames(report.sentences)
    for sent in _rows(report.sentences, ("sentence_id", "part", "section", "paragraph", "role",
                                         "text", "start")):
        if sent.role in skip_roles:
            continue
        text = sent.text
        candidates = _candidates(text)
        if not candidates:  # (most sentences state no quantity)
            continue
        frame_text = text if PERIOD_FRAME.search(text) else frames.get(sent.paragraph, "")
        local = []
        part = sent.part if isinstance(sent.part, str) else None
        depth = _quote_depth(text)
        item_prefix = re.match(r"^\d+\s*[.．、]\s*", text) if sent.role == "item" else None
        part_kind = doc.part_kind.get(part, "other")
        base_year = doc.part_year.get(part) if part else (doc.report_year - 1 if doc.report_year else None)
        prev = None
        for c in candidates:
            if depth[c["start"]] > 0 and not c.get("streak") or (item_prefix and c["start"] < item_prefix.end()):
                continue
            if re.search(r"第$", text[: c["start"]]):
                continue
            qual, qs, qe = _qualifier(text, c)
            clause = text[_clause_start(text, c["start"]) : c["start"]]
            pair_start = FROM_YEAR.search(text[: qs])  # 从/由 (a year) before the number
            opens_pair = bool(pair_start) and _pair_follows(text, c, candidates)
            pair_end = _pair_end(text, c, prev)
            if pair_end:  # "…提升至83.9岁": the first number's indicator
                indicator, subject = prev["indicator"], prev["subject"]
            else:
                indicator, subject = _indicator(text, c, prev, opens_pair=opens_pair)
            measure = _measure(c["unit"], text[_clause_start(text, c["start"]): qs], clause,
                               c.get("doubling", False))
            # kind and year
            kind = {"review": "achieved", "plan": "target"}.get(part_kind, "other")
            yr = base_year
            if ESTIMATE_CUE.search(clause):
                kind = "estimated"
            if c["unit"] == "周年":
                kind = "other"
            elif _measure(c["unit"], "", "", False) == "level" and (
                    THRESHOLD_AFTER.match(text[qe:]) or re.search(r"(?<!超)过$", text[: c["start"]])):
                kind, measure = "other", "level"  # a size class: 超10亿元镇, 过亿元项目, 过50亿元
            direction = ""
            if measure in ("growth", "change"):
                direction = "down" if DOWN_CUE.search(text[_clause_start(text, c["start"]) : qs]) else "up"
            if pair_start and part_kind == "plan":
                kind = "other"  # the baseline of a planned change
                yr = (doc.report_year - 1) if doc.report_year else None
            elif opens_pair and not pair_start.group(1):
                kind, yr = "other", None  # "由65969公里增加到71500公里": a start of unstated date
            stated = _years_in(clause)
            if pair_end:  # only a year after 到/至 dates the second number of a pair
                stated = [int(pair_end.group(1))] if pair_end.group(1) else []
            if stated and kind != "other":
                yr = stated[-1]
            span = _period(frame_text, text[_clause_start(text, c["start"]) : c["start"]], part_kind,
                           doc.report_year) if kind != "other" else None
            if span and pair_end:  # "从…增加到82.7万亿元" over five years: the level at their end
                yr = span.split("-")[-1]
            elif span:  # an average or total over several years: never one year's target
                yr = span
            local.append((qs, qe))
            rows.append(dict(
                doc_id=report.doc_id, sentence_id=sent.sentence_id, part=part,
                section=sent.section, quote=text[qs:qe], start=sent.start + qs,
                end=sent.start + qe, number_text=c["number_text"], indicator=indicator,
                indicator_key=_key(indicator, measure), value=c["value"],
                value_high=c["value_high"], unit=c["unit"], measure=measure,
                direction=direction, year=str(yr) if yr else pd.NA, kind=kind, qualifier=qual))
            prev = dict(c, subject=subject, indicator=indicator, qs=qs)
        if "分别" in text and local:
            _respectively(text, local, rows[len(rows) - len(local):])
    # built column by column in the final dtypes (not from a list of dicts then converted)
    dtypes = {"sentence_id": "int64", "start": "int64", "end": "int64", "value": "float64",
              "value_high": "float64", "section": "Int64"}
    columns = {}
    for col in COLUMNS:
        values = [r[col] for r in rows]
        dtype = dtypes.get(col, "string")
        if dtype in ("int64", "float64"):
            columns[col] = np.array([np.nan if v is None else v for v in values]
                                    if dtype == "float64" else values, dtype=dtype)
        else:
            columns[col] = pd.array(values, dtype=dtype)
    return pd.DataFrame(columns, columns=COLUMNS)


def lookup(indicators: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows of one headline indicator; an unknown key is an error with suggestions."""
    if key not in HEADLINE:
        import difflib

        close = difflib.get_close_matches(key, list(HEADLINE), n=3)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownIndicatorError(
            f"unknown indicator {key!r}{hint} (known: {', '.join(HEADLINE)})")
    return indicators[indicators["indicator_key"] == key]


# -- the target ledger ---------------------------------------------------------------
#: the paragraph that announces the year's headline targets
TARGETS_HEAD = re.compile(r"主要(?:预期)?目标(?:是|为)?[：:]")
#: words before the announcement that make it a five-year (not the year's) list
PERIOD_HEAD = re.compile(r"“?十[一二三四五六七八九]?五”?|五年|规划|(?:19|20)\d\d年(?:前|以前)?$|到(?:19|20)\d\d年")
#: a later sentence of the paragraph that still states targets …
TARGET_CUE = re.compile(r"\d|增长|增速|涨幅|上涨|下降|降低|控制|完成|同步|高于|低于|快于|不低于|不超过|达到|"
                        r"保持|以上|以内|以下|左右|失业率|就业|产量|收入|强度")
#: … unless it comments on them or turns to the tasks
NOT_TARGETS = re.compile(r"^(?:这些|上述|以上|这一|这个|实现这些|实现上述|提出|确定|设定|这样|做好|重点|具体|围绕|今年要)")
#: clauses that add to a target rather than state one
ADDITION = re.compile(r"^(?:在实际工作中)?(?:努力|力争)?(?:争取|实现)?更好(?:的)?(?:结果|成绩|水平)$|^力争更好$")
#: a qualitative target that refers to a nationally assigned task: its subjects may be several
NATIONAL_TASK = re.compile(r"国家下达|国家要求|国家规定|国家任务")
LEDGER_QUALIFIER = {"以上": "以上", "超过": "以上", "突破": "以上", "左右": "左右", "以内": "以内",
                    "以下": "以下", "达到": "", "": ""}
LEDGER_COLUMNS = [
    "order", "year", "indicator_key", "indicator", "scope", "target_value", "target_value_high",
    "unit", "qualifier", "quantified", "target_text", "target_quote", "target_sentence_id",
    "previous_value", "previous_kind", "previous_qualifier", "previous_quote",
    "previous_sentence_id", "previous_status",
]


def targets_paragraph(report: Report) -> tuple[int, int]:
    """``(start, end)`` in ``report.text`` of the list of the year's headline
    targets: from the colon of ``…主要预期目标是：`` (or ``主要目标是：``) over every
    following sentence that still states targets (a comment such as 这些目标……
    or a turn to the tasks ends it), into the next paragraphs when the
    announcement ends its line.  Five-year lists (“十五五”时期……主要目标是：) are
    skipped.  Raises :class:`UnknownIndicatorError` when the report has none."""
    not_body = {"title", "annex_heading", "annex_title", "item"}
    body = [row for row in _rows(report.sentences, ("text", "start", "end", "paragraph", "role"))
            if row.role not in not_body]
    heads = []
    for row in body:
        m = TARGETS_HEAD.search(row.text)
        if not m:
            continue
        before = row.text[: m.start()]
        if PERIOD_HEAD.search(before) and not re.search(r"今年|明年|本年", before):
            continue
        heads.append((0 if "预期" in m.group() else 1, row.start + m.end(), row))
    if not heads:
        raise UnknownIndicatorError(
            f"{report.doc_id}: no paragraph announces the year's main targets "
            "(…主要预期目标是：… or …主要目标是：…) — pass the indicator table to your own analysis, "
            "or check that the report states headline targets")
    heads.sort(key=lambda h: (h[0], h[1]))
    _, start, head = heads[0]
    end = head.end
    following = [row for row in body if row.start >= head.end]
    open_line = not report.text[start:head.end].strip()
    for row in following:
        same_paragraph = row.paragraph == head.paragraph
        if not same_paragraph and not open_line:
            break
        if row.role != "text" and not same_paragraph:
            break
        if NOT_TARGETS.match(row.text) or not TARGET_CUE.search(row.text):
            break
        end = row.end
        open_line = open_line and not same_paragraph
    return start, end


def _is_str(x) -> bool:
    return isinstance(x, str)


def _clauses(text: str, offset: int):
    """(start, end, clause) split at ，；。 (not at 、, which joins parts of one target)."""
    pos = 0
    for piece in re.split(r"(?<=[，；。,;])", text):
        c0 = offset + pos
        pos += len(piece)
        stripped = piece.strip("，；。,; \n")
        if stripped:
            lead = len(piece) - len(piece.lstrip("，；。,; \n"))
            yield c0 + lead, c0 + lead + len(stripped), stripped


def _subject(clause: str) -> str:
    """The indicator a clause is about: the words before the number or the predicate."""
    m = re.search(r"\d|百分之|高于|快于|低于|不低于|[与和同](?:经济|地区生产总值|GDP)增|保持在|控制在|"
                  r"实现|完成|达到|争取|只增不减|稳步|保持|稳定在|不折不扣", clause)
    return clause[: m.start()] if m and m.start() > 0 else clause


def _scope(indicator: str) -> str:
    for word, scope in INCOME_SCOPE:
        if word in indicator:
            return scope
    return "all" if _key(indicator, None) == "disposable_income_growth" else ""


@per_document
def target_ledger(report: Report, indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """The year's headline targets (see :func:`targets_paragraph`), one row per
    target in text order: qualitative targets too (``quantified`` False, value
    missing); a range keeps both ends (``qualifier`` 区间); a 分别 list gives one
    row per value with the shared qualifier; a nationally assigned task naming
    several headline indicators (完成国家下达的粮食生产、单位生产总值二氧化碳减排目标任务)
    one row per indicator.  ``indicator_key`` is a headline key or ``other``;
    ``scope`` says whose income (all, urban, rural).  Each row carries the
    previous year's stated result of the same key (achieved or estimated, for
    ``year - 1``, never a five-year average), or ``previous_status`` "not stated".
    Qualifiers: 左右, 以上 (超过/突破 too), 以内, 以下, 区间, 同步, or empty."""
    ind = extract_indicators(report) if indicators is None else indicators
    require_columns(ind, ["sentence_id", "indicator_key", "kind", "start", "end", "value",
                          "value_high", "unit", "qualifier", "quote", "indicator", "measure",
                          "year"], what="indicators")
    year = report_year(report)
    start, end = targets_paragraph(report)
    s = report.sentences
    starts = s["start"].tolist()
    ids = s["sentence_id"].tolist()
    # the indicators as plain records (the loops below filter them per clause: pandas
    # filtering per clause cost more than the rest of the ledger)
    records = ind.to_dict("records")
    last_year = str(year - 1) if year else ""
    # the previous year's results: never a number of the targets paragraph itself (a
    # report whose outline was not recognised can have its targets read as results)
    previous = [r for r in records if _is_str(r["kind"]) and r["kind"] in ("achieved", "estimated")
                and _is_str(r["year"]) and r["year"] == last_year
                and not start <= r["start"] < end]
    misread = [r for r in records if start <= r["start"] < end and _is_str(r["kind"])
               and r["kind"] in ("achieved", "estimated")]
    if misread:
        warnings.warn(ReportStructureWarning(
            f"{report.doc_id}: {len(misread)} number(s) of the targets paragraph (sentence "
            f"{misread[0]['sentence_id']}: {misread[0]['quote']!r}) were read as results, not targets "
            f"— the part that holds the year's plan was not recognised; check report.outline()"),
            stacklevel=2)
    rows: list[dict] = []

    def sentence_of(pos: int) -> int:
        return int(ids[max(0, bisect.bisect_right(starts, pos) - 1)])

    def add(clause, c0, key, indicator, q=None, qualifier=""):
        row = dict(order=len(rows) + 1, year=year, indicator_key=key, indicator=indicator,
                   scope=_scope(indicator) if key == "disposable_income_growth" else "",
                   target_text=clause, target_sentence_id=sentence_of(c0), quantified=q is not None)
        if q is not None:
            high = q["value_high"]
            row.update(target_value=q["value"], target_value_high=high, unit=q["unit"],
                       target_quote=q["quote"],
                       qualifier="区间" if pd.notna(high) else LEDGER_QUALIFIER.get(q["qualifier"], ""))
        else:
            row["qualifier"] = qualifier
        prev = [p for p in previous if _is_str(p["indicator_key"]) and p["indicator_key"] == key] \
            if key != "other" else []
        if key == "disposable_income_growth":
            # whose income: an urban or rural result is not the previous value of a target
            # for all residents (nor the reverse)
            prev = [p for p in prev if _scope(p["indicator"]) == row["scope"]]
        if prev:
            p = prev[0]
            row.update(previous_value=p["value"], previous_kind=p["kind"],
                       previous_qualifier=p["qualifier"], previous_quote=p["quote"],
                       previous_sentence_id=int(p["sentence_id"]), previous_status="stated")
        else:
            row["previous_status"] = "not stated"
        rows.append(row)

    for c0, c1, clause in _clauses(report.text[start:end], start):
        if ADDITION.match(clause):
            continue  # 在实际工作中努力争取更好结果: an addition to the target before it
        q = [r for r in records if r["start"] >= c0 and r["end"] <= c1]
        if q:
            group = q if "分别" in clause and len(q) > 1 else q[:1]
            for t in group:
                key = t["indicator_key"]
                if pd.isna(key):
                    key = _key(_subject(clause), t["measure"])
                add(clause, c0, "other" if pd.isna(key) else key,
                    t["indicator"] if len(group) > 1 else _subject(clause) or t["indicator"], t)
            continue
        subject = _subject(clause)
        if NATIONAL_TASK.search(clause) and "等" not in clause:
            inner = re.sub(r"^(?:完成|达到)(?:国家下达的?|国家)?", "", clause)
            inner = re.sub(r"(?:完成|达到|控制在)?国家(?:下达|要求|规定).*$|(?:目标)?任务$|目标$", "", inner)
            names = [n for n in re.split(r"[、和及与]", inner) if n]
            keys = [_key(n, None) for n in names]
            if len(names) > 1 and not any(pd.isna(k) for k in keys):
                for n, k in zip(names, keys):
                    add(clause, c0, k, n)
                continue
            subject = inner or subject
        key = _key(subject, None)
        qualifier = "同步" if "同步" in clause else next(
            (w for w in ("以上", "以内", "以下") if clause.endswith(w)), "")
        add(clause, c0, "other" if pd.isna(key) else key, subject, qualifier=qualifier)
    dtypes = {"order": "int64", "target_value": "float64", "target_value_high": "float64",
              "previous_value": "float64", "target_sentence_id": "Int64",
              "previous_sentence_id": "Int64", "year": "Int64", "quantified": "bool"}
    if not rows:  # (an empty table keeps the dtypes it always had: order is object)
        out = pd.DataFrame(rows, columns=LEDGER_COLUMNS)
        out = out.astype({k: v for k, v in dtypes.items() if k != "order"})
        for col in LEDGER_COLUMNS:
            if col not in dtypes:
                out[col] = out[col].astype("string")
        return out
    columns = {}
    for col in LEDGER_COLUMNS:  # column by column in the final dtypes
        values = [r.get(col) for r in rows]
        dtype = dtypes.get(col, "string")
        if dtype == "float64":
            columns[col] = np.array([np.nan if v is None or v is pd.NA else v for v in values],
                                    dtype=dtype)
        elif dtype in ("int64", "bool"):
            columns[col] = np.array(values, dtype=dtype)
        else:
            columns[col] = pd.array(values, dtype=dtype)
    return pd.DataFrame(columns, columns=LEDGER_COLUMNS)


# -- validation against a hand-coded list -------------------------------------------
def _squeeze_map(text: str) -> tuple[str, list[int]]:
    """Text with whitespace removed and brackets/'and' normalised, and for each
    kept character its offset in ``text``."""
    chars, index = [], []
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "*":
            continue
        chars.append({"(": "（", ")": "）"}.get(ch, ch))
        index.append(i)
    return "".join(chars), index


def match_gold(indicators: pd.DataFrame, report: Report, gold: pd.DataFrame) -> pd.DataFrame:
    """Align extracted rows with a hand-coded list (``context``, ``number_text``
    and the coded columns): one row per gold quantity with the matched
    extraction's columns suffixed ``_x`` (missing where none matched)."""
    squeezed, index = _squeeze_map(report.text)
    rows = []
    for g in gold.itertuples(index=False):
        ctx = str(g.context).replace("and", "和").replace("(", "（").replace(")", "）")
        at = squeezed.find(ctx)
        pos = None
        if at >= 0:
            k = ctx.find(str(g.number_text))
            if k >= 0:
                pos = index[at + k]
        hit = indicators[(indicators["start"] <= pos) & (indicators["end"] > pos)] if pos is not None else indicators.iloc[0:0]
        hit = hit.iloc[0] if len(hit) else None
        row = g._asdict()
        row["position"] = pos
        for col in ("quote", "value", "unit", "measure", "kind", "qualifier", "year", "indicator_key"):
            row[f"{col}_x"] = hit[col] if hit is not None else pd.NA
        row["matched"] = hit is not None
        rows.append(row)
    return pd.DataFrame(rows)


def score(indicators: pd.DataFrame, report: Report, gold: pd.DataFrame,
          negatives: pd.DataFrame | None = None,
          kinds: tuple[str, ...] = ("achieved", "estimated", "target")) -> dict:
    """Precision, recall and field accuracy of ``indicators`` against a gold list."""
    m = match_gold(indicators, report, gold)
    focus = m[m["kind"].isin(kinds)]
    recall = focus["matched"].mean()
    positions = set(m.loc[m["matched"], "position"].dropna().astype(int))
    extracted = indicators
    tp = sum(any(s <= p < e for p in positions) for s, e in zip(extracted["start"], extracted["end"]))
    precision = tp / len(extracted) if len(extracted) else float("nan")
    hit = focus[focus["matched"]]
    qual_gold = hit["qualifier"].fillna("")
    return dict(
        n_gold=len(focus), n_extracted=len(extracted), recall=recall, precision=precision,
        value_accuracy=(hit["value"].astype(float) == hit["value_x"].astype(float)).mean(),
        kind_accuracy=(hit["kind"] == hit["kind_x"]).mean(),
        qualifier_accuracy=(qual_gold == hit["qualifier_x"].fillna("")).mean(),
        measure_accuracy=(hit["measure"] == hit["measure_x"]).mean(),
        unit_accuracy=(hit["unit"] == hit["unit_x"]).mean(),
    )


#: Chinese labels of the headline keys (English labels come from the glossary)
KEY_LABELS_ZH = {
    "gdp_growth": "地区生产总值增长", "gdp_level": "地区生产总值", "fiscal_revenue_growth": "一般公共预算收入增长",
    "fiscal_revenue_level": "一般公共预算收入", "fai_growth": "固定资产投资增长",
    "services_va_growth": "服务业增加值增长", "retail_sales_growth": "社会消费品零售总额增长",
    "disposable_income_growth": "居民人均可支配收入增长", "cpi": "居民消费价格涨幅",
    "grain_output": "粮食产量", "industrial_va_growth": "规上工业增加值增长",
    "new_urban_jobs": "城镇新增就业", "unemployment_rate": "城镇调查失业率", "trade_growth": "进出口增长",
    "fdi_growth": "实际利用外资增长", "deficit_ratio": "赤字率", "energy_intensity": "单位生产总值能耗",
    "carbon_intensity": "单位生产总值二氧化碳排放", "rd_share": "研发经费投入强度",
}


def summary(indicators: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Counts of quantities by the given columns (long table: ``by…, n``)."""
    require_columns(indicators, by, what="indicators")
    return (indicators.groupby(by, dropna=False, sort=False).size().rename("n").reset_index())


def by_section(indicators: pd.DataFrame, report: Report) -> pd.DataFrame:
    """Per part and numbered section: sentences, quantities, targets, and the
    share of sentences that state at least one quantity (sections with none
    included)."""
    s = report.sentences[report.sentences["part"].notna()].copy()
    s["section_key"] = s["section"].fillna(0).astype(int)
    ind = indicators.merge(s[["sentence_id", "section_key"]], on="sentence_id", how="inner")
    base = (s.groupby(["part", "section_key"], sort=False)
            .agg(part_title=("part_title", "first"), section_title=("section_title", "first"),
                 sentences=("sentence_id", "size")))
    n = ind.groupby(["part", "section_key"]).size()
    n_target = ind[ind["kind"] == "target"].groupby(["part", "section_key"]).size()
    with_q = ind.groupby(["part", "section_key"])["sentence_id"].nunique()
    base["quantities"] = n.reindex(base.index).fillna(0).astype(int)
    base["targets"] = n_target.reindex(base.index).fillna(0).astype(int)
    base["share_sentences_quantified"] = (with_q.reindex(base.index).fillna(0) / base["sentences"]).round(3)
    out = base.reset_index().rename(columns={"section_key": "section"})
    out["section"] = out["section"].astype("Int64").replace(0, pd.NA)
    return out


def headline_sentence(report: Report) -> int:
    """The ``sentence_id`` of the sentence stating the year's first headline
    target (the first row of :func:`target_ledger`); for a report without a
    targets paragraph, of the first sentence stating a target; failing that, of
    the first sentence."""
    ind = extract_indicators(report)
    try:
        ledger = target_ledger(report, ind)
    except UnknownIndicatorError:
        ledger = ind.iloc[:0]
    if len(ledger):
        return int(ledger["target_sentence_id"].iloc[0])
    targets = ind[ind["kind"] == "target"]
    if len(targets):
        return int(targets["sentence_id"].iloc[0])
    return int(report.sentences["sentence_id"].iloc[0])
