"""Weighted multi-criteria ranking: weights, AHP, normalisation, methods, sensitivity, committee.

Pure package (no streamlit, no sqlalchemy). The application layer (crm_select/services) calls:

- :func:`prepare_decision` (matrix and weights of a scenario), then on the prepared decision
  :func:`rank_prepared`, :func:`compare_prepared`, :func:`committee_prepared`,
  :func:`sensitivity_prepared` and their parts;
- :func:`rank_matrix` / :func:`compare_methods` / :func:`sensitivity_matrix` on a bare matrix.
"""

from __future__ import annotations

from scoring.analysis import (
    CommitteeReport,
    Decision,
    MethodComparison,
    RankedOption,
    RankingResult,
    SensitivityReport,
    Stability,
    committee_prepared,
    compare_methods,
    compare_prepared,
    prepare_decision,
    rank_matrix,
    rank_prepared,
    sensitivity_matrix,
    sensitivity_prepared,
)
from scoring.errors import ScoringError, ScoringWarning
from scoring.method_call import MethodCall

__all__ = [
    "CommitteeReport",
    "Decision",
    "MethodCall",
    "MethodComparison",
    "RankedOption",
    "RankingResult",
    "ScoringError",
    "ScoringWarning",
    "SensitivityReport",
    "Stability",
    "committee_prepared",
    "compare_methods",
    "compare_prepared",
    "prepare_decision",
    "rank_matrix",
    "rank_prepared",
    "sensitivity_matrix",
    "sensitivity_prepared",
]
