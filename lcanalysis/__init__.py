"""lcanalysis: the Liaocheng 2024 government work report as reproducible evidence.

Public contract (re-exported here, imported lazily so that ``import lcanalysis``
stays fast)::

    report = lcanalysis.load_report()            # corpus layer
    ind = lcanalysis.extract_indicators(report)  # every number, with provenance
    tokens = lcanalysis.tokenize(report)         # domain-aware segmentation
    topics = lcanalysis.code_topics(report)      # CAP policy topics

Stages, each a module, imports pointing one way:
``paths → io → clean → structure → corpus → indicators → lexicon → tokens →
keywords / priorities / realism → plotting, findings``; ``cli`` runs the notebooks.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "load_report": "corpus",
    "load_corpus": "corpus",
    "Corpus": "corpus",
    "Report": "corpus",
    "load_comparison": "corpus",
    "review_plan": "roles",
    "extract_indicators": "indicators",
    "target_ledger": "indicators",
    "tokenize": "tokens",
    "code_topics": "priorities",
    "explain_topic": "priorities",
    "save_figure": "plotting",
    "publish": "plotting",
}
_SUBMODULES = {
    "paths", "errors", "io", "clean", "structure", "corpus", "roles", "glossary", "indicators",
    "lexicon", "tokens", "keywords", "priorities", "realism", "plotting", "tables", "findings",
    "series", "cli", "dataset", "compare",
}

__all__ = sorted(_EXPORTS) + sorted(_SUBMODULES)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        return getattr(module, name)
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'lcanalysis' has no attribute {name!r}")


def __dir__():
    return __all__
