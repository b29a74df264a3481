"""Traditional characters → simplified, with OpenCC.

A report copied from a traditional-character page (Hong Kong, Macao, Taiwan
mirrors, or a converted file) reads with the right outline but its words and
numbers escape every rule written for simplified text.  :func:`to_simplified`
detects such a text (a real share of its Chinese characters changes under
OpenCC's ``t2s`` conversion) and converts it, logging each changed run of
characters; a simplified text passes unchanged.  OpenCC converts phrase by
phrase (乾隆 stays, 乾淨 → 干净), which a character table cannot.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from ._base import Change, _apply

#: characters that occur only in traditional text and are frequent in reports:
#: a text with none of them is simplified and skips the conversion entirely
TRADITIONAL_SIGNS = re.compile("[們個這來時說國為會經發業實現總區與進務際體產資動開關歲號點權貿辦際對圍屬]")
#: a text is traditional when at least this share of its Chinese characters changes
TRADITIONAL_SHARE = 0.02
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
REASON = "traditional character → simplified (OpenCC t2s)"


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _line_changes(line: str, converted: str, offset: int) -> list[Change]:
    if len(line) == len(converted):
        out, i = [], 0
        while i < len(line):
            if line[i] != converted[i]:
                j = i
                while j < len(line) and line[j] != converted[j]:
                    j += 1
                out.append(Change(offset + i, offset + j, converted[i:j], REASON))
                i = j
            else:
                i += 1
        return out
    ops = difflib.SequenceMatcher(None, line, converted, autojunk=False).get_opcodes()
    return [Change(offset + i1, offset + i2, converted[j1:j2], REASON)
            for tag, i1, i2, j1, j2 in ops if tag != "equal"]


def traditional_share(text: str) -> float:
    """Share of the Chinese characters of ``text`` that OpenCC's t2s changes."""
    if not TRADITIONAL_SIGNS.search(text):  # (the cheap test first)
        return 0.0
    han = len(_HAN.findall(text))
    if not han:
        return 0.0
    converted = _converter().convert(text)
    if len(converted) == len(text):
        changed = sum(a != b for a, b in zip(text, converted))
    else:
        changed = sum(i2 - i1 for tag, i1, i2, _, _ in difflib.SequenceMatcher(
            None, text, converted, autojunk=False).get_opcodes() if tag != "equal")
    return changed / han


def to_simplified(text: str) -> tuple[str, list[Change]]:
    """Convert a traditional-character text to simplified characters (logged);
    a simplified text passes unchanged."""
    if traditional_share(text) < TRADITIONAL_SHARE:
        return text, []
    conv = _converter()
    changes, pos = [], 0
    for line in text.splitlines(keepends=True):
        converted = conv.convert(line)
        if converted != line:
            changes.extend(_line_changes(line, converted, pos))
        pos += len(line)
    return _apply(text, changes), changes
