"""Keywords: frequency, TF-IDF, keyness, collocations and keyword-in-context.

Every measure takes a token table (:func:`lcanalysis.tokenize`, usually
filtered by :func:`lcanalysis.tokens.content_tokens`) and returns a long
table.  Grouping by part or section needs the sentence structure:
:func:`with_structure` adds ``part``, ``section`` and ``section_title`` from
``report.sentences``.

The measures, as computed here:

- **Frequency** (:func:`frequencies`): ``n`` tokens of a term in a group and
  ``share = n / (all tokens of the group)``.
- **TF-IDF** (:func:`tfidf`), with the groups as documents: ``tf = n / (tokens
  of the document)`` (relative frequency); ``idf="plain"`` (default) is
  ``ln(N / df)`` (tidytext's ``bind_tf_idf``), ``idf="smooth"`` is
  ``ln((1 + N) / (1 + df)) + 1`` (scikit-learn's smooth idf), where ``N`` is
  the number of documents and ``df`` the number of documents that contain the
  term.  Plain idf is the default because it answers "what sets this document
  apart": a term used in every document scores 0, whereas smooth idf keeps it
  at weight 1, so that the most frequent words of all documents rise to the top.
- **Keyness** (:func:`keyness`) of a target corpus against a reference:
  log-likelihood G² (Dunning 1993) of the 2×2 table term / other tokens ×
  target / reference, ``G² = 2 Σ O ln(O / E)`` over its four cells (0 ln 0 =
  0); ``formula="rayson"`` gives the two-cell form of Rayson & Garside (2000)
  used by the UCREL log-likelihood calculator (only the term's own two cells).
  ``p = chi2.sf(G², 1)``.  Effect size: log ratio (Hardie 2014),
  ``log2((a / c) / (b / d))`` for a term with ``a`` of ``c`` target tokens and
  ``b`` of ``d`` reference tokens; a zero count is replaced by 0.5 (and only a
  zero count), so the log ratio of a term absent from one corpus is finite.
- **Collocations** (:func:`collocations`): pairs of content tokens that are
  adjacent in the text (consecutive ``position`` in the same sentence, so a
  stopword or punctuation between two words breaks the pair), with count,
  pointwise mutual information ``PMI = log2(n12 · N / (n1 · n2))`` and G² of
  the pair's 2×2 table (``N`` pairs in all, ``n1`` pairs with the first word in
  first place, ``n2`` with the second word in second place).
- **Robustness** (:func:`rank_correlation`, :func:`robustness`): Spearman's ρ
  between two frequency tables over the union of their top-N terms; a term
  absent from one table counts 0 there, so it ties for the lowest rank
  (average ranks for ties).
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from .corpus import Corpus, Report
from .errors import TableError, UnknownTermError, require_columns
from .structure import zh_numeral
from .tokens import TOKEN_COLUMNS, check_tokens, content_tokens, domain_terms, tokenize

By = Literal["all", "doc_id", "part", "section"]
#: the group of tokens outside any part (title block, address); data/glossary/labels.csv names it
OPENING = "开篇"
_ZH_NUM = "〇一二三四五六七八九十"
_SECTION_RE = re.compile(r"^(?P<part>.+?)（(?P<num>[一二三四五六七八九十]+)）$")


# -- structure ------------------------------------------------------------------------------------
def with_structure(tokens: pd.DataFrame, report: Report) -> pd.DataFrame:
    """``tokens`` with ``part``, ``section`` and ``section_title`` of each token's
    sentence (from ``report.sentences``); for a :class:`~lcanalysis.corpus.Corpus`,
    of each token's report."""
    check_tokens(tokens)
    if isinstance(report, Corpus):
        missing = sorted(set(tokens["doc_id"].unique().tolist()) - set(report.doc_ids))
        if missing:
            raise TableError(f"tokens are from {', '.join(map(str, missing))}, not in the corpus; "
                             "tokenize the corpus with lca.tokenize(corpus)")
        parts = [with_structure(tokens[tokens["doc_id"] == r.doc_id], r) for r in report
                 if (tokens["doc_id"] == r.doc_id).any()]
        return pd.concat(parts, ignore_index=True)
    docs = set(tokens["doc_id"].unique().tolist())
    if docs - {report.doc_id}:
        raise TableError(f"tokens are from {', '.join(sorted(map(str, docs)))}, not from "
                         f"{report.doc_id!r}; tokenize this report with lca.tokenize(report)")
    s = report.sentences.set_index("sentence_id")
    unknown = sorted(set(tokens["sentence_id"].tolist()) - set(s.index.tolist()))
    if unknown:
        raise TableError(f"tokens name {len(unknown)} sentence id(s) that report.sentences lacks "
                         f"(first: {unknown[0]}); tokenize this report with lca.tokenize(report)")
    out = tokens.copy()
    for col in ("part", "section", "section_title"):
        out[col] = tokens["sentence_id"].map(s[col])
    out["region"] = tokens["sentence_id"].map(regions(report)).astype("string")
    return out


#: an annex item that names a document (附件2 of the Liaocheng report: 聊城市碳达峰工作方案（市发展改革委）)
DOCUMENT_TITLE = re.compile(r"(方案|意见|规划|计划|办法|措施|细则|规定|条例|通知|决定|纲要|指南|清单|"
                            r"政策|若干措施|实施意见)(（[^）]*）|\([^)]*\))?[。；]?$")
#: what ``scope="body"`` keeps
BODY = "body"


def regions(report: Report) -> pd.Series:
    """The region of each sentence (indexed by sentence_id): ``title`` (the title block:
    title, meeting, speaker, date), ``annex_heading`` (附件 headings and their titles),
    ``annex_titles`` (annex items that are titles of documents, :data:`DOCUMENT_TITLE`), or
    ``body`` (everything else, section headings included)."""
    s = report.sentences
    role = s["role"].astype("string").fillna("text")
    text = s["text"].astype(str).str.strip()
    region = pd.Series("body", index=s.index, dtype=object)
    region[role.eq("title").to_numpy()] = "title"
    region[role.isin(["annex_heading", "annex_title"]).to_numpy()] = "annex_heading"
    is_item = role.eq("item").to_numpy()
    titles = text.map(lambda t: DOCUMENT_TITLE.search(t) is not None).to_numpy()
    region[is_item & titles] = "annex_titles"
    return pd.Series(region.to_numpy(), index=s["sentence_id"].to_numpy(), name="region")


Scope = Literal["body", "all"]


def in_scope(tokens: pd.DataFrame, scope: Scope = "body", *, what: str = "tokens") -> pd.DataFrame:
    """The tokens of the body text (``scope="body"``: title block, annex headings and
    annex lists of document titles left out) or all tokens (``scope="all"``).  The body
    needs the ``region`` column of :func:`with_structure`."""
    if scope == "all":
        return tokens
    if scope != "body":
        raise ValueError(f"unknown scope={scope!r}; use 'body' or 'all'")
    if "region" not in tokens.columns:
        raise TableError(f"{what} have no 'region' column, so the body text cannot be told from "
                         "the title block and the annex lists; add it with "
                         "lca.keywords.with_structure(tokens, report), or pass scope='all'")
    return tokens[tokens["region"] == BODY]


def _section_group(part, section) -> str:
    if pd.isna(part):
        return OPENING
    if pd.isna(section):
        return str(part)
    n = int(section)
    num = _ZH_NUM[n] if n <= 10 else "十" + _ZH_NUM[n - 10]
    return f"{part}（{num}）"


def parse_group(group: str) -> tuple[str, int | None]:
    """``"二（三）"`` → ``("二", 3)``; a part alone → ``(part, None)``."""
    m = _SECTION_RE.match(group)
    if m:
        return m["part"], zh_numeral(m["num"])
    return group, None


def _groups(tokens: pd.DataFrame, by: By) -> pd.Series:
    if by == "all":
        return pd.Series("all", index=tokens.index, dtype="string")
    if by == "doc_id":
        return tokens["doc_id"].astype("string")
    if by not in ("part", "section"):
        raise ValueError(f"unknown grouping by={by!r}; use one of all, doc_id, part, section")
    require_columns(tokens, ["part", "section"],
                    what="tokens (add them with lca.keywords.with_structure(tokens, report))")
    if by == "part":
        return tokens["part"].astype("string").fillna(OPENING)
    return pd.Series([_section_group(p, s) for p, s in zip(tokens["part"], tokens["section"])],
                     index=tokens.index, dtype="string")


def _ordered(df: pd.DataFrame, order: list, value: str) -> pd.DataFrame:
    """Groups in order of first appearance; within a group ``value`` descending,
    then the term in code-point order (so ties always come out the same way)."""
    key = {g: i for i, g in enumerate(order)}
    df = df.assign(_g=df["group"].map(key)).sort_values(
        ["_g", value, "term"], ascending=[True, False, True], kind="stable")
    return df.drop(columns="_g").reset_index(drop=True)


# -- frequency ------------------------------------------------------------------------------------
def frequencies(tokens: pd.DataFrame, *, by: By = "all", scope: Scope = "body") -> pd.DataFrame:
    """term, group, n, share: the tokens of each term in each group, and their
    share of the group's tokens.  Most frequent first within a group.
    ``scope="body"`` counts the body text only (see :func:`in_scope`)."""
    check_tokens(tokens)
    tokens = in_scope(tokens, scope)
    groups = _groups(tokens, by)
    df = pd.DataFrame({"group": groups, "term": tokens["token"].astype("string")})
    counts = df.groupby(["group", "term"], sort=False).size().rename("n").reset_index()
    totals = counts.groupby("group", sort=False)["n"].transform("sum")
    counts["share"] = counts["n"] / totals
    counts["n"] = counts["n"].astype("int64")
    out = _ordered(counts[["term", "group", "n", "share"]], list(dict.fromkeys(groups)), "n")
    return out


def top_terms(table: pd.DataFrame, n: int = 30, *, value: str = "n",
              wide: bool = False) -> pd.DataFrame:
    """The first ``n`` rows of each group of a long table sorted within groups
    (as :func:`frequencies` and :func:`tfidf` return them), with ``rank`` 1 … n.
    ``wide=True``: one column per group, cells "term value" (``value`` rounded to
    3 decimals unless it is a count)."""
    require_columns(table, ["term", "group", value], what="table")
    top = table.copy()
    top["rank"] = top.groupby("group", sort=False).cumcount() + 1
    top = top[top["rank"] <= n].reset_index(drop=True)
    if not wide:
        return top[["rank", *[c for c in top.columns if c != "rank"]]]
    if pd.api.types.is_integer_dtype(top[value]):
        shown = top[value].astype(str)
    else:
        shown = top[value].map(lambda v: f"{v:.3f}")
    cells = top.assign(cell=top["term"] + " " + shown)
    order = list(dict.fromkeys(top["group"]))
    wide_table = cells.pivot(index="rank", columns="group", values="cell")[order]
    return wide_table.rename_axis(columns=None)


def compare_rankings(tokens: pd.DataFrame, n: int = 30, *, scope: Scope = "body") -> pd.DataFrame:
    """The top ``n`` content words with the boilerplate list applied beside the top
    ``n`` without it (stopwords-iso only): rank, term, n, term_all, n_all,
    boilerplate (whether ``term_all`` is on the boilerplate list)."""
    from .tokens import boilerplate_words

    check_tokens(tokens)
    tokens = in_scope(tokens, scope)
    a = frequencies(content_tokens(tokens, boilerplate=True), scope="all").head(n).reset_index(drop=True)
    b = frequencies(content_tokens(tokens, boilerplate=False), scope="all").head(n).reset_index(drop=True)
    bp = boilerplate_words()
    return pd.DataFrame({
        "rank": range(1, len(a) + 1), "term": a["term"], "n": a["n"],
        "term_all": b["term"], "n_all": b["n"],
        "boilerplate": [t in bp for t in b["term"].tolist()],
    })


def top_keywords(tokens: pd.DataFrame, n: int = 30, *,
                 default_tokens: pd.DataFrame | None = None, scope: Scope = "body") -> pd.DataFrame:
    """The report's top ``n`` content words (stopwords-iso and boilerplate removed):
    rank, term, en (gloss), category (hand-list category, empty otherwise), n,
    share, per_10k, n_sections and dp (dispersion over the sections, see
    :func:`dispersion`; when ``tokens`` carry the structure), and — given the
    default-jieba tokens of the same report — n_default: the term's tokens under
    default segmentation, in the same scope (0 if it never survives whole)."""
    from .glossary import term

    tokens = in_scope(tokens, scope)
    content = content_tokens(tokens)
    freq = frequencies(content, scope="all").head(n).reset_index(drop=True)
    cats = dict(zip(domain_terms()["term"], domain_terms()["category"]))
    out = pd.DataFrame({
        "rank": range(1, len(freq) + 1), "term": freq["term"],
        "en": [term(t, "en") for t in freq["term"]],
        "category": [cats.get(t, "") for t in freq["term"]],
        "n": freq["n"], "share": freq["share"], "per_10k": freq["share"] * 10_000,
    })
    if {"part", "section"} <= set(tokens.columns):
        disp = dispersion(content, scope="all").set_index("term")
        out["n_sections"] = out["term"].map(disp["n_sections"]).astype("int64")
        # (float64 whatever the strings' storage: mapping pyarrow-backed strings gives
        # pyarrow-backed numbers, which display and fill differently)
        out["dp"] = out["term"].map(disp["dp"]).astype("float64")
    if default_tokens is not None:
        check_tokens(default_tokens, what="default_tokens")
        default_tokens = in_scope(default_tokens, scope, what="default_tokens")
        counts = default_tokens["token"].value_counts()
        out["n_default"] = [int(counts.get(t, 0)) for t in out["term"]]
    return out


# -- TF-IDF ---------------------------------------------------------------------------------------
def tfidf(tokens: pd.DataFrame, *, by: By = "section",
          idf: Literal["plain", "smooth"] = "plain", scope: Scope = "body") -> pd.DataFrame:
    """term, group, n, tf, df, idf, tfidf with the groups as documents (see the
    module docstring for the variants).  Highest tf-idf first within a group."""
    if idf not in ("plain", "smooth"):
        raise ValueError(f"unknown idf={idf!r}; use 'plain' or 'smooth'")
    freq = frequencies(tokens, by=by, scope=scope)
    n_docs = freq["group"].nunique()
    df_ = freq.groupby("term")["group"].nunique()
    out = freq.rename(columns={"share": "tf"})
    out["df"] = out["term"].map(df_).astype("int64")
    if idf == "smooth":
        out["idf"] = np.log((1 + n_docs) / (1 + out["df"])) + 1
    else:
        out["idf"] = np.log(n_docs / out["df"])
    out["tfidf"] = out["tf"] * out["idf"]
    return _ordered(out, list(dict.fromkeys(freq["group"])), "tfidf")


def top_by_group(table: pd.DataFrame, value: str, n: int = 3, *, ties: bool = False) -> pd.DataFrame:
    """The ``n`` rows with the highest ``value`` in each group (table order breaks ties), or with
    ``ties=True`` every row whose value equals one of those (``DataFrame.nlargest(keep="all")``:
    a group can then give more than ``n`` rows, and no tied term is left out arbitrarily)."""
    require_columns(table, ["term", "group", value], what="table")
    ranked = table.sort_values(value, ascending=False, kind="stable")
    if ties:
        top = pd.concat([g.nlargest(n, value, keep="all")
                         for _, g in ranked.groupby("group", sort=False)]) if len(ranked) else ranked
    else:
        top = ranked.groupby("group", sort=False).head(n)
    order = {g: i for i, g in enumerate(dict.fromkeys(table["group"]))}
    top = top.assign(_g=top["group"].map(order))
    top = top.sort_values(["_g", value], ascending=[True, False], kind="stable")
    return top.drop(columns="_g").reset_index(drop=True)


def leaders(table: pd.DataFrame, value: str, *, n: int = 1) -> pd.DataFrame:
    """The terms at the top ``n`` distinct values of ``value`` in each group, ties kept
    together: group, rank (1 = highest value), value, terms (all terms with that value, in
    code-point order, joined by "、"), n_tied.  A group's "most distinctive word" is a
    single word only where ``n_tied == 1``."""
    require_columns(table, ["term", "group", value], what="table")
    rows = []
    for group, g in table.groupby("group", sort=False):
        values = sorted(set(g[value].round(12).tolist()), reverse=True)[:n]
        for rank, v in enumerate(values, start=1):
            terms = sorted(g.loc[g[value].round(12) == v, "term"].astype(str).tolist())
            rows.append(dict(group=group, rank=rank, value=float(v), terms="、".join(terms),
                             n_tied=len(terms)))
    return pd.DataFrame(rows, columns=["group", "rank", "value", "terms", "n_tied"])


def dispersion(tokens: pd.DataFrame, *, by: By = "section", scope: Scope = "body") -> pd.DataFrame:
    """How evenly each term is spread over the parts of a text: term, n, n_sections (parts
    with the term), dp.  ``dp`` is Gries' deviation of proportions (Gries 2008),
    ``0.5 · Σ |v_i − s_i|`` over the parts ``i`` (``v_i`` the share of the term's tokens in
    part ``i``, ``s_i`` the part's share of all tokens): 0 when the term is spread in
    proportion to the parts' sizes, near 1 when all of it sits in one small part.  Parts
    are the groups of ``by`` (default the sections; a part without sections is one part)."""
    check_tokens(tokens)
    tokens = in_scope(tokens, scope)
    groups = _groups(tokens, by)
    sizes = groups.value_counts()
    share = sizes / sizes.sum()
    counts = pd.crosstab(tokens["token"].astype(str), groups)
    n = counts.sum(axis=1)
    v = counts.div(n, axis=0)
    dp = 0.5 * (v - share.reindex(counts.columns).to_numpy()).abs().sum(axis=1)
    out = pd.DataFrame({"term": counts.index.astype(str), "n": n.to_numpy().astype("int64"),
                        "n_sections": (counts > 0).sum(axis=1).to_numpy().astype("int64"),
                        "dp": dp.to_numpy()})
    out["term"] = out["term"].astype("string")
    return out.sort_values(["n", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


# -- keyness --------------------------------------------------------------------------------------
def g2_2x2(o11, o12, o21, o22) -> np.ndarray:
    """Log-likelihood G² of 2×2 tables (arrays of the four cells), each computed by
    ``scipy.stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")``."""
    from scipy.stats import chi2_contingency

    cells = np.column_stack([np.atleast_1d(np.asarray(x, dtype=float)) for x in (o11, o12, o21, o22)])
    out = np.empty(len(cells))
    memo: dict[tuple, float] = {}
    for k, (a, b, c, d) in enumerate(cells):
        key = (a, b, c, d)
        if key not in memo:
            table = np.array([[a, b], [c, d]])
            if (table.sum(axis=0) == 0).any() or (table.sum(axis=1) == 0).any():
                memo[key] = 0.0  # a margin of zero: no evidence either way
            else:
                memo[key] = float(chi2_contingency(table, correction=False,
                                                   lambda_="log-likelihood")[0])
        out[k] = memo[key]
    return out


def _g2_two_cell(a, b, c, d) -> np.ndarray:
    """Rayson & Garside's two-cell form: ``scipy.stats.power_divergence`` of the term's two
    counts against their expected values."""
    from scipy.stats import power_divergence

    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return np.array([power_divergence([x, y], [f, g], lambda_="log-likelihood")[0]
                     for x, y, f, g in zip(a, b, e1, e2)], dtype=float)


def keyness(target: pd.DataFrame, reference: pd.DataFrame, *, min_count: int = 5,
            formula: Literal["dunning", "rayson"] = "dunning",
            scope: Scope = "body") -> pd.DataFrame:
    """Keywords of ``target`` against ``reference`` (two token tables):
    term, n_target, n_reference, per_10k_target, per_10k_reference, g2, p,
    p_adjusted (Benjamini–Hochberg over all terms tested: many terms are tested
    at once), log_ratio, direction ("target" if relatively more frequent in
    the target, else "reference").  Terms with fewer than ``min_count`` tokens
    in both corpora together are left out.  Largest G² first."""
    from scipy.stats import chi2
    from statsmodels.stats.multitest import multipletests

    check_tokens(target, what="target tokens")
    check_tokens(reference, what="reference tokens")
    target = in_scope(target, scope, what="target tokens")
    reference = in_scope(reference, scope, what="reference tokens")
    if formula not in ("dunning", "rayson"):
        raise ValueError(f"unknown formula={formula!r}; use 'dunning' or 'rayson'")
    c, d = len(target), len(reference)
    if c == 0 or d == 0:
        raise TableError("keyness needs tokens in both the target and the reference "
                         f"(found {c} and {d})")
    a_counts = target["token"].value_counts()
    b_counts = reference["token"].value_counts()
    terms = pd.Index(a_counts.index.tolist()).union(pd.Index(b_counts.index.tolist()))
    a = a_counts.reindex(terms, fill_value=0).to_numpy(dtype=float)
    b = b_counts.reindex(terms, fill_value=0).to_numpy(dtype=float)
    keep = (a + b) >= min_count
    terms, a, b = terms[keep], a[keep], b[keep]
    if formula == "dunning":
        g2 = g2_2x2(a, b, c - a, d - b)
    else:
        g2 = _g2_two_cell(a, b, c, d)
    a_adj, b_adj = np.where(a == 0, 0.5, a), np.where(b == 0, 0.5, b)
    out = pd.DataFrame({
        "term": pd.array(terms.tolist(), dtype="string"),
        "n_target": a.astype("int64"), "n_reference": b.astype("int64"),
        "per_10k_target": a / c * 10_000, "per_10k_reference": b / d * 10_000,
        "g2": g2, "p": chi2.sf(g2, 1),
        "p_adjusted": multipletests(chi2.sf(g2, 1), method="fdr_bh")[1] if len(g2) else [],
        "log_ratio": np.log2((a_adj / c) / (b_adj / d)),
        "direction": np.where(a / c > b / d, "target", "reference"),
    })
    if {"section", "part"} <= set(target.columns):
        disp = dispersion(target).set_index("term")
        out["sections_target"] = out["term"].map(disp["n_sections"]).fillna(0).astype("int64")
        out["dp_target"] = out["term"].map(disp["dp"]).astype("float64")  # (as for dp above)
    out = out.sort_values(["g2", "term"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def key_terms(table: pd.DataFrame, n: int = 10, *, alpha: float | None = None) -> pd.DataFrame:
    """The ``n`` terms with the largest G² each way (target first), optionally only
    those with an adjusted ``p_adjusted < alpha``."""
    require_columns(table, ["term", "g2", "p_adjusted", "direction", "log_ratio"], what="keyness table")
    sig = table if alpha is None else table[table["p_adjusted"] < alpha]
    return (pd.concat([sig[sig["direction"] == "target"].head(n),
                       sig[sig["direction"] == "reference"].head(n)])
            .reset_index(drop=True))


# -- collocations ---------------------------------------------------------------------------------
def collocations(tokens: pd.DataFrame, *, min_count: int = 3) -> pd.DataFrame:
    """Adjacent content-token pairs within a sentence: w1, w2, n, n_w1, n_w2, pmi,
    g2 (see the module docstring).  Pairs seen fewer than ``min_count`` times are
    left out; largest G² first."""
    check_tokens(tokens)
    t = tokens.sort_values(["doc_id", "sentence_id", "position"], kind="stable")
    doc, sid, pos = (t[c].to_numpy() for c in ("doc_id", "sentence_id", "position"))
    words = t["token"].to_numpy(dtype=object)
    nxt = (doc[1:] == doc[:-1]) & (sid[1:] == sid[:-1]) & (pos[1:] == pos[:-1] + 1)
    pairs = pd.DataFrame({"w1": words[:-1][nxt], "w2": words[1:][nxt]})
    cols = ["w1", "w2", "n", "n_w1", "n_w2", "pmi", "g2"]
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    n_pairs = len(pairs)
    counts = pairs.groupby(["w1", "w2"], sort=False).size().rename("n").reset_index()
    counts["n_w1"] = counts["w1"].map(pairs["w1"].value_counts())
    counts["n_w2"] = counts["w2"].map(pairs["w2"].value_counts())
    counts = counts[counts["n"] >= min_count].copy()
    o11 = counts["n"].to_numpy(dtype=float)
    n1, n2 = counts["n_w1"].to_numpy(dtype=float), counts["n_w2"].to_numpy(dtype=float)
    counts["pmi"] = np.log2(o11 * n_pairs / (n1 * n2))
    counts["g2"] = g2_2x2(o11, n1 - o11, n2 - o11, n_pairs - n1 - n2 + o11)
    counts = counts.astype({"w1": "string", "w2": "string", "n": "int64", "n_w1": "int64",
                            "n_w2": "int64"})
    return (counts.sort_values(["g2", "w1", "w2"], ascending=[False, True, True], kind="stable")
            [cols].reset_index(drop=True))


# -- keyword in context ---------------------------------------------------------------------------
def kwic(report: Report, tokens: pd.DataFrame, term: str, *, width: int = 10) -> pd.DataFrame:
    """Every token equal to ``term``, in its sentence: sentence_id, part, section,
    start, end, left, keyword, right.  ``left`` and ``right`` are up to ``width``
    characters of ``report.text`` on either side, never beyond the sentence."""
    check_tokens(tokens)
    if not isinstance(width, int) or width < 0:
        raise ValueError(f"width must be a non-negative number of characters, not {width!r}")
    hits = tokens[tokens["token"] == term]
    if hits.empty:
        raise UnknownTermError(_unknown_term_message(report, tokens, term))
    s = report.sentences.set_index("sentence_id")
    missing = sorted(set(hits["sentence_id"].tolist()) - set(s.index.tolist()))
    if missing or (hits["doc_id"] != report.doc_id).any():
        raise TableError(f"the tokens do not belong to {report.doc_id!r}; "
                         "tokenize this report with lca.tokenize(report)")
    rows = []
    for sid, a, b in zip(hits["sentence_id"].tolist(), hits["start"].tolist(),
                         hits["end"].tolist()):
        s_start, s_end = int(s.at[sid, "start"]), int(s.at[sid, "end"])
        rows.append(dict(sentence_id=sid, part=s.at[sid, "part"], section=s.at[sid, "section"],
                         start=a, end=b, left=report.text[max(s_start, a - width):a],
                         keyword=report.text[a:b], right=report.text[b:min(s_end, b + width)]))
    return pd.DataFrame(rows).astype({"section": "Int64"})


def _unknown_term_message(report: Report, tokens: pd.DataFrame, term: str) -> str:
    in_text = report.text.count(term) if term else 0
    if in_text:
        return (f"{term!r} occurs {in_text} time(s) in the text but never as one token — the "
                "segmentation splits it; tokenize with the domain lexicon (lexicon=True) or add "
                "the term to data/lexicon/domain_terms.csv")
    close = difflib.get_close_matches(term, tokens["token"].unique().tolist(), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"{term!r} does not occur in {report.doc_id}{hint}"


# -- robustness -----------------------------------------------------------------------------------
def _top(freq: pd.DataFrame, top_n: int) -> list[str]:
    a = freq.groupby("term")["n"].sum()
    order = sorted(a.items(), key=lambda kv: (-kv[1], kv[0]))
    return [t for t, _ in order[:top_n]]


def rank_biased_overlap(a: list, b: list, *, p: float = 0.9) -> float:
    """Rank-biased overlap of two rankings (Webber, Moffat & Zobel 2010, extrapolated
    form, eq. 32) over their first ``k = min(len(a), len(b))`` items:
    ``RBO = X_k/k · p^k + (1-p)/p · Σ_{d=1..k} X_d/d · p^d`` with ``X_d`` the number of
    items the two top-d lists share.  1 for identical lists, 0 for disjoint ones; the
    top ranks weigh most (with p = 0.9 the first 10 ranks carry about 86% of the weight)."""
    if not 0 < p < 1:
        raise ValueError(f"p must be between 0 and 1, not {p!r}")
    k = min(len(a), len(b))
    if k == 0:
        return float("nan")
    seen_a, seen_b, x, total = set(), set(), 0, 0.0
    for d in range(1, k + 1):
        u, v = a[d - 1], b[d - 1]
        if u == v:
            x += 1
        else:
            x += (u in seen_b) + (v in seen_a)
        seen_a.add(u)
        seen_b.add(v)
        total += x / d * p ** d
    return float(x / k * p ** k + (1 - p) / p * total)


def rank_correlation(freq_a: pd.DataFrame, freq_b: pd.DataFrame, top_n: int = 30, *,
                     vocabulary: Literal["shared", "union"] = "shared") -> dict:
    """Spearman's ρ between two frequency tables over the union of their top
    ``top_n`` terms (ties for the last places of a top-N list go to the terms first in
    code-point order).  ``vocabulary="shared"`` (default) keeps only the terms that
    occur in both tables, so a term one table cannot contain (a boilerplate word
    removed from it) does not count as a disagreement; ``"union"`` counts an absent
    term as 0 (tied lowest).  Returns rho, p, union, compared (terms correlated),
    shared (terms in both top-N lists), rbo (:func:`rank_biased_overlap` of the two
    top-N lists).  ρ is NaN when fewer than 3 terms are compared or a table is constant."""
    from scipy.stats import spearmanr

    for f, what in ((freq_a, "first frequency table"), (freq_b, "second frequency table")):
        require_columns(f, ["term", "n"], what=what)
    if vocabulary not in ("shared", "union"):
        raise ValueError(f"unknown vocabulary={vocabulary!r}; use 'shared' or 'union'")
    a = freq_a.groupby("term")["n"].sum()
    b = freq_b.groupby("term")["n"].sum()
    top_a, top_b = _top(freq_a, top_n), _top(freq_b, top_n)
    union = sorted(set(top_a) | set(top_b))
    compared = union if vocabulary == "union" else [t for t in union if t in a.index and t in b.index]
    x = a.reindex(compared, fill_value=0).to_numpy()
    y = b.reindex(compared, fill_value=0).to_numpy()
    out = dict(union=len(union), compared=len(compared), shared=len(set(top_a) & set(top_b)),
               rbo=rank_biased_overlap(top_a, top_b))
    if len(compared) < 3 or np.all(x == x[0]) or np.all(y == y[0]):
        return dict(rho=float("nan"), p=float("nan"), **out)
    rho, p = spearmanr(x, y)
    return dict(rho=float(rho), p=float(p), **out)


def robustness(report: Report, *, top_n: int = 30) -> pd.DataFrame:
    """How much the top-``top_n`` ranking of content words depends on the analysis
    choices: the baseline (default lexicon, HMM on, boilerplate list applied, body
    text) against default jieba, the ranking without the boilerplate list, the HMM
    switched off, and all the text (title block and annex lists included).  One row per
    comparison: comparison, rho (Spearman over the shared vocabulary of the two top-N
    lists), p, union, compared, shared (terms in both top-N lists), rbo (rank-biased
    overlap of the two top-N lists, p = 0.9)."""
    def freq(tokens, *, boilerplate=True, scope="body"):
        t = with_structure(tokens, report)
        return frequencies(content_tokens(in_scope(t, scope), boilerplate=boilerplate), scope="all")

    base_tokens = tokenize(report)
    base = freq(base_tokens)
    variants = {
        "default jieba (no lexicon)": freq(tokenize(report, lexicon=False)),
        "without the boilerplate list": freq(base_tokens, boilerplate=False),
        "HMM off": freq(tokenize(report, hmm=False)),
        "all text (title block and annex lists included)": freq(base_tokens, scope="all"),
    }
    rows = [dict(comparison=name, **rank_correlation(base, f, top_n))
            for name, f in variants.items()]
    return pd.DataFrame(rows)[["comparison", "rho", "p", "union", "compared", "shared", "rbo"]]


# -- term discovery -------------------------------------------------------------------------------
SUGGEST_COLUMNS = ["rank", "term", "source", "n", "n_sections", "pmi", "h_left", "h_right",
                   "corpus_df", "segmentation", "evidence", "example"]


@lru_cache(maxsize=1)
def _corpus_texts() -> tuple[str, ...]:
    from .lexicon.build import corpus_paths
    from .corpus import load_report

    return tuple(load_report(p, doc_id=p.stem, require_outline=False).text for p in corpus_paths())


def suggest_terms(report: Report, *, lexicon=True, min_n: int = 2, n: int | None = 30,
                  corpus: bool = True) -> pd.DataFrame:
    """Candidate multiword terms of a report that the lexicon does not know: what to
    add (``tokenize(report, lexicon=lca.lexicon.default_for(report.doc_id) +
    lca.lexicon.from_table(rows))``) before counting a new report.

    The report's body text is cut with ``lexicon`` (HMM off, so unknown words fall
    apart), and every sequence of 2–6 tokens inside a run of Han characters seen at
    least ``min_n`` times is a candidate; the review rules of the lexicon build
    (:func:`lcanalysis.lexicon.build.review`: edges, function words, cohesion, boundary
    entropy, fragments, verb phrases, compounds) decide which are shown, with the
    build's thresholds except the document count.  Columns: rank, term, n (occurrences
    as that token sequence), n_sections (sections of the report with the term), pmi
    (cohesion, bits), h_left, h_right (boundary entropy, bits), corpus_df (documents of
    data/corpus with the term; ``corpus=False`` skips it), segmentation (how the
    lexicon cuts it now), example (its first occurrence with up to 12 characters either side).  Ranked
    by n_sections, then n, then pmi, then the term; the first ``n`` rows (all with
    ``n=None``).

    The terms of the report's automatic layer (:func:`lcanalysis.tokens.auto_terms`, found
    with ``lexicon`` as the base: what ``tokenize(report)`` adds by default) come first, with
    ``source`` "automatic layer: <rule>" and the rule's ``evidence`` (pmi and boundary entropy
    empty); the statistical candidates have ``source`` "statistics"."""
    import dataclasses

    from .lexicon import as_lexicon
    from .lexicon.build import RULES, review
    from .lexicon.stats import candidate_stats

    lex = as_lexicon(lexicon, report.doc_id)
    tokens = in_scope(with_structure(tokenize(report, lexicon=lex, hmm=False), report), "body")
    han = tokens["token"].str.fullmatch(r"[\u4e00-\u9fff]+").fillna(False).to_numpy()
    clauses, current, last = [], [], None
    for sid, pos, word, ok in zip(tokens["sentence_id"].tolist(), tokens["position"].tolist(),
                                  tokens["token"].tolist(), han):
        if not ok or (sid, pos - 1) != last:
            if current:
                clauses.append(current)
            current = []
        if ok:
            current.append(word)
        last = (sid, pos)
    if current:
        clauses.append(current)
    stats = candidate_stats([clauses], min_n=min_n)
    known = set(lex.terms) if lex is not None else set()
    rules = dataclasses.replace(RULES, min_n=min_n, min_df=1)
    stats["reason"] = review(stats, rules, frozenset(known))
    kept = stats[stats["reason"] == "kept"].copy()
    kept = kept.copy()
    body = report.sentences[report.sentences["sentence_id"].isin(tokens["sentence_id"].unique())]
    texts = body["text"].tolist()
    sections = [(p, s) for p, s in zip(body["part"].tolist(), body["section"].tolist())]
    kept["n_sections"] = [len({sec for t, sec in zip(texts, sections) if term in t})
                          for term in kept["term"]]
    kept["example"] = [_around(next(t for t in texts if term in t), term) for term in kept["term"]]
    cut_now = {}
    for term in kept["term"]:
        cut_now[term] = "/".join(w for w, _, _ in _cut_with(lex, term))
    kept["segmentation"] = kept["term"].map(cut_now).astype("string")
    kept = kept[kept["segmentation"].str.contains("/", regex=False).astype(bool)]  # HMM on keeps it whole
    kept["source"] = "statistics"
    kept["evidence"] = [f"{k} times as {seg}" for k, seg in zip(kept["n"], kept["segmentation"])]
    # the automatic layer (what tokenize adds by default), with its rules' evidence
    from .lexicon import with_auto
    from .tokens import auto_terms

    auto = auto_terms(report, lexicon=with_auto(lex))
    kept = kept[~kept["term"].isin(set(auto["term"]))]
    all_texts = report.sentences["text"].tolist()
    auto_rows = pd.DataFrame({
        "term": auto["term"], "source": "automatic layer: " + auto["rule"], "n": auto["n"],
        "n_sections": [len({sec for t, sec in zip(texts, sections) if term in t})
                       for term in auto["term"]],
        "pmi": float("nan"), "h_left": float("nan"), "h_right": float("nan"),
        "segmentation": ["/".join(w for w, _, _ in _cut_with(lex, term)) for term in auto["term"]],
        "evidence": auto["evidence"],
        "example": [_around(next(t for t in all_texts if term in t), term) for term in auto["term"]]})
    auto_rows["segmentation"] = auto_rows["segmentation"].astype("string")
    auto_rows = auto_rows[auto_rows["segmentation"].str.contains("/", regex=False).astype(bool)]
    kept = pd.concat([auto_rows, kept.drop(columns=[c for c in kept.columns
                                                    if c not in auto_rows.columns])],
                     ignore_index=True)
    if corpus:
        docs = _corpus_texts()
        kept["corpus_df"] = [sum(term in d for d in docs) for term in kept["term"]]
    else:
        kept["corpus_df"] = pd.NA
    kept["automatic"] = kept["source"] != "statistics"
    kept = kept.sort_values(["automatic", "n_sections", "n", "pmi", "term"],
                            ascending=[False, False, False, False, True],
                            kind="stable").reset_index(drop=True)
    kept["rank"] = range(1, len(kept) + 1)
    for c in ("pmi", "h_left", "h_right"):
        kept[c] = kept[c].astype(float)
    out = kept[SUGGEST_COLUMNS].astype({"term": "string", "source": "string", "n": "int64",
                                        "n_sections": "int64", "segmentation": "string",
                                        "evidence": "string", "example": "string"})
    return out if n is None else out.head(n)


def _around(text: str, term: str, width: int = 12) -> str:
    k = text.find(term)
    return text[max(0, k - width):k + len(term) + width]


def _cut_with(lex, text: str):
    from .tokens import _pieces, _segmenter

    out, i = [], 0
    for w in _pieces(_segmenter(lex), text, True):
        out.append((w, i, i + len(w)))
        i += len(w)
    return out


__all__ = [
    "BODY", "DOCUMENT_TITLE", "OPENING", "TOKEN_COLUMNS", "UnknownTermError", "collocations",
    "compare_rankings", "dispersion", "frequencies", "g2_2x2", "in_scope", "key_terms", "keyness",
    "kwic", "leaders", "parse_group", "rank_biased_overlap", "rank_correlation", "regions",
    "robustness", "suggest_terms", "tfidf", "top_by_group", "top_keywords", "top_terms",
    "with_structure",
]
