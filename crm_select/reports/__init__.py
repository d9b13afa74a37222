"""Exports of a decision: tables, CSV, Excel workbook, PDF and HTML report, scenario round-trip.

Pure package (no streamlit, no sqlalchemy). Entry points for the Report page and the CLI:

- :func:`reports.report_data.build_report_data` runs scoring and finance once;
- :func:`reports.tables.build_tables` turns the results into named, translated DataFrames;
- :func:`reports.csv_export.to_csv_zip_bytes`, :func:`reports.excel.to_xlsx_bytes`,
  :func:`reports.pdf.to_pdf_bytes`, :func:`reports.html.to_html` write the formats.
"""
