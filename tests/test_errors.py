"""Bad input gets a specific error that names the problem and the fix."""

import codecs

import pytest

import lcanalysis as lca
from lcanalysis import errors

SAMPLE = "各位代表：\n\n一、2023年工作回顾\n\n全市生产总值增长6%。\n"


def test_missing_file(tmp_path):
    # a user's file: check the path; a file the repository ships: restore it
    with pytest.raises(errors.ReportNotFoundError, match=r"nope.txt not found — check the path"):
        lca.load_report(tmp_path / "nope.txt")
    with pytest.raises(errors.ReportNotFoundError, match=r"not found — restore it from the repository"):
        lca.load_report(lca.paths.CORPUS / "provinces-2026" / "某省-2026.txt")


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


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom_are_decoded_by_it(tmp_path, codec):
    p = tmp_path / "u.txt"
    p.write_bytes(SAMPLE.encode(codec))
    r = lca.load_report(p)
    assert r.text.endswith("增长6%。\n") and r.encoding == codec
    assert lca.load_report(p, encoding=codec).text == r.text


@pytest.mark.parametrize("codec, named", [("utf-16-le", "UTF-16-LE"), ("utf-16-be", "UTF-16-BE"),
                                          ("utf-32-le", "UTF-32-LE"), ("utf-32-be", "UTF-32-BE")])
def test_utf16_and_utf32_without_bom_are_named(tmp_path, codec, named):
    p = tmp_path / "u.txt"
    p.write_bytes(SAMPLE.encode(codec))
    with pytest.raises(errors.ReportEncodingError,
                       match=f"is {named} text without a byte-order mark — pass encoding='{codec}'"):
        lca.load_report(p)
    assert lca.load_report(p, encoding=codec).text.endswith("增长6%。\n")


@pytest.mark.parametrize("alias", ["utf_16_le", "UTF-16LE", "UTF_16LE"])
def test_codec_aliases_are_accepted(tmp_path, alias):
    p = tmp_path / "u.txt"
    p.write_bytes(SAMPLE.encode("utf-16-le"))
    assert lca.load_report(p, encoding=alias).encoding == "utf-16-le"


def test_unreadable_file(tmp_path, monkeypatch):
    import pathlib

    p = tmp_path / "r.txt"
    p.write_text(SAMPLE, encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pathlib.Path, "read_bytes", denied)
    with pytest.raises(errors.ReportAccessError, match="cannot read .*r.txt: permission denied — make the file readable"):
        lca.load_report(p)


def test_wrong_encoding_names_the_right_one():
    # decoding the (UTF-8) Liaocheng report as latin-1 must blame the encoding, not the errata
    with pytest.raises(errors.ReportEncodingError,
                       match="decoded as latin-1 gives no Chinese text \\(mojibake\\) — it reads as UTF-8: pass encoding='utf-8'"):
        lca.load_report(encoding="latin-1")


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
