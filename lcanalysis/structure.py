"""Structure: the outline of a cleaned report and its sentence table.

Works on any work report laid out the way the genre lays them out:

* top-level parts, numbered ``一、…`` or, where a report numbers none,
  unnumbered heading lines that name a part of the genre (``“十四五”时期工作回顾``,
  ``2026年重点工作``: :data:`lcanalysis.clean.UNNUMBERED_HEADING`), labelled
  一, 二, … in order;
* numbered sections ``（一）…`` (a heading line, or run in with its paragraph);
* lead phrases (bold in the source, or the short first sentence of each
  paragraph of a numbered section);
* the lists after the report proper — annexes (附件, 附件1, 附录), endnotes
  (注释 with ［1］…) and glossaries (名词解释) — as annex parts whose numbered
  lines (1. / ［1］ / 一、 / ①) are items, never top-level parts.

Nothing here knows a particular document.  What the rules do not recognise is
reported, never silently absorbed: :func:`parse` returns warnings (a numbering
of parts that restarts or skips, a duplicated heading, an unnumbered line that
looks like a top-level heading in a numbered report, a line of the title block
that is neither title, meeting, speaker nor date), and :func:`check_outline`
raises a clear error when no outline is found.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .clean import ANNEX_HEADING, NUMERALS_ZH, SALUTATION, UNNUMBERED_HEADING, body_start
from .errors import UnstructuredReportError

SENTENCE_END = "。！？；"
OPENERS = "“‘「『（《【"
CLOSERS = "”’」』）》】"
_SPLIT_CHARS = re.compile("[" + re.escape(SENTENCE_END + OPENERS + CLOSERS) + "]")
PUNCT_TRAILING = "。！？；：，、 \u3000"
#: lead phrases that are whole sentences are short and have no inner pauses
LEAD_MAX_CHARS = 25

PART_RE = re.compile(rf"^([{NUMERALS_ZH}]+)、\s*")
SECTION_RE = re.compile(rf"^（([{NUMERALS_ZH}]+)）\s*")
ITEM_RE = re.compile(
    rf"^(?:(\d+)\s*[.．、]|[［\[【(（](\d+)[］\]】)）]|([{NUMERALS_ZH}]+)、|([①-⑳]))\s*"
)
#: lines of the title block: the title, the meeting, the speaker, a date
TITLE_BLOCK = re.compile(
    r"报告|政府工作|(?:会议|大会|会)上|^——|\d{4}年\d{1,2}月\d{1,2}日"
    r"|^(?:\S{0,16}(?:总理|省长|市长|主席|州长|县长|区长|盟长|旗长|代理\S{0,3}))?\s*[\u4e00-\u9fff]{1,3}(?:\s?[\u4e00-\u9fff]{1,2})?$"
)
DEPARTMENT_RE = re.compile(r"（([^（）]+)）\s*$")

#: labels of unnumbered top-level parts, in order
_ZH_ORDINALS = "一二三四五六七八九十"
#: the closing call that ends a report's body (让我们……奋斗！)
CLOSING = re.compile(r"^(?:各位代表[！!，,]?.*)?让我们.*[！!]$")

SENTENCE_COLUMNS = [
    "doc_id", "sentence_id", "part", "part_title", "section", "section_title",
    "lead", "paragraph", "role", "text", "start", "end", "raw_start", "raw_end",
]
ANNEX_COLUMNS = ["annex", "item", "text", "department", "sentence_id"]


def zh_numeral(s: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十一 → 21."""
    digits = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
    if "十" not in s:
        return digits[s]
    tens, _, ones = s.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``: split after 。！？； outside quotes
    and brackets, and after a closing quote that follows 。 ("……。”")."""
    spans, depth, begin = [], 0, start
    # only the quote, bracket and sentence-end characters matter: the regex engine
    # finds them, Python looks at those alone
    for m in _SPLIT_CHARS.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        cut = False
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
            cut = depth == 0 and i > start and text[i - 1] == "。"
        elif depth == 0:  # a sentence end
            cut = True
        if cut:
            spans.append((begin, i + 1))
            begin = i + 1
    spans.append((begin, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        while s < e and text[s] in " \t\u3000":
            s += 1
        while e > s and text[e - 1] in " \t\u3000":
            e -= 1
        if e > s:
            spans.append((s, e))
        pos += len(line) + 1
    return spans


def _strip_title(s: str) -> str:
    return s.strip(PUNCT_TRAILING)


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int
    part: object = None
    part_title: object = None
    section: object = None
    section_title: object = None
    role: str = "text"
    lead: object = None
    first_in_paragraph: bool = False
    extra: dict = field(default_factory=dict)


def _item_number(m: re.Match) -> int:
    arabic = m.group(1) or m.group(2)
    if arabic:
        return int(arabic)
    if m.group(3):
        return zh_numeral(m.group(3))
    return ord(m.group(4)) - ord("①") + 1


def _annex_label(heading: str, taken: set[str]) -> str:
    """附件1 → 附件1, 注释： → 注释; a label already taken gets a number (附件, 附件2)."""
    label = base = re.sub(r"[\s:：]", "", heading) or "附件"
    k = 1
    while label in taken:
        k += 1
        label = f"{base}{k}"
    taken.add(label)
    return label


def parse(text: str, *, bold_spans: list[tuple[int, int]] = (), joins: set[int] = frozenset()):
    """Outline a cleaned text: returns ``(sentences, annex_items, warnings)`` as
    lists of :class:`_Sentence`, dicts (offsets into ``text``) and messages."""
    begin = body_start(text)
    paragraphs = _paragraphs(text)
    warnings: list[str] = []
    breaks = [m.start() for m in re.finditer("\n", text)]

    def where(ps: int) -> str:
        return f"line {bisect.bisect_right(breaks, ps) + 1} of the cleaned text"

    # does the report number its top-level parts?  (一、 at the start of a body line,
    # before the first annex heading)
    numbered = False
    for ps, pe in paragraphs:
        para = text[ps:pe]
        if ps < begin:
            continue
        if ANNEX_HEADING.match(para) or CLOSING.search(para):
            break
        if PART_RE.match(para):
            numbered = True
            break
    sentences: list[_Sentence] = []
    annex_items: list[dict] = []
    part = part_title = section = section_title = None
    part_no = section_no = 0
    n_unnumbered = 0
    in_annex = False
    expect_annex_title = False
    annex_labels: set[str] = set()
    headings_seen: dict[str, int] = {}
    closed = nested = False  # after the closing call 让我们…！; inside a nested 一、 list
    for p_no, (ps, pe) in enumerate(paragraphs, start=1):
        para = text[ps:pe]
        if ps < begin:
            if not TITLE_BLOCK.search(para):
                warnings.append(f"{where(ps)} before the report's salutation is not recognised as "
                                f"title, meeting, speaker or date: {para[:30]!r} (kept as title block)")
            sentences.append(_Sentence(ps, pe, p_no, role="title", first_in_paragraph=True))
            continue
        m_annex = ANNEX_HEADING.match(para)
        m_part = PART_RE.match(para)
        m_item = ITEM_RE.match(para)
        unnumbered = (not numbered and not in_annex and not m_part and UNNUMBERED_HEADING.match(para))
        if numbered and not in_annex and UNNUMBERED_HEADING.match(para) and not m_part:
            warnings.append(f"{where(ps)} looks like an unnumbered top-level heading in a report "
                            f"whose parts are numbered: {para[:30]!r} (read as text)")
        label = _annex_label(para, annex_labels) if m_annex else None
        if m_part and not in_annex and part_no and zh_numeral(m_part.group(1)) != part_no + 1:
            restart = zh_numeral(m_part.group(1)) == 1
            if restart and closed:
                # a numbered list after the report's closing call: an appended list
                warnings.append(f"{where(ps)}: after the report's closing paragraph the numbering "
                                f"restarts at 一、 — read as an appended list (annex) with no "
                                "heading; check the outline")
                m_annex, label = True, _annex_label("附录", annex_labels)
            else:
                # numbering that restarts (or jumps) inside the body: a list inside the part
                if restart or not nested:
                    warnings.append(f"{where(ps)}: {m_part.group(1)}、 inside part {part} does not "
                                    f"continue the parts' numbering ({part}、 → "
                                    f"{_ZH_ORDINALS[part_no] if part_no < 10 else '?'}、) — read as a "
                                    "numbered list inside the part; check the outline")
                nested = True
                m_part = None
        if m_annex:
            part, part_title, section, section_title = label, None, None, None
            in_annex, expect_annex_title = True, label.startswith("附件")
            if not m_part:  # (a restarting 一、 line is itself the list's first item)
                sentences.append(_Sentence(ps, pe, p_no, part=part, role="annex_heading",
                                           first_in_paragraph=True))
                continue
        if in_annex and m_item:
            expect_annex_title = False
            body = para[m_item.end():]
            dept = DEPARTMENT_RE.search(body)
            item_text = body[: dept.start()] if dept else body
            s = _Sentence(ps, pe, p_no, part=part, part_title=part_title, role="item",
                          first_in_paragraph=True)
            sentences.append(s)
            annex_items.append(dict(annex=part, item=_item_number(m_item),
                                    text=_strip_title(item_text),
                                    department=dept.group(1) if dept else None,
                                    _sentence=s))
            continue
        if in_annex and expect_annex_title and not m_part:
            part_title = _strip_title(para)
            expect_annex_title = False
            for s_ in sentences:
                if s_.part == part:
                    s_.part_title = part_title
            sentences.append(_Sentence(ps, pe, p_no, part=part, part_title=part_title,
                                       role="annex_title", first_in_paragraph=True))
            continue
        spans = split_sentences(text, ps, pe)
        role_first = "text"
        if part is not None and not in_annex and CLOSING.search(para):
            closed = True
        if SALUTATION.match(para):  # "各位代表！…" closes the numbered section before it
            section = section_title = None
        heading = None
        if (m_part or unnumbered) and not in_annex:
            first = text[spans[0][0] : spans[0][1]]
            if m_part:
                part_no, part, nested, closed = zh_numeral(m_part.group(1)), m_part.group(1), False, False
                part_title = _strip_title(first[m_part.end():])
            else:
                n_unnumbered += 1
                part_no = n_unnumbered
                part = _ZH_ORDINALS[n_unnumbered - 1] if n_unnumbered <= len(_ZH_ORDINALS) else str(n_unnumbered)
                part_title = _strip_title(first)
            section = section_title = None
            section_no = 0
            role_first = "part_heading"
            heading = _strip_title(first)
        elif (m_sec := SECTION_RE.match(para)) and not in_annex and part is not None:
            k = zh_numeral(m_sec.group(1))
            if k != section_no + 1:
                warnings.append(f"{where(ps)}: section （{m_sec.group(1)}） of part {part} follows "
                                f"section {section_no or 'none'} — a section may be missing or misnumbered")
            section_no = section = k
            first = text[spans[0][0] : spans[0][1]]
            section_title = _strip_title(first[m_sec.end():])
            role_first = "section_heading"
            heading = f"{part}/{_strip_title(first)}"
        if heading is not None:
            if heading in headings_seen:
                warnings.append(f"{where(ps)}: heading {heading!r} repeats the heading of paragraph "
                                f"{headings_seen[heading]} — check for a duplicated passage")
            headings_seen.setdefault(heading, p_no)
        for k, (s, e) in enumerate(spans):
            sentences.append(_Sentence(s, e, p_no, part=part, part_title=part_title,
                                       section=section, section_title=section_title,
                                       role=role_first if k == 0 else "text",
                                       first_in_paragraph=k == 0))
    _assign_leads(text, sentences, bold_spans, joins)
    return sentences, annex_items, warnings




def _lead_text(text: str, start: int, end: int) -> str:
    return text[start:end].strip(PUNCT_TRAILING)


def _assign_leads(text, sentences, bold_spans, joins) -> None:
    headings = {"title", "part_heading", "section_heading", "annex_heading", "annex_title", "item"}
    # bold lead phrases: the sentence in which each bold span starts (binary search
    # over the sentence starts: linear in the number of spans, not quadratic)
    starts = [s.start for s in sentences]
    pause = re.compile(r"[，。；：！？、]")
    bold_at: dict[int, str] = {}
    for bs, be in bold_spans:
        if be in joins:  # a bold span cut by a page break runs on to the next pause
            m = pause.search(text, be)
            if m:
                be = m.start()
        i = bisect.bisect_right(starts, bs) - 1
        if i >= 0 and sentences[i].start <= bs < sentences[i].end and sentences[i].role not in headings:
            bold_at.setdefault(i, _lead_text(text, bs, be))
    sections: dict[tuple, list[int]] = {}
    for i, s in enumerate(sentences):
        if s.section is not None:
            sections.setdefault((s.part, s.section), []).append(i)
    lead_at: dict[int, str] = dict(bold_at)
    for idx in sections.values():
        if any(i in bold_at for i in idx):
            continue
        heading_para = sentences[idx[0]].paragraph
        for i in idx:
            s = sentences[i]
            body = text[s.start : s.end]
            if (s.first_in_paragraph and s.paragraph != heading_para and s.role == "text"
                    and len(body) <= LEAD_MAX_CHARS and body[-1] in "。！"
                    and not re.search(r"[，、；：]", body)):
                lead_at[i] = _lead_text(text, s.start, s.end)
    current = None
    prev = None
    for i, s in enumerate(sentences):
        scope = (s.part, s.section) if s.section is not None else (s.part, "p", s.paragraph)
        if prev is None or scope != prev or s.role in headings:
            current = None
        prev = scope
        if i in lead_at:
            current = lead_at[i]
            body = _lead_text(text, s.start, s.end)
            if body == current:
                s.role = "lead"
        s.lead = current


def check_outline(parts: list) -> None:
    if not any(p is not None and not str(p).startswith("附件") for p in parts):
        raise UnstructuredReportError(
            "no outline found: expected top-level headings such as '一、2023年工作回顾' "
            "at the start of a line — is this a government work report, one paragraph per "
            "line? (pass require_outline=False to load it without an outline)"
        )


def to_frames(doc_id: str, text: str, sentences, annex_items, raw_span):
    # built column by column, each in its final dtype (no object columns converted
    # afterwards): the sentence table of a long report is the largest object the loader makes
    n = len(sentences)
    for k, s in enumerate(sentences, start=1):
        s.extra["sentence_id"] = k
    spans = [raw_span(s.start, s.end) for s in sentences]
    starts = [s.start for s in sentences]
    ends = [s.end for s in sentences]

    def strings(values):
        return pd.array(values, dtype="string")

    def ints(values):
        return np.array(values, dtype=np.int64)

    sent = pd.DataFrame({
        "doc_id": strings([doc_id] * n), "sentence_id": np.arange(1, n + 1, dtype=np.int64),
        "part": strings([s.part for s in sentences]),
        "part_title": strings([s.part_title for s in sentences]),
        "section": pd.array([s.section for s in sentences], dtype="Int64"),
        "section_title": strings([s.section_title for s in sentences]),
        "lead": strings([s.lead for s in sentences]),
        "paragraph": ints([s.paragraph for s in sentences]),
        "role": strings([s.role for s in sentences]),
        "text": strings([text[a:b] for a, b in zip(starts, ends)]),
        "start": ints(starts), "end": ints(ends),
        "raw_start": ints([a for a, _ in spans]), "raw_end": ints([b for _, b in spans]),
    }, columns=SENTENCE_COLUMNS)
    items = pd.DataFrame({
        "annex": strings([a["annex"] for a in annex_items]),
        "item": ints([a["item"] for a in annex_items]),
        "text": strings([a["text"] for a in annex_items]),
        "department": strings([a["department"] for a in annex_items]),
        "sentence_id": ints([a["_sentence"].extra["sentence_id"] for a in annex_items]),
    }, columns=ANNEX_COLUMNS)
    return sent, items
