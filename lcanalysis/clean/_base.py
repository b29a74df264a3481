"""Shared pieces of the cleaning steps: character classes, the line patterns
that decide what is structure, and :class:`Change`, the record every step
returns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable


# -- character classes ---------------------------------------------------------
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
TERMINAL = "。！？；：…"
CLOSERS = "”’」』）》】"
NUMERALS_ZH = "一二三四五六七八九十"

#: a line that starts a structural element: part, section, annex or list item
#: heading, or a dash bullet (used to decide where a line break is real).
STRUCTURAL_START = re.compile(
    rf"^(?:[{NUMERALS_ZH}]+、|[（(][{NUMERALS_ZH}]+[）)]|附件\s*\d*\s*$|\d+\s*[.．、]\s*\S|——"
    rf"|[［\[【]\d+[］\]】])"
)
#: the longest line read as a section heading when it holds a comma but no full stop
#: (（一）着力推进向新向优发展，产业转型升级步伐加快: 24 characters; the longest in the corpus, of
#: 1958, has 41): a longer such line is a sentence broken by a page, and is joined
SECTION_HEADING_MAX = 45
#: a line that is itself a heading (no sentence ends inside it)
HEADING_LINE = re.compile(
    rf"^(?:[{NUMERALS_ZH}]+、[^。！？；]*|[（(][{NUMERALS_ZH}]+[）)](?:[^。！？；，]*|[^。！？；]{{1,{SECTION_HEADING_MAX}}})"
    r"|附件\s*\d*)\s*$"
)
#: the salutation that opens the body of a work report
SALUTATION = re.compile(r"^各位代表")
#: an unnumbered top-level heading: a short line that names one of the genre's
#: parts (review, targets and tasks, plan of work, government self-improvement)
UNNUMBERED_HEADING = re.compile(
    rf"^(?!各位代表|[（(][{NUMERALS_ZH}]+[）)]|[{NUMERALS_ZH}]+、|\d+\s*[.．、])[^，。；：！？,;:!?]{{0,24}}"
    r"(?:工作回顾|发展回顾|回顾|重点工作|工作安排|工作部署|主要任务|重点任务|目标任务|主要目标|"
    r"总体要求|政府自身建设|发展成就|工作建议|主要工作)$"
)
#: headings of the lists that follow a report: annexes, endnotes, glossaries
ANNEX_HEADING = re.compile(
    r"^(?:附件\s*[\d一二三四五六七八九十]*|附表\s*\d*|附录|注释|注解|名词解释|词语解释|说明)\s*[:：]?\s*$"
)


@dataclass(frozen=True)
class Change:
    """One edit, in the coordinates of the text the step was given."""

    start: int
    end: int
    after: str
    reason: str


Step = Callable[[str], "tuple[str, list[Change]]"]


def _apply(text: str, changes: list[Change]) -> str:
    out, pos = [], 0
    for ch in sorted(changes, key=lambda c: (c.start, c.end)):
        if ch.start < pos:
            raise ValueError(f"overlapping changes at {ch.start}")
        out.append(text[pos : ch.start])
        out.append(ch.after)
        pos = ch.end
    out.append(text[pos:])
    return "".join(out)


def _from_matches(text: str, matches: Iterable[re.Match], after, reason: str):
    changes = [Change(m.start(), m.end(), after(m), reason) for m in matches]
    changes = [c for c in changes if text[c.start : c.end] != c.after]
    return _apply(text, changes), changes


def body_start(text: str) -> int:
    """Offset of the first line of the body: the salutation 各位代表, else the
    first part heading, else 0.  Lines before it are the title block."""
    offset = 0
    first_heading = None
    for line in text.splitlines(keepends=True):
        stripped = line.strip(" \t\u3000\r\n*")
        if SALUTATION.match(stripped):
            return offset
        if first_heading is None and re.match(rf"^[{NUMERALS_ZH}]+、", stripped):
            first_heading = offset
        offset += len(line)
    return first_heading if first_heading is not None else 0


def _line_is_heading(line: str) -> bool:
    s = line.strip(" \t\u3000*")
    return bool(HEADING_LINE.match(s) or UNNUMBERED_HEADING.match(s) or ANNEX_HEADING.match(s))
