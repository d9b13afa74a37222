"""Weighted multi-criteria ranking: weights, AHP, normalisation, methods, sensitivity, committee.

Pure package (no streamlit, no sqlalchemy). Entry points for the UI and the CLI:

- :func:`rank_decision` / :func:`compare_decision` / :func:`committee_report` on a scenario;
- :func:`sensitivity_decision` (stability intervals, minimal change, OAT sweep, SMAA);
- :func:`rank_matrix` / :func:`compare_methods` on a bare matrix.
"""

from __future__ import annotations

from scoring.analysis import (
    CommitteeReport,
    Decision,
    MethodComparison,
    RankingResult,
    SensitivityReport,
    committee_report,
    compare_decision,
    compare_methods,
    prepare_decision,
    rank_decision,
    rank_matrix,
    sensitivity_decision,
    sensitivity_matrix,
)
from scoring.errors import ScoringError, ScoringWarning

__all__ = [
    "CommitteeReport",
    "Decision",
    "MethodComparison",
    "RankingResult",
    "ScoringError",
    "ScoringWarning",
    "SensitivityReport",
    "committee_report",
    "compare_decision",
    "compare_methods",
    "prepare_decision",
    "rank_decision",
    "rank_matrix",
    "sensitivity_decision",
    "sensitivity_matrix",
]
