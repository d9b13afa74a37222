"""Helpers for the live committee pages: who is acting, names, cached measures, tables, charts.

Pages stay thin: they authenticate through :func:`board_actor` / :func:`rater_actor`, ask
store/ for data, scoring/ for analysis, and draw what these helpers return.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd
import streamlit as st

from crm_select.models.scenario import Scenario
from crm_select.reports.chart_specs import names_axis, rows_height
from crm_select.services.committee import workspace_committee
from crm_select.services.workspace import (
    Actor,
    Cell,
    Database,
    Role,
    ScoreRecord,
    StoreError,
    add_comment,
    comments,
    raters,
)
from crm_select.ui.cache import catalog
from crm_select.ui.i18n import lang, t
from crm_select.ui.plain_text import plain
from scoring.analysis import CommitteeReport, RankingResult
from scoring.committee import CellSpread

RATER_PAGE = "committee_rate"
BOARD_PAGE = "committee_board"
AFTER_PAGE = "after_go_live"

# --- who is acting -------------------------------------------------------------------------


def local_facilitator(db: Database, local: Actor) -> Actor:
    """In local mode the operator runs the board as the workspace's facilitator.

    The facilitator's rater id is needed to comment; the operator (who holds the database
    anyway) acts in the facilitator's name.
    """
    for r in raters(db, local):
        if r.role is Role.FACILITATOR:
            return Actor(local.workspace_id, r.id, Role.FACILITATOR, r.name)
    return local


def page_link(page: str, **params: str) -> str:
    """Absolute link to another page of this app (relative if the browser URL is unknown)."""
    url = st.context.url or ""
    base = url.rstrip("/")
    for known in (BOARD_PAGE, RATER_PAGE, AFTER_PAGE):
        if base.endswith(f"/{known}"):
            base = base[: -len(known) - 1]
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{base}/{page}?{query}" if base else f"{page}?{query}"


def join_link(workspace: str, token: str) -> str:
    """A rater's join link: their scoring form, in the language the facilitator works in now
    (``lang=``; the rater can switch it)."""
    return page_link(RATER_PAGE, ws=workspace, token=token, lang=lang())


def owner_link(workspace: str, token: str) -> str:
    """A project owner's join link: the After go-live page, in the facilitator's language."""
    return page_link(AFTER_PAGE, ws=workspace, token=token, lang=lang())


# --- names -------------------------------------------------------------------------------


def group_of(scenario: Scenario) -> dict[str, str]:
    """Criterion id -> its interest group's translated name."""
    return {c.id: t(f"group.{g.id.value}") for g in scenario.criteria.groups for c in g.criteria}


# --- analysis ------------------------------------------------------------------------------


def committee(db: Database, actor: Actor) -> CommitteeReport | None:
    """Consensus, agreement and rankings of the current round; None if nothing is scored."""
    return workspace_committee(db, actor, catalog())


def discussion_thread(
    db: Database,
    actor: Actor,
    cell: Cell,
    names: Mapping[str, str],
    labels: tuple[Mapping[str, str], Mapping[str, str]],
    *,
    writable: bool,
    key: str,
) -> None:
    """The cell open for discussion: its heading, the comments so far, and a comment form.

    ``names`` maps rater ids to display names, ``labels`` (options, criteria) ids to names;
    after a post the page reruns, and a refusal stays on screen.
    """
    options, criteria = labels
    st.markdown(
        "**"
        + t(
            "committee.discussion.open",
            option=plain(options.get(cell.option, cell.option)),
            criterion=plain(criteria.get(cell.criterion, cell.criterion)),
        )
        + "**"
    )
    notes = comments(db, actor, cell.option, cell.criterion)
    if not notes:
        st.caption(t("committee.discussion.none"))
    for c in notes:
        st.markdown(
            f"**{plain(names.get(c.author, c.author))}** · {t('committee.discussion.round', n=c.round)}"
        )
        st.text(c.body)
    if not writable:
        return
    with st.form(key, clear_on_submit=True):
        body = st.text_area(t("committee.discussion.comment"), max_chars=5000)
        if st.form_submit_button(t("committee.discussion.post")) and body.strip():
            try:
                add_comment(db, actor, cell.option, cell.criterion, body)
            except StoreError as e:
                st.error(t("committee.refused", reason=str(e)))
            else:
                st.rerun()


# --- tables and charts -----------------------------------------------------------------------


def score_frame(
    records: Iterable[ScoreRecord], options: list[str], criteria: list[str]
) -> pd.DataFrame:
    """Options (rows) x criteria (columns) of one rater's values, NaN where not scored."""
    df = pd.DataFrame(index=options, columns=criteria, dtype=float)
    for r in records:
        if r.option in df.index and r.criterion in df.columns and r.value is not None:
            df.loc[r.option, r.criterion] = r.value
    return df


def spread_frame(
    spreads: Iterable[CellSpread], options: Mapping[str, str], criteria: Mapping[str, str]
) -> pd.DataFrame:
    """Disagreement cells as a table (largest standard deviation first)."""
    return pd.DataFrame(
        [
            {
                "option_id": s.option,
                "criterion_id": s.criterion,
                "option": options.get(s.option, s.option),
                "criterion": criteria.get(s.criterion, s.criterion),
                "n": s.n,
                "mean": s.mean,
                "std": s.std,
                "min": s.min,
                "max": s.max,
            }
            for s in spreads
        ]
    )


def dispersion_heatmap(frame: pd.DataFrame) -> alt.Chart:
    """Criterion x option heatmap of the raters' standard deviation (darker = more disagreement)."""
    return (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X(
                "option:N",
                title=t("committee.chart.option"),
                sort=None,
                axis=names_axis(slanted=True),
            ),
            y=alt.Y(
                "criterion:N",
                title=None,
                sort=None,
                axis=names_axis(),
            ),
            color=alt.Color(
                "std:Q",
                title=t("committee.chart.std"),
                scale=alt.Scale(scheme="orangered", domainMin=0),
            ),
            tooltip=[
                alt.Tooltip("option:N", title=t("committee.chart.option")),
                alt.Tooltip("criterion:N", title=t("committee.chart.criterion")),
                alt.Tooltip("std:Q", title=t("committee.chart.std"), format=".2f"),
                alt.Tooltip("mean:Q", title=t("committee.chart.mean"), format=".2f"),
                alt.Tooltip("n:Q", title=t("committee.chart.n")),
            ],
        )
        .properties(height=rows_height(frame["criterion"]))
    )


def ranking_frame(result: RankingResult, names: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                t("committee.col.rank"): row.rank,
                t("committee.col.option"): names.get(row.option, row.option),
                t("committee.col.score"): round(row.score, 3),
            }
            for row in result.ranking()
        ]
    )


def ranks_by_option(results: Mapping[str, RankingResult], names: Mapping[str, str]) -> pd.DataFrame:
    """Option (rows) x ranking (columns): the rank each ranking gives the option."""
    first = next(iter(results.values()))
    order = [row.option for row in first.ranking()]
    df = pd.DataFrame(
        {label: {row.option: row.rank for row in res.ranking()} for label, res in results.items()}
    ).reindex(order)
    df.index = pd.Index([names.get(o, o) for o in order], name=t("committee.col.option"))
    return df


def rank_columns(results: Mapping[str, RankingResult], names: Mapping[str, str]) -> pd.DataFrame:
    """Rank position (rows) x ranking (columns): which option each ranking puts where."""
    cols = {
        label: [names.get(row.option, row.option) for row in res.ranking()]
        for label, res in results.items()
    }
    n = max((len(v) for v in cols.values()), default=0)
    df = pd.DataFrame({k: v + [""] * (n - len(v)) for k, v in cols.items()})
    df.index = pd.RangeIndex(1, n + 1, name=t("committee.col.rank"))
    return df
