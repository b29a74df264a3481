"""Structure: the outline of a cleaned report and its sentence table.

Works on any work report laid out the usual way: top-level parts
``一、…``, numbered sections ``（一）…``, lead phrases (bold in the source, or
the short first sentence of each paragraph of a numbered section), and
annexes ``附件1`` with numbered items.  Nothing here knows a particular
document; :func:`check_outline` raises a clear error when no outline is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .clean import NUMERALS_ZH, SALUTATION, body_start
from .errors import UnstructuredReportError

SENTENCE_END = "。！？；"
OPENERS = "“‘「『（《【"
CLOSERS = "”’」』）》】"
PUNCT_TRAILING = "。！？；：，、 \u3000"
#: lead phrases that are whole sentences are short and have no inner pauses
LEAD_MAX_CHARS = 25

PART_RE = re.compile(rf"^([{NUMERALS_ZH}]+)、\s*")
SECTION_RE = re.compile(rf"^（([{NUMERALS_ZH}]+)）\s*")
ANNEX_RE = re.compile(r"^附件\s*(\d+)\s*$")
ITEM_RE = re.compile(r"^(\d+)\s*[.．、]\s*")
DEPARTMENT_RE = re.compile(r"（([^（）]+)）\s*$")

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
    i = start
    while i < end:
        ch = text[i]
        cut = False
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
            cut = depth == 0 and i > start and text[i - 1] == "。"
        elif ch in SENTENCE_END and depth == 0:
            cut = True
        if cut:
            spans.append((begin, i + 1))
            begin = i + 1
        i += 1
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


def parse(text: str, *, bold_spans: list[tuple[int, int]] = (), joins: set[int] = frozenset()):
    """Outline a cleaned text: returns ``(sentences, annex_items)`` as lists of
    :class:`_Sentence` and dicts (offsets into ``text``)."""
    begin = body_start(text)
    sentences: list[_Sentence] = []
    annex_items: list[dict] = []
    part = part_title = section = section_title = None
    in_annex = False
    expect_annex_title = False
    for p_no, (ps, pe) in enumerate(_paragraphs(text), start=1):
        para = text[ps:pe]
        if ps < begin:
            sentences.append(_Sentence(ps, pe, p_no, role="title", first_in_paragraph=True))
            continue
        m_annex = ANNEX_RE.match(para)
        m_part = PART_RE.match(para)
        m_item = ITEM_RE.match(para)
        if m_annex:
            part, part_title, section, section_title = f"附件{m_annex.group(1)}", None, None, None
            in_annex, expect_annex_title = True, True
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
            annex_items.append(dict(annex=part, item=int(m_item.group(1)),
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
        if SALUTATION.match(para):  # "各位代表！…" closes the numbered section before it
            section = section_title = None
        if m_part:
            in_annex = False
            part = m_part.group(1)
            first = text[spans[0][0] : spans[0][1]]
            part_title = _strip_title(first[m_part.end():])
            section = section_title = None
            role_first = "part_heading"
        elif (m_sec := SECTION_RE.match(para)) and not in_annex and part is not None:
            section = zh_numeral(m_sec.group(1))
            first = text[spans[0][0] : spans[0][1]]
            section_title = _strip_title(first[m_sec.end():])
            role_first = "section_heading"
        for k, (s, e) in enumerate(spans):
            sentences.append(_Sentence(s, e, p_no, part=part, part_title=part_title,
                                       section=section, section_title=section_title,
                                       role=role_first if k == 0 else "text",
                                       first_in_paragraph=k == 0))
    _assign_leads(text, sentences, bold_spans, joins)
    return sentences, annex_items


def _lead_text(text: str, start: int, end: int) -> str:
    return text[start:end].strip(PUNCT_TRAILING)


def _assign_leads(text, sentences, bold_spans, joins) -> None:
    headings = {"title", "part_heading", "section_heading", "annex_heading", "annex_title", "item"}
    # bold lead phrases: the sentence in which each bold span starts
    bold_at: dict[int, str] = {}
    for bs, be in bold_spans:
        if be in joins:  # a bold span cut by a page break runs on to the next pause
            m = re.compile(r"[，。；：！？、]").search(text, be)
            if m:
                be = m.start()
        for i, s in enumerate(sentences):
            if s.start <= bs < s.end and s.role not in headings:
                bold_at.setdefault(i, _lead_text(text, bs, be))
                break
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
    rows = []
    for k, s in enumerate(sentences, start=1):
        s.extra["sentence_id"] = k
        rs, re_ = raw_span(s.start, s.end)
        rows.append(dict(doc_id=doc_id, sentence_id=k, part=s.part, part_title=s.part_title,
                         section=s.section, section_title=s.section_title, lead=s.lead,
                         paragraph=s.paragraph, role=s.role, text=text[s.start : s.end],
                         start=s.start, end=s.end, raw_start=rs, raw_end=re_))
    sent = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    sent = sent.astype({"sentence_id": "int64", "section": "Int64", "paragraph": "int64",
                        "start": "int64", "end": "int64", "raw_start": "int64", "raw_end": "int64"})
    for col in ("part", "part_title", "section_title", "lead", "role", "text", "doc_id"):
        sent[col] = sent[col].astype("string")
    items = pd.DataFrame(
        [dict(annex=a["annex"], item=a["item"], text=a["text"], department=a["department"],
              sentence_id=a["_sentence"].extra["sentence_id"]) for a in annex_items],
        columns=ANNEX_COLUMNS,
    )
    items = items.astype({"item": "int64", "sentence_id": "int64"})
    for col in ("annex", "text", "department"):
        items[col] = items[col].astype("string")
    return sent, items
