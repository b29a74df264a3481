"""Statistics of candidate terms: sequences of tokens that a segmenter splits.

Input: documents as lists of clauses, each clause a list of tokens (runs of Han characters cut by
jieba).  A *candidate* is a contiguous sequence of 2 … ``max_tokens`` tokens inside a clause.  For
each candidate (aggregated over the token sequences that spell the same string):

- ``n``: occurrences as that token sequence; ``df``: number of documents with one or more;
- ``pmi`` (cohesion): the smallest, over the places where the sequence can be cut in two, of
  ``log2(n(xy) · N / (n(x) · n(y)))`` — pointwise mutual information of the two halves, with
  ``N`` the number of tokens;
- ``h_left``, ``h_right`` (boundary entropy, bits): the entropy of the character just before and
  just after the occurrences; a clause edge counts as a new, distinct neighbour each time.  A
  fragment of a longer term has one dominant neighbour and a low entropy;
- ``left_words``: the :data:`LEFT_WORDS` tokens that most often stand just before it, with their
  counts (most frequent first, ties in code-point order): what the build reads to tell a
  fragment (统一大市场 after 全国) from the object of a fixed verb (人类命运共同体 after 构建).

Counting is level-wise (Apriori): a sequence of k tokens is counted only if both its
(k-1)-token prefix and suffix reached ``min_n``, which is exact for the ``n ≥ min_n`` filter.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pandas as pd

STAT_COLUMNS = ["term", "segmentation", "n", "df", "pmi", "h_left", "h_right", "first_doc", "docs",
                "left_words"]
#: how many of a candidate's most frequent preceding tokens ``left_words`` keeps
LEFT_WORDS = 5


def _entropy(counter: Counter, edges: int) -> float:
    total = sum(counter.values()) + edges
    if total == 0:
        return 0.0
    h = -sum(c / total * math.log2(c / total) for c in counter.values())
    h += edges * (-(1 / total) * math.log2(1 / total)) if edges else 0.0
    return h + 0.0


def candidate_stats(docs: list[list[list[str]]], *, min_n: int = 2, max_tokens: int = 6,
                    min_len: int = 3, max_len: int = 16) -> pd.DataFrame:
    """One row per candidate string with ``n ≥ min_n``: :data:`STAT_COLUMNS`.

    ``docs[d][c]`` is the list of tokens of clause ``c`` of document ``d``.  Deterministic: rows
    are sorted by ``n`` descending, then by the term in code-point order.
    """
    unigram = Counter(t for doc in docs for clause in doc for t in clause)
    n_tokens = sum(unigram.values())
    counts: dict[tuple, int] = {(t,): c for t, c in unigram.items()}
    frequent = {k for k, c in counts.items() if c >= min_n}
    for k in range(2, max_tokens + 1):
        level: Counter = Counter()
        for doc in docs:
            for clause in doc:
                for i in range(len(clause) - k + 1):
                    g = tuple(clause[i:i + k])
                    if g[:-1] in frequent and g[1:] in frequent:
                        level[g] += 1
        kept = {g: c for g, c in level.items() if c >= min_n}
        if not kept:
            break
        counts.update(kept)
        frequent |= set(kept)
    cands = {g for g in frequent if len(g) >= 2 and min_len <= len("".join(g)) <= max_len}
    # second pass: documents, neighbours
    left: dict[tuple, Counter] = defaultdict(Counter)
    left_tok: dict[tuple, Counter] = defaultdict(Counter)
    right: dict[tuple, Counter] = defaultdict(Counter)
    edges_l: Counter = Counter()
    edges_r: Counter = Counter()
    docs_of: dict[tuple, set] = defaultdict(set)
    for d, doc in enumerate(docs):
        for clause in doc:
            for k in range(2, max_tokens + 1):
                for i in range(len(clause) - k + 1):
                    g = tuple(clause[i:i + k])
                    if g not in cands:
                        continue
                    docs_of[g].add(d)
                    if i > 0:
                        left[g][clause[i - 1][-1]] += 1
                        left_tok[g][clause[i - 1]] += 1
                    else:
                        edges_l[g] += 1
                    if i + k < len(clause):
                        right[g][clause[i + k][0]] += 1
                    else:
                        edges_r[g] += 1
    by_string: dict[str, list[tuple]] = defaultdict(list)
    for g in cands:
        by_string["".join(g)].append(g)
    rows = []
    for term, grams in by_string.items():
        grams.sort(key=lambda g: (-counts[g], g))
        n = sum(counts[g] for g in grams)
        lc, rc, lt = Counter(), Counter(), Counter()
        el = er = 0
        ds: set = set()
        for g in grams:
            lc.update(left[g])
            lt.update(left_tok[g])
            rc.update(right[g])
            el += edges_l[g]
            er += edges_r[g]
            ds |= docs_of[g]
        main = grams[0]
        pmi = min(math.log2(counts[main] * n_tokens / (counts[main[:i]] * counts[main[i:]]))
                  for i in range(1, len(main)))
        rows.append(dict(term=term, segmentation="/".join(main), n=n, df=len(ds), pmi=pmi,
                         h_left=_entropy(lc, el), h_right=_entropy(rc, er), first_doc=min(ds),
                         docs=tuple(sorted(ds)),
                         left_words=tuple(sorted(lt.items(), key=lambda x: (-x[1], x[0]))[:LEFT_WORDS])))
    out = pd.DataFrame(rows, columns=STAT_COLUMNS)
    return out.sort_values(["n", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
