"""Frozen records the service layer returns: plain data, safe to cache and to pass to pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from crm_select.models.errors import Problem
from crm_select.models.i18n_text import Lang


class Role(StrEnum):
    FACILITATOR = "facilitator"
    RATER = "rater"
    OPERATOR = "operator"  # server-side tooling (CLI) with database credentials
    OWNER = "owner"  # the project owner: enters the actuals after go-live (never scores)


class RoundStatus(StrEnum):
    OPEN = "open"
    REVEALED = "revealed"
    CLOSED = "closed"


class Evidence(StrEnum):
    """What a score rests on."""

    DEMO = "demo"
    REFERENCE_CALL = "reference_call"
    RFP_ANSWER = "rfp_answer"
    DOCUMENTATION = "documentation"
    OTHER = "other"


@dataclass(frozen=True)
class Imported:
    """Result of `import_workspace`: the new workspace, and for a file not marked trusted the
    admin code and join tokens issued anew (show them once: only their hashes are stored)."""

    workspace_id: str
    admin_code: str | None
    tokens: dict[str, str]
    repairs: tuple[Problem, ...] = ()


class Created(NamedTuple):
    """Result of `create_workspace`; show ``admin_code`` once, only its hash is stored."""

    workspace_id: str
    admin_code: str


@dataclass(frozen=True)
class Cell:
    option: str
    criterion: str


@dataclass(frozen=True)
class WorkspaceInfo:
    id: str
    name: str
    titles: dict[Lang, str]  # the decision's name in each language (``name``: its own language)
    created_at: dt.datetime
    created_by: str
    locked: bool
    weights_locked: bool
    current_version: int
    current_round: int
    round_status: RoundStatus | None
    discussion: Cell | None
    raters: int

    def title(self, lang: Lang) -> str:
        """The decision's name in ``lang``."""
        return self.titles[lang]


@dataclass(frozen=True)
class VersionInfo:
    number: int
    author: str
    message: str
    created_at: dt.datetime


@dataclass(frozen=True)
class RaterInfo:
    id: str
    name: str
    department: str
    role: Role
    email: str | None
    has_token: bool
    awaited: bool = False
    """a rater with a join link or an e-mail to sign in with: rounds wait for their scores"""


@dataclass(frozen=True)
class RoundInfo:
    number: int
    status: RoundStatus
    opened_at: dt.datetime
    revealed_at: dt.datetime | None
    closed_at: dt.datetime | None


@dataclass(frozen=True)
class ScoreRecord:
    """One cell; pass ``version`` back as ``expected_version`` when changing it."""

    round: int
    rater_id: str
    option: str
    criterion: str
    value: float | None
    evidence: Evidence | None
    note: str
    version: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class RaterStatus:
    """Progress of one rater in a round, for the facilitator's "who has submitted" list."""

    rater_id: str
    name: str
    department: str
    filled: int
    total: int
    submitted_at: dt.datetime | None

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


@dataclass(frozen=True)
class ScoreChange:
    """A cell whose value differs between two rounds (``None`` = not scored)."""

    rater_id: str
    option: str
    criterion: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class CommentRecord:
    id: int
    round: int
    option: str
    criterion: str
    rater_id: str | None
    author: str
    body: str
    created_at: dt.datetime


@dataclass(frozen=True)
class WeightingSetRecord:
    department: str
    weights: dict[str, float]
    version: int
    updated_by: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class MemberWeightsRecord:
    """One member's weights of one level in a weighting round: direct ``points`` or pairwise
    ``judgements`` (a, b, how much more a matters than b); pass ``version`` back as
    ``expected_version`` when changing them."""

    round: int
    rater_id: str
    level: str
    points: dict[str, float] | None
    judgements: tuple[tuple[str, str, float], ...] | None
    version: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class AuditRecord:
    id: int
    actor: str
    action: str
    payload: dict[str, Any] = field(default_factory=dict)
    at: dt.datetime | None = None
