"""The chart definitions the pages and the report share (issue 18, item 7): names not ids, every
row labelled with room of its own, legends, distinct colours, the locale's numbers."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from crm_select.locales import LANGS, Lang
from crm_select.reports import chart_specs as cs
from crm_select.reports.charts import report_charts, tco_chart, tornado_chart
from crm_select.reports.palette import CATEGORY_COLOURS
from crm_select.reports.tables import input_label, tornado_table
from crm_select.services.report import ReportData
from finance.costs import CATEGORIES


def layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("layer", [spec])


def test_the_tornado_names_every_input_and_tells_the_ends_apart(b2b: ReportData) -> None:
    chart = tornado_chart(b2b, "en")
    assert chart is not None
    spec = chart.to_dict()
    bars = layers(spec)[0]
    names = {row["input"] for row in spec["datasets"][bars["data"]["name"]]}
    assert len(names) == len(b2b.sim_option(b2b.winner).tornado)
    assert not [n for n in names if "." in n or "_" in n]  # no raw ids such as lever.margin
    y = bars["encoding"]["y"]
    assert y["axis"]["labelOverlap"] is False  # every bar labelled
    assert spec["height"] == cs.rows_height(names)  # a row each, wrapped names clear of the next
    colour = bars["encoding"]["color"]
    assert colour["scale"]["domain"] == ["low (P10)", "high (P90)"]
    assert colour["scale"]["range"] == [cs.LOW, cs.HIGH]
    assert "legend" in colour


def test_the_project_outcome_reads_as_luck_low_end_poor(b2b: ReportData) -> None:
    # the finance model draws the outcome uniformly and a high draw is failure: as luck
    # (1 - draw) its P10 is the poor end, so its low bar must not lie above its high bar
    row = next(r for r in b2b.sim_option(b2b.winner).tornado if r.input == "outcome")
    assert row.npv_high < row.npv_low  # the model's draw: high means failure
    df = cs.tornado_frame([row], ("low", "high"), "en").set_index("side")
    npv = df["npv"].astype(float).to_dict()
    assert npv["low"] <= npv["high"]
    assert set(df["input"]) == {"Project outcome: luck (P10 poor, P90 good)"}


def test_the_tco_stack_gives_every_category_its_own_colour(b2b: ReportData) -> None:
    assert len(set(CATEGORY_COLOURS)) == len(CATEGORY_COLOURS) >= len(CATEGORIES)
    spec = tco_chart(b2b, "ru").to_dict()
    colour = spec["encoding"]["color"]
    domain, palette = colour["scale"]["domain"], colour["scale"]["range"]
    assert len(domain) == len(palette) == len(set(palette))
    assert "Лицензии" in domain
    assert colour["legend"]["orient"] == "bottom"


def test_heatmap_rows_have_height_and_every_label() -> None:
    df = pd.DataFrame(
        [{"option": o, "rank": r, "p": 0.25} for o in "ABCD" for r in ("Rank 1", "Rank 2")]
    )
    spec = cs.heatmap(df, "rank", "option", "p", "SMAA", fmt=".0%").to_dict()
    assert spec["height"] == 4 * cs.ROW
    assert layers(spec)[0]["encoding"]["y"]["axis"]["labelOverlap"] is False


def test_histogram_and_fan_legends_name_the_options() -> None:
    names = ["amoCRM", "Bitrix24 (cloud)"]
    hist = pd.DataFrame({"label": names, "npv": [1e6, 2e6], "share": [0.5, 0.5]})
    spec = cs.npv_histogram(hist, names, "NPV", "NPV, RUB", "Share", "en").to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == names
    assert spec["encoding"]["color"]["legend"] is not None
    fan = pd.DataFrame(
        {
            "label": names,
            "year": [0, 0],
            **{k: [0.0, 1.0] for k in ("p5", "p25", "p50", "p75", "p95")},
        }
    )
    line = cs.cash_fan(fan, names, "Fan", "Year", "RUB", "en").to_dict()["layer"][2]
    assert line["encoding"]["color"]["legend"]["orient"] == "bottom"


@pytest.mark.parametrize(("lang", "decimal"), [("ru", ","), ("en", ".")])
def test_charts_carry_the_locales_number_format(lang: str, decimal: str) -> None:
    names = ["A"]
    chart = cs.ranking_bars(pd.DataFrame({"label": names, "score": [0.543]}), names, "Score")
    config = cs.localised(chart, "ru" if lang == "ru" else "en").to_dict()["config"]
    assert config["locale"]["number"]["decimal"] == decimal


def test_report_images_render_in_both_languages(bank: ReportData) -> None:
    for lang in LANGS:
        drawn = report_charts(bank, lang)
        assert drawn.failed == {}
        assert set(drawn.images) >= {"ranking", "balance", "tco", "npv", "tornado"}
        assert all(png.startswith(b"\x89PNG") for png in drawn.images.values())


LONG = [
    "Bespoke CRM built by a development agency in Kazan for the whole group",
    "1C:CRM ПРОФ / КОРП 3.1 (ПРОФ, 50 workplaces (client licences + x64 server))",
    "amoCRM",
]


def drawn_text(chart: Any) -> str:
    """Every text the chart draws (vl-convert's SVG, lines of a label joined by spaces)."""
    import re

    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(chart.to_json())
    assert "…" not in svg  # nothing cut with an ellipsis
    return " ".join(re.sub(r"<[^>]+>", " ", svg).split())


def test_label_lines_break_at_spaces_and_keep_every_word() -> None:
    assert cs.label_lines("amoCRM") == ["amoCRM"]
    lines = cs.label_lines(LONG[1])
    assert lines == [
        "1C:CRM ПРОФ / КОРП 3.1 (ПРОФ,",
        "50 workplaces (client licences",
        "+ x64 server))",
    ]
    assert all(len(line) <= cs.WRAP for line in lines)


@pytest.mark.parametrize(
    "make",
    [
        lambda: cs.ranking_bars(pd.DataFrame({"label": LONG, "score": [0.5, 0.7, 0.6]}), LONG, "S"),
        lambda: cs.heatmap(
            pd.DataFrame([{"o": o, "c": c, "v": 1.0} for o in LONG for c in LONG]), "o", "c", "v", "H"
        ),
        lambda: cs.npv_histogram(
            pd.DataFrame({"label": LONG, "npv": [1e6, 2e6, 3e6], "share": [0.3, 0.3, 0.4]}),
            LONG, "NPV", "NPV, RUB", "Share", "en",
        ),
        lambda: cs.npv_range(
            pd.DataFrame({"label": LONG, "p5": [-1e6] * 3, "p50": [1e6] * 3, "p95": [2e6] * 3}),
            LONG, "NPV", "RUB", "en",
        ),
        lambda: cs.cost_stack(
            pd.DataFrame({"option": LONG, "category": ["Licences"] * 3, "value": [1e6] * 3}),
            "option", ["Licences"], "TCO", "RUB", "en", horizontal=True,
        ),
    ],
    ids=["ranking", "heatmap", "histogram legend", "npv range", "tco by option"],
)  # fmt: skip
def test_long_names_wrap_and_are_never_cut(make: Any) -> None:
    chart = make()
    text = drawn_text(chart)
    for name in LONG:
        assert " ".join(cs.label_lines(name)) in text, name
    spec = chart.to_dict()
    if "height" in spec and spec.get("height") != 360:  # rows of names: room for 3 lines each
        assert spec["height"] >= 3 * (3 * cs.LINE)


def axis_labels(chart: Any) -> list[str]:
    """The axis labels vl-convert draws (SVG groups of the role ``axis-label``)."""
    import re

    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(chart.to_json())
    groups = re.findall(r'role-axis-label"[^>]*>(.*?)</g>', svg, flags=re.S)
    return [re.sub(r"<[^>]+>", "", t) for g in groups for t in re.findall(r"<text.*?</text>", g)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("lo", "hi"), [(3.80e6, 3.86e6), (3.8e6, 3.8012e6), (41_000, 41_300)])
def test_a_narrow_money_axis_tells_its_labels_apart(lang: Lang, lo: float, hi: float) -> None:
    """A KPI's fan over a narrow range of money: every y label differs ("3.8M" five times
    said nothing), in the locale's own compact form."""
    from crm_select.locales.formats import compact_axis_digits

    periods = ["2027-Q1", "2027-Q2", "2027-Q3"]
    mid = (lo + hi) / 2
    fan = pd.DataFrame({"period": periods, "p10": [lo] * 3, "p50": [mid] * 3, "p90": [hi] * 3})
    actuals = pd.DataFrame({"period": periods[:2], "actual": [mid, hi]})
    chart = cs.localised(cs.kpi_fan(fan, actuals, "t", "x", "y", lang, money=True), lang)
    shown = {"en": ["Q1 2027", "Q2 2027", "Q3 2027"], "ru": [f"{q}\u00a0кв. 2027" for q in QS]}
    labels = [x for x in axis_labels(chart) if x not in shown[lang]]
    assert len(labels) >= 3
    assert len(set(labels)) == len(labels), labels
    unit = ("млн" if lang == "ru" else "M") if lo >= 1e6 else ("тыс." if lang == "ru" else "K")
    assert all(unit in x for x in labels), labels
    assert compact_axis_digits(0, 50e6) == 1  # a wide range keeps one digit


QS = ("I", "II", "III")


@pytest.mark.parametrize(
    ("lang", "keys", "shown"),
    [
        (
            "en",
            ["2026-11", "2026-12", "2027-01", "2027-02"],
            ["Nov 2026", "Dec 2026", "Jan 2027", "Feb 2027"],
        ),
        (
            "ru",
            ["2026-11", "2026-12", "2027-01", "2027-02"],
            ["ноябрь 2026", "декабрь 2026", "январь 2027", "февраль 2027"],
        ),
        ("en", ["2026-Q3", "2026-Q4", "2027-Q1"], ["Q3 2026", "Q4 2026", "Q1 2027"]),
        (
            "ru",
            ["2026-Q3", "2026-Q4", "2027-Q1"],
            ["III\u00a0кв. 2026", "IV\u00a0кв. 2026", "I\u00a0кв. 2027"],
        ),
    ],
)
def test_a_fan_names_its_periods_in_the_language_and_in_time_order(
    lang: Lang, keys: list[str], shown: list[str]
) -> None:
    """The fan's x axis reads the periods as the language writes them, in calendar order (not
    the alphabetical order of the names: "Dec" before "Feb", "декабрь" before "январь"), the
    actuals (given out of order) on the same periods."""
    fan = pd.DataFrame({"period": keys, "p10": 1.0, "p50": 2.0, "p90": 3.0})
    actuals = pd.DataFrame({"period": keys[:2][::-1], "actual": [2.5, 1.5]})
    chart = cs.localised(cs.kpi_fan(fan, actuals, "t", "x", "y", lang), lang)
    assert [x for x in axis_labels(chart) if x in shown] == shown
    assert not set(keys) & set(axis_labels(chart))  # the stored keys are not shown


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_tornado_table_reads_like_its_chart(b2b: ReportData, lang: Lang) -> None:
    """Each input's NPV at its low and high end is the same in the table and on the chart, and
    the project outcome reads as luck in both: P10 (0.10) is the poor end, the lower NPV."""
    sim = b2b.sim_option(b2b.winner)
    table = tornado_table(b2b, lang).df
    frame = cs.tornado_frame(sim.tornado, ("low", "high"), lang)
    chart = frame.pivot(index="input", columns="side", values="npv")
    by_label = table.set_index(table.columns[0])
    assert list(by_label.index) == list(dict.fromkeys(frame["input"]))
    for label, row in by_label.iterrows():
        assert row.iloc[2] == chart.loc[str(label), "low"], label
        assert row.iloc[3] == chart.loc[str(label), "high"], label
    raw = next(r for r in sim.tornado if r.input == "outcome")
    luck = by_label.loc[input_label("outcome_luck", lang)]
    assert (luck.iloc[0], luck.iloc[1]) == pytest.approx((1 - raw.high_value, 1 - raw.low_value))
    assert luck.iloc[0] < luck.iloc[1]
    assert luck.iloc[2] < luck.iloc[3]  # bad luck, the lower NPV
