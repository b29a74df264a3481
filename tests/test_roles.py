"""Review and plan read from the outline (lcanalysis.roles), shared by the notebooks."""
import warnings

import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import paths, roles
from lcanalysis.errors import ReportStructureWarning

PROVINCES = sorted((paths.CORPUS / "provinces-2026").glob("*.txt"))


def _load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return lca.load_report(path, require_outline=False)


def test_liaocheng_review_and_plan(report):
    rp = lca.review_plan(report)
    assert rp.review == ("一",) and rp.plan == ("二", "三") and rp.tasks == "二"
    assert rp.five_year == ()
    assert set(rp.roles.loc[rp.roles["kind"] == "annex", "role"]) == {"annex"}


@pytest.mark.parametrize("path", PROVINCES, ids=lambda p: p.stem)
def test_provinces_review_five_year_plan(path):
    """Every provincial 2026 report reviews in part 一 and gives the five-year goals
    in part 二 (first year of the 15th plan); the plan never includes them."""
    rp = roles.review_plan(_load(path)) if "福建" not in path.stem else None
    if rp is None:
        with pytest.warns(ReportStructureWarning, match="inferred"):
            rp = roles.review_plan(_load(path))
    assert rp.review == ("一",)
    assert rp.five_year == ("二",)
    assert rp.plan[0] == "三" and "二" not in rp.plan
    assert rp.tasks == "三"


def test_shandong_five_year_part_is_not_the_plan():
    rp = roles.review_plan(_load(paths.corpus_file("shandong-2026")))
    assert rp.five_year == ("二",) and rp.plan == ("三",)


def test_national_reports_across_decades():
    rp = roles.review_plan(_load(paths.corpus_file("national-2024")))
    assert rp.review == ("一",) and rp.plan == ("二", "三")
    rp = roles.review_plan(_load(paths.corpus_file("national-2021")))
    assert rp.five_year == ("二",) and rp.plan == ("三",)
    with pytest.warns(ReportStructureWarning, match="follows the review"):
        rp = roles.review_plan(_load(paths.corpus_file("national-1995")))
    assert rp.review == ("一",) and rp.plan == ("二", "三", "四", "五", "六", "七")


def test_no_review_is_said_plainly():
    report = _load(paths.corpus_file("national-1985"))
    rp = roles.review_plan(report)
    assert rp.review == () and rp.plan == ()
    with pytest.raises(roles.AmbiguousRolesError, match="needs a review and a plan part"):
        roles.require(rp, "the review/plan comparison", report.doc_id)
    with pytest.raises(roles.AmbiguousRolesError, match="review/plan comparison"):
        lca.priorities.groups(report, pd.DataFrame({"sentence_id": [], "topic": []}))


def test_overrides_and_unknown_parts(report):
    rp = lca.review_plan(report, plan=("二",))
    assert rp.plan == ("二",) and rp.review == ("一",)
    with pytest.raises(roles.AmbiguousRolesError, match="not in the outline"):
        lca.review_plan(report, review=("九",))


def test_strict_raises_on_inferred_roles():
    with pytest.raises(roles.AmbiguousRolesError, match="inferred"):
        roles.review_plan(_load(paths.CORPUS / "provinces-2026" / "福建省-2026.txt"), strict=True)


def test_use_outputs_redirects_and_restores(tmp_path):
    try:
        root = paths.use_outputs(tmp_path)
        assert paths.FIGURES == root / "figures" and paths.TABLES == root / "tables"
        written = lca.tables.save_processed(pd.DataFrame({"a": [1]}), "x")
        assert written.parent == tmp_path.resolve() / "data" / "processed"
    finally:
        paths.use_outputs(None)
    assert paths.FIGURES == paths.ROOT / "figures"


def test_load_comparison_by_doc_id_and_unknown():
    assert lca.load_comparison("national-2024").doc_id == "national-2024"
    with pytest.raises(FileNotFoundError, match="neither a file nor a doc_id"):
        lca.load_comparison("national-1789")
