"""Many reports at once: load_corpus, the Corpus tables, and the analysis
functions that take a corpus as well as a report."""

import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import keywords, priorities
from lcanalysis.errors import CorpusError, CorpusWarning, ReportNotFoundError

from conftest import DATA


@pytest.fixture(scope="module")
def corpus():
    return lca.load_corpus([lca.paths.REPORT_FILE, lca.paths.corpus_file("national-2024"),
                            lca.paths.CORPUS / "provinces-2026" / "福建省-2026.txt"])


def test_documents_and_stacked_tables(corpus, report, national):
    assert corpus.doc_ids == ["liaocheng-2024", "national-2024", "福建省-2026"]
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["liaocheng-2024", "sha256"] == lca.paths.REPORT_SHA256
    assert docs.loc["national-2024", "chars"] == len(national.text)
    s = corpus.sentences
    assert list(s.columns)[0] == "doc_id"
    assert not s.duplicated(["doc_id", "sentence_id"]).any()
    assert len(s) == sum(len(r.sentences) for r in corpus)
    pd.testing.assert_frame_equal(s[s["doc_id"] == "national-2024"].reset_index(drop=True),
                                  national.sentences)
    c = corpus.corrections
    assert list(c.columns)[:2] == ["doc_id", "step"]
    assert (c["doc_id"] == "liaocheng-2024").sum() == len(report.corrections)
    assert corpus["福建省-2026"].doc_id == "福建省-2026" and corpus[0].doc_id == "liaocheng-2024"


@pytest.mark.parametrize("func", [lca.extract_indicators, lca.tokenize, lca.code_topics,
                                  lca.target_ledger])
def test_functions_take_a_corpus(corpus, func):
    """The corpus table is every report's own table, stacked, doc_id first."""
    both = func(corpus)
    assert list(both.columns)[0] == "doc_id"
    assert both["doc_id"].unique().tolist() == [d for d in corpus.doc_ids
                                                if (both["doc_id"] == d).any()]
    for r in corpus:
        own = func(r)
        if "doc_id" not in own.columns:
            own.insert(0, "doc_id", pd.Series([r.doc_id] * len(own), dtype="string"))
        pd.testing.assert_frame_equal(both[both["doc_id"] == r.doc_id].reset_index(drop=True), own)


def test_per_document_tables_are_split_by_doc_id(corpus):
    ind = lca.extract_indicators(corpus)
    ledger = lca.target_ledger(corpus, ind)
    pd.testing.assert_frame_equal(ledger, lca.target_ledger(corpus))
    coded = lca.code_topics(corpus)
    groups = priorities.groups(corpus, coded)
    assert list(groups) == corpus.doc_ids
    att = priorities.attention(groups)
    assert att.groupby("group")["share_sentences"].sum().round(9).eq(1).all()
    tokens = lca.tokenize(corpus)
    ws = keywords.with_structure(tokens, corpus)
    one = keywords.with_structure(tokens[tokens["doc_id"] == "national-2024"], corpus["national-2024"])
    pd.testing.assert_frame_equal(ws[ws["doc_id"] == "national-2024"].reset_index(drop=True),
                                  one.reset_index(drop=True))


def test_glob_folder_and_order():
    c = lca.load_corpus(lca.paths.CORPUS / "provinces-2026" / "*.txt")
    folder = lca.load_corpus(lca.paths.CORPUS / "provinces-2026")
    assert c.doc_ids == folder.doc_ids == sorted(c.doc_ids) and len(c) == 10
    assert c.doc_ids[0].endswith("-2026")


def test_corpus_errors(tmp_path, report):
    with pytest.raises(ReportNotFoundError, match=r"no file matches .*nothing-\*\.txt — check the pattern"):
        lca.load_corpus(str(tmp_path / "nothing-*.txt"))
    with pytest.raises(CorpusError, match="doc_id 'liaocheng-2024' is used by more than one report"):
        lca.Corpus((report, report))
    with pytest.raises(CorpusError, match="2 doc_ids for 1 reports"):
        lca.load_corpus(lca.paths.REPORT_FILE, doc_ids=["a", "b"])
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(lca.errors.EmptyReportError):
        lca.load_corpus([lca.paths.REPORT_FILE, empty])
    with pytest.warns(CorpusWarning, match=r"1 of 2 report\(s\) could not be loaded .*empty.txt"):
        c = lca.load_corpus([lca.paths.REPORT_FILE, empty], errors="skip")
    assert c.doc_ids == ["liaocheng-2024"]
    assert c.failures[["doc_id", "error"]].values.tolist() == [["empty", "EmptyReportError"]]


def test_error_names_the_report(corpus):
    with pytest.raises(lca.errors.UnknownIndicatorError) as info:
        lca.target_ledger(lca.Corpus((corpus["liaocheng-2024"], lca.load_report(
            DATA / "synthetic_report.txt", doc_id="no-targets-here", require_outline=False))))
    assert "no-targets-here: no paragraph announces the year's main targets" in str(info.value)
