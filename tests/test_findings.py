"""The numbers behind notebook 06's Findings, on small tables whose answers are known."""

import pandas as pd

from lcanalysis import findings


def test_in_context_ranges_leave_out_missing_peers():
    docs = ["focus", "national-2024", "p1", "p2", "p3"]
    f = findings.in_context(
        "focus", ["p1", "p2", "p3"],
        distances=pd.DataFrame({"doc_id": ["p2", "p1", "national-2024"], "distance": [0.3, 0.1, 0.2]}),
        gaps=pd.DataFrame({"topic": [1, 4], "above_all": [True, False]}),
        quantification=pd.DataFrame({"doc_id": docs, "per_1000_chars": [5.0, 4.0, 3.0, 6.0, None]}),
        ambition=pd.DataFrame({"doc_id": ["focus", "p1", "p2"], "target": [5.5, 5.0, 4.5],
                               "ambition": [-0.5, 0.5, -0.2]}),
        language=pd.DataFrame({"doc_id": docs, "hard_share": [0.5, 0.2, 0.1, 0.3, 0.9]}),
        series=pd.DataFrame({"target": [8.0, None, 5.0, 5.0], "qualifier": ["左右", "", "", "以上"]}),
        topic_names={1: "Macroeconomics"})
    assert (f["closest"], f["farthest"]) == ("p1", "p2")
    assert f["above_all"] == ["Macroeconomics"]
    assert f["provinces_numbers"] == (3.0, 6.0)          # p3 has no figure: left out, not filled
    assert f["provinces_ambition"] == (-0.2, 0.5) and f["provinces_below"] == 1
    assert f["provinces_with_ambition"] == 2              # p3 states no target
    assert f["provinces_hard_median"] == 0.3 and f["national_hard_share"] == 0.2
    assert (f["years"], f["years_with_target"]) == (4, 3)
    assert f["qualifiers"] == {"左右": 1, "以上": 1, "区间": 0, "none": 1}
