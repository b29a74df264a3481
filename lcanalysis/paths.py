"""Where the project's files live: the one place that resolves paths.

In a checkout the data sit beside the package (``<root>/data``).  In an
installed copy (``pip install .``) they are shipped inside the package as
``lcanalysis/_data``.  Every other module asks this one.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


_CHECKOUT = PACKAGE_DIR.parent
#: True when the package runs from a clone of the repository.
IN_CHECKOUT = (_CHECKOUT / "data" / "raw").is_dir() and (_CHECKOUT / "pyproject.toml").is_file()
#: The project root: the clone, or (installed copy) the current directory, where outputs go.
ROOT = _CHECKOUT if IN_CHECKOUT else Path.cwd()
DATA = _CHECKOUT / "data" if IN_CHECKOUT else PACKAGE_DIR / "_data"
RAW = DATA / "raw"
CORPUS = DATA / "corpus"
PROCESSED = ROOT / "data" / "processed"
EXTERNAL = DATA / "external"
LEXICON = DATA / "lexicon"
TAXONOMY = DATA / "taxonomy"
VALIDATION = DATA / "validation"
ERRATA = DATA / "errata.csv"
GLOSSARY = DATA / "glossary"
FIGURES = ROOT / "figures"
TABLES = ROOT / "tables"
#: the notebook series: the clone's notebooks/, or (installed copy) the copy shipped in the package
NOTEBOOKS = _CHECKOUT / "notebooks" if IN_CHECKOUT else PACKAGE_DIR / "_notebooks"

REPORT_FILE = RAW / "liaocheng_2024_government_work_report.txt"
REPORT_DOC_ID = "liaocheng-2024"
REPORT_SHA256 = "7b04563480dc08e0dc6d8ec6e97c4ecbc298b8248d294fa1bf3f14bdd4814ae0"


def display(path: str | Path) -> str:
    """A path as shown to users: ``data/…`` for data files (in a checkout or an
    installed copy), else relative to the project root; never absolute."""
    p = Path(path).resolve()
    try:
        return "data/" + p.relative_to(DATA.resolve()).as_posix()
    except ValueError:
        pass
    try:
        return p.relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        return p.name


def corpus_file(doc_id: str) -> Path:
    """The comparison text ``data/corpus/<doc_id>.txt``."""
    return CORPUS / f"{doc_id}.txt"


def document_file(doc_id: str) -> Path:
    """The text of a corpus document: ``data/corpus/provinces-2026/<doc_id>.txt`` for a
    provincial 2026 report, else :func:`corpus_file`."""
    p = CORPUS / "provinces-2026" / f"{doc_id}.txt"
    return p if p.exists() else corpus_file(doc_id)


def use_outputs(out: str | Path | None = None) -> Path:
    """Send the figures, tables and processed data of this session to ``out``
    (``out/figures``, ``out/tables``, ``out/data/processed``); ``None`` restores
    the project's own folders.  The notebooks call this with their ``OUT``
    parameter, so that a run on another report never overwrites the tracked
    Liaocheng outputs.  Returns the output root."""
    global FIGURES, TABLES, PROCESSED
    root = ROOT if out is None else Path(out).resolve()
    FIGURES, TABLES, PROCESSED = root / "figures", root / "tables", root / "data" / "processed"
    return root
