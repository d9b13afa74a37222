"""`crm-select workspace weights` and `workspace adopt-weights`: each member's weights beside
the group's (the numbers the board shows), and adopting the decision's weights."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from crm_select.cli.workspace import DbOption, JsonOption, _db, _fail
from crm_select.models.i18n_text import text
from crm_select.models.weights_source import Aggregation
from crm_select.services import workspace as api
from crm_select.services.member_weights import (
    INTERESTS_LEVEL,
    CommitteeWeighting,
    adopt_department_weights,
    adopt_group_weights,
    committee_weighting,
    keep_own_weights,
)

AGGREGATIONS = {
    "aip": Aggregation.AIP_ARITHMETIC,
    "aip-geometric": Aggregation.AIP_GEOMETRIC,
    "aij": Aggregation.AIJ_GEOMETRIC,
}
"""The command line's names of the aggregations the board offers."""
SAID = {
    Aggregation.AIP_ARITHMETIC: "AIP, the arithmetic mean of the members' own priorities",
    Aggregation.AIP_GEOMETRIC: "AIP, the normalised geometric mean of the members' priorities",
    Aggregation.AIJ_GEOMETRIC: "AIJ, the AHP weights of the geometric mean of the members' "
    "pairwise judgements",
}
AggregationOption = Annotated[
    str,
    typer.Option(
        "--aggregation",
        help="aip: the arithmetic mean of the members' priorities (default); aip-geometric: "
        "their normalised geometric mean; aij: the geometric mean of their pairwise judgements "
        "(only when every member who weighed judged pairwise)",
    ),
]


def _aggregation(name: str) -> Aggregation:
    try:
        return AGGREGATIONS[name.strip().lower()]
    except KeyError:
        raise _fail(
            ValueError(f"--aggregation {name!r}: give one of {', '.join(AGGREGATIONS)}")
        ) from None


def _labels(weighting: CommitteeWeighting) -> dict[str, str]:
    out = {g.id.value: g.id.value for g in weighting.tree.groups}
    out |= {c.id: text(c.name, "en") for c in weighting.tree.criteria}
    return out


def _as_json(w: CommitteeWeighting) -> dict[str, Any]:
    return {
        "round": w.round.number,
        "status": w.round.status.value,
        "aggregation": w.aggregation.value,
        "members": w.names,
        "interests": w.interests,
        "effective": w.effective,
        "levels": [
            {
                "level": lv.level,
                "items": list(lv.items),
                "group": None if lv.group is None else lv.group.weights,
                "members": {} if lv.group is None else lv.group.members,
                "spread": {}
                if lv.group is None
                else {
                    k: {"min": s.minimum, "max": s.maximum, "sd": s.sd}
                    for k, s in lv.group.spread.items()
                },
                "distances": {}
                if lv.group is None
                else {d.member: d.distance for d in lv.group.distances},
                "left_out": lv.left_out,
            }
            for lv in w.levels
        ],
        "far": [{"member": f.member, "level": f.level, "distance": f.distance} for f in w.far],
    }


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _print(w: CommitteeWeighting) -> None:
    labels = _labels(w)
    names = w.names
    typer.echo(
        f"weighting round {w.round.number} ({w.round.status.value}); aggregation: "
        f"{SAID[w.aggregation]}"
    )
    typer.echo(f"members: {', '.join(names.values()) or 'nobody yet'}")
    for lv in w.levels:
        title = "interests" if lv.level == INTERESTS_LEVEL else f"criteria of {lv.level}"
        typer.echo(f"\n{title}:")
        if lv.group is None:
            typer.echo("  nobody weighed these; the decision's own weights stay")
            continue
        who = list(lv.group.members)
        head = f"  {'':24}" + "".join(f"{names.get(m, m)[:10]:>11}" for m in who)
        typer.echo(head + f"{'group':>11}{'sd':>9}{'range':>9}")
        for item in lv.items:
            sp = lv.group.spread[item]
            row = f"  {labels.get(item, item)[:24]:24}"
            row += "".join(f"{_pct(lv.group.members[m][item]):>11}" for m in who)
            row += f"{_pct(lv.group.weights[item]):>11}{_pct(sp.sd):>9}{_pct(sp.range):>9}"
            typer.echo(row)
        for m, why in lv.left_out.items():
            typer.echo(f"  left out: {names.get(m, m)} ({why})")
    far = [f"{names.get(f.member, f.member)} ({f.level}: {f.distance:.0%})" for f in w.far]
    typer.echo(f"\nfar from the group: {', '.join(far) or 'nobody'}")
    typer.echo("group's effective weights:")
    for c, x in w.effective.items():
        typer.echo(f"  {labels.get(c, c)[:24]:24}{_pct(x):>9}")


def weights(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    number: Annotated[
        int | None, typer.Option("--round", help="a weighting round (default: the latest)")
    ] = None,
    aggregation: AggregationOption = "aip",
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Each member's weights beside the group's (AIP, or AIJ), the spread, who is far from the
    group."""
    how = _aggregation(aggregation)
    database = _db(db)
    try:
        result = committee_weighting(database, api.Actor.operator(workspace_id), number, how)
    except api.StoreError as e:
        raise _fail(e) from None
    finally:
        database.dispose()
    if result is None:
        raise _fail(ValueError(f"workspace {workspace_id}: no weighting round has been opened"))
    if as_json:
        typer.echo(json.dumps(_as_json(result), indent=2, ensure_ascii=False))
    else:
        _print(result)


def adopt_weights(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    group: Annotated[
        bool, typer.Option("--group", help="the group's weights of the revealed weighting round")
    ] = False,
    department: Annotated[
        str | None, typer.Option("--department", help="this department's weighting set")
    ] = None,
    own: Annotated[bool, typer.Option("--own", help="keep the facilitator's own weights")] = False,
    aggregation: AggregationOption = "aip",
    db: DbOption = None,
) -> None:
    """Adopt the decision's weights (one of --group [--aggregation NAME], --department NAME,
    --own); recorded with the aggregation."""
    if sum((group, department is not None, own)) != 1:
        raise _fail(ValueError("give exactly one of --group, --department NAME, --own"))
    how = _aggregation(aggregation)
    if how is not AGGREGATIONS["aip"] and not group:
        raise _fail(ValueError("--aggregation goes with --group (the members' weights)"))
    database = _db(db)
    op = api.Actor.operator(workspace_id)
    try:
        if group:
            v = adopt_group_weights(database, op, how)
        elif department is not None:
            v = adopt_department_weights(database, op, department)
        else:
            v = keep_own_weights(database, op)
    except api.StoreError as e:
        raise _fail(e) from None
    finally:
        database.dispose()
    typer.echo(f"workspace {workspace_id}: version {v.number} ({v.message})")
