"""Bad input gets a specific error that names the problem and the fix."""

import codecs

import pytest

import lcanalysis as lca
from lcanalysis import errors

SAMPLE = "各位代表：\n\n一、2023年工作回顾\n\n全市生产总值增长6%。\n"


def test_missing_file(tmp_path):
    with pytest.raises(errors.ReportNotFoundError, match=r"not found — pass path= to load_report"):
        lca.load_report(tmp_path / "nope.txt")


def test_directory(tmp_path):
    with pytest.raises(errors.ReportNotFoundError, match="is a directory, not a report file"):
        lca.load_report(tmp_path)


@pytest.mark.parametrize("content", [b"", b"  \n\n", codecs.BOM_UTF8 + b"\n"])
def test_empty_file(tmp_path, content):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    with pytest.raises(errors.EmptyReportError, match="is empty — it holds no text"):
        lca.load_report(p)


def test_pdf(tmp_path):
    p = tmp_path / "report.pdf"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(errors.ReportEncodingError, match="is a PDF file, not text — convert it"):
        lca.load_report(p)


def test_binary(tmp_path):
    p = tmp_path / "data.bin"
    p.write_bytes(bytes(range(256)))
    with pytest.raises(errors.ReportEncodingError, match="looks binary"):
        lca.load_report(p)


def test_gb18030(tmp_path):
    p = tmp_path / "gb.txt"
    p.write_bytes(SAMPLE.encode("gb18030"))
    with pytest.raises(errors.ReportEncodingError, match="it looks like GB18030 — pass encoding='gb18030'"):
        lca.load_report(p)
    assert "全市生产总值增长6%" in lca.load_report(p, encoding="gb18030").text


def test_utf16(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes(SAMPLE.encode("utf-16"))
    with pytest.raises(errors.ReportEncodingError, match="is UTF-16 encoded — pass encoding='utf-16'"):
        lca.load_report(p)
    assert lca.load_report(p, encoding="utf-16").text.endswith("增长6%。\n")


def test_unknown_encoding(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    with pytest.raises(errors.ReportEncodingError, match="unknown encoding 'klingon'"):
        lca.load_report(p, encoding="klingon")


def test_no_outline(tmp_path):
    p = tmp_path / "prose.txt"
    p.write_text("这是一段没有标题结构的文字。它只有两句话。\n", encoding="utf-8")
    with pytest.raises(errors.UnstructuredReportError, match="no outline found: expected top-level headings"):
        lca.load_report(p)
    r = lca.load_report(p, require_outline=False)
    assert len(r.sentences) == 2


def test_checksum_mismatch(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    with pytest.raises(errors.ChecksumError, match=r"has sha256 [0-9a-f]{64}, but 0{64} was expected"):
        lca.load_report(p, sha256="0" * 64)


def test_error_paths_are_relative(tmp_path):
    with pytest.raises(errors.ReportNotFoundError) as info:
        lca.load_report(lca.paths.RAW / "missing.txt")
    assert "data/raw/missing.txt" in str(info.value)
    assert str(lca.paths.ROOT) not in str(info.value)


def test_require_columns():
    import pandas as pd

    with pytest.raises(errors.TableError, match="sentences is missing column\\(s\\) part"):
        errors.require_columns(pd.DataFrame({"text": []}), ["text", "part"], what="sentences")
