"""The catalog's notes in both languages: every note the bundled catalog gives a reader has an
English and a Russian text that say the same numbers; a plain-string note, as older catalogs and
scenarios have, still loads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from crm_select.models.catalog import Catalog, CatalogOption
from crm_select.models.i18n_text import text
from crm_select.models.loader import load_catalog
from crm_select.models.paths import CATALOG_PATH


def _raw_catalog() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CATALOG_PATH.read_text("utf-8"))
    return data


def _notes(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every ``note`` value and every ``notes`` entry in the parsed YAML, wherever it sits
    (read from the file itself, not through the model, so a note the model does not know
    about is found too)."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key == "note":
                yield here, value
            elif key == "notes" and isinstance(value, list):
                yield from ((f"{here}[{i}]", v) for i, v in enumerate(value))
            else:
                yield from _notes(value, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            label = item.get("id") if isinstance(item, dict) and "id" in item else i
            yield from _notes(item, f"{path}[{label}]")


NOTES = list(_notes(_raw_catalog()))

CYRILLIC = re.compile("[А-Яа-яЁё]")


def _numbers(value: str, thousands: str, decimal: str) -> set[str]:
    """The numbers a text states, written alike: ``thousands`` (a character class) between
    digit groups dropped, ``decimal`` between digits read as a point. English "1,500" and
    "0.2", Russian "1 500" and "0,2" both give "1500" and "0.2"."""
    value = re.sub(rf"(?<=\d)[{thousands}](?=\d{{3}}\b)", "", value)
    if decimal != ".":
        value = re.sub(rf"(?<=\d){decimal}(?=\d)", ".", value)
    return set(re.findall(r"\d+(?:\.\d+)?", value))


def test_the_walk_finds_every_kind_of_note() -> None:
    """The catalog's 21 options carry about 300 notes: prices, bands, rates, administration,
    annual fees, infrastructure, sources and risk notes."""
    assert len(NOTES) >= 300
    kinds = {re.sub(r"\[[^]]*\]", "", path) for path, _ in NOTES}
    for kind in (
        ".options.editions.pricing.note",
        ".options.implementation.bands.note",
        ".options.administration.note",
        ".options.sources.note",
        ".options.risk.notes",
        ".rate_cards.standard.note",
    ):
        assert kind in kinds, kind


def _not_bilingual(note: Any) -> str | None:
    """What is wrong with one note as a bilingual text, or None."""
    if not isinstance(note, dict) or set(note) != {"en", "ru"}:
        return f"not {{en, ru}}: {note!r:.60}"
    if not (note["en"].strip() and note["ru"].strip()):
        return "an empty text"
    if not CYRILLIC.search(note["ru"]):
        return "the Russian text has no Cyrillic letter"
    return None


def _numbers_differ(note: dict[str, str]) -> str | None:
    """A translation changes no number: the same numbers (dates, prices, shares, citations
    such as S44 or 152-FZ) in English style and in Russian style ("1,500" / "1 500", "0.2" /
    "0,2")."""
    en = _numbers(note["en"], ",\u00a0 ", ".")
    ru = _numbers(note["ru"], "\u00a0\u202f ", ",")
    if en == ru:
        return None
    return f"only in English {sorted(en - ru)}, only in Russian {sorted(ru - en)}"


#: English words that only an untranslated sentence would carry (names of products, plans and
#: licences such as "Sales and Service Core" are quoted in «», and field names such as
#: internal_share are single tokens)
# fmt: off
ENGLISH_GLUE = frozenset({
    "the", "and", "of", "is", "are", "was", "were", "for", "with", "not", "per", "from", "to",
    "by", "on", "in", "at", "as", "be", "or", "an", "it", "its", "no", "this", "that", "than",
})
# fmt: on


def _english_words(ru: str) -> list[str]:
    """Latin letters are fine in a Russian note (product names, [V]/[S]/[U], field names,
    URLs); English function words are not (they mean a sentence was left untranslated)."""
    unquoted = re.sub("«[^»]*»", "", ru)
    words = re.findall(r"(?<![\w'-])[A-Za-z]+(?:-[A-Za-z]+)*(?![\w'-])", unquoted)
    return [w for w in words if w in ENGLISH_GLUE]


def test_every_note_is_in_english_and_russian() -> None:
    wrong = [(path, why) for path, note in NOTES if (why := _not_bilingual(note))]
    assert wrong == []


def test_each_russian_note_states_the_same_numbers() -> None:
    wrong = [(path, why) for path, note in NOTES if (why := _numbers_differ(note))]
    assert wrong == []


def test_no_russian_note_keeps_an_english_sentence() -> None:
    wrong = [(path, words) for path, note in NOTES if (words := _english_words(note["ru"]))]
    assert wrong == []


def test_the_checks_catch_what_they_are_for() -> None:
    """Each check above objects to the fault it looks for (so an empty list means something)."""
    assert _not_bilingual("Free edition for up to 3 users [V].") is not None
    assert _not_bilingual({"en": "Free edition", "ru": "Free edition"}) is not None
    assert _not_bilingual({"en": "Free edition", "ru": "Бесплатная редакция"}) is None
    assert _numbers_differ({"en": "15-30% at $1,500", "ru": "15–30 % при 1 500 $"}) is None
    assert _numbers_differ({"en": "raised from $165 (+6%)", "ru": "повышена со 156 $ (+6 %)"})
    assert _numbers_differ({"en": "0.2 FTE", "ru": "0,2 FTE"}) is None
    assert _numbers_differ({"en": "0.2 FTE", "ru": "2 FTE"})
    assert _english_words("Бесплатно до 3 users [V]") == []
    assert _english_words("Free edition for up to 3 users") == ["for", "to"]
    assert _english_words("одна лицензия «Sales and Service Core»; on-premise") == []


def test_the_model_gives_each_language_its_note() -> None:
    option = load_catalog().get("amocrm")
    note = option.edition("advanced").pricing.note
    assert isinstance(note, dict)
    assert text(note, "ru") == note["ru"] != text(note, "en") == note["en"]
    risk = option.risk.notes[0]
    assert isinstance(risk, dict)
    assert CYRILLIC.search(text(risk, "ru"))


def _english_only(node: Any) -> Any:
    """The document as an older catalog wrote it: each note a plain English string."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "note" and isinstance(value, dict):
                out[key] = value["en"]
            elif key == "notes" and isinstance(value, list):
                out[key] = [v["en"] if isinstance(v, dict) else v for v in value]
            else:
                out[key] = _english_only(value)
        return out
    if isinstance(node, list):
        return [_english_only(v) for v in node]
    return node


def test_an_older_catalog_with_plain_string_notes_still_loads() -> None:
    """The catalog as it was before the Russian notes (English strings) loads to the same
    model but for the notes, and shows its English note in either language."""
    old = Catalog.model_validate(_english_only(_raw_catalog()))
    assert _english_only(load_catalog().model_dump()) == old.model_dump()
    note = old.get("amocrm").risk.notes[0]
    assert isinstance(note, str)
    assert text(note, "ru") == text(note, "en") == note


def test_an_inline_option_may_give_a_note_in_one_language_or_both() -> None:
    data = load_catalog().get("kontur-krm").model_dump(mode="json")
    data["risk"]["notes"] = ["only English", {"en": "both", "ru": "оба"}, {"ru": "только русский"}]
    option = CatalogOption.model_validate(data)
    assert [text(n, "ru") for n in option.risk.notes] == ["only English", "оба", "только русский"]
    assert [text(n, "en") for n in option.risk.notes] == ["only English", "both", "только русский"]
