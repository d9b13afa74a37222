"""The client deck (python-pptx): the decision told in eight slides, native charts the client can
restyle, the numbers' provenance in the speaker notes, in English or Russian.

Slides: title (client's and consultant's names and logos, the decision's accent colour), the
question and the shortlist, the weights by interest, the ranking and method agreement, TCO by
category, the NPV distribution, risks and caveats (the leading options' catalog risk notes in
its speaker notes), next steps; with a decision-confidence run, two
slides after the ranking: how sure we are (P(first) and P(highest NPV) per option, the decision
card) and what is worth finding out before signing (the value of information). Every number
comes from the :class:`ReportData` the other reports use; the tables are the report's tables
(:func:`crm_select.reports.tables.build_tables`), formatted in the locale.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt

from crm_select.locales import compact_money, day, money, number, percent, translate
from crm_select.models.branding import Branding, Logo
from crm_select.models.i18n_text import Lang, text
from crm_select.reports.brand import brand_lines
from crm_select.reports.charts import report_charts, tco_totals
from crm_select.reports.narrative import caveats, confidence_card, generated_line, recommendation
from crm_select.reports.provenance import scenario_weights_provenance
from crm_select.reports.report_data import ReportData
from crm_select.reports.tables import (
    Table,
    build_tables,
    confidence_tables,
    delivery_label,
    formatted,
    group_label,
    strategy_label,
    tr,
)

WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)
"""16:9 (13.33 x 7.5 in), the size projectors and PowerPoint default to."""
MARGIN = Inches(0.6)
CONTENT_W = Emu(WIDTH - 2 * MARGIN)
TITLE_LAYOUT, CONTENT_LAYOUT = 0, 5
"""The default template's 'Title Slide' and 'Title Only' layouts."""


def _colour(rgb: tuple[int, int, int]) -> RGBColor:
    return RGBColor(*rgb)  # type: ignore[no-untyped-call]  # python-pptx leaves it untyped


INK = _colour((0x22, 0x22, 0x22))
SECOND = (0x9E, 0x9E, 0x9E)
"""A second series' colour beside the decision's accent (neutral grey)."""
Box = tuple[Length, Length, Length, Length]
"""left, top, width, height"""


def _rgb(branding: Branding) -> RGBColor:
    return _colour(branding.rgb)


def _titled(prs: Deck, title: str, branding: Branding) -> Slide:
    """A content slide: its title across the top, an accent rule under it."""
    slide = prs.slides.add_slide(prs.slide_layouts[CONTENT_LAYOUT])
    head = slide.shapes.title
    assert head is not None
    head.left, head.top, head.width, head.height = (
        MARGIN,
        Inches(0.3),
        CONTENT_W,
        Inches(0.9),
    )
    head.text = title
    para = head.text_frame.paragraphs[0]
    size = 30 if len(title) <= 45 else 24 if len(title) <= 70 else 20  # long option names
    para.font.size, para.font.bold, para.font.color.rgb = Pt(size), True, _rgb(branding)
    rule = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, Inches(1.2), CONTENT_W, Inches(0.05))
    rule.fill.solid()
    rule.fill.fore_color.rgb = _rgb(branding)
    rule.line.fill.background()
    return slide


def _notes(slide: Slide, lines: Sequence[str]) -> None:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None  # the default template's notes master has a body
    frame.text = "\n".join(lines)


def _bullets(
    slide: Slide,
    lines: Sequence[str],
    top: Length,
    height: Length,
    size: int = 18,
    box: tuple[Length, Length] = (MARGIN, CONTENT_W),
) -> None:
    """Lines as bullets in a text box at ``top``, ``box`` its left and width (default: the
    content width)."""
    frame = slide.shapes.add_textbox(box[0], top, box[1], height).text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = f"• {line.lstrip('• ')}"
        para.font.size = Pt(size)
        para.font.color.rgb = INK
        para.space_after = Pt(8)


def _table(
    slide: Slide,
    table: Table,
    data: ReportData,
    lang: Lang,
    columns: Sequence[int],
    box: Box,
    size: int = 12,
    first: float | None = None,
    widths: Sequence[float] | None = None,
) -> None:
    """The report's table (its formatted cells) as a native slide table; ``first`` the share of
    the width the first column takes (the others share the rest), or ``widths`` each column's
    share. Narrow cell margins, and the header a point smaller, so words are not split."""
    rows = formatted(table, data.currency, lang)
    left, top, width, height = box
    shape = slide.shapes.add_table(len(rows) + 1, len(columns), left, top, width, height)
    grid = shape.table
    if widths is None and first is not None and len(columns) > 1:
        # the other columns share the rest by their longest word, so none has to be split
        words = [
            max(_longest(str(table.df.columns[c])), *(_longest(r[c]) for r in rows), 3)
            for c in columns[1:]
        ]
        widths = [first, *((1 - first) * w / sum(words) for w in words)]
    for j, share in enumerate(widths or []):
        grid.columns[j].width = Emu(int(width * share))
    for j, c in enumerate(columns):
        grid.cell(0, j).text = str(table.df.columns[c])
        for i, row in enumerate(rows, start=1):
            grid.cell(i, j).text = row[c]
    for j in range(len(columns)):
        usable = grid.columns[j].width - 2 * CELL_MARGIN
        for i in range(len(rows) + 1):
            cell = grid.cell(i, j)
            cell.margin_left = cell.margin_right = CELL_MARGIN
            fit = _fitting(cell.text, usable, size - 1 if i == 0 else size)
            for para in cell.text_frame.paragraphs:
                para.font.size = Pt(fit)


CELL_MARGIN = Inches(0.05)
GLYPH_EM = 0.72
"""A wide sans glyph's width in ems (DejaVu Sans, LibreOffice's fallback), for sizing text."""
SMALLEST = 8


def _longest(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _fitting(text: str, width: Length, size: int) -> int:
    """The largest point size up to ``size`` (not under 8) at which the text's longest word fits
    ``width`` whole: a table cell wraps at spaces, but a word wider than the cell is split."""
    longest = _longest(text)
    if longest == 0:
        return size
    fits = int(Length(width).pt / (GLYPH_EM * longest))
    return max(SMALLEST, min(size, fits))


def _picture(slide: Slide, png: bytes, box: Box, centred: bool = False) -> None:
    """An image as large as fits in ``box`` without distortion, at its top left (``centred``:
    in the middle of the box's width)."""
    left, top, width, height = box
    with Image.open(io.BytesIO(png)) as img:
        aspect = img.width / img.height
    if width / height > aspect:
        pic = slide.shapes.add_picture(io.BytesIO(png), left, top, height=height)
        if centred:
            pic.left = Emu(left + (width - pic.width) // 2)
    else:
        slide.shapes.add_picture(io.BytesIO(png), left, top, width=width)


def _logo(slide: Slide, logo: Logo | None, left: Length, top: Length, height: Length) -> None:
    if logo is not None:
        slide.shapes.add_picture(io.BytesIO(logo.data), left, top, height=height)


def _provenance(data: ReportData, lang: Lang) -> list[str]:
    """Where every number comes from: the tool, the decision, the settings, the scores."""
    t = tr(lang)
    sc = data.scenario
    s = data.settings
    src = sc.scores_source
    scores = (
        t("deck.notes_scores_round", round=src.round, at=day(src.applied_at.date(), lang))
        if src is not None
        else t("deck.notes_scores_file")
    )
    return [
        t("deck.notes_tool", name=sc.name, version=sc.schema_version),
        t(
            "deck.notes_ranking",
            method=t(f"method.{s.method.value}"),
            aggregate=s.aggregate,
            weighting=sc.criteria.method.value,
        ),
        scores,
        generated_line(data, lang),
        t("deck.notes_catalog", as_of=day(data.catalog.as_of, lang)),
    ]


def _title_slide(prs: Deck, data: ReportData, lang: Lang, branding: Branding) -> None:
    t = tr(lang)
    sc = data.scenario
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(0), Emu(0), WIDTH, Inches(0.35))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(branding)
    band.line.fill.background()
    _logo(slide, branding.client_logo, MARGIN, Inches(0.7), Inches(1.1))
    if branding.consultant_logo is not None:
        pic = slide.shapes.add_picture(
            io.BytesIO(branding.consultant_logo.data), Emu(0), Inches(0.7), height=Inches(1.1)
        )
        pic.left = Emu(WIDTH - MARGIN - pic.width)
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    title.left, title.top, title.width, title.height = (
        MARGIN,
        Inches(2.2),
        CONTENT_W,
        Inches(1.6),
    )
    title.text = sc.name
    title.text_frame.paragraphs[0].font.color.rgb = _rgb(branding)
    title.text_frame.paragraphs[0].font.size = Pt(36)
    subtitle.left, subtitle.top = MARGIN, Inches(4.0)
    subtitle.width, subtitle.height = CONTENT_W, Inches(2.2)
    subtitle.text = "\n".join([t("deck.subtitle"), *brand_lines(data, lang)])
    for para in subtitle.text_frame.paragraphs:
        para.font.size = Pt(20)
    _notes(slide, _provenance(data, lang))


def _question_slide(prs: Deck, data: ReportData, lang: Lang, branding: Branding) -> None:
    t = tr(lang)
    sc = data.scenario
    slide = _titled(prs, t("deck.question_title"), branding)
    question = t(
        "deck.question",
        company=sc.company.name or sc.name,
        users=number(sc.company.crm_users, lang),
        years=sc.company.horizon_years,
    )
    lines = [question] + ([text(sc.description, lang)] if sc.description else [])
    _bullets(slide, lines, Inches(1.45), Inches(1.9), size=18)
    shortlist = Table(
        "shortlist",
        "summary",
        t("deck.shortlist"),
        pd.DataFrame(
            [
                [
                    data.option_name(ro.id),
                    delivery_label(ro.option.delivery_type.value, lang),
                    strategy_label(ro.strategy.value, lang),
                ]
                for ro in data.resolved
            ],
            columns=[t("col.option"), t("col.delivery"), t("col.strategy")],
        ),
    )
    box = (MARGIN, Inches(3.5), Inches(10), Emu(Inches(0.4) * (len(data.resolved) + 1)))
    _table(slide, shortlist, data, lang, [0, 1, 2], box, 14)
    _notes(slide, [t("deck.notes_shortlist", n=len(data.option_ids)), *_provenance(data, lang)])


def _bar_chart(
    slide: Slide,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    kind: XL_CHART_TYPE,
    box: Box,
    number_format: str,
    branding: Branding,
    legend: bool = False,
    axis: tuple[str, str] | None = None,
) -> Any:
    """A native chart (the client can restyle it in PowerPoint): bars, one series, clustered or
    stacked; ``axis`` the value axis's number format and title. Returns the chart."""
    chart_data: Any = CategoryChartData(number_format=number_format)  # type: ignore[no-untyped-call]
    chart_data.categories = list(categories)
    for name, values in series:
        chart_data.add_series(name, [float(v) for v in values])
    # add_chart returns the graphic frame holding the chart (python-pptx annotates it as Chart)
    frame: Any = slide.shapes.add_chart(kind, *box, chart_data)
    chart = frame.chart
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    if len(series) == 1:
        plot.has_data_labels = True
        plot.data_labels.number_format = number_format
        plot.data_labels.number_format_is_linked = False
        fill = plot.series[0].format.fill
        fill.solid()
        fill.fore_color.rgb = _rgb(branding)
    chart.has_title = False  # the slide's title says what the chart shows
    chart.category_axis.reverse_order = True  # first category on top, as in the report
    chart.font.size = Pt(12)
    if axis is not None:
        values = chart.value_axis
        values.tick_labels.number_format, title = axis
        values.tick_labels.number_format_is_linked = False
        values.has_title = True
        values.axis_title.text_frame.text = title
    return chart


def _weights_slide(prs: Deck, data: ReportData, lang: Lang, branding: Branding) -> None:
    t = tr(lang)
    slide = _titled(prs, t("deck.weights_title"), branding)
    shares = data.decision.groups
    groups = list(shares)
    _bar_chart(
        slide,
        [group_label(g, lang) for g in groups],
        [(t("deck.weight"), [shares[g] for g in groups])],
        XL_CHART_TYPE.BAR_CLUSTERED,
        (MARGIN, Inches(1.5), Inches(7.2), Inches(5.5)),
        t("deck.percent_format"),
        branding,
        axis=(t("deck.percent_format"), t("deck.weight")),
    )
    top = sorted(data.ranking.weights.items(), key=lambda kv: -kv[1])[:6]
    lines = [f"{data.criterion_name(c, lang)}: {percent(w, lang, 1)}" for c, w in top]
    box = slide.shapes.add_textbox(Inches(8.2), Inches(1.6), Inches(4.5), Inches(5))
    frame = box.text_frame
    frame.word_wrap = True
    frame.text = t("deck.top_criteria")
    frame.paragraphs[0].font.bold = True
    for line in lines:
        para = frame.add_paragraph()
        para.text = line
        para.font.size = Pt(14)
    notes = [
        t("deck.notes_weights", method=data.scenario.criteria.method.value),
        *(f"{group_label(g, lang)}: {percent(shares[g], lang, 1)}" for g in groups),
    ]
    adopted = scenario_weights_provenance(data.scenario, lang)  # whose weights, when, how
    _notes(slide, [*notes, *([adopted] if adopted else []), *_provenance(data, lang)])


def _ranking_slide(prs: Deck, data: ReportData, lang: Lang, branding: Branding) -> None:
    t = tr(lang)
    ranking = data.ranking.ranking()
    slide = _titled(
        prs, t("deck.ranking_title", option=data.option_name(ranking[0].option)), branding
    )
    firsts = sum(1 for r in data.methods.results.values() if r.winner == ranking[0].option)
    agreement = t(
        "deck.agreement", n=firsts, total=len(data.methods.results),
        option=data.option_name(ranking[0].option),
    )  # fmt: skip
    _bullets(slide, [agreement], Inches(1.35), Inches(0.6), size=16)
    _bar_chart(
        slide,
        [data.option_name(r.option) for r in ranking],
        [(t("deck.score"), [r.score for r in ranking])],
        XL_CHART_TYPE.BAR_CLUSTERED,
        (MARGIN, Inches(2.0), Inches(5.0), Inches(5.2)),
        "0.000",
        branding,
        axis=("0.0", t("axis_score")),
    )
    # the report's methods table, its rank columns headed by the method alone (under a caption)
    table = build_tables(data, lang)["methods"]
    n = 1 + len(data.methods.results)
    heads = [t("col.option"), *(t(f"method.{m}") for m in data.methods.results)]
    ranks = replace(table, df=table.df.iloc[:, :n].set_axis(heads, axis=1))
    caption = slide.shapes.add_textbox(Inches(5.8), Inches(2.0), Inches(6.9), Inches(0.4))
    caption.text_frame.text = t("deck.ranks_by_method")
    caption.text_frame.paragraphs[0].font.bold = True
    caption.text_frame.paragraphs[0].font.size = Pt(14)
    box = (Inches(5.8), Inches(2.5), Inches(6.9), Emu(Inches(0.45) * (len(ranking) + 1)))
    _table(slide, ranks, data, lang, list(range(n)), box, 12, first=0.3)
    _notes(slide, [*recommendation(data, lang), *_provenance(data, lang)])


def _confidence_notes(data: ReportData, lang: Lang) -> list[str]:
    """How the confidence run drew its trials (the same numbers as the report's decision card and
    ``crm-select confidence`` with this seed)."""
    conf = data.confidence
    assert conf is not None
    t = tr(lang)
    measured = ", ".join(data.criterion_name(c, lang) for c in conf.measured) or "–"
    return [
        t(
            "deck.notes_confidence",
            trials=number(conf.trials, lang),
            seed=conf.seed,
            model=translate(f"confidence.model.{conf.weight_model.value}", lang),
            noise=t(f"note.noise_{conf.score_noise}"),
            measured=measured,
        ),
        *_provenance(data, lang),
    ]


VOI_ROWS = 5
"""The value-of-information slide's rows (the largest; the report has them all)."""


def _confidence_slides(prs: Deck, data: ReportData, lang: Lang, branding: Branding) -> None:
    """How sure we are: each option's P(ranks first) and P(highest NPV) under the joint
    uncertainty (a native clustered bar) beside the decision card; then what is worth finding
    out before signing (the value of information's largest groups). None without a run."""
    heading, card = confidence_card(data, lang)
    conf = data.confidence
    if conf is None or not card:
        return
    t = tr(lang)
    slide = _titled(prs, t("deck.confidence_title", heading=heading), branding)
    j = conf.joint
    order = sorted(range(len(conf.options)), key=lambda i: -j.first_rank[i])
    chart = _bar_chart(
        slide,
        [data.option_name(conf.options[i]) for i in order],  # as the card beside it names them
        [
            (t("deck.p_first"), [float(j.first_rank[i]) for i in order]),
            (t("deck.p_best_npv"), [conf.npv.p_best[conf.options[i]] for i in order]),
        ],
        XL_CHART_TYPE.BAR_CLUSTERED,
        (MARGIN, Inches(1.45), Inches(6.8), Inches(5.8)),
        t("deck.percent_format"),
        branding,
        legend=True,
        axis=(
            t("deck.percent_format"),
            t("deck.share_of_trials", trials=number(conf.trials, lang)),
        ),
    )
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = (
        t("deck.percent_format"),
        False,
    )
    plot.data_labels.font.size = Pt(11)
    axis = chart.value_axis
    axis.maximum_scale, axis.minimum_scale, axis.major_unit = 1.0, 0.0, 0.25
    for series, colour in zip(plot.series, (_rgb(branding), _colour(SECOND)), strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour
    _bullets(slide, card, Inches(1.45), Inches(5.8), size=13, box=(Inches(7.6), Inches(5.15)))
    _notes(slide, _confidence_notes(data, lang))
    if not conf.groups:
        return
    slide = _titled(prs, t("deck.voi_title"), branding)
    voi = confidence_tables(data, lang)[2]
    top = replace(voi, df=voi.df.head(VOI_ROWS))
    evpi = t("deck.evpi", evpi=compact_money(conf.card.evpi, conf.currency, lang))
    _bullets(slide, [evpi], Inches(1.4), Inches(0.6), size=16)
    box = (MARGIN, Inches(2.1), CONTENT_W, Emu(Inches(0.5) * (len(top.df) + 1)))
    widths = (0.32, 0.14, 0.16, 0.16, 0.22)
    _table(slide, top, data, lang, list(range(len(widths))), box, 13, widths=widths)
    more = [t("deck.notes_voi", shown=len(top.df), total=len(voi.df))]
    _notes(slide, [voi.note, *more, *_confidence_notes(data, lang)])


def _tco_slide(prs: Deck, data: ReportData, lang: Lang, branding: Branding) -> None:
    t = tr(lang)
    slide = _titled(prs, t("deck.tco_title", years=data.scenario.company.horizon_years), branding)
    totals = tco_totals(data, lang)
    options = list(dict.fromkeys(o for o, _, _ in totals))
    categories = list(dict.fromkeys(c for _, c, _ in totals))
    value = {(o, c): v for o, c, v in totals}
    _bar_chart(
        slide,
        [data.option_name(o) for o in options],
        [(c, [value.get((o, c), 0.0) for o in options]) for c in categories],
        XL_CHART_TYPE.BAR_STACKED,
        (MARGIN, Inches(1.5), CONTENT_W, Inches(5.7)),
        "#,##0",
        branding,
        legend=True,
        axis=(t("deck.millions_format"), t("deck.millions_axis", currency=data.currency)),
    )
    notes = [t("deck.notes_tco", currency=data.currency, trials=number(data.trials, lang))]
    notes += [
        f"{data.option_name(o)}: {money(data.sim_option(o).tco, data.currency, lang)}"
        for o in options
    ]
    _notes(slide, [*notes, *_provenance(data, lang)])


NPV_LINES = Inches(1.0)
"""Height of the per-option lines under the NPV chart (two columns)."""


def _npv_slide(
    prs: Deck, data: ReportData, lang: Lang, branding: Branding, png: bytes | None
) -> None:
    """The NPV distribution across the slide's whole content width, as large as the slide
    allows (read from the back of a room on a projector), each option's P50 and P(NPV > 0)
    in two columns under it."""
    t = tr(lang)
    slide = _titled(prs, t("deck.npv_title"), branding)
    top = Inches(1.4)
    chart_h = Emu(HEIGHT - top - NPV_LINES - Inches(0.2))
    if png:
        _picture(slide, png, (MARGIN, top, CONTENT_W, chart_h), centred=True)
    else:
        _bullets(slide, [tr(lang)("chart_failed", chart=t("chart_npv"))], top, Inches(1))
    lines = []
    for o in data.option_ids:
        sim = data.sim_option(o)
        p50 = sim.npv.get("p50")
        lines.append(
            t(
                "deck.npv_line",
                option=data.option_name(o),
                p50="–" if p50 is None else money(p50, data.currency, lang),
                p=percent(sim.p_npv_positive, lang, 0),
            )
        )
    half = (len(lines) + 1) // 2
    column_w = Emu(CONTENT_W // 2)
    for k, chunk in enumerate((lines[:half], lines[half:])):
        if not chunk:
            continue
        left = Emu(MARGIN + k * column_w)
        frame = slide.shapes.add_textbox(left, Emu(top + chart_h), column_w, NPV_LINES).text_frame
        frame.word_wrap = True
        for i, line in enumerate(chunk):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = line
            para.font.size = Pt(13 if len(lines) <= 4 else 11)
            para.space_after = Pt(2)
    _notes(slide, [t("deck.notes_npv", trials=number(data.trials, lang), seed=data.seed),
                   *_provenance(data, lang)])  # fmt: skip


LEADING = 2
"""How many options the risks slide's notes cover: the recommended one and the fallback the
next-steps slide names."""


def _risk_notes(data: ReportData, lang: Lang) -> list[str]:
    """The leading options' catalog risk notes (:attr:`ReportData.risks`), each option's under
    its name, for the risks slide's speaker notes (the caveats fill the slide itself)."""
    leading = [e.option for e in data.ranking.ranking()[:LEADING]]
    by_id = {r.option_id: r for r in data.in_language(lang).risks}
    lines = [translate("risks.deck_notes", lang)]
    for oid in leading:
        risks = by_id[oid]
        lines.append(f"{risks.name}:")
        lines += [f"• {note}" for note in risks.notes] or [translate("risks.no_notes", lang)]
    return lines


def _risks_slide(prs: Deck, data: ReportData, lang: Lang, branding: Branding) -> None:
    t = tr(lang)
    slide = _titled(prs, t("deck.risks_title"), branding)
    _bullets(slide, caveats(data, lang), Inches(1.5), Inches(5.6), size=15)
    _notes(slide, [*_risk_notes(data, lang), "", *_provenance(data, lang)])


def _next_steps_slide(prs: Deck, data: ReportData, lang: Lang, branding: Branding) -> None:
    t = tr(lang)
    slide = _titled(prs, t("deck.next_title"), branding)
    ranking = data.ranking.ranking()
    win = data.option_name(ranking[0].option)
    steps = [t("deck.next_quote", option=win), t("deck.next_pilot", option=win)]
    mc = data.stability.minimal_change
    if mc is not None:
        steps.append(
            t(
                "deck.next_check",
                criterion=data.criterion_name(mc.criterion, lang),
                after=percent(mc.to_weight, lang, 1),
                option=data.option_name(mc.new_winner),
            )
        )
    if len(ranking) > 1:
        steps.append(t("deck.next_fallback", option=data.option_name(ranking[1].option)))
    steps.append(t("deck.next_decide"))
    _bullets(slide, steps, Inches(1.5), Inches(5.6), size=18)
    _notes(slide, _provenance(data, lang))


def build_deck(data: ReportData, lang: Lang) -> Deck:
    """The deck for ``data`` in ``lang``, branded as the decision says."""
    branding = data.scenario.branding
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = data.scenario.name
    prs.core_properties.author = branding.consultant or "CRM Select"
    charts = report_charts(data, lang)
    _title_slide(prs, data, lang, branding)
    _question_slide(prs, data, lang, branding)
    _weights_slide(prs, data, lang, branding)
    _ranking_slide(prs, data, lang, branding)
    _confidence_slides(prs, data, lang, branding)
    _tco_slide(prs, data, lang, branding)
    _npv_slide(prs, data, lang, branding, charts.get("npv"))
    _risks_slide(prs, data, lang, branding)
    _next_steps_slide(prs, data, lang, branding)
    return prs


def to_pptx_bytes(data: ReportData, lang: Lang) -> bytes:
    """The deck as a .pptx file's bytes."""
    out = io.BytesIO()
    build_deck(data, lang).save(out)
    return out.getvalue()
