"""Reading a report file: existence, encoding and checksum checks.

The text is returned exactly as decoded: nothing is stripped or normalised
here (a UTF-8 byte-order mark, CRLF line endings, HTML markup, web-page chrome
and traditional characters are repaired, with a log, by :mod:`lcanalysis.clean`).

Encodings: UTF-8 is the default.  A file that starts with a UTF-16 or UTF-32
byte-order mark is decoded by it; UTF-16 or UTF-32 without a byte-order mark
is recognised and refused by name (pass ``encoding=``), as are GB18030 text and
text that decodes under the encoding given but holds no Chinese (mojibake).
Any Python codec name or alias is accepted (``utf_16_le``, ``UTF8``, ``gbk``).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from . import paths
from .errors import (
    ChecksumError,
    EmptyReportError,
    ReportAccessError,
    ReportEncodingError,
    ReportNotFoundError,
)

#: byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
#: runs of characters that are neither whitespace nor ASCII nor a byte-order mark, and of
#: Chinese characters (counted in runs: a list of runs is short, one of characters is not)
_LETTERS = re.compile(r"[^\s\x00-\x7f\ufeff]+")
_HANS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_MOJIBAKE = re.compile(r"[\u00c0-\u00ff\u0100-\u024f\u0370-\u03ff\u0400-\u04ff\ufffd]")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    return sha256_bytes(Path(path).read_bytes())


def codec_name(encoding: str) -> str:
    """The canonical Python name of a codec or alias (``utf_16_le`` → ``utf-16-le``)."""
    try:
        return codecs.lookup(encoding).name
    except (LookupError, TypeError):
        raise ReportEncodingError(
            f"unknown encoding {encoding!r} — pass a Python codec name such as 'utf-8' or 'gb18030'"
        ) from None


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    return None


def _is_chinese_text(text: str) -> bool:
    """Plausible report text: Chinese characters make up a real share of it."""
    sample = text[:20000]
    # counted by the regex engine, not character by character in Python (\s is str.isspace)
    letters = len("".join(_LETTERS.findall(sample)))
    if not letters:  # plain ASCII is not mojibake (whether it is a report is decided later)
        return True
    han = len("".join(_HANS.findall(sample)))  # Chinese characters are letters: neither space nor ASCII
    return han >= 0.3 * letters


def guess_encoding(data: bytes) -> str | None:
    """The encoding under which ``data`` reads as Chinese text, among UTF-8,
    UTF-32 and UTF-16 (either byte order, with or without a byte-order mark)
    and GB18030; ``None`` if none does."""
    bom = _bom_encoding(data)
    candidates = ([bom] if bom else []) + [
        "utf-8", "utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be", "gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, ValueError):
            continue
        if _is_chinese_text(text) and ("\x00" not in text):
            return enc
    return None


def _shown_encoding(enc: str) -> str:
    return {"utf-16-le": "UTF-16-LE", "utf-16-be": "UTF-16-BE", "utf-32-le": "UTF-32-LE",
            "utf-32-be": "UTF-32-BE", "gb18030": "GB18030", "utf-8": "UTF-8"}.get(enc, enc)


def read_report_text(
    path: str | Path, *, encoding: str = "utf-8", sha256: str | None = None
) -> tuple[str, str, str]:
    """Read a report file and return ``(text, sha256_of_bytes, codec_used)``.

    Raises a specific :mod:`lcanalysis.errors` exception for a missing file, a
    directory, an unreadable file, an empty file, a binary or PDF file, text in
    another encoding (named, with the ``encoding=`` to pass), and (when
    ``sha256`` is given) a file whose digest differs.
    """
    p = Path(path)
    shown = paths.display(p)
    asked = codec_name(encoding)
    if not p.exists():
        shipped = p.resolve().parent in (paths.RAW.resolve(), paths.CORPUS.resolve()) or \
            paths.CORPUS.resolve() in p.resolve().parents
        raise ReportNotFoundError(
            f"report file {shown} not found — "
            + ("restore it from the repository (git checkout -- data/)" if shipped else
               "check the path (relative paths are read from the current directory, "
               f"{Path.cwd()})")
        )
    if p.is_dir():
        raise ReportNotFoundError(
            f"{shown} is a directory, not a report file — pass the path of a .txt file"
        )
    try:
        data = p.read_bytes()
    except PermissionError:
        raise ReportAccessError(
            f"cannot read {shown}: permission denied — make the file readable "
            "(for example chmod u+r) or copy it to a folder you can read"
        ) from None
    except OSError as exc:
        raise ReportAccessError(f"cannot read {shown}: {exc.strerror or exc} — check the file") from None
    if not data.strip():
        raise EmptyReportError(
            f"report file {shown} is empty — it holds no text to analyse"
        )
    if data.startswith(b"%PDF"):
        raise ReportEncodingError(
            f"{shown} is a PDF file, not text — convert it to UTF-8 text first "
            "(for example with pdftotext) and load the .txt file"
        )
    bom = _bom_encoding(data)
    if bom in ("utf-16", "utf-32") and not asked.startswith(bom):
        # a byte-order mark is unambiguous: decode by it
        asked = bom
    if b"\x00" in data and not asked.startswith(("utf-16", "utf-32")):
        guess = guess_encoding(data)
        if guess and guess.startswith(("utf-16", "utf-32")):
            raise ReportEncodingError(
                f"{shown} is {_shown_encoding(guess)} text without a byte-order mark — "
                f"pass encoding='{guess}', or re-save the file as UTF-8"
            )
        raise ReportEncodingError(
            f"{shown} looks binary (it contains NUL bytes and reads as text in no "
            "encoding tried: UTF-8, UTF-16, UTF-32, GB18030) — load a plain-text report"
        )
    try:
        text = data.decode(asked)
    except UnicodeDecodeError as exc:
        guess = guess_encoding(data)
        if guess and guess != asked:
            hint = f"; it looks like {_shown_encoding(guess)} — pass encoding='{guess}'"
        else:
            hint = "; it does not look like text — check that it is a plain-text report"
        raise ReportEncodingError(
            f"could not decode {shown} as {encoding} (byte {exc.start}){hint}"
        ) from None
    if not _is_chinese_text(text):
        guess = guess_encoding(data)
        if guess and codec_name(guess).replace("-sig", "") != asked.replace("-sig", ""):
            raise ReportEncodingError(
                f"{shown} decoded as {encoding} gives no Chinese text (mojibake) — "
                f"it reads as {_shown_encoding(guess)}: pass encoding='{guess}'"
            )
    digest = sha256_bytes(data)
    if sha256 is not None and digest != sha256:
        raise ChecksumError(
            f"report file {shown} has sha256 {digest}, but {sha256} was expected — "
            "the file is not the one the project was built on; restore it from the "
            "repository (git checkout -- data/raw) or pass sha256=None for another text"
        )
    if not text.strip("\ufeff \t\r\n\u3000"):
        raise EmptyReportError(f"report file {shown} is empty — it holds no text to analyse")
    return text, digest, asked
