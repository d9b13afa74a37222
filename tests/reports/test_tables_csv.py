"""Tables carry the engine's results; CSV round-trips; user text comes out inert."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from crm_select.reports.csv_export import read_csv, table_csv, to_csv_zip_bytes, write_csv_dir
from crm_select.reports.report_data import ReportData
from crm_select.reports.safe import escape, neutralise, safe_filename
from crm_select.reports.tables import SHEETS, build_tables

INJECTIONS = ("=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\t=1")


def test_summary_follows_the_ranking(b2b: ReportData) -> None:
    summary = build_tables(b2b, "en")["summary"].df
    ranking = b2b.ranking.ranking()
    assert list(summary.iloc[:, 0]) == [r.rank for r in ranking]
    assert list(summary.iloc[:, 1]) == [b2b.option_name(r.option) for r in ranking]
    np.testing.assert_allclose(summary.iloc[:, 4], [r.score for r in ranking])
    sim = b2b.sim_option(ranking[0].option)
    assert summary.iloc[0, 5] == pytest.approx(sim.tco)
    assert summary.iloc[0, 6] == pytest.approx(sim.npv["p50"])
    assert summary.iloc[0, 7] == pytest.approx(sim.p_npv_positive)


def test_every_table_has_a_known_sheet_and_translated_headers(bank: ReportData) -> None:
    en, ru = build_tables(bank, "en"), build_tables(bank, "ru")
    assert en.keys() == ru.keys()
    for key, table in ru.items():
        assert table.sheet in SHEETS, key
        assert not table.df.empty or key in ("tornado", "warnings"), key
    assert "Вариант" in ru["summary"].df.columns
    assert "Option" in en["summary"].df.columns


def test_tco_total_rows_match_the_simulation(b2b: ReportData) -> None:
    tco = build_tables(b2b, "en")["tco"].df
    totals = tco[tco.iloc[:, 1] == "Total"]
    for oid, total in zip(b2b.option_ids, totals.iloc[:, -1], strict=True):
        assert total == pytest.approx(b2b.sim_option(oid).tco, rel=1e-9)


def test_methods_table_has_every_method(b2b: ReportData) -> None:
    methods = build_tables(b2b, "en")["methods"].df.set_index("Option")
    labels = {"wsm": "Weighted sum", "wpm": "Weighted product", "topsis": "TOPSIS",
              "vikor": "VIKOR", "promethee": "PROMETHEE II"}  # fmt: skip
    assert set(b2b.methods.results) == set(labels)
    for m, r in b2b.methods.results.items():
        ranks = methods[f"Rank: {labels[m]}"]
        scores = methods[f"Score: {labels[m]}"]
        for oid, rank, score in zip(r.options, r.ranks, r.scores, strict=True):
            assert ranks[b2b.option_name(oid)] == rank
            assert scores[b2b.option_name(oid)] == pytest.approx(float(score), abs=1e-12)
        assert ranks[b2b.option_name(r.winner)] == 1


def test_each_licence_is_listed_at_its_headline_price(b2b: ReportData) -> None:
    """The sources sheet names the price a negotiated price would replace, in its unit: 1C's
    client-licence pack (274,300 RUB for 50 workplaces in the catalog), not a zero per server."""
    sources = build_tables(b2b, "en")["sources"].df
    licences = sources[sources["Item"].str.startswith("Licence")].set_index("Option")
    onec = licences.loc[next(n for n in licences.index if n.startswith("1C:CRM"))]
    assert (onec["Amount"], onec["Unit"]) == (274_300, "per pack of 50 workplaces")
    amo = licences.loc[next(n for n in licences.index if n.startswith("amoCRM"))]
    assert amo["Unit"] == "per user per month"
    assert (licences["Amount"] > 0).all()


@pytest.mark.parametrize("excel_ru", [False, True])
def test_csv_round_trip(b2b: ReportData, excel_ru: bool) -> None:
    tables = build_tables(b2b, "ru")
    for key in ("summary", "tco", "roi", "scores_consensus"):
        df = tables[key].df
        back = read_csv(table_csv(tables[key], excel_ru), excel_ru)
        assert list(back.columns) == list(df.columns)
        for c in df.columns:
            if pd.api.types.is_numeric_dtype(df[c]):
                np.testing.assert_allclose(
                    back[c].to_numpy(float), df[c].to_numpy(float), rtol=1e-12
                )
            else:
                assert (
                    back[c].fillna("").astype(str).tolist() == df[c].fillna("").astype(str).tolist()
                )


def test_excel_ru_csv_has_bom_and_semicolons(b2b: ReportData) -> None:
    raw = table_csv(build_tables(b2b, "ru")["summary"], excel_ru=True)
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header.count(";") == 8
    assert "Вариант" in header
    plain = table_csv(build_tables(b2b, "ru")["summary"])
    assert not plain.startswith(b"\xef\xbb\xbf")


def test_csv_zip_and_directory(b2b: ReportData, tmp_path: object) -> None:
    with zipfile.ZipFile(io.BytesIO(to_csv_zip_bytes(b2b, "en"))) as z:
        names = set(z.namelist())
    assert {"summary.csv", "tco.csv", "roi.csv", "sources.csv", "assumptions.csv"} <= names
    paths = write_csv_dir(b2b, "en", tmp_path / "out")  # type: ignore[operator]
    assert {p.name for p in paths} == names


@pytest.mark.parametrize("payload", INJECTIONS)
def test_neutralise(payload: str) -> None:
    assert neutralise(payload) == "'" + payload
    assert neutralise(-1.0) == -1.0
    assert neutralise("plain") == "plain"


def test_injection_is_inert_in_csv(hostile: ReportData) -> None:
    for excel_ru in (False, True):
        with zipfile.ZipFile(io.BytesIO(to_csv_zip_bytes(hostile, "en", excel_ru))) as z:
            texts = [z.read(n).decode("utf-8-sig") for n in z.namelist()]
        sep = ";" if excel_ru else ","
        found = 0
        for text in texts:
            df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
            cells = list(df.columns) + [v for col in df.columns for v in df[col]]
            for v in cells:
                assert not str(v).startswith(("=", "+", "@", "\t")), v
                if str(v).startswith("-"):
                    float(str(v).replace(",", "."))  # only numbers may start with a minus
            found += sum("'=cmd|' /C calc'!A0" in str(v) for v in cells)
        assert found > 0


def test_escape_and_file_names() -> None:
    assert escape("<script>&\"'") == "&lt;script&gt;&amp;&quot;&#x27;"
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename("Решение: банк/500 *?.xlsx") == "Решение_банк_500_.xlsx"
    assert safe_filename("CON") == "CON_"
    assert safe_filename("...") == "report"
    assert "/" not in safe_filename("a/b\\c\x00d")


@pytest.mark.parametrize("excel_ru", [False, True])
def test_csv_has_no_float_noise(excel_ru: bool) -> None:
    from crm_select.reports.tables import Table

    noisy = 0.1 + 0.25  # 0.35000000000000003 in binary floating point
    df = pd.DataFrame({"weight": [noisy], "tco": [123_456_789.12]})
    text = table_csv(Table("t", "summary", "T", df), excel_ru).decode("utf-8-sig")
    row = text.splitlines()[1]
    assert row == ("0,35;123456789,12" if excel_ru else "0.35,123456789.12")
