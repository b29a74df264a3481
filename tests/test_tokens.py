"""Tokens: the contract, offsets, determinism, silence, no stray cache files, and
domain terms that survive segmentation whole."""

import os
import subprocess
import sys
import tempfile

import jieba
import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import errors, tokens as T

COLUMNS = ["doc_id", "sentence_id", "position", "token", "start", "end"]
DOT_TERMS = {"聊·诚办": 1, "聊·胜一筹": 2, "知名文旅企业家山东行·聊城站": 1}


@pytest.fixture(scope="module")
def toks(report):
    return lca.tokenize(report)


def _spans(tokens):
    return set(zip(tokens["start"].tolist(), tokens["end"].tolist()))


def _occurrences(report):
    """(term, start, end) of every hand-list term in every sentence, found by str.find."""
    out = []
    for term in T.domain_terms()["term"]:
        for text, base in zip(report.sentences["text"], report.sentences["start"]):
            k = text.find(term)
            while k >= 0:
                out.append((term, base + k, base + k + len(term)))
                k = text.find(term, k + len(term))
    return out


# -- the contract ---------------------------------------------------------------------------------
def test_contract_columns(toks, report):
    assert list(toks.columns) == COLUMNS
    assert toks["doc_id"].eq(report.doc_id).all()
    for col in ("sentence_id", "position", "start", "end"):
        assert toks[col].dtype == "int64"
    with_pos = lca.tokenize(report, pos=True)
    assert list(with_pos.columns) == COLUMNS + ["pos"]
    pd.testing.assert_frame_equal(with_pos[COLUMNS], toks)  # pos adds a column, nothing else


def test_offsets_point_into_the_text(toks, report):
    text = report.text
    assert all(text[a:b] == w for a, b, w in zip(toks["start"], toks["end"], toks["token"]))
    assert not toks["token"].str.isspace().any()
    # positions count 0, 1, 2 … within each sentence, and tokens stay inside their sentence
    expected = toks.groupby("sentence_id").cumcount()
    assert (toks["position"] == expected).all()
    s = report.sentences.set_index("sentence_id")
    assert (toks["start"] >= toks["sentence_id"].map(s["start"])).all()
    assert (toks["end"] <= toks["sentence_id"].map(s["end"])).all()
    # the tokens of a sentence cover it, except whitespace
    for sid, text_ in s["text"].items():
        got = "".join(toks.loc[toks["sentence_id"] == sid, "token"])
        assert got == "".join(text_.split())


def test_offsets_on_another_report(national):
    t = lca.tokenize(national, lexicon=False, hmm=False)
    assert all(national.text[a:b] == w for a, b, w in zip(t["start"], t["end"], t["token"]))


def test_deterministic(report, toks):
    pd.testing.assert_frame_equal(lca.tokenize(report), toks)


@pytest.fixture
def global_jieba(tmp_path, monkeypatch):
    """jieba's global instance, initialised quietly into tmp_path, restored afterwards."""
    monkeypatch.setattr(jieba.dt, "tmp_dir", str(tmp_path))
    level = jieba.default_logger.level
    jieba.default_logger.setLevel(60)
    saved_split = set(jieba.finalseg.Force_Split_Words)
    try:
        jieba.dt.check_initialized()
        saved = (dict(jieba.dt.FREQ), jieba.dt.total)
        yield jieba
        jieba.dt.FREQ, jieba.dt.total = saved
        jieba.finalseg.Force_Split_Words.clear()
        jieba.finalseg.Force_Split_Words.update(saved_split)
    finally:
        jieba.default_logger.setLevel(level)


def test_independent_of_jiebas_global_state(report, toks, global_jieba):
    global_jieba.add_word("生产总值增长", 10**9)
    global_jieba.add_word("专精", 10**9)
    assert "生产总值增长" in global_jieba.lcut("全市生产总值增长6%")  # the global instance did change
    pd.testing.assert_frame_equal(lca.tokenize(report), toks)
    global_jieba.del_word("生产总值增长")
    global_jieba.del_word("高质量发展")
    pd.testing.assert_frame_equal(lca.tokenize(report), toks)


def test_prints_nothing(report, capfd):
    T._segmenter.cache_clear()
    T._pos_tagger.cache_clear()
    lca.tokenize(report, pos=True)
    lca.tokenize(report, lexicon=False)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_cold_start_is_silent_and_writes_only_the_private_cache(tmp_path):
    """A fresh process with an empty cache: nothing printed, no warning, nothing in the
    temporary folder or the repository, the cache in a 0700 directory of its own."""
    tmp, cache = tmp_path / "tmp", tmp_path / "cache"
    tmp.mkdir()
    before = _repo_caches()
    env = {**os.environ, "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(cache)}
    code = ("import lcanalysis as lca; r = lca.load_report(); lca.tokenize(r, pos=True); "
            "lca.tokenize(r, lexicon=False)")
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], env=env,
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    assert list(tmp.iterdir()) == []
    private = cache / "lcanalysis"
    assert [p.name for p in private.iterdir()] == [f"jieba-{jieba.__version__}.cache"]
    assert private.stat().st_mode & 0o777 == 0o700
    assert _repo_caches() == before == set()


def _repo_caches():
    root = lca.paths.ROOT
    found = set()
    for folder in (root, root / "notebooks", root / "lcanalysis", root / "data", root / "tests"):
        found |= set(folder.glob("*.cache")) | set(folder.glob("jieba*"))
    return found


def test_no_cache_in_the_shared_temporary_folder(report):
    shared = tempfile.gettempdir()
    T._segmenter.cache_clear()
    before = {n for n in os.listdir(shared) if n.startswith("jieba")}
    lca.tokenize(report)
    after = {n for n in os.listdir(shared) if n.startswith("jieba")}
    assert after == before
    assert not str(T.cache_dir()).startswith(os.path.join(shared, "jieba"))
    assert T._segmenter(lca.lexicon.default_for(report.doc_id)).tokenizer.tmp_dir == str(T.cache_dir())


def test_unsafe_cache_dir_falls_back_to_a_private_temporary_one(tmp_path, monkeypatch):
    real = tmp_path / "elsewhere"
    real.mkdir()
    (tmp_path / "xdg").mkdir()
    os.symlink(real, tmp_path / "xdg" / "lcanalysis")  # a symlink is refused
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    got = T.cache_dir.__wrapped__()
    assert got != tmp_path / "xdg" / "lcanalysis" and got.name.startswith("lcanalysis-")
    assert got.stat().st_mode & 0o777 == 0o700


def test_open_cache_dir_is_closed(tmp_path, monkeypatch):
    target = tmp_path / "lcanalysis"
    target.mkdir(mode=0o777)
    os.chmod(target, 0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert T.cache_dir.__wrapped__() == target
    assert target.stat().st_mode & 0o777 == 0o700


# -- the lexicon ----------------------------------------------------------------------------------
@pytest.mark.parametrize("hmm", [True, False])
def test_every_liaocheng_lexicon_term_survives_whole(report, hmm):
    spans = _spans(lca.tokenize(report, hmm=hmm))
    occ = _occurrences(report)
    # figures from data/lexicon/README.md: the hand list (v1 and 居民人均可支配收入) occurs 942 times
    assert len({t for t, _, _ in occ}) == 658 and len(occ) == 942
    # 人均可支配收入 occurs only inside 居民人均可支配收入, the longer term is the unit
    broken = [(t, a) for t, a, b in occ if (a, b) not in spans]
    assert sorted({t for t, _ in broken}) == ["人均可支配收入"]
    local = lca.lexicon.read_layer("liaocheng-2024")["term"].tolist()
    s = T.term_survival(report, terms=local, hmm=hmm)
    assert len(s) > 300 and (s["broken"] == 0).all()


def test_headline_indicator_stays_whole(report, toks):
    whole = toks[toks["token"] == "居民人均可支配收入"]
    assert len(whole) == report.text.count("居民人均可支配收入") == 2
    plain = T.term_survival(report, terms=["居民人均可支配收入"], lexicon=False)
    assert plain["segmentation"].tolist() == ["居民/人均/可/支配/收入"]


def test_survival_by_document(report, national):
    ref = pd.DataFrame({"doc_id": ["liaocheng-2024"] * 3 + ["national-2024"],
                        "term": ["高质量发展", "居民人均可支配收入", "不在文中的词", "新质生产力"]})
    got = T.survival_by_document({"liaocheng-2024": report, "national-2024": national}, ref,
                                 {"plain": False, "lexicon": True}).set_index(["setting", "doc_id"])
    assert got.loc[("lexicon", "liaocheng-2024"), ["listed", "found", "whole"]].tolist() == [3, 2, 2]
    assert got.loc[("plain", "liaocheng-2024"), "whole"] == 0
    assert got.loc[("lexicon", "all"), "share"] == 1.0
    assert got.loc[("plain", "all"), ["listed", "found", "whole"]].tolist() == [4, 3, 0]


@pytest.mark.parametrize("doc", ["liaocheng-2024", "安徽省-2026"])
def test_term_survival_cuts_only_the_sentences_it_needs_and_gets_the_same_table(report, doc):
    """Without an automatic layer term_survival cuts only the sentences that hold a listed
    term; the table must be the one computed from the whole report's tokens (middle-dot
    terms, the HMM off and plain jieba included)."""
    r = report if doc == "liaocheng-2024" else lca.load_report(
        lca.paths.CORPUS / "provinces-2026" / f"{doc}.txt", doc_id=doc)
    terms = lca.lexicon.read_layer("genre")["term"].tolist()[::7] + list(DOT_TERMS) + ["新质生产力"]
    for lexicon, hmm in ((False, True), ("genre", False), (lca.lexicon.default_for(doc), True)):
        quick = T.term_survival(r, terms=terms, lexicon=lexicon, hmm=hmm)
        full = T.term_survival(r, T.tokenize(r, lexicon=lexicon, hmm=hmm), terms=terms)
        assert len(full) > 20
        pd.testing.assert_frame_equal(quick, full)


def test_middle_dot_terms_survive(toks):
    counts = toks["token"].value_counts()
    assert {t: int(counts.get(t, 0)) for t in DOT_TERMS} == DOT_TERMS


def test_middle_dot_elsewhere_is_left_alone():
    text = "推广聊·诚办，张三·李四"
    ours, default = T.cut(text, doc_id="liaocheng-2024"), T.cut(text, lexicon=False)
    assert [w for w, _, _ in ours[:3]] == ["推广", "聊·诚办", "，"]
    assert [w for w, _, _ in default[:5]] == ["推广", "聊", "·", "诚办", "，"]
    assert ours[3:] == default[5:]  # a dot outside a lexicon term: exactly default jieba
    assert ("·", 9, 10) in ours
    assert all(text[a:b] == w for w, a, b in ours)


def test_default_jieba_breaks_the_reports_vocabulary(report):
    broken = lca.tokens.broken_terms(report).set_index("term")
    # data/lexicon/README.md: 556 of the 657 occurring v1 terms, and 居民人均可支配收入
    assert len(broken) == 557
    assert broken.loc["专精特新", "segmentation"] == "专精/特新"
    assert broken.loc["高效办成一件事", "segmentation"] == "高效/办成/一件/事"
    assert broken.loc["吨半粮", "segmentation"] == "吨/半粮"
    assert broken.loc["新质生产力", "segmentation"] == "新质/生产力"
    assert broken.loc["规上工业增加值", "segmentation"] == "规上/工业/增加值"
    assert broken.loc["聊·诚办", "segmentation"] == "聊/·/诚办"
    assert broken.loc["高效办成一件事", "occurrences"] == broken.loc["高效办成一件事", "broken"] == 4
    assert list(broken.columns) == ["category", "occurrences", "broken", "segmentation"]


def test_survival_summary(report):
    s = lca.tokens.survival_summary(report).set_index("setting")
    assert s.loc["genre + local + automatic layer", "occurrences_whole"] == 940
    assert s.loc["genre + local + automatic layer, no HMM", "share_terms"] == 1.0
    assert s.loc["default jieba", "terms_whole"] == 658 - 557
    # README: default jieba breaks 749 of the 940 occurrences
    assert s.loc["default jieba", "occurrences_whole"] == 940 - 749


def test_pos_tags(report):
    t = lca.tokenize(report, pos=True)
    tags = dict(zip(t["token"], t["pos"]))
    assert tags["专精特新"] == "l" and tags["聊·诚办"] == "nz"  # the lexicon's own tags
    assert tags["6%"] == "m" and tags["2024"] == "m"
    assert tags["，"] == "x"


# -- stopwords and content tokens -----------------------------------------------------------------
def test_stopword_lists():
    iso = T.stopwords(boilerplate=False)
    assert len(iso) == 794
    assert len(T.stopwords()) == 794 + 111  # the lists do not overlap
    assert {"推进", "发展", "建设"} <= T.stopwords() and not {"推进", "发展"} & iso
    assert "的" in iso and "我们" in iso


@pytest.mark.parametrize("boilerplate, kept", [
    (True, ["项目", "PM2.5", "专精特新"]),
    (False, ["发展", "推进", "项目", "PM2.5", "专精特新"]),
])
def test_content_token_rule(boilerplate, kept):
    words = ["发展", "推进", "的", "，", "2024", "5.5%", "新", "项目", "PM2.5", "我们", "专精特新", "“"]
    table = pd.DataFrame({"doc_id": "d", "sentence_id": 1, "position": range(len(words)),
                          "token": words, "start": 0, "end": 0})
    got = T.content_tokens(table, boilerplate=boilerplate)
    assert got["token"].tolist() == kept
    assert got["position"].tolist() == [words.index(w) for w in kept]  # positions kept


def test_content_tokens_checks_its_input():
    with pytest.raises(errors.TableError, match="tokens is missing column"):
        T.content_tokens(pd.DataFrame({"token": ["项目"]}))


def test_tokenize_checks_its_input():
    class Fake:
        doc_id = "x"
        sentences = pd.DataFrame({"text": ["项目"]})

    with pytest.raises(errors.TableError, match=r"report.sentences is missing column\(s\) doc_id"):
        lca.tokenize(Fake())


def _jiebas_and_ours(lexicon):
    """jieba's own Tokenizer and the package's, each with ``lexicon``'s entries added."""
    pair = []
    for cls in (jieba.Tokenizer, T._Tokenizer):
        tok = cls()
        tok.tmp_dir, tok.cache_file = str(T.cache_dir()), f"jieba-{jieba.__version__}.cache"
        with T._quiet_jieba():
            tok.initialize()
            for term, freq, pos in lexicon.entries if lexicon is not None else ():
                tok.add_word(term.replace(T.MIDDLE_DOT, T.PLACEHOLDER), int(freq), pos or None)
        pair.append(tok)
    return pair


@pytest.mark.parametrize("with_lexicon, hmm", [(True, True), (False, False)])
def test_one_pass_word_graph_cuts_as_jieba_does(with_lexicon, hmm):
    # the private tokenizer's get_DAG/calc are a faster form of jieba's: every corpus file is
    # cut into exactly jieba's tokens (the default: genre lexicon and HMM; and neither)
    theirs, ours = _jiebas_and_ours(lca.lexicon.load(("genre",)) if with_lexicon else None)
    files = sorted(lca.paths.CORPUS.rglob("*.txt")) + sorted(lca.paths.RAW.glob("*.txt"))
    assert len(files) > 50
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert [theirs.lcut(t, HMM=hmm) for t in texts] == [ours.lcut(t, HMM=hmm) for t in texts]
    # a graph built elsewhere is scored by jieba's own calc
    dag = theirs.get_DAG("加快发展新质生产力")
    ours.get_DAG("别的句子")
    route_theirs, route_ours = {}, {}
    theirs.calc("加快发展新质生产力", dag, route_theirs)
    ours.calc("加快发展新质生产力", dag, route_ours)
    assert route_theirs == route_ours
