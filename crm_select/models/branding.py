"""The decision's branding: the client's and the consultant's names and logos, and an accent
colour, for the deck and the PDF and HTML reports.

A logo is kept inside the decision (base64 in the scenario file, so an exported decision carries
it): PNG or JPEG only, at most :data:`MAX_LOGO_BYTES` and :data:`MAX_LOGO_SIDE` pixels a side,
and it must decode as the image it claims to be (Pillow reads every pixel once), so a file
renamed to .png, a truncated image or a decompression bomb is refused with a message.
"""

from __future__ import annotations

import base64
import binascii
import io
from typing import Annotated, Literal

from PIL import Image, UnidentifiedImageError
from pydantic import EncodedBytes, Field, model_validator
from pydantic.types import EncoderProtocol

from crm_select.models.base import Strict
from crm_select.models.errors import PathError
from crm_select.models.text import Name

MAX_LOGO_BYTES = 200_000
"""A logo file's largest size (a sharp logo for a slide is 10-100 kB as PNG)."""
MAX_LOGO_SIDE = 2_000
"""A logo's largest width or height in pixels."""
DEFAULT_COLOUR = "#4C78A8"
"""The accent colour when the decision sets none (the reports' blue)."""

MediaType = Literal["image/png", "image/jpeg"]
_FORMATS: dict[str, MediaType] = {"PNG": "image/png", "JPEG": "image/jpeg"}


class _Base64(EncoderProtocol):
    """Standard base64 on one line (pydantic's own Base64Bytes wraps lines every 76 chars)."""

    @classmethod
    def decode(cls, data: bytes) -> bytes:
        try:
            return base64.b64decode(data, validate=True)
        except binascii.Error as e:
            raise ValueError(f"not valid base64: {e}") from None

    @classmethod
    def encode(cls, value: bytes) -> bytes:
        return base64.b64encode(value)

    @classmethod
    def get_json_format(cls) -> Literal["base64"]:
        return "base64"


ImageBytes = Annotated[bytes, EncodedBytes(encoder=_Base64)]


def image_type(data: bytes) -> MediaType:
    """The media type of a PNG or JPEG image after decoding it whole; ``ValueError`` (saying
    why) for anything else, a damaged image, or one over the limits."""
    if len(data) > MAX_LOGO_BYTES:
        raise ValueError(
            f"the logo is {len(data) / 1000:.0f} kB; at most {MAX_LOGO_BYTES // 1000} kB"
        )
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt, (w, h) = img.format or "", img.size
            if max(w, h) > MAX_LOGO_SIDE:
                raise ValueError(f"the logo is {w} x {h} px; at most {MAX_LOGO_SIDE} px a side")
            img.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValueError("not a readable PNG or JPEG image (damaged, or another format)") from None
    if fmt not in _FORMATS:
        raise ValueError(f"a logo must be PNG or JPEG, got {fmt or 'an unknown format'}")
    return _FORMATS[fmt]


class Logo(Strict):
    """A logo image kept with the decision."""

    media_type: MediaType
    data: ImageBytes

    @model_validator(mode="after")
    def _an_image(self) -> Logo:
        try:
            found = image_type(self.data)
        except ValueError as e:
            raise PathError(("data",), str(e)) from None
        if found != self.media_type:
            raise PathError(("media_type",), f"the data is {found}, not {self.media_type}")
        return self


class Branding(Strict):
    """Who presents to whom: names and logos on the deck's title slide and the reports' first
    page, and the accent colour of headings, bars and rules."""

    client: Name | None = Field(None, description="the client's name (default: the company's)")
    consultant: Name | None = None
    colour: str = Field(DEFAULT_COLOUR, pattern=r"^#[0-9A-Fa-f]{6}$")
    client_logo: Logo | None = None
    consultant_logo: Logo | None = None

    @property
    def rgb(self) -> tuple[int, int, int]:
        """The accent colour as (red, green, blue), 0-255."""
        c = self.colour.lstrip("#")
        return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
