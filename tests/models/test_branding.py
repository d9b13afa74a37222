"""Branding kept with the decision: names, colour, logos validated (type, size, pixels), kept
through save and load, and older files without it still load."""

from __future__ import annotations

import base64
import io

import pytest
import yaml
from PIL import Image

from crm_select.models.branding import MAX_LOGO_BYTES, MAX_LOGO_SIDE, Branding, Logo
from crm_select.models.errors import InputError
from crm_select.models.loader import dump_scenario, load_catalog, load_scenario, parse_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.schema_version import SCHEMA_VERSION
from crm_select.services.edits import BrandingEdit, set_branding

CATALOG = load_catalog()


def image(size: tuple[int, int], fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, fmt)
    return out.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def test_a_png_and_a_jpeg_logo_are_kept_byte_for_byte() -> None:
    png, jpeg = image((300, 100)), image((120, 120), "JPEG")
    scenario = set_branding(
        load_scenario(EXAMPLE_SCENARIO, CATALOG),
        BrandingEdit(" Client ", "Acme", "#112233", client_logo=png, consultant_logo=jpeg),
    )
    again = parse_scenario(dump_scenario(scenario), "again.yaml", CATALOG)
    b = again.branding
    assert (b.client, b.consultant, b.rgb) == ("Client", "Acme", (0x11, 0x22, 0x33))
    assert b.client_logo is not None
    assert b.consultant_logo is not None
    assert (b.client_logo.media_type, b.client_logo.data) == ("image/png", png)
    assert (b.consultant_logo.media_type, b.consultant_logo.data) == ("image/jpeg", jpeg)
    kept = set_branding(again, BrandingEdit("", "", "#000000", drop_consultant_logo=True))
    assert kept.branding.client_logo == b.client_logo  # no new upload: the stored one stays
    assert kept.branding.consultant_logo is None
    assert kept.branding.client is None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (image((50, 50), "GIF"), "PNG or JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"not really", "not a readable"),
        (image((MAX_LOGO_SIDE + 1, 10)), f"at most {MAX_LOGO_SIDE} px"),
        (b"\x89PNG" + bytes(MAX_LOGO_BYTES), f"at most {MAX_LOGO_BYTES // 1000} kB"),
    ],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused_saying_why(
    data: bytes, why: str
) -> None:
    scenario = load_scenario(EXAMPLE_SCENARIO, CATALOG)
    with pytest.raises(ValueError, match=why):
        set_branding(scenario, BrandingEdit("", "", "#4C78A8", client_logo=data))


def test_a_file_whose_logo_claims_the_wrong_type_names_the_field_and_line() -> None:
    doc = yaml.safe_load(EXAMPLE_SCENARIO.read_text("utf-8"))
    doc["branding"] = {
        "client": "X",
        "client_logo": {"media_type": "image/jpeg", "data": b64(image((40, 40)))},
    }
    with pytest.raises(InputError) as info:
        parse_scenario(yaml.safe_dump(doc, allow_unicode=True), "up.yaml", CATALOG)
    [problem] = info.value.problems
    assert "branding.client_logo" in str(problem)
    assert "image/png, not image/jpeg" in str(problem)
    assert problem.line is not None


def test_a_colour_must_be_hex() -> None:
    with pytest.raises(ValueError, match="pattern"):
        Branding(colour="green")
    with pytest.raises(ValueError, match="base64"):
        Logo(media_type="image/png", data="@@@")  # type: ignore[arg-type]


def test_a_version_10_file_without_branding_loads_with_the_default() -> None:
    doc = yaml.safe_load(EXAMPLE_SCENARIO.read_text("utf-8"))
    doc["schema_version"] = 10
    doc.pop("branding", None)
    scenario = parse_scenario(yaml.safe_dump(doc, allow_unicode=True), "v10.yaml", CATALOG)
    assert scenario.schema_version == SCHEMA_VERSION
    assert scenario.branding == Branding()
