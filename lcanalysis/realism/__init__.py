"""Growth-target realism: were the 2024 targets achievable, and were they achieved?

Stage ``realism`` (after ``indicators``): it reads numbers, never types them.
One module per question:

* :mod:`.series` — the national series of targets and first-reported growth,
  read from the national work reports (:func:`select_headline`,
  :func:`national_series`, :func:`wide_series`; the selection rules are in its
  docstring);
* :mod:`.figures` — the external figures of ``data/external/`` and the long
  table ``data/processed/growth_targets.csv`` (:func:`growth_targets`);
* :mod:`.semantics` — what a target's wording commits to (floor, ceiling,
  band, point) and whether an outturn met it (:func:`target_met`);
* :mod:`.ledger` — the 2024 targets against the 2023 results;
* :mod:`.track_record` — how often targets were met;
* :mod:`.premium` — escalation and the regional premium over national growth;
* :mod:`.forecast` — models, rolling-origin back-test, probabilities;
* :mod:`.ex_post` — the scorecard: what happened, where a source says.

Everything the notebooks and tests use is re-exported here, so
``lcanalysis.realism.X`` works for every public name.
"""

from __future__ import annotations

from ._common import (FIGURE_COLUMNS, GROWTH_COLUMNS, KINDS, LEVELS, NOT_AVAILABLE, REGION_ORDER,
                      UNUSABLE_NOTE, _cite, _growth_typed, _report_year)
from .ex_post import STATUSES, ex_post
from .figures import coverage, growth_targets, load_sourced_figures, load_user_figures
from .forecast import (MODEL_NAMES, MODELS, backtest, backtest_scores, combine, contiguous_run,
                       empirical_probability, premium_curve, supported_models, target_errors,
                       first_reported, forecast, prob_at_least, reach_probabilities,
                       simulate_city, target_as_forecast)
from .information import REPORT_DATE, information_set, load_release_dates, source_date
from .ledger import MEASUREMENT, ledger_analysis
from .premium import GAP_COLUMNS, escalation, premium_evidence, premiums, regional_gaps
from .semantics import (CAPPED_INDICATORS, READINGS, SEMANTICS, direction, semantics_column,
                        target_met, target_semantics)
from .series import (DEFAULT_UNITS, KEY_NAMES, SELECT_COLUMNS, national_series, select_headline,
                     wide_series)
from .track_record import target_points, tolerance_sensitivity, track_record, track_summary
