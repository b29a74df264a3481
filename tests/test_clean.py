"""Cleaning steps: table-driven cases, including texts that must not change."""

import pytest

from lcanalysis import clean

CASES = [
    # (step, input, expected output, number of changes)
    (clean.strip_bom, "\ufeff各位代表：", "各位代表：", 1),
    (clean.strip_bom, "各位代表：", "各位代表：", 0),
    (clean.normalize_line_endings, "一、\r\n二、\r三、\n", "一、\n二、\n三、\n", 2),
    (clean.strip_bold_markers, "**千方百计促消费。**出台", "千方百计促消费。出台", 2),
    (clean.strip_bold_markers, "**深化转型赋能**。实施", "深化转型赋能。实施", 2),
    (clean.strip_bold_markers, "2 * 3 ** 2 = 18", "2 * 3 ** 2 = 18", 0),
    (clean.fix_stray_latin, "二十大精神 and 习近平总书记", "二十大精神和习近平总书记", 1),
    (clean.fix_stray_latin, "R and D 投入", "R and D 投入", 0),
    (clean.normalize_brackets, "(三)积极扩大", "（三）积极扩大", 2),
    (clean.normalize_brackets, "方案（市\n市场监管局)", "方案（市\n市场监管局）", 1),
    (clean.normalize_brackets, "f(x) = (a+b)", "f(x) = (a+b)", 0),
    (clean.normalize_fullwidth_alnum, "１９９４年增长１１．８％", "1994年增长11.8%", 4),
    (clean.remove_inner_spaces, "完成投资 1050 亿元，A 股", "完成投资1050亿元，A股", 3),
    (clean.remove_inner_spaces, "聊城市市长 张百顺", "聊城市市长 张百顺", 0),
]


@pytest.mark.parametrize("step, before, after, n", CASES)
def test_step(step, before, after, n):
    text, changes = step(before)
    assert text == after
    assert len(changes) == n


@pytest.mark.parametrize(
    "before, after",
    [
        ("各位代表：\n\n增长高于全\n\n省平均水平。\n", "各位代表：\n\n增长高于全省平均水平。\n"),
        ("各位代表：\n\n完成投资 1050\n\n亿元。\n", "各位代表：\n\n完成投资 1050亿元。\n"),
        # a real paragraph end, a heading, a list item and a dash bullet stay
        ("各位代表：\n\n完成任务。\n\n下一段。\n", "各位代表：\n\n完成任务。\n\n下一段。\n"),
        ("各位代表：\n\n一、2023年工作回顾\n\n2023年是\n", "各位代表：\n\n一、2023年工作回顾\n\n2023年是\n"),
        ("各位代表：\n\n清单\n\n1. 新增就业\n", "各位代表：\n\n清单\n\n1. 新增就业\n"),
        ("各位代表：\n\n主要是\n\n——经济发展。\n", "各位代表：\n\n主要是\n\n——经济发展。\n"),
        ("各位代表：\n\n工作方案（市\n\n市场监管局）\n", "各位代表：\n\n工作方案（市市场监管局）\n"),
        # a section heading with a comma and no full stop is a line of its own (福建省 2026) …
        ("各位代表：\n（一）着力推进向新向优发展，产业转型升级步伐加快\n先进制造业骨干作用增强。\n",
         "各位代表：\n（一）着力推进向新向优发展，产业转型升级步伐加快\n先进制造业骨干作用增强。\n"),
        # … but a line of a section's first sentence broken by a page is joined
        ("各位代表：\n（一）着力推进向新向优发展，部署推动重点产业链融合，实体经济更加巩固，传统产业加快智改数转，新兴产业\n"
         "加快壮大。\n",
         "各位代表：\n（一）着力推进向新向优发展，部署推动重点产业链融合，实体经济更加巩固，传统产业加快智改数转，新兴产业"
         "加快壮大。\n"),
        # the title block before the salutation is never joined
        ("——2024年1月12日在聊城市第十八届\n\n人民代表大会\n\n各位代表：\n",
         "——2024年1月12日在聊城市第十八届\n\n人民代表大会\n\n各位代表：\n"),
    ],
)
def test_join_broken_lines(before, after):
    assert clean.join_broken_lines(before)[0] == after


def test_clean_logs_raw_positions():
    raw = "各位代表：\n\n**增长高于全**\n\n省平均水平 5 %。\n"
    result = clean.clean(raw)
    assert result.text == "各位代表：\n\n增长高于全省平均水平5%。\n"
    for rec in result.records:
        assert raw[rec["raw_start"] : rec["raw_end"]] == rec["before"]
    assert {r["step"] for r in result.records} == {
        "strip_bold_markers", "join_broken_lines", "remove_inner_spaces"}
    # every clean character maps back to the same raw character unless a step changed it
    changed = {i for r in result.records for i in range(r["raw_start"], r["raw_end"])}
    for i, ch in enumerate(result.text):
        j = result.origin[i]
        assert raw[j] == ch or j in changed


def test_clean_text_passes_through_unchanged():
    raw = "各位代表：\n\n一、2023年工作回顾\n\n全市生产总值增长6%。\n"
    result = clean.clean(raw)
    assert result.text == raw
    assert result.records == []


def test_errata_must_match_once():
    with pytest.raises(clean.ErrataError, match="matches 0 times"):
        clean.apply_errata("甲乙丙", [{"find": "丁", "replace": "戊", "reason": "x"}])


def test_errata_logs_only_the_difference():
    text, changes = clean.apply_errata(
        "主动权。扩投资。实施", [{"find": "主动权。扩投资。实施", "replace": "主动权。**扩投资。**实施",
                          "reason": "lost bold"}])
    assert text == "主动权。**扩投资。**实施"
    assert [(c.start, c.end, c.after) for c in changes] == [(4, 4, "**"), (8, 8, "**")]
