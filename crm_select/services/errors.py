"""The errors a page or the command line reports from a use case (each says what to fix)."""

from __future__ import annotations

from crm_select.locales import Lang, number, translate
from crm_select.models.errors import InputError, Path, PathError
from scoring.errors import ScoringError

__all__ = ["InputError", "PathError", "ScoringError", "refusal", "refusal_text"]


def _worded(key: str, lang: Lang, params: dict[str, object]) -> str:
    shown = {
        k: number(v, lang) if isinstance(v, int | float) and not isinstance(v, bool) else v
        for k, v in params.items()
    }
    return translate(key, lang, **shown)


def refusal(path: Path, key: str, **params: object) -> PathError:
    """A `PathError` on ``path`` worded by the locale key ``key`` (English in its message)."""
    return PathError(path, _worded(key, "en", params), key=key, params=params)


def refusal_text(err: PathError, lang: Lang) -> str:
    """What ``err`` says in ``lang``: its locale key, numbers per locale; else its message."""
    return err.message if err.key is None else _worded(err.key, lang, err.params)
