"""Reading a report file: existence, encoding and checksum checks.

The text is returned exactly as decoded: nothing is stripped or normalised
here (a UTF-8 byte-order mark and CRLF line endings are repaired, with a log,
by :mod:`lcanalysis.clean`).
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from . import paths
from .errors import (
    ChecksumError,
    EmptyReportError,
    ReportEncodingError,
    ReportNotFoundError,
)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    return sha256_bytes(Path(path).read_bytes())


def read_report_text(
    path: str | Path, *, encoding: str = "utf-8", sha256: str | None = None
) -> tuple[str, str]:
    """Read a report file and return ``(text, sha256_of_bytes)``.

    Raises a specific :mod:`lcanalysis.errors` exception for a missing file, a
    directory, an empty file, a binary or PDF file, text in another encoding,
    and (when ``sha256`` is given) a file whose digest differs.
    """
    p = Path(path)
    shown = paths.display(p)
    if not p.exists():
        raise ReportNotFoundError(
            f"report file {shown} not found — pass path= to load_report, "
            "or restore data/raw from the repository"
        )
    if p.is_dir():
        raise ReportNotFoundError(
            f"{shown} is a directory, not a report file — pass the path of a .txt file"
        )
    data = p.read_bytes()
    if not data.strip():
        raise EmptyReportError(
            f"report file {shown} is empty — it holds no text to analyse"
        )
    if data.startswith(b"%PDF"):
        raise ReportEncodingError(
            f"{shown} is a PDF file, not text — convert it to UTF-8 text first "
            "(for example with pdftotext) and load the .txt file"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and encoding.lower().replace("-", "") not in ("utf16", "utf16le", "utf16be"):
        raise ReportEncodingError(
            f"{shown} is UTF-16 encoded — pass encoding='utf-16', "
            "or re-save the file as UTF-8"
        )
    if b"\x00" in data and not encoding.lower().replace("-", "").startswith("utf16"):
        raise ReportEncodingError(
            f"{shown} looks binary (it contains NUL bytes) — load a plain-text report"
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        hint = ""
        if encoding.lower().replace("-", "") in ("utf8", "utf8sig"):
            try:
                data.decode("gb18030")
                hint = "; it looks like GB18030 — pass encoding='gb18030'"
            except UnicodeDecodeError:
                hint = "; it does not look like text — check that it is a plain-text report"
        raise ReportEncodingError(
            f"could not decode {shown} as {encoding} (byte {exc.start}){hint}"
        ) from None
    except LookupError:
        raise ReportEncodingError(
            f"unknown encoding {encoding!r} — pass a Python codec name such as 'utf-8' or 'gb18030'"
        ) from None
    digest = sha256_bytes(data)
    if sha256 is not None and digest != sha256:
        raise ChecksumError(
            f"report file {shown} has sha256 {digest}, but {sha256} was expected — "
            "the file is not the one the project was built on; restore it from the "
            "repository (git checkout -- data/raw) or pass sha256=None for another text"
        )
    if not text.strip("\ufeff \t\r\n\u3000"):
        raise EmptyReportError(f"report file {shown} is empty — it holds no text to analyse")
    return text, digest
