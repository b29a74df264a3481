"""Steps for artefacts of conversion from PDF or word-processor files: byte-order
mark, line endings, markdown bold markers, stray Latin, full-width digits, broken
lines, half-width brackets and inner spaces."""

from __future__ import annotations

import re

from ._base import (
    CJK_PUNCT, CLOSERS, HAN, STRUCTURAL_START, TERMINAL, Change, _apply,
    _from_matches, _line_is_heading, body_start,
)

# -- patterns, compiled once ------------------------------------------------------
# Every pattern starts with the character it is about, so that the regex engine skips
# straight to the candidates; a condition on the character before is a lookbehind placed
# after that first character ("(?<=X)\)" written as "\)(?<=X\))", the same matches).
_STRAY_AND = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}]) ?\band\b ?(?=[{HAN}])")
_HALF_BRACKET = re.compile(rf"\((?=[{HAN}])|\)(?<=[{HAN}]\))")
_FULLWIDTH = re.compile(r"[０-９Ａ-Ｚａ-ｚ％]+|．(?<=[0-9０-９]．)(?=[0-9０-９])")
_ALNUM = r"0-9A-Za-z%‰.+\-"
_INNER_SPACES = re.compile(
    rf"[ \u00a0](?<=[{_ALNUM}][ \u00a0])[ \u00a0]*(?=[{HAN}{CJK_PUNCT}])"
    rf"|[ \u00a0](?<=[{HAN}{CJK_PUNCT}][ \u00a0])[ \u00a0]*(?=[{_ALNUM}])"
    r"|[ \u00a0](?<=[0-9][ \u00a0])[ \u00a0]*(?=[%‰])"
)


# -- steps ---------------------------------------------------------------------
def strip_bom(text: str) -> tuple[str, list[Change]]:
    """Remove a UTF-8 byte-order mark at the start of the file."""
    if text.startswith("\ufeff"):
        ch = Change(0, 1, "", "byte-order mark at the start of the file (not text)")
        return text[1:], [ch]
    return text, []


def normalize_line_endings(text: str) -> tuple[str, list[Change]]:
    """CRLF and lone CR line endings become LF."""
    return _from_matches(
        text, re.finditer(r"\r\n?", text), lambda m: "\n", "Windows/Mac line ending → LF"
    )


def strip_bold_markers(text: str) -> tuple[str, list[Change]]:
    """Remove markdown ``**bold**`` marker pairs (the bold spans are kept as
    structure: they mark lead phrases, see :mod:`lcanalysis.structure`)."""
    changes = []
    for m in re.finditer(r"\*\*(?=\S)(.+?)\*\*", text, flags=re.S):
        changes.append(Change(m.start(), m.start() + 2, "", "markdown bold marker (opening)"))
        changes.append(Change(m.end() - 2, m.end(), "", "markdown bold marker (closing)"))
    return _apply(text, changes), changes


def fix_stray_latin(text: str) -> tuple[str, list[Change]]:
    """A lone English ' and ' between Chinese characters is a conversion
    artefact for 和."""
    if "and" not in text:  # the pattern needs it: no scan of a text without
        return text, []
    return _from_matches(
        text, _STRAY_AND.finditer(text), lambda m: "和",
        "English 'and' between Chinese characters: conversion artefact for 和",
    )


def _line_is_terminal(line: str) -> bool:
    """Does the line end a sentence ("…。", "…；", "…。”")?"""
    s = line.rstrip(" \t\u3000")
    if not s:
        return False
    if s[-1] in TERMINAL:
        return True
    return s[-1] in CLOSERS and len(s) > 1 and s[-2] in TERMINAL


def join_broken_lines(text: str) -> tuple[str, list[Change]]:
    """Join lines broken in the middle of a sentence (PDF page breaks).

    A line break in the body is removed when the line before it ends without
    sentence-final punctuation, the line before is not a heading, and the line
    after does not start a heading, list item or dash bullet.  The title block
    before the body (see :func:`body_start`) is left alone.
    """
    begin = body_start(text)
    changes = []
    for m in re.finditer(r"[ \t\u3000]*\n[ \t\u3000\n]*", text):
        if m.start() < begin or m.end() >= len(text):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        prev = text[line_start : m.start()]
        nxt_end = text.find("\n", m.end())
        nxt = text[m.end() : nxt_end if nxt_end != -1 else len(text)]
        if not prev.strip() or not nxt.strip():
            continue
        if _line_is_terminal(prev) or _line_is_heading(prev):
            continue
        if STRUCTURAL_START.match(nxt.strip()) or _line_is_heading(nxt):
            continue
        both_latin = re.match(r"[A-Za-z]", text[m.start() - 1]) and re.match(r"[A-Za-z]", nxt[0])
        changes.append(
            Change(m.start(), m.end(), " " if both_latin else "",
                   "line break inside a sentence (PDF page break)")
        )
    return _apply(text, changes), changes


def normalize_brackets(text: str) -> tuple[str, list[Change]]:
    """Half-width parentheses next to Chinese text become full-width: "(三)"
    → "（三）", and the odd mixed pair "（市市场监管局)" → "（市市场监管局）"."""
    return _from_matches(
        text, _HALF_BRACKET.finditer(text), lambda m: "（" if m.group() == "(" else "）",
        "half-width bracket next to Chinese text → full-width",
    )


def normalize_fullwidth_alnum(text: str) -> tuple[str, list[Change]]:
    """Full-width digits, Latin letters and ％ become ASCII (as NFKC would);
    a full-width point between digits becomes '.'."""
    def to_ascii(m: re.Match) -> str:
        return "".join(chr(ord(c) - 0xFEE0) for c in m.group())

    return _from_matches(text, _FULLWIDTH.finditer(text), to_ascii,
                         "full-width digit, letter or sign → ASCII")


def remove_inner_spaces(text: str) -> tuple[str, list[Change]]:
    """Spaces between a number or Latin word and Chinese text are removed
    ("1050 亿元" → "1050亿元", "A 股" → "A股")."""
    return _from_matches(text, _INNER_SPACES.finditer(text), lambda m: "",
                         "space between a number or Latin word and Chinese text")


