"""The corpus layer on the Liaocheng report, the national 2024 report and a
synthetic report whose outline is known by construction."""

import pandas as pd

import lcanalysis as lca
from lcanalysis import structure

SENTENCE_COLUMNS = ["doc_id", "sentence_id", "part", "part_title", "section", "section_title",
                    "lead", "paragraph", "text", "start", "end", "raw_start", "raw_end"]


def sections_per_part(report):
    s = report.sentences.dropna(subset=["section"])
    return s.groupby("part")["section"].nunique().to_dict()


def leads_in_sections(report, part):
    s = report.sentences
    s = s[(s["part"] == part) & s["section"].notna() & s["lead"].notna()]
    return s.groupby("section")["lead"].nunique()


def test_contract_columns(report):
    assert [c for c in report.sentences.columns if c in SENTENCE_COLUMNS] == SENTENCE_COLUMNS
    assert list(report.corrections.columns) == ["step", "raw_start", "raw_end", "before", "after", "reason"]
    for col in ["annex", "item", "text", "department"]:
        assert col in report.annex_items.columns


def test_raw_is_the_file(report):
    assert report.raw == lca.paths.REPORT_FILE.read_text(encoding="utf-8")
    assert report.sha256 == lca.paths.REPORT_SHA256


def test_liaocheng_outline(report):
    assert sections_per_part(report) == {"一": 7, "二": 9, "三": 5}
    assert leads_in_sections(report, "一").sum() == 17
    assert leads_in_sections(report, "二").tolist() == [4, 3, 3, 4, 3, 3, 3, 3, 5]
    assert leads_in_sections(report, "三").sum() == 0
    items = report.annex_items
    assert items.groupby("annex")["item"].apply(list).to_dict() == {
        "附件1": list(range(1, 31)), "附件2": list(range(1, 25))}
    a2 = items[items["annex"] == "附件2"]
    assert a2["department"].notna().all()
    assert a2["department"].str.startswith("市").all()
    assert items[items["annex"] == "附件1"]["department"].isna().all()
    parts = report.sentences["part"].dropna().unique().tolist()
    assert parts == ["一", "二", "三", "附件1", "附件2"]


def test_known_leads(report):
    s = report.sentences
    assert "千方百计促消费" in set(s["lead"].dropna())
    assert "有力有效扩投资" in set(s["lead"].dropna())  # restored by data/errata.csv
    assert "在集群化布局上实现新跃升" in set(s["lead"].dropna())
    sec1 = s[(s["part"] == "一") & (s["section"] == 1)]
    assert sec1.iloc[0]["lead"] is pd.NA and sec1.iloc[0]["text"] == "（一）全力以赴稳定经济大盘。"


def test_spans_are_exact(report):
    s = report.sentences
    for row in s.itertuples():
        assert report.text[row.start : row.end] == row.text
        assert row.raw_start <= row.raw_end
    assert s["start"].is_monotonic_increasing and s["sentence_id"].is_unique


def test_every_correction_is_logged(report):
    c = report.corrections
    for row in c.itertuples():
        if row.raw_start < row.raw_end:  # else it edits what an erratum inserted
            assert report.raw[row.raw_start : row.raw_end] == row.before
    assert "**" not in report.text
    assert " and " not in report.text
    assert "(" not in report.text
    assert "完成投资1050亿元" in report.text
    assert "高于全省平均水平" in report.text
    assert "聊·胜一筹！”“聊城新三宝”" in report.text
    assert {"strip_bold_markers", "join_broken_lines", "fix_stray_latin", "normalize_brackets",
            "remove_inner_spaces", "apply_errata"} <= set(c["step"])


def test_sentence_maps_back_to_raw(report):
    s = report.sentences
    for row in s.itertuples():
        raw = report.raw[row.raw_start : row.raw_end]
        squeeze = lambda t: "".join(ch for ch in t if not ch.isspace() and ch not in "*")
        # the raw span holds the same characters, up to removed whitespace, markers and repairs
        if row.text.replace("（", "(").replace("）", ")") != raw:
            assert squeeze(raw).replace("and", "和").replace("(", "（").replace(")", "）") == squeeze(row.text)


def test_sentences_never_split_inside_quotes():
    text = "他说“要办好。再办好！”然后走了。最后一句；"
    spans = structure.split_sentences(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == ["他说“要办好。再办好！”然后走了。", "最后一句；"]
    text = "他说：“完成了。”下一句。"
    assert [text[a:b] for a, b in structure.split_sentences(text, 0, len(text))] == [
        "他说：“完成了。”", "下一句。"]


def test_national_2024_outline(national):
    assert national.sentences["part"].dropna().unique().tolist() == ["一", "二", "三"]
    assert sections_per_part(national) == {"三": 10}
    titles = national.sentences.dropna(subset=["part_title"]).drop_duplicates("part")
    assert titles["part_title"].tolist()[0] == "2023年工作回顾"


def test_synthetic_outline(synthetic):
    s = synthetic.sentences
    assert s[s["role"] == "title"]["text"].tolist() == [
        "测试市政府工作报告", "——2024年1月5日在测试市人民代表大会上"]
    assert sections_per_part(synthetic) == {"一": 2, "二": 1}
    leads = s.dropna(subset=["lead"]).groupby(["part", "section"])["lead"].unique()
    assert leads.map(list).to_dict() == {
        ("一", 1): ["扩大有效投资", "促进消费"], ("二", 1): ["壮大先进制造业", "提升服务业水平"]}
    row = s[s["text"].str.contains("社会消费品")].iloc[0]
    assert (row["part"], row["section"], row["lead"]) == ("一", 1, "促进消费")
    assert "发放“民生卡”1000张。" in s["text"].str.cat()
    assert synthetic.annex_items[["annex", "item", "text"]].values.tolist() == [
        ["附件1", 1, "新增城镇就业1万人以上"], ["附件1", 2, "新建公园5个"]]
    assert s[s["part"] == "附件1"]["part_title"].dropna().unique().tolist() == ["2024年民生实事"]


def test_crlf_and_bom_are_handled(tmp_path, synthetic):
    src = (lca.paths.ROOT / "tests" / "data" / "synthetic_report.txt").read_text(encoding="utf-8")
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"\xef\xbb\xbf" + src.replace("\n", "\r\n").encode("utf-8"))
    r = lca.load_report(p, doc_id="synthetic")
    assert r.text == synthetic.text
    assert r.sentences["text"].tolist() == synthetic.sentences["text"].tolist()
    assert r.corrections["step"].value_counts()["strip_bom"] == 1
    assert (r.corrections["step"] == "normalize_line_endings").sum() == src.count("\n")


def test_outline_table(report):
    o = report.outline()
    assert o[o["part"] == "二"]["section"].dropna().tolist() == list(range(1, 10))
    assert o["chars"].sum() == (report.sentences["end"] - report.sentences["start"])[
        report.sentences["role"] != "title"].sum()
