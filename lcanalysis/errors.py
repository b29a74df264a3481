"""All exceptions of the package, in one place.

Every message names the problem and the fix; ``tests/test_errors.py`` asserts
their texts.
"""

from __future__ import annotations


class LcaError(Exception):
    """Base class of every error this package raises on purpose."""


class ReportNotFoundError(LcaError, FileNotFoundError):
    """The report file does not exist or is not a file."""


class ReportAccessError(LcaError, PermissionError):
    """The report file exists but cannot be read."""


class ReportEncodingError(LcaError, ValueError):
    """The report file is not text in the expected encoding."""


class ChecksumError(LcaError, ValueError):
    """The report file is not the file the project was built on."""


class EmptyReportError(LcaError, ValueError):
    """The report file holds no text."""


class UnstructuredReportError(LcaError, ValueError):
    """The text has no outline the parser recognises."""


class CorpusError(LcaError, ValueError):
    """Reports that cannot form a corpus (duplicate doc_ids, mismatched names)."""


class CorpusWarning(UserWarning):
    """Reports of a corpus that were left out (named in the message)."""


class ReportStructureWarning(UserWarning):
    """Part of a report's layout that the rules do not recognise (named in the message)."""


class MissingGlossWarning(UserWarning):
    """A figure label with no English gloss, kept in Chinese (runs on other reports)."""


class ErrataError(LcaError, ValueError):
    """An errata row does not match the text it is meant to repair."""


class TableError(LcaError, ValueError):
    """A table handed to a function lacks columns or keys it needs."""


class LexiconError(LcaError, ValueError):
    """A lexicon layer, variant or term list that cannot be used (the message says why)."""


class UnknownIndicatorError(LcaError, KeyError):
    """An indicator key or name that the package does not know."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class UnknownTermError(LcaError, KeyError):
    """A term that is not a token of the table handed in."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownLabelError(LcaError, KeyError):
    """A figure label with no entry in the glossary."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def require_columns(table, columns, *, what: str) -> None:
    """Raise :class:`TableError` unless ``table`` has every column in ``columns``."""
    missing = [c for c in columns if c not in getattr(table, "columns", ())]
    if missing:
        raise TableError(
            f"{what} is missing column(s) {', '.join(missing)}; "
            f"expected at least: {', '.join(columns)}"
        )
