"""The money half of CRM Select: multi-year TCO and ROI Monte Carlo per option.

Pure: numpy and scipy only, no streamlit, no sqlalchemy. Public entry points:

* :func:`finance.engine.simulate` -> :class:`finance.result.SimulationResult`
* :func:`finance.base_case.base_case` -> deterministic plan per option
* :func:`finance.measures.tco_measures` -> TCO and up-front cash for the scoring engine
"""
