"""The report's words: recommendation and caveats, shared by the PDF and the HTML report."""

from __future__ import annotations

import datetime as dt

from crm_select.locales import day, money, number, percent, translate
from crm_select.models.i18n_text import Lang
from crm_select.reports.report_data import ReportData, in_report_language
from crm_select.reports.tables import tr
from scoring.confidence import card_lines


@in_report_language
def recommendation(data: ReportData, lang: Lang) -> list[str]:
    """Sentences saying who wins, by how much, what it costs and how safe the money is."""
    t = tr(lang)
    ranking = data.ranking.ranking()
    win = ranking[0]
    out = [
        t(
            "recommendation_text",
            option=data.option_name(win.option),
            score=number(win.score, lang, 3),
            method=t(f"method.{data.ranking.method}"),
        )
    ]
    sim = data.sim_option(win.option)
    years = data.scenario.company.horizon_years
    out.append(
        t(
            "recommendation_finance",
            years=years,
            tco=money(sim.tco, data.currency, lang),
            npv=money(sim.npv["p50"] or 0.0, data.currency, lang),
            p=percent(sim.p_npv_positive, lang, 0),
        )
    )
    if len(ranking) > 1:
        out.append(
            t(
                "recommendation_runner_up",
                option=data.option_name(ranking[1].option),
                score=number(ranking[1].score, lang, 3),
            )
        )
    firsts = sum(1 for r in data.methods.results.values() if r.winner == win.option)
    out.append(
        t(
            "recommendation_methods",
            n=firsts,
            total=len(data.methods.results),
            option=data.option_name(win.option),
        )
    )
    mc = data.stability.minimal_change
    if mc is not None:
        out.append(
            t(
                "note.minimal_change",
                criterion=data.criterion_name(mc.criterion, lang),
                before=percent(mc.from_weight, lang, 1),
                after=percent(mc.to_weight, lang, 1),
                option=data.option_name(mc.new_winner),
            )
        )
    return out


@in_report_language
def confidence_card(data: ReportData, lang: Lang) -> tuple[str, list[str]]:
    """The decision card's heading and sentences (none without a confidence run)."""
    if data.confidence is None:
        return "", []
    names = {o: data.option_name(o) for o in data.option_ids}
    return translate("confidence.report.heading", lang), card_lines(data.confidence, lang, names)


@in_report_language
def estimated_prices(data: ReportData, lang: Lang) -> list[str]:
    """Options whose licence or partner rate is our estimate, with the item."""
    out = []
    for ro in data.resolved:
        items = []
        if ro.edition.pricing.estimate:
            items.append(ro.edition.label(lang))
        if ro.partner_day_rate.estimate:
            items.append(tr(lang)("item.partner_day_rate"))
        if items:
            out.append(f"{data.option_name(ro.id)}: {', '.join(items)}")
    return out


@in_report_language
def caveats(data: ReportData, lang: Lang) -> list[str]:
    t = tr(lang)
    out = []
    unlinked = [w.where for w in data.ranking.warnings if w.code == "ahp_incomplete"]
    if unlinked:  # the weights are not (all) the AHP's yet: say which ones were used
        names = data.names()
        out.append(t("caveat_ahp_incomplete", levels=", ".join(names.get(u, u) for u in unlinked)))
    out += [t("caveat_failure"), t("caveat_tco"), t("caveat_model")]
    out.append(t("caveat_sources", as_of=day(data.catalog.as_of, lang)))
    est = estimated_prices(data, lang)
    out.append(t("caveat_estimates") if est else t("caveat_no_estimates"))
    return out + [f"• {e}" for e in est]


@in_report_language
def generated_line(data: ReportData, lang: Lang) -> str:
    t = tr(lang)
    return t(
        "generated",
        date=day(dt.date.today(), lang),
        currency=data.currency,
        trials=number(data.trials, lang),
        seed=data.seed,
    )
