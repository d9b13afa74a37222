"""The size limits of a decision, one place for the app, the command line and the store.

They keep every computation inside the memory budget (docs/scenario.md, "Limits") and every
money figure far from floating-point overflow.
"""

from __future__ import annotations

MAX_OPTIONS = 200
"""Options on a shortlist (a real shortlist has 3-15; the catalog holds about 30)."""

MAX_CRITERIA = 200
"""Criteria in the whole tree."""

MAX_RATERS = 200
"""Committee members of one decision (in the scenario and invited in the store)."""

MAX_AMOUNT = 1e15
"""Largest money figure in any currency: a quadrillion is beyond every company's revenue (the
largest are about 7e11 USD, Russia's GDP about 2e14 RUB); products of such figures over ten
years stay far inside float64."""
