"""CSV for every table: UTF-8, or with a BOM, semicolons and decimal commas for Excel in Russian."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from crm_select.models.i18n_text import Lang
from crm_select.reports.report_data import ReportData, in_report_language
from crm_select.reports.safe import neutralise, safe_filename
from crm_select.reports.tables import Table, build_tables


def inert(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and headers cannot run as spreadsheet formulas."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if not pd.api.types.is_numeric_dtype(col):
            out.isetitem(i, col.map(neutralise).to_numpy())
    return out


def table_csv(table: Table, excel_ru: bool = False) -> bytes:
    """One table as CSV bytes.

    ``excel_ru`` writes a UTF-8 BOM, ``;`` as separator and ``,`` as decimal mark, which is
    what Excel with Russian regional settings expects; otherwise plain UTF-8 with ``,`` and ``.``.
    Floats are written to 15 significant digits (all a double holds for sure): binary noise such
    as 0.35000000000000003 goes, every amount keeps its kopecks.
    """
    buf = io.StringIO()
    inert(table.df).to_csv(
        buf,
        index=False,
        sep=";" if excel_ru else ",",
        decimal="," if excel_ru else ".",
        float_format="%.15g",
        lineterminator="\r\n" if excel_ru else "\n",
    )
    return buf.getvalue().encode("utf-8-sig" if excel_ru else "utf-8")


@in_report_language
def csv_files(data: ReportData, lang: Lang, excel_ru: bool = False) -> dict[str, bytes]:
    """File name -> CSV bytes for every table of the report."""
    return {
        f"{safe_filename(k)}.csv": table_csv(t, excel_ru)
        for k, t in build_tables(data, lang).items()
    }


def to_csv_zip_bytes(data: ReportData, lang: Lang, excel_ru: bool = False) -> bytes:
    """A zip archive with one CSV per table."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in csv_files(data, lang, excel_ru).items():
            z.writestr(name, content)
    return buf.getvalue()


def write_csv_dir(
    data: ReportData, lang: Lang, directory: Path, excel_ru: bool = False
) -> list[Path]:
    """Write one CSV per table into ``directory`` (created if needed); return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in csv_files(data, lang, excel_ru).items():
        path = directory / name
        path.write_bytes(content)
        paths.append(path)
    return paths


def read_csv(content: bytes, excel_ru: bool = False) -> pd.DataFrame:
    """Read back a CSV written by :func:`table_csv` (for checks and round-trips)."""
    return pd.read_csv(
        io.BytesIO(content),
        sep=";" if excel_ru else ",",
        decimal="," if excel_ru else ".",
        encoding="utf-8-sig",
        keep_default_na=True,
    )
