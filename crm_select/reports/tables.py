"""The decision's results as named pandas DataFrames with translated headers.

One function, :func:`build_tables`, builds every table from a :class:`ReportData`; CSV,
Excel, HTML and PDF all take their tables from here, so no table logic is duplicated.
Values stay numeric (money in the scenario currency, shares as fractions); each table says
how its columns are formatted (``kinds``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from crm_select.locales import day, money, number, percent, period, translate
from crm_select.locales.warning_text import (
    named_detail,
    named_where,
    price_check_text,
    warning_text,
)
from crm_select.models.criteria import RatingScale
from crm_select.models.decision import price_field
from crm_select.models.i18n_text import Lang, text
from crm_select.models.realisation import KPI_UNITS
from crm_select.reports.assumptions import register
from crm_select.reports.option_risks import FACTS, fact_labels
from crm_select.reports.provenance import (
    scenario_scores_provenance,
    scenario_weights_provenance,
)
from crm_select.reports.report_data import ReportData, in_report_language
from finance.comparison import METRICS, FinanceComparison
from finance.conventions import benefit_reading
from finance.costs import CATEGORIES
from finance.fit import LeverShare, lever_breakdown
from finance.sensitivity import TornadoRow
from scoring.confidence import Confidence
from scoring.confidence import group_label as confidence_group

Kind = Literal["text", "money", "percent", "score", "number", "int", "count", "years", "code"]
Mark = Literal["better", "worse"]

#: Sheets in workbook order; each table names the sheet it belongs to.
SHEETS: tuple[str, ...] = (
    "summary",
    "criteria",
    "weighted_sum",
    "scores",
    "methods",
    "sensitivity",
    "confidence",
    "tco",
    "roi",
    "risks",
    "assumptions",
    "sources",
    "realisation",
)


@dataclass
class Table:
    """One table: a stable ``key`` (CSV file name), its sheet, a translated title and data.

    ``kinds`` maps a column position to how its numbers are shown; unlisted columns are text.
    ``heatmap`` marks a score matrix (a colour scale over the numeric block).
    """

    key: str
    sheet: str
    title: str
    df: pd.DataFrame
    kinds: dict[int, Kind] = field(default_factory=dict)
    heatmap: bool = False
    note: str = ""
    marks: dict[tuple[int, int], Mark] = field(default_factory=dict)
    """Highlighted cells, (row, column) -> better or worse than a baseline."""
    cell_kinds: dict[tuple[int, int], Kind] = field(default_factory=dict)
    """Kinds of single cells, (row, column) -> kind, over the column's (a column of mixed
    values such as the assumptions register's)."""

    def kind(self, row: int, col: int) -> Kind:
        """How the cell at (row, column) is shown."""
        return self.cell_kinds.get((row, col), self.kinds.get(col, "text"))


def tr(lang: Lang) -> Callable[..., str]:
    """``t(key, **fmt)`` over the ``report.`` keys of one language."""

    def t(key: str, **fmt: object) -> str:
        return translate(f"report.{key}", lang, **fmt)

    return t


def _f(v: Any) -> float | None:
    """A finite float or None."""
    if v is None:
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if np.isfinite(x) else None


def _stat(d: dict[str, Any], key: str) -> float | None:
    return _f(d.get(key))


def delivery_label(value: str, lang: Lang) -> str:
    return translate(f"delivery.{value}", lang)


def strategy_label(value: str, lang: Lang) -> str:
    return translate(f"report.strategy.{value}", lang)


def group_label(value: str, lang: Lang) -> str:
    return translate(f"group.{value}", lang)


def category_label(value: str, lang: Lang) -> str:
    return translate(f"report.category.{value}", lang)


# --- the tables --------------------------------------------------------------------------


def summary_table(data: ReportData, lang: Lang) -> Table:
    t = tr(lang)
    rows = []
    for r in data.ranking.ranking():
        oid = r.option
        ro = data.option(oid)
        sim = data.sim_option(oid)
        rows.append(
            [
                r.rank,
                data.option_name(oid),
                delivery_label(ro.option.delivery_type.value, lang),
                strategy_label(ro.strategy.value, lang),
                r.score,
                sim.tco,
                _stat(sim.npv, "p50"),
                _f(sim.p_npv_positive),
                _stat(sim.discounted_payback, "p50"),
            ]
        )
    cols = [
        t("col.rank"),
        t("col.option"),
        t("col.delivery"),
        t("col.strategy"),
        t("col.score"),
        t("col.tco"),
        t("col.npv_p50"),
        t("col.p_npv_positive"),
        t("col.payback_p50"),
    ]
    kinds: dict[int, Kind] = {
        0: "int",
        4: "score",
        5: "money",
        6: "money",
        7: "percent",
        8: "years",
    }
    return Table("summary", "summary", t("table.summary"), pd.DataFrame(rows, columns=cols), kinds)


def criteria_table(data: ReportData, lang: Lang) -> Table:
    t = tr(lang)
    dm = data.decision.matrix
    tw = data.decision.tree
    rows = []
    for g in data.scenario.criteria.groups:
        for c in g.criteria:
            used = c.id in data.ranking.weights
            rows.append(
                [
                    group_label(g.id.value, lang),
                    c.id,
                    text(c.name, lang),
                    t(f"direction.{c.direction.value}"),
                    t(f"source.{dm.source[c.id]}") if c.id in dm.source else t("source.dropped"),
                    _f(tw.effective.get(c.id)),
                    data.ranking.weights.get(c.id, 0.0) if used else 0.0,
                ]
            )
    cols = [
        t("col.group"),
        t("col.criterion_id"),
        t("col.criterion"),
        t("col.direction"),
        t("col.source"),
        t("col.weight_tree"),
        t("col.weight"),
    ]
    return Table(
        "criteria",
        "criteria",
        t("table.criteria", method=data.scenario.criteria.method.value),
        pd.DataFrame(rows, columns=cols),
        {5: "percent", 6: "percent"},
        note=scenario_weights_provenance(data.scenario, lang),
    )


def anchors_table(data: ReportData, lang: Lang) -> Table | None:
    """What the points of each rated criterion's scale mean (the anchors raters scored by);
    None when no scale is anchored."""
    t = tr(lang)
    rows = [
        [
            text(c.name, lang),
            number(a.value, lang, 0 if a.value.is_integer() else 1),
            text(a.text, lang),
        ]
        for c in data.scenario.criteria.rated
        if isinstance(c.scale, RatingScale)
        for a in sorted(c.scale.anchors, key=lambda a: a.value)
    ]
    if not rows:
        return None
    cols = [t("col.criterion"), t("col.anchor_point"), t("col.anchor_text")]
    return Table("anchors", "criteria", t("table.anchors"), pd.DataFrame(rows, columns=cols))


def groups_table(data: ReportData, lang: Lang) -> Table:
    t = tr(lang)
    rows = [[group_label(g, lang), share] for g, share in data.ranking.groups.items()]
    return Table(
        "groups",
        "criteria",
        t("table.groups"),
        pd.DataFrame(rows, columns=[t("col.group"), t("col.share")]),
        {1: "percent"},
    )


def balance_table(data: ReportData, lang: Lang) -> Table:
    t = tr(lang)
    parts = data.contributions
    groups = [g.id.value for g in data.scenario.criteria.groups]
    rows = [
        [data.option_name(r.option)] + [parts[r.option].get(g, 0.0) for g in groups]
        for r in data.ranking.ranking()
    ]
    cols = [t("col.option")] + [group_label(g, lang) for g in groups]
    return Table(
        "balance",
        "summary",
        t("table.balance"),
        pd.DataFrame(rows, columns=cols),
        dict.fromkeys(range(1, len(cols)), "score"),
    )


def matrix_table(data: ReportData, lang: Lang) -> Table:
    """The decision matrix: raters' consensus and measured values, criteria x options."""
    t = tr(lang)
    dm = data.decision.matrix
    rows = []
    for j, c in enumerate(dm.criteria):
        rows.append(
            [data.criterion_name(c, lang), t(f"source.{dm.source[c]}")]
            + [float(dm.values[i, j]) for i in range(len(dm.options))]
        )
    cols = [t("col.criterion"), t("col.source")] + [data.option_name(o) for o in dm.options]
    return Table(
        "scores_consensus",
        "scores",
        t("table.scores_consensus"),
        pd.DataFrame(rows, columns=cols),
        dict.fromkeys(range(2, len(cols)), "number"),
        heatmap=True,
    )


def rater_tables(data: ReportData, lang: Lang) -> list[Table]:
    t = tr(lang)
    cons = data.decision.matrix.consensus
    if cons is None:
        return []
    tensor = cons.tensor
    out = []
    for ri, rater in enumerate(tensor.raters):
        rows = []
        for j, c in enumerate(tensor.criteria):
            vals = [_f(tensor.values[ri, i, j]) for i in range(len(tensor.options))]
            rows.append([data.criterion_name(c, lang), *vals])
        cols = [t("col.criterion")] + [data.option_name(o) for o in tensor.options]
        out.append(
            Table(
                f"scores_rater_{rater}",
                "scores",
                t("table.scores_rater", rater=data.rater_name(rater)),
                pd.DataFrame(rows, columns=cols),
                dict.fromkeys(range(1, len(cols)), "number"),
                heatmap=True,
            )
        )
    return out


def committee_table(data: ReportData, lang: Lang) -> Table:
    t = tr(lang)
    com = data.committee
    outliers = {o.rater: o for o in com.outliers}
    options = list(com.consensus_ranking.options)
    rows: list[list[str | float | int | None]] = []
    for rid, res in com.rater_rankings.items():
        r = next((x for x in data.scenario.raters if x.id == rid), None)
        o = outliers.get(rid)
        row: list[str | float | int | None] = [
            data.rater_name(rid),
            r.department if r else "",
            data.option_name(res.winner),
        ]
        row += [int(res.ranks[options.index(oid)]) for oid in options]
        row += [o.deviation if o else None, t("yes") if o and o.outlier else t("no")]
        rows.append(row)
    cols = (
        [t("col.rater"), t("col.department"), t("col.own_winner")]
        + [data.option_name(oid) for oid in options]
        + [t("col.deviation"), t("col.outlier")]
    )
    kinds: dict[int, Kind] = dict.fromkeys(range(3, 3 + len(options)), "int")
    kinds[3 + len(options)] = "percent"
    w = com.overall_w
    agreement = t("note.kendall", w=f"{w:.2f}") if w is not None else ""
    note = " ".join(x for x in (scenario_scores_provenance(data.scenario, lang), agreement) if x)
    return Table(
        "committee",
        "scores",
        t("table.committee"),
        pd.DataFrame(rows, columns=cols),
        kinds,
        note=note,
    )


def methods_table(data: ReportData, lang: Lang) -> Table:
    t = tr(lang)
    res = data.methods.results
    options = list(data.ranking.options)
    rows = []
    for oid in sorted(options, key=lambda o: int(data.ranking.ranks[options.index(o)])):
        row: list[Any] = [data.option_name(oid)]
        for r in res.values():
            row.append(int(r.ranks[list(r.options).index(oid)]))
        for r in res.values():
            row.append(float(r.scores[list(r.options).index(oid)]))
        rows.append(row)
    names = [t(f"method.{m}") for m in res]
    cols = (
        [t("col.option")]
        + [t("col.rank_by", method=n) for n in names]
        + [t("col.score_by", method=n) for n in names]
    )
    k = len(res)
    kinds: dict[int, Kind] = {
        **dict.fromkeys(range(1, 1 + k), "int"),
        **dict.fromkeys(range(1 + k, 1 + 2 * k), "score"),
    }
    notes = "; ".join(
        f"{t(f'method.{m}')}: {translate(f'ranking.norm_{r.normalisation}', lang)}"
        for m, r in res.items()
    )
    return Table(
        "methods",
        "methods",
        t("table.methods"),
        pd.DataFrame(rows, columns=cols),
        kinds,
        note=t("note.normalisation", detail=notes),
    )


def sensitivity_tables(data: ReportData, lang: Lang) -> list[Table]:
    """Stability intervals of the weights and rank acceptability (SMAA)."""
    t = tr(lang)
    s = data.stability
    out: list[Table] = []
    if s.intervals:
        rows = [
            [
                data.criterion_name(iv.criterion, lang),
                iv.weight,
                iv.lower,
                iv.upper,
                data.option_name(iv.winner_below) if iv.winner_below else "",
                data.option_name(iv.winner_above) if iv.winner_above else "",
            ]
            for iv in s.intervals
        ]
        cols = [
            t("col.criterion"),
            t("col.weight"),
            t("col.weight_low"),
            t("col.weight_high"),
            t("col.winner_below"),
            t("col.winner_above"),
        ]
        mc = s.minimal_change
        note = (
            t(
                "note.minimal_change",
                criterion=data.criterion_name(mc.criterion, lang),
                before=f"{mc.from_weight:.1%}",
                after=f"{mc.to_weight:.1%}",
                option=data.option_name(mc.new_winner),
            )
            if mc
            else t("note.no_minimal_change")
        )
        out.append(
            Table(
                "stability",
                "sensitivity",
                t("table.stability", winner=data.option_name(data.winner)),
                pd.DataFrame(rows, columns=cols),
                {1: "percent", 2: "percent", 3: "percent"},
                note=note,
            )
        )
    sm = data.acceptability
    acc = np.asarray(sm.acceptability)
    rows = [[data.option_name(o)] + [float(x) for x in acc[i]] for i, o in enumerate(sm.options)]
    n = acc.shape[1]
    cols = [t("col.option")] + [t("col.rank_n", n=k + 1) for k in range(n)]
    out.append(
        Table(
            "acceptability",
            "sensitivity",
            t("table.acceptability"),
            pd.DataFrame(rows, columns=cols),
            dict.fromkeys(range(1, n + 1), "percent"),
            heatmap=True,
            note=t(
                "note.smaa",
                samples=number(sm.samples, lang),
                seed=sm.seed,
                noise=t(f"note.noise_{sm.score_noise}"),
            ),
        )
    )
    return out


def confidence_tables(data: ReportData, lang: Lang) -> list[Table]:
    """The report's decision-confidence tables (none when the report has no confidence run)."""
    if data.confidence is None:
        return []
    return decision_confidence_tables(data.confidence, data.option_name, lang)


def decision_confidence_tables(
    conf: Confidence, option_name: Callable[[str], str], lang: Lang
) -> list[Table]:
    """Decision confidence: rank acceptability with P(highest NPV) and the mean NPV, the paired
    comparisons and the value of information per input group (the workbook's Confidence sheet,
    the report, the Ranking page's Confidence tab)."""
    t = tr(lang)
    j, opts = conf.joint, conf.options
    m = len(opts)
    ranks = [t("col.rank_n", n=r + 1) for r in range(m)]
    cols = [t("col.option"), *ranks, translate("confidence.p_best_npv", lang),
            translate("confidence.npv_mean", lang)]  # fmt: skip
    rows = [
        [
            option_name(o),
            *(float(p) for p in j.acceptability[i]),
            conf.npv.p_best[o],
            conf.npv_mean[o],
        ]
        for i, o in enumerate(opts)
    ]
    kinds: dict[int, Kind] = dict.fromkeys(range(1, m + 2), "percent")
    kinds[m + 2] = "money"
    note = t("note.confidence", n=number(conf.trials, lang), seed=conf.seed)
    pair_cols = ["A", "B", translate("confidence.p_a_better", lang),
                 translate("confidence.mean_difference", lang), "P5", "P95",
                 translate("confidence.ranked_above", lang)]  # fmt: skip
    pairs = [
        [
            option_name(p.a),
            option_name(p.b),
            p.p_a_better,
            p.mean,
            p.quantiles[0.05],
            p.quantiles[0.95],
            float(j.above[opts.index(p.a), opts.index(p.b)]),
        ]
        for i, a in enumerate(opts)
        for p in (conf.npv.pair(a, b) for b in opts[i + 1 :])
    ]
    voi_cols = [translate(f"confidence.{k}", lang)
                for k in ("uncertainty", "evppi", "gain", "flip_probability", "winner_low")]  # fmt: skip
    voi = [
        [
            confidence_group(conf, g.key, lang, {o: option_name(o) for o in conf.options}),
            None if g.money is None else g.money.evppi,
            g.decision.evppi,
            g.decision.flip_probability,
            option_name(g.decision.low.winner),
        ]
        for g in sorted(conf.groups, key=lambda g: -(g.money.evppi if g.money else 0.0))
    ]
    return [
        Table("confidence_ranks", "confidence", t("table.confidence_ranks"),
              pd.DataFrame(rows, columns=cols), kinds, heatmap=True, note=note),
        Table("confidence_pairs", "confidence", t("table.confidence_pairs"),
              pd.DataFrame(pairs, columns=pair_cols),
              {2: "percent", 3: "money", 4: "money", 5: "money", 6: "percent"},
              note=translate("confidence.pairs_help", lang)),
        Table("confidence_voi", "confidence", t("table.confidence_voi"),
              pd.DataFrame(voi, columns=voi_cols), {1: "money", 2: "percent", 3: "percent"},
              note=translate("confidence.voi_help", lang,
                             evpi=money(conf.card.evpi, conf.currency, lang))),
    ]  # fmt: skip


def tco_table(data: ReportData, lang: Lang) -> Table:
    t = tr(lang)
    years = data.base[data.option_ids[0]].years
    rows = []
    for oid in data.option_ids:
        cats = data.sim_option(oid).tco_by_category
        for cat in CATEGORIES:
            vals = [float(v) for v in cats.get(cat, [0.0] * len(years))]
            if not any(vals):
                continue
            rows.append([data.option_name(oid), category_label(cat, lang), *vals, sum(vals)])
        total = [sum(float(cats[c][y]) for c in cats) for y in range(len(years))]
        rows.append([data.option_name(oid), t("total"), *total, sum(total)])
    cols = (
        [t("col.option"), t("col.category")]
        + [t("col.year", y=y) for y in years]
        + [t("col.total")]
    )
    src = t("note.tco_mean", trials=data.trials)
    return Table(
        "tco",
        "tco",
        t("table.tco"),
        pd.DataFrame(rows, columns=cols),
        dict.fromkeys(range(2, len(cols)), "money"),
        note=src,
    )


def tco_totals_table(data: ReportData, lang: Lang) -> Table:
    """Options x categories totals over the horizon (the stacked TCO chart's data)."""
    t = tr(lang)
    by_option = {o: data.sim_option(o).tco_by_category for o in data.option_ids}
    cats = [c for c in CATEGORIES if any(sum(v.get(c, [0.0])) for v in by_option.values())]
    rows = [[data.option_name(o)] + [float(sum(v[c])) for c in cats] for o, v in by_option.items()]
    cols = [t("col.option")] + [category_label(c, lang) for c in cats]
    return Table(
        "tco_totals",
        "tco",
        t("table.tco_totals"),
        pd.DataFrame(rows, columns=cols),
        dict.fromkeys(range(1, len(cols)), "money"),
    )


def roi_table(data: ReportData, lang: Lang) -> Table:
    """One row per option: P5 / P50 / P95 of NPV, ROI, risk-adjusted ROI, IRR and payback."""
    t = tr(lang)
    metrics: list[tuple[str, str, Kind]] = [
        ("npv", "metric.npv", "money"),
        ("roi", "metric.roi", "percent"),
        ("risk_adjusted_roi", "metric.risk_adjusted_roi", "percent"),
        ("irr", "metric.irr", "percent"),
        ("discounted_payback", "metric.payback", "years"),
    ]
    cols = [t("col.option")]
    kinds: dict[int, Kind] = {}
    for _attr, label, kind in metrics:
        for p in ("P5", "P50", "P95"):
            kinds[len(cols)] = kind
            cols.append(f"{t(label)} {p}")
    kinds[len(cols)] = "money"
    cols.append(f"{t('metric.npv')} {t('col.mean')}")
    kinds[len(cols)] = "money"
    cols.append(f"{t('metric.npv')}: {t('col.base_case')}")
    rows = []
    for oid in data.option_ids:
        sim = data.sim_option(oid)
        base = data.base[oid]
        row: list[Any] = [data.option_name(oid)]
        for attr, _label, _kind in metrics:
            d = getattr(sim, attr)
            row += [_stat(d, "p5"), _stat(d, "p50"), _stat(d, "p95")]
        row += [_stat(sim.npv, "mean"), _f(base.npv)]
        rows.append(row)
    return Table(
        "roi",
        "roi",
        t("table.roi"),
        pd.DataFrame(rows, columns=cols),
        kinds,
        note=t("note.roi", reading=benefit_reading(data.scenario, lang, short=False)),
    )


def comparison_table(c: FinanceComparison, option_name: Callable[[str], str], lang: Lang) -> Table:
    """Finance scenarios side by side (:mod:`finance.comparison`): a row per option and
    scenario, the figures that differ from the baseline's marked better or worse, and the
    change of NPV P50 from the baseline (the page, the report and the workbook show this)."""
    t = tr(lang)
    cols = [t("col.option"), t("compare.scenario")]
    kinds: dict[int, Kind] = {}
    for m in METRICS:
        kinds[len(cols)] = m.kind
        cols.append(t(f"compare.{m.name}"))
    kinds[len(cols)] = "money"
    cols.append(t("compare.change_npv_p50"))
    rows: list[list[Any]] = []
    marks: dict[tuple[int, int], Mark] = {}
    for oid in c.option_ids:
        for name in c.scenarios:
            f = c.figures[name][oid]
            for i, m in enumerate(METRICS):
                verdict = c.verdict(name, oid, m.name)
                if verdict != "same":
                    marks[(len(rows), 2 + i)] = verdict
            label = name or t("compare.current")
            if name == c.baseline:
                label = t("compare.baseline_label", name=label)
            rows.append(
                [
                    option_name(oid),
                    label,
                    *(f.value(m.name) for m in METRICS),
                    c.change(name, oid, "npv_p50"),
                ]
            )
    note = t(
        "compare.note",
        trials=number(c.trials, lang),
        seed=c.seed,
        baseline=c.baseline or t("compare.current"),
    )
    return Table(
        "finance_scenarios",
        "roi",
        t("table.finance_scenarios"),
        pd.DataFrame(rows, columns=cols),
        kinds,
        note=note,
        marks=marks,
    )


def finance_scenarios_table(data: ReportData, lang: Lang) -> Table | None:
    """The kept finance scenarios side by side; None when the decision keeps none."""
    c = data.finance_comparison
    return None if c is None else comparison_table(c, data.option_name, lang)


def risk_table(data: ReportData, lang: Lang) -> Table:
    t = tr(lang)
    rows = []
    for oid in data.option_ids:
        sim = data.sim_option(oid)
        sh = sim.outcome_shares
        be = data.break_even.get(oid)
        rows.append(
            [
                data.option_name(oid),
                _f(sim.p_npv_positive),
                _f(sim.expected_shortfall_npv_5),
                _f(sh.get("full")),
                _f(sh.get("partial")),
                _f(sim.p_npv_positive_by_outcome.get("partial")),
                _f(sh.get("failure")),
                _f(sh.get("abandoned")),
                _f(be.scale if be else None),
                _f(sim.price_check.share),
                _f(sim.price_check.licence_share),
            ]
        )
    cols = [
        t("col.option"),
        t("col.p_npv_positive"),
        t("col.es5"),
        t("col.full"),
        t("col.partial"),
        t("col.partial_pays_back"),
        t("col.failure"),
        t("col.abandoned"),
        t("col.break_even"),
        t("col.initial_share"),
        t("col.licence_share"),
    ]
    percent: Kind = "percent"
    kinds: dict[int, Kind] = dict.fromkeys(range(1, len(cols)), percent)
    kinds[2] = "money"
    return Table(
        "risk",
        "roi",
        t("table.risk"),
        pd.DataFrame(rows, columns=cols),
        kinds,
        note=t("note.risk"),
    )


@in_report_language
def risk_facts_table(data: ReportData, lang: Lang) -> Table:
    """One row per shortlisted option: its catalog risk facts in words
    (:attr:`ReportData.risks`)."""
    labels = fact_labels(lang)
    rows = [[r.name, *(r.fact_text()[f] for f in FACTS)] for r in data.risks]
    return Table(
        "risk_facts",
        "risks",
        translate("risks.table.facts", lang),
        pd.DataFrame(rows, columns=[translate("risks.table.option", lang), *labels.values()]),
        note=translate("risks.table.facts_note", lang),
    )


@in_report_language
def risk_notes_table(data: ReportData, lang: Lang) -> Table:
    """One row per risk note of a shortlisted option, in the report's language."""
    rows = [[r.name, note] for r in data.risks for note in r.notes]
    cols = [translate("risks.table.option", lang), translate("risks.table.note", lang)]
    return Table(
        "risk_notes",
        "risks",
        translate("risks.table.notes", lang),
        pd.DataFrame(rows, columns=cols),
    )


def tornado_table(data: ReportData, lang: Lang, option_id: str | None = None) -> Table:
    t = tr(lang)
    oid = option_id or data.winner
    sim = data.sim_option(oid)
    rows = [
        [input_label(key, lang), r.low_value, r.high_value, r.npv_low, r.npv_high, r.swing]
        for key, r in map(as_read, sim.tornado)
    ]
    cols = [
        t("col.input"),
        t("col.low_value"),
        t("col.high_value"),
        t("col.npv_low"),
        t("col.npv_high"),
        t("col.swing"),
    ]
    return Table(
        "tornado",
        "roi",
        t("table.tornado", option=data.option_name(oid)),
        pd.DataFrame(rows, columns=cols),
        {1: "number", 2: "number", 3: "money", 4: "money", 5: "money"},
        note=t("note.tornado", base=money(sim.tornado_base_npv, data.currency, lang)),
    )


REVERSED_INPUTS = frozenset({"outcome"})
"""Inputs whose high draw is the bad case (the project outcome's uniform draw: a high value means
failure)."""


def as_read(row: TornadoRow) -> tuple[str, TornadoRow]:
    """A tornado row as the chart and the table show it, with its label's key: a reversed input
    is read as luck, 1 - draw, so its P10 is the poor end and every row reads the same way
    (low end on the side where it lowers NPV for an ordinary input)."""
    if row.input not in REVERSED_INPUTS:
        return row.input, row
    luck = TornadoRow(
        row.input, 1 - row.high_value, 1 - row.low_value, row.npv_high, row.npv_low, row.swing
    )
    return f"{row.input}_luck", luck


def input_label(name: str, lang: Lang) -> str:
    """A readable name for a finance input (``lever.sales_per_rep`` -> its translation)."""
    key = f"report.input.{name.replace('.', '_')}"
    out = translate(key, lang)
    return name if out == key else out


def assumptions_table(data: ReportData, lang: Lang) -> Table:
    """The assumptions register (reports/assumptions.py): every input of the company profile
    and the finance model, one row each, section by section; values are numbers where they are
    one (the cell's kind says how to show it) and words otherwise."""
    rows = register(data.scenario, lang, option_name=data.option_name)

    def a(key: str) -> str:
        return translate(f"assumptions.{key}", lang)

    cols = [a("col.section"), a("col.assumption"), a("col.value"), a("col.unit"), a("col.source")]
    df = pd.DataFrame(
        [[r.section_label, r.label, r.value, r.unit, r.source] for r in rows], columns=cols
    )
    cells: dict[tuple[int, int], Kind] = {
        (i, 2): r.kind for i, r in enumerate(rows) if r.kind != "text"
    }
    return Table(
        "assumptions",
        "assumptions",
        a("table.title"),
        df,
        note=a("table.note"),
        cell_kinds=cells,
    )


def by_section(table: Table) -> list[Table]:
    """The assumptions register as one table per section (PDF, HTML): the section is the
    title, the other columns stay."""
    out: list[Table] = []
    df = table.df
    sections = df.iloc[:, 0]
    for name in dict.fromkeys(sections):
        idx = [i for i, s in enumerate(sections) if s == name]
        part = df.iloc[idx, 1:].reset_index(drop=True)
        cells = {
            (k, c - 1): table.cell_kinds[(i, c)]
            for k, i in enumerate(idx)
            for c in range(1, df.shape[1])
            if (i, c) in table.cell_kinds
        }
        key = table.key if not out else f"{table.key}-{len(out) + 1}"  # one id per table
        out.append(Table(key, table.sheet, str(name), part, cell_kinds=cells))
    return out


def _note(note: str | Mapping[Lang, str] | None, lang: Lang) -> str:
    """A catalog note (a plain string or ``{en, ru}``) in ``lang``; empty when there is none."""
    return "" if note is None else text(note, lang)


def _price_rows(data: ReportData, lang: Lang) -> list[list[Any]]:
    t = tr(lang)
    rows: list[list[Any]] = []
    for ro in data.resolved:
        name = data.option_name(ro.id)
        p = ro.edition.pricing
        field = price_field(p)  # the headline price, the one a negotiated price replaces
        amount = getattr(p, field)
        unit = t(f"unit.{field}", users=getattr(p, "pack_users", None))
        rows.append(
            [
                name,
                t("item.licence", edition=ro.edition.label(lang)),
                amount,
                p.currency.value,
                unit,
                p.source,
                str(p.as_of),
                t("yes") if p.estimate else t("no"),
                _note(p.note, lang),
            ]
        )
        rate = ro.partner_day_rate
        rows.append(
            [
                name,
                t("item.partner_day_rate"),
                rate.amount,
                rate.currency.value,
                t("unit.day_rate"),
                rate.source,
                str(rate.as_of),
                t("yes") if rate.estimate else t("no"),
                _note(rate.note, lang),
            ]
        )
        infra = ro.option.infrastructure
        for label, price in (
            (t("item.server_cost"), infra.server_cost_year),
            (t("item.db_licence"), infra.db_licence),
        ):
            if price is not None:
                rows.append(
                    [
                        name,
                        label,
                        price.amount,
                        price.currency.value,
                        "",
                        price.source,
                        str(price.as_of),
                        t("yes") if price.estimate else t("no"),
                        _note(price.note, lang),
                    ]
                )
        for s in ro.option.sources:
            rows.append(
                [
                    name,
                    t("item.source"),
                    None,
                    "",
                    "",
                    s.source,
                    str(s.as_of),
                    t("yes") if s.estimate else t("no"),
                    _note(s.note, lang),
                ]
            )
    return rows


def sources_table(data: ReportData, lang: Lang) -> Table:
    t = tr(lang)
    cols = [
        t("col.option"),
        t("col.item"),
        t("col.amount"),
        t("col.currency"),
        t("col.unit"),
        t("col.source_ref"),
        t("col.as_of"),
        t("col.estimate"),
        t("col.note"),
    ]
    return Table(
        "sources",
        "sources",
        t("table.sources", as_of=day(data.catalog.as_of, lang)),
        pd.DataFrame(_price_rows(data, lang), columns=cols),
        {2: "number"},
    )


def _three_point(r: Any, lang: Lang) -> str:
    """min / mode / max in the language's number style, to a tenth (149,4 / 298,8 / 597,4)."""
    return " / ".join(number(v, lang, 1) for v in (r.min, r.mode, r.max))


def option_inputs_table(data: ReportData, lang: Lang) -> Table:
    t = tr(lang)
    rows = []
    for ro in data.resolved:
        impl = ro.option.implementation
        rows.append(
            [
                data.option_name(ro.id),
                delivery_label(ro.option.delivery_type.value, lang),
                strategy_label(ro.strategy.value, lang),
                ro.users,
                _three_point(ro.effort_days, lang),
                _three_point(ro.duration_weeks, lang),
                impl.internal_share,
            ]
        )
    cols = [
        t("col.option"),
        t("col.delivery"),
        t("col.strategy"),
        t("col.users"),
        t("col.effort_days"),
        t("col.duration_weeks"),
        t("col.internal_share"),
    ]
    return Table(
        "option_inputs",
        "assumptions",
        t("table.option_inputs"),
        pd.DataFrame(rows, columns=cols),
        {3: "int", 6: "percent"},
    )


@in_report_language
def warnings_table(data: ReportData, lang: Lang) -> Table:
    """The ranking's and the simulation's warnings: what each concerns by name, and the
    message in the report's language (in English with its detail, ids named)."""
    t = tr(lang)
    names = data.names()
    rows = [
        [
            named_where(w.where, names),
            warning_text(w.code, "", named_detail(w.message, names, names), lang),
        ]
        for w in data.ranking.warnings
    ]
    for ro in data.resolved:
        name = data.option_name(ro.id)
        rows += [[name, warning_text("catalog_size", "", w, lang)] for w in ro.warnings]
        check = data.sim_option(ro.id).price_check
        if check.share is not None and (text := price_check_text(check.share, check.band, lang)):
            rows.append([name, text])
    return Table(
        "warnings",
        "assumptions",
        t("table.warnings"),
        pd.DataFrame(rows, columns=[t("col.where"), t("col.message")]),
    )


def _kpi_value(kpi: str, v: float, currency: str, lang: Lang) -> str:
    unit = KPI_UNITS[kpi]
    if unit == "money":
        return money(v, currency, lang)
    if unit == "share":
        return percent(v, lang, 1)
    return number(v, lang, 1)


def realisation_tables(data: ReportData, lang: Lang) -> list[Table]:
    """The "forecast vs actual" section: KPIs against the forecast, the updated lever uplifts,
    the NPV re-forecast by year (none without a record or before anything was reported)."""
    r, currency = data.realisation, data.currency
    if r is None:
        return []
    if not any(t.points for t in r.tracks) and not r.reforecast.spend:
        return []
    t = tr(lang)

    def kpi(key: str) -> str:
        return translate(f"real.kpi.{key}", lang)

    rows = [
        [
            kpi(track.kpi),
            period(p.period, lang),
            _kpi_value(track.kpi, p.actual, currency, lang),
            *(
                [_kpi_value(track.kpi, x, currency, lang) for x in p.expected]
                if p.expected
                else ["—", "—", "—"]
            ),
            p.percentile,
            p.uplift_baseline,
            p.uplift_trend,
            p.uplift_control,
        ]
        for track in r.tracks
        for p in track.points
    ]
    kpis = Table(
        "realisation_kpis",
        "realisation",
        t("real_kpis"),
        pd.DataFrame(
            rows,
            columns=[
                t("real_kpi"),
                t("real_period"),
                t("real_actual"),
                "P10",
                "P50",
                "P90",
                t("real_percentile"),
                t("real_vs_baseline"),
                t("real_vs_trend"),
                t("real_vs_control"),
            ],
        ),
        kinds={6: "percent", 7: "percent", 8: "percent", 9: "percent"},
        note=t("real_kpis_note"),
    )
    levers = Table(
        "realisation_levers",
        "realisation",
        t("real_levers"),
        pd.DataFrame(
            [
                [
                    translate(f"lever.{x.lever}", lang),
                    len(x.points),
                    x.prior_mean,
                    x.prior_sd,
                    x.posterior_mean,
                    x.posterior_sd,
                ]
                for x in r.tracks
                if x.lever is not None and x.posterior_mean is not None
            ],
            columns=[
                t("real_lever"),
                t("real_periods"),
                t("real_forecast_mean"),
                t("real_forecast_sd"),
                t("real_updated_mean"),
                t("real_updated_sd"),
            ],
        ),
        kinds={1: "int", 2: "percent", 3: "percent", 4: "percent", 5: "percent"},
    )
    ref = r.reforecast
    years = Table(
        "realisation_npv",
        "realisation",
        t("real_npv"),
        pd.DataFrame(
            [
                [
                    y.year,
                    t("real_actual_year") if y.actual else t("real_forecast_year"),
                    y.benefit_forecast,
                    y.benefit,
                    y.cost_forecast,
                    y.cost,
                ]
                for y in ref.years
            ],
            columns=[
                t("real_year"),
                t("real_basis"),
                t("real_benefit_forecast"),
                t("real_benefit"),
                t("real_cost_forecast"),
                t("real_cost"),
            ],
        ),
        kinds={0: "int", 2: "money", 3: "money", 4: "money", 5: "money"},
        note=t(
            "real_npv_note",
            realised=money(r.realised_benefit, currency, lang),
            forecast=money(ref.npv_forecast, currency, lang),
            npv=money(ref.npv, currency, lang),
            p10=money(ref.p10, currency, lang),
            p50=money(ref.p50, currency, lang),
            p90=money(ref.p90, currency, lang),
        )
        + " "
        + t(
            "real_schedule_note",
            live=day(ref.go_live, lang),
            planned=day(ref.go_live_forecast, lang),
            months=number(12 * ref.delay_years, lang, 1),
            schedule=money(ref.schedule_effect, currency, lang),
            cost=money(ref.cost_effect, currency, lang),
            benefit=money(ref.benefit_effect, currency, lang),
        ),
    )
    spend = Table(
        "realisation_spend",
        "realisation",
        t("real_spend"),
        pd.DataFrame(
            [
                [translate(f"cost.{v.category}", lang), v.actual, v.forecast, v.overrun]
                for v in ref.spend
            ],
            columns=[
                t("real_category"),
                t("real_spend_actual"),
                t("real_spend_forecast"),
                t("real_overrun"),
            ],
        ),
        kinds={1: "money", 2: "money", 3: "percent"},
    )
    return [kpis, levers, years, spend]


def lever_share_table(
    levers: Mapping[str, Sequence[LeverShare]],
    option_name: Callable[[str], str] | None,
    lang: Lang,
) -> Table:
    """Each option's enabled benefit levers: the coverage of the lever's base it licenses, the
    fit its components' grades give, their product (the share of the benchmark it delivers),
    the benchmark uplift (mean, after attribution) and the uplift the option brings. Without
    ``option_name`` no option column (the TCO & ROI page shows one option at a time)."""
    t = tr(lang)
    rows = [
        [*([option_name(o)] if option_name else []), translate(f"lever.{x.lever}", lang),
         x.coverage, x.fit, x.share, x.benchmark, x.effective]
        for o, shares in levers.items()
        for x in shares
    ]  # fmt: skip
    cols = [*([t("col.option")] if option_name else []), t("col.lever"),
            t("col.lever_coverage"), t("col.lever_fit"), t("col.lever_share"),
            t("col.lever_benchmark"), t("col.lever_effective")]  # fmt: skip
    first = 2 if option_name else 1
    return Table(
        "lever_shares",
        "roi",
        t("table.lever_shares"),
        pd.DataFrame(rows, columns=cols),
        dict.fromkeys(range(first, first + 5), "percent"),
        note=t("note.lever_shares"),
    )


@in_report_language
def build_tables(data: ReportData, lang: Lang) -> dict[str, Table]:
    """Every table of the report, keyed by a stable ASCII name, in sheet order."""
    tables = [
        summary_table(data, lang),
        balance_table(data, lang),
        criteria_table(data, lang),
        *[x for x in [anchors_table(data, lang)] if x is not None],
        groups_table(data, lang),
        matrix_table(data, lang),
        *rater_tables(data, lang),
        committee_table(data, lang),
        methods_table(data, lang),
        *sensitivity_tables(data, lang),
        *confidence_tables(data, lang),
        tco_totals_table(data, lang),
        tco_table(data, lang),
        roi_table(data, lang),
        lever_share_table(
            {ro.id: lever_breakdown(data.scenario, ro) for ro in data.resolved},
            data.option_name,
            lang,
        ),
        risk_table(data, lang),
        risk_facts_table(data, lang),
        risk_notes_table(data, lang),
        *[x for x in [finance_scenarios_table(data, lang)] if x is not None],
        tornado_table(data, lang),
        assumptions_table(data, lang),
        option_inputs_table(data, lang),
        warnings_table(data, lang),
        sources_table(data, lang),
        *realisation_tables(data, lang),
    ]
    order = {s: i for i, s in enumerate(SHEETS)}
    tables.sort(key=lambda x: order[x.sheet])
    return {x.key: x for x in tables}


def format_value(value: Any, kind: Kind, currency: str, lang: Lang) -> str:
    """A cell as text for PDF and HTML, in the locale's number style."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "–"
    if kind == "text" or isinstance(value, str):
        return str(value)
    v = float(value)
    match kind:
        case "money":
            return money(v, currency, lang)
        case "percent":
            return percent(v, lang, 1)
        case "score":
            return number(v, lang, 3)
        case "int" | "count":
            return number(v, lang, 0)
        case "code":  # an identifier such as a seed: whole digits, never grouped
            return str(round(v))
        case "years":
            return number(v, lang, 2)
    return number(v, lang, 2)


def formatted(table: Table, currency: str, lang: Lang) -> list[list[str]]:
    """Every row of a table as display strings."""
    return [
        [format_value(v, table.kind(r, c), currency, lang) for c, v in enumerate(row)]
        for r, row in enumerate(table.df.itertuples(index=False))
    ]
