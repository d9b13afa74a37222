"""The committee's scores in the decision: applying a revealed round stores the scenario with
that round's raters and scores (and where they came from) as a new version; bringing back an
earlier version's scores (an earlier round, or the file's own) is the undo.

Versions are never changed, so every applied round stays in the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_select.models.scenario import Scenario, ScoresSource
from crm_select.store.access import (
    Actor,
    load_workspace,
    require_facilitator,
    require_writable,
    workspace_rows,
)
from crm_select.store.clock import as_utc, now
from crm_select.store.engine import Database
from crm_select.store.errors import Conflict
from crm_select.store.records import RoundStatus, VersionInfo
from crm_select.store.schema import Round, ScenarioVersion
from crm_select.store.scoring_rounds import _round_row, round_scenario
from crm_select.store.workspaces import (
    _store_version,
    _version_row,
    current_scenario_in,
    parse_scenario,
)


def apply_round(
    db: Database,
    actor: Actor,
    round_number: int | None = None,
    *,
    expected_version: int | None = None,
) -> VersionInfo:
    """Make a revealed (or closed) round's scores the decision's (facilitator only).

    Stores the current scenario with the round's raters and scores and a ``scores_source``
    naming the round, its raters, when it was revealed, who applied it and when, as a new
    version. A blind round cannot be applied (`Conflict`: reveal it first), nor one nobody
    scored. ``expected_version`` turns a concurrent save into `StaleWrite`.
    """
    require_facilitator(actor, "apply a round to the decision")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        number = round_number or ws.current_round
        if not number:
            raise Conflict("scoring has not started; there is no round to apply")
        rnd = _round_row(s, ws.id, number)
        if rnd.status == RoundStatus.OPEN.value or rnd.revealed_at is None:
            raise Conflict(f"round {number} is still blind: reveal it before applying its scores")
        current = current_scenario_in(s, ws).scores_source
        if (
            current is not None
            and (current.workspace, current.round) == (ws.id, number)
            and not current.edited
        ):
            raise Conflict(f"round {number}'s scores are already the decision's")
        scored = round_scenario(s, actor, ws, rnd)
        if not scored.scores:
            raise Conflict(f"nobody scored in round {number}: there is nothing to apply")
        source = ScoresSource(
            workspace=ws.id,
            round=number,
            raters=list(scored.scores),
            revealed_at=as_utc(rnd.revealed_at),
            applied_at=now(),
            applied_by=actor.name or actor.label,
        )
        applied = _with_scores(scored, scored, source)
        return _store_version(
            s,
            actor,
            ws,
            applied,
            f"applied round {number}",
            expected_version,
            "round.apply",
            round=number,
            raters=source.raters,
        )


def restore_scores(
    db: Database, actor: Actor, version: int, *, expected_version: int | None = None
) -> VersionInfo:
    """Bring back the raters, scores and their source of an earlier ``version`` (facilitator).

    Everything else stays as in the current version (weights, options, finance); scores of
    options or criteria the current version no longer rates are left out. Stored as a new
    version, so the applied rounds stay in the history.
    """
    require_facilitator(actor, "change the decision's scores")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        old = parse_scenario(_version_row(s, ws.id, version).scenario_json)
        current = current_scenario_in(s, ws)
        restored = _with_scores(current, old, old.scores_source)
        return _store_version(
            s,
            actor,
            ws,
            restored,
            f"scores of version {version} restored",
            expected_version,
            "scores.restore",
            restored=version,
        )


def _with_scores(base: Scenario, scores_of: Scenario, source: ScoresSource | None) -> Scenario:
    """``base`` with the raters and scores of ``scores_of`` (cells ``base`` rates) and ``source``."""
    options = {o.option_id for o in base.options}
    scales = base.criteria.rating_scales
    scores = {
        rid: {
            o: {
                c: v
                for c, v in cells.items()
                if c in scales and (v is None or scales[c].min <= v <= scales[c].max)
            }
            for o, cells in by_option.items()
            if o in options
        }
        for rid, by_option in scores_of.scores.items()
    }
    data = base.model_dump()
    data["raters"] = [r.model_dump() for r in scores_of.raters]
    data["scores"] = scores
    data["scores_source"] = None if source is None else source.model_dump()
    return Scenario.model_validate(data)


@dataclass(frozen=True)
class ScoreSet:
    """Scores the decision can use: a revealed round's (``round``) or, when ``round`` is None,
    the file's own in version ``version`` (e.g. an example's raters). ``raters`` are the names
    of those who scored; ``at`` is when the round was revealed or the version saved."""

    round: int | None
    version: int | None
    raters: tuple[str, ...]
    at: dt.datetime


def score_sets(db: Database, actor: Actor) -> list[ScoreSet]:
    """What the facilitator can apply: every revealed or closed round that has scores, newest
    first, then the newest version whose scores came from the file itself."""
    with db.read() as s:
        ws = load_workspace(s, actor)
        out: list[ScoreSet] = []
        for r in reversed(workspace_rows(s, actor, Round, Round.number)):
            if r.status == RoundStatus.OPEN.value or r.revealed_at is None:
                continue
            sc = round_scenario(s, actor, ws, r)
            if sc.scores:
                names = tuple(x.name for x in sc.raters)
                out.append(ScoreSet(r.number, None, names, as_utc(r.revealed_at)))
        for v in reversed(workspace_rows(s, actor, ScenarioVersion, ScenarioVersion.number)):
            sc = parse_scenario(v.scenario_json)
            if sc.scores_source is None and sc.scores:
                names = tuple(x.name for x in sc.raters if x.id in sc.scores)
                out.append(ScoreSet(None, v.number, names, as_utc(v.created_at)))
                break
        return out
