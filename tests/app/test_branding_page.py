"""The Report page keeps the decision's branding and offers the deck, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.conftest import open_page

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`


@pytest.mark.parametrize(
    ("lang", "save", "saved", "deck"),
    [
        ("en", "Save the branding", "Branding saved", "Client deck (PowerPoint)"),
        ("ru", "Сохранить оформление", "Оформление сохранено", "Презентация для клиента"),
    ],
)
def test_branding_is_saved_with_the_decision_and_the_deck_is_offered(
    fresh_data: Path,  # noqa: ARG001
    lang: str,
    save: str,
    saved: str,
    deck: str,
) -> None:
    at = open_page("views/report.py", lang)
    at.text_input(key="brand_client").input("StroyOptTorg LLC")
    at.text_input(key="brand_consultant").input("Acme Consulting")
    at.color_picker(key="brand_colour").pick("#2E7D32")
    at.button(key=f"FormSubmitter:branding_form-{save}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(saved in s.value for s in at.success), [e.value for e in at.error]
    at.run()  # the page reads the saved decision back
    assert at.text_input(key="brand_client").value == "StroyOptTorg LLC"
    assert at.color_picker(key="brand_colour").value.upper() == "#2E7D32"
    buttons = [e for e in at.get("download_button") if deck in e.proto.label]
    assert len(buttons) == 1
