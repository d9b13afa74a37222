"""A committee member finds the interests' weights by choices on the Criteria page, in a real
browser: each answer moves to the next question, never more than 2n, and the weights are used."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_a_member_answers_choices_and_uses_the_weights(own_page: Page, settle: Callable) -> None:
    page = own_page
    page.get_by_role("link", name="2 · Criteria & weights").click()
    settle(page)
    expect(page.get_by_text("0 question(s) answered of at most 8").first).to_be_visible()
    choices = page.get_by_role("radiogroup", name="Improve first")
    choices.get_by_text("Budget", exact=True).click()  # improve the budget first
    settle(page)
    page.get_by_role("button", name="Answer").click()
    settle(page)
    expect(page.get_by_text("1 question(s) answered of at most 8").first).to_be_visible()
    for n in range(2, 9):  # wait for each answer to be counted before the next one
        if page.get_by_text("All questions answered").count():
            break
        page.get_by_role("button", name="Answer").first.click()
        expect(
            page.get_by_text(
                re.compile(rf"^{n} question\(s\) answered|All questions answered")
            ).first
        ).to_be_visible()
        settle(page)
    done = page.get_by_text("All questions answered").first
    expect(done).to_be_visible()
    asked = int(re.search(r"answered \((\d+);", done.inner_text()).group(1))  # type: ignore[union-attr]
    assert 3 <= asked <= 8  # the ranking's 3 questions at least, 2n = 8 at most
    page.get_by_role("button", name="Use these weights").click()
    settle(page, 800)
    expect(page.get_by_text("saved as direct points").first).to_be_visible()
    budget = page.get_by_role("slider", name="Budget")
    assert budget.get_attribute("value") == "100"  # chosen first: the top swing, 100 points
