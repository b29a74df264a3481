"""The segmentation lexicon: layers of terms that jieba must keep whole.

Layers (files under ``data/lexicon/``, written by :mod:`lcanalysis.lexicon.build`)::

    genre.csv                    the genre lexicon: terms of government work reports found by
                                 statistics over the corpus and kept by the documented rules,
                                 genre-level entries of the hand list, administrative-division names
    local/<doc_id>.csv           a report's own layer (Liaocheng 2024: its places, programmes,
                                 projects and institutions)
    heldout-excluded/…           the same files built without the held-out documents
                                 (:data:`HELD_OUT`), for out-of-sample evaluation

:func:`load` returns a :class:`Lexicon` (hashable, so a tokenizer is built once per lexicon);
:func:`default_for` is what :func:`lcanalysis.tokenize` uses by default: the genre layer plus the
report's local layer when there is one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal

import pandas as pd

from .. import paths
from ..errors import LexiconError, require_columns

#: the documents held out of the lexicon for out-of-sample evaluation (never used to design rules)
HELD_OUT = ("北京市-2026", "广西壮族自治区-2026", "湖南省-2026", "陕西省-2026", "黑龙江省-2026")
#: two development documents held out as well from the ``heldout-excluded`` build (round 2): a
#: second, independent term list of them was made after the rules of round 1 had been revised
#: with the first list in view (see data/validation/terms-heldout-2/)
HELD_OUT_2 = ("安徽省-2026", "重庆市-2026")
#: three more held out from the ``heldout-excluded`` build (round 3): a third independent term list
#: of them is written after the rules of round 2 were revised, and read only after those rules were
#: frozen and committed
HELD_OUT_3 = ("山西省-2026", "江苏省-2026", "福建省-2026")
#: every document the ``heldout-excluded`` variant leaves out
EXCLUDED = HELD_OUT + HELD_OUT_2 + HELD_OUT_3
Variant = Literal["default", "heldout-excluded"]
VARIANTS = ("default", "heldout-excluded")
LAYER_COLUMNS = ["term", "freq", "pos", "layer", "source", "rule", "n", "df", "docs", "example_doc",
                 "example", "pmi", "h_left", "h_right"]


def folder(variant: Variant = "default") -> Path:
    """``data/lexicon`` (default build) or ``data/lexicon/heldout-excluded``."""
    if variant not in VARIANTS:
        raise LexiconError(f"unknown lexicon variant {variant!r}; use one of {', '.join(VARIANTS)}")
    return paths.LEXICON if variant == "default" else paths.LEXICON / "heldout-excluded"


def layer_file(layer: str, variant: Variant = "default") -> Path:
    """The file of a layer: ``genre`` → genre.csv, a doc_id → local/<doc_id>.csv."""
    base = folder(variant)
    return base / "genre.csv" if layer == "genre" else base / "local" / f"{layer}.csv"


def local_layers(variant: Variant = "default") -> list[str]:
    """The doc_ids that have a local layer."""
    return sorted(p.stem for p in (folder(variant) / "local").glob("*.csv"))


@dataclass(frozen=True)
class Lexicon:
    """Terms for jieba: ``entries`` is a tuple of (term, freq, pos); ``name`` says what it is.
    Equal lexicons (same entries) compare and hash equal, whatever their name."""

    name: str
    entries: tuple[tuple[str, int, str], ...] = field(repr=False)
    digest: str = field(default="", compare=False, repr=False)

    def __post_init__(self):
        h = hashlib.sha256("\n".join(f"{t}\t{f}\t{p}" for t, f, p in self.entries).encode())
        object.__setattr__(self, "digest", h.hexdigest()[:16])

    def __eq__(self, other):
        return isinstance(other, Lexicon) and self.entries == other.entries

    def __hash__(self):
        return hash(self.digest)

    def __len__(self):
        return len(self.entries)

    @property
    def terms(self) -> list[str]:
        return [t for t, _, _ in self.entries]

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.entries, columns=["term", "freq", "pos"])

    def __add__(self, other: "Lexicon") -> "Lexicon":
        """Both lexicons; where a term is in both, the right-hand entry wins."""
        merged = {t: (t, f, p) for t, f, p in self.entries}
        merged.update({t: (t, f, p) for t, f, p in other.entries})
        return Lexicon(f"{self.name} + {other.name}", tuple(merged.values()))


def from_table(table: pd.DataFrame, *, name: str = "user terms", freq: int | None = None) -> Lexicon:
    """A lexicon from a table with a ``term`` column (``freq`` and ``pos`` optional; a missing
    ``freq`` is jieba's frequency that keeps the term whole alone, times 100, at least 1000 — the
    rule of the build, see data/lexicon/README.md)."""
    require_columns(table, ["term"], what="lexicon table")
    terms = [str(t).strip() for t in table["term"]]
    bad = [t for t in terms if len(t) < 2 or any(c.isspace() for c in t)]
    if bad:
        raise LexiconError(f"lexicon terms must have two or more characters and no spaces; "
                           f"found {len(bad)} that do not (first: {bad[0]!r})")
    if "freq" in table.columns and freq is None:
        freqs = [int(f) for f in table["freq"]]
    else:
        from .build import jieba_freq
        freqs = [freq or jieba_freq(t) for t in terms]
    pos = [str(p) for p in table["pos"]] if "pos" in table.columns else ["nz"] * len(terms)
    return Lexicon(name, tuple(dict.fromkeys(zip(terms, freqs, pos))))


def read_layer(layer: str, variant: Variant = "default") -> pd.DataFrame:
    """The table of one layer (columns :data:`LAYER_COLUMNS`)."""
    path = layer_file(layer, variant)
    if not path.is_file():
        known = ", ".join(["genre", *local_layers(variant)])
        raise LexiconError(f"no lexicon layer {layer!r} ({paths.display(path)} not found); "
                           f"known layers: {known}; rebuild with python -m lcanalysis.lexicon.build")
    return _read(path)


@lru_cache(maxsize=16)
def _read(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype={"term": "string", "pos": "string", "layer": "string",
                                     "source": "string", "rule": "string", "docs": "string",
                                     "example_doc": "string", "example": "string"},
                        keep_default_na=False)
    require_columns(table, ["term", "freq", "pos"], what=paths.display(path))
    for col in ("pmi", "h_left", "h_right"):
        if col in table.columns:  # empty for entries that are not statistical
            table[col] = pd.to_numeric(table[col].replace("", None), errors="raise").astype(float)
    return table


@lru_cache(maxsize=2)
def generic_words(variant: Variant = "default") -> pd.DataFrame:
    """The generic words the build measured (``generic_words.csv``: word, side, partners, tag,
    examples): verbs and verbal nouns that attach to many different terms (建设, 发展, 推进)."""
    path = folder(variant) / "generic_words.csv"
    if not path.is_file():
        raise LexiconError(f"{paths.display(path)} not found; rebuild with "
                           "python -m lcanalysis.lexicon.build")
    return pd.read_csv(path, dtype={"word": "string", "side": "string", "tag": "string",
                                    "examples": "string"}, keep_default_na=False)


@lru_cache(maxsize=16)
def load(layers: str | tuple[str, ...] = ("genre",), variant: Variant = "default") -> Lexicon:
    """The lexicon of the named layers (``"genre"`` and/or doc_ids with a local layer)."""
    if isinstance(layers, str):
        layers = (layers,)
    lex = None
    for layer in layers:
        t = read_layer(layer, variant)
        part = Lexicon(layer if variant == "default" else f"{layer} ({variant})",
                       tuple(zip(t["term"].tolist(), t["freq"].astype(int).tolist(),
                                 t["pos"].tolist())))
        lex = part if lex is None else lex + part
    if lex is None:
        raise LexiconError("no layers named; pass e.g. layers=('genre',)")
    return lex


def default_for(doc_id: str, variant: Variant = "default") -> Lexicon:
    """The genre layer, plus the local layer of ``doc_id`` when there is one."""
    if doc_id in local_layers(variant):
        return load(("genre", doc_id), variant)
    return load(("genre",), variant)


def as_lexicon(value, doc_id: str) -> Lexicon | None:
    """What ``tokenize(lexicon=…)`` accepts: True (default lexicon of the report), False/None
    (plain jieba), a :class:`Lexicon`, a layer name or tuple of layer names, a table with a
    ``term`` column, or a list of terms."""
    if value is True:
        return default_for(doc_id)
    if value is False or value is None:
        return None
    if isinstance(value, Lexicon):
        return value
    if isinstance(value, str):
        return load((value,))
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return load(value)
    if isinstance(value, pd.DataFrame):
        return from_table(value)
    if isinstance(value, Iterable):
        return from_table(pd.DataFrame({"term": list(value)}))
    raise LexiconError(f"lexicon must be True, False, a Lexicon, layer name(s), a table with a "
                       f"'term' column or a list of terms, not {type(value).__name__}")


@dataclass(frozen=True)
class WithAuto:
    """A lexicon plus the report's automatic layer (:mod:`lcanalysis.lexicon.auto`), found in the
    report's own text when it is tokenised; ``base`` None is plain jieba plus the automatic layer.
    ``variant`` names the build whose generic words the automatic layer uses."""

    base: Lexicon | None
    variant: Variant = "default"


def with_auto(base: Lexicon | None = None, variant: Variant = "default") -> WithAuto:
    """``base`` plus the automatic layer: what ``tokenize(lexicon=…)`` takes for it
    (``lca.lexicon.with_auto(lca.lexicon.load(("genre",), "heldout-excluded"), "heldout-excluded")``)."""
    folder(variant)
    return WithAuto(base, variant)


def as_layers(value, doc_id: str) -> tuple[Lexicon | None, Variant | None]:
    """What ``tokenize(lexicon=…)`` does: (the lexicon, the variant of the automatic layer or None
    for none).  ``True`` (the default) is the genre layer + the report's local layer + the
    automatic layer; a tuple of layer names may include ``"auto"`` (``("genre", "auto")``);
    ``"auto"`` alone is plain jieba + the automatic layer; a :class:`WithAuto` as given; anything
    else as :func:`as_lexicon` (no automatic layer: ``"genre"``, a :class:`Lexicon`, …)."""
    if value is True:
        return default_for(doc_id), "default"
    if isinstance(value, WithAuto):
        return value.base, value.variant
    if value == "auto":
        return None, "default"
    if isinstance(value, tuple) and "auto" in value:
        rest = tuple(v for v in value if v != "auto")
        return (load(rest) if rest else None), "default"
    return as_lexicon(value, doc_id), None


__all__ = ["EXCLUDED", "HELD_OUT", "HELD_OUT_2", "HELD_OUT_3", "LAYER_COLUMNS", "Lexicon", "VARIANTS", "as_lexicon", "default_for", "summary",
           "folder", "from_table", "layer_file", "load", "local_layers", "read_layer", "WithAuto", "with_auto", "as_layers",
           "generic_words"]


def summary(variant: Variant = "default") -> pd.DataFrame:
    """Entries of each shipped layer by where they come from: layer, source, entries."""
    rows = []
    for layer in ("genre", *local_layers(variant)):
        t = read_layer(layer, variant)
        kind = t["source"].str.replace(r"^(china-admin-divisions).*$", r"\1", regex=True)
        kind = kind.str.replace(r"^hand list.*$", "hand list (Liaocheng report)", regex=True)
        for source, n in kind.value_counts(sort=False).items():
            rows.append(dict(layer=layer, source=source, entries=int(n)))
    out = pd.DataFrame(rows)
    return out.sort_values(["layer", "entries"], ascending=[True, False], kind="stable").reset_index(drop=True)


def __getattr__(name: str):
    """``lcanalysis.lexicon.build`` and ``.evaluate`` load on first use."""
    if name in ("auto", "build", "evaluate", "stats"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'lcanalysis.lexicon' has no attribute {name!r}")
