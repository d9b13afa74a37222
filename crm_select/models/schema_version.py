"""The scenario file's format version and the upgraders that bring older files up to it.

One owner for the scenario schema: every change to the file format bumps ``SCHEMA_VERSION`` and
adds ``UPGRADERS[old]``, a pure function from a version-``old`` document (a plain dict, as parsed
from YAML or JSON, or as stored in the database) to a version ``old + 1`` document. An upgrader
writes out explicitly whatever the old format meant implicitly (e.g. a convention that used to be
fixed and is now a setting with another default), so an old file or a stored decision version
loads and keeps its numbers. `Scenario` runs `upgrade` before validating, so files, uploads,
the CLI and the store all go through it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from crm_select.models.errors import PathError

SCHEMA_VERSION = 14
"""The version written by this build; files of every older version are upgraded on load."""

Document = dict[str, Any]
Upgrader = Callable[[Document], Document]


def _setdefault_path(doc: Document, path: tuple[str, ...], value: Any) -> Document:
    """A copy of ``doc`` with ``value`` at ``path`` unless the document sets it (the sections
    on the way are copied, so the input stays as it was; a section that is not a mapping is
    left for validation to report)."""
    out = dict(doc)
    node = out
    for key in path[:-1]:
        child = node.get(key, {})
        if not isinstance(child, dict):
            return doc
        node[key] = node = dict(child)
    node.setdefault(path[-1], value)
    return out


def _v1_to_v2(doc: Document) -> Document:
    """Version 2 prices integrations one by one (``company.integrations``) and no longer as a
    share of implementation by default. A version-1 file lists no integrations; it meant 50 %
    of implementation, so that share is written out."""
    return _setdefault_path(doc, ("finance", "costs", "integration"), 0.5)


def _v2_to_v3(doc: Document) -> Document:
    """Version 3 pays licences as the contracts bill them (annual plans in advance); versions
    1 and 2 paid every licence year at its end, so that convention is written out."""
    return _setdefault_path(doc, ("finance", "conventions", "billing"), "year_end")


def _v3_to_v4(doc: Document) -> Document:
    """Version 4 keeps the ranking settings in the file (``ranking:``). A version-3 file ranked
    by the weighted sum, each method with its default normalisation (WSM min-max, WPM max,
    TOPSIS vector), the raters' mean as consensus, VIKOR with v = 0.5 and PROMETHEE with the
    usual function on every criterion: written out. Rank acceptability had no setting of its own
    (the page, the command line and the report each drew differently); it is written out as the
    one convention now: 10,000 samples, concentration 100, seed 0, score noise by the
    consensus's standard error."""
    return _setdefault_path(
        doc,
        ("ranking",),
        {
            "method": "wsm",
            "normalisation": {"wsm": "minmax", "wpm": "max", "topsis": "vector"},
            "aggregate": "mean",
            "vikor_v": 0.5,
            "promethee": {},
            "robustness": {
                "samples": 10_000,
                "concentration": 100.0,
                "seed": 0,
                "score_noise": "sem",
            },
        },
    )


#: the data-entry minutes every version-1 to 4 file meant when it gave none
OLD_DATA_ENTRY_MINUTES = {"kind": "pert", "min": 5, "mode": 10, "max": 20}


def _v4_to_v5(doc: Document) -> Document:
    """Version 5 reports users' data-entry time as an indirect cost (``finance.indirect``)
    with a default of 0 extra minutes, and checks the initial price, not the licences, against
    the source's 50-70 % band. Older files meant PERT(5, 10, 20) minutes a day under
    ``finance.benefits.data_entry_minutes``, and their ``licence_share_band`` was that band:
    both are written out under their new names."""
    fin = doc.get("finance", {})
    if not isinstance(fin, dict):
        return doc
    fin = dict(fin)
    benefits = fin.get("benefits")
    minutes = OLD_DATA_ENTRY_MINUTES
    if isinstance(benefits, dict) and "data_entry_minutes" in benefits:
        benefits = dict(benefits)
        minutes = benefits.pop("data_entry_minutes")
        fin["benefits"] = benefits
    if "licence_share_band" in fin:
        fin.setdefault("initial_price_band", fin.pop("licence_share_band"))
    out = dict(doc, finance=fin)
    return _setdefault_path(out, ("finance", "indirect", "data_entry_minutes"), minutes)


def _v5_to_v6(doc: Document) -> Document:
    """Version 6 can say where the scores came from (``scores_source``: the committee round
    the facilitator applied). Older files' scores were written in the file itself, which is
    what a missing ``scores_source`` means: nothing to write out."""
    return dict(doc)


def _v6_to_v7(doc: Document) -> Document:
    """Version 7 keeps named finance scenarios with the decision (``finance_scenarios``); an
    older file has none. From now on, an upgrader that changes ``finance`` or the shortlist
    entries' terms changes them in every ``finance_scenarios`` entry too (each holds a whole
    ``finance`` section and option terms)."""
    return _setdefault_path(doc, ("finance_scenarios",), [])


def _v7_to_v8(doc: Document) -> Document:
    """Version 8 gates each benefit lever by the option's coverage of the components it needs
    (``finance.benefits.fit``, on by default). Older files gave every option the whole
    benchmark: ``fit.enabled: false`` is written out, in the file's ``finance`` section and in
    each kept finance scenario's."""
    return _in_finance_everywhere(doc, ("benefits", "fit", "enabled"), False)


def _in_finance_everywhere(doc: Document, path: tuple[str, ...], value: Any) -> Document:
    """``value`` at ``path`` under ``finance`` in the document and in each kept finance
    scenario, unless set."""
    out = _setdefault_path(doc, ("finance", *path), copy.deepcopy(value))
    kept = out.get("finance_scenarios")
    if isinstance(kept, list):
        out["finance_scenarios"] = [
            _setdefault_path(k, ("finance", *path), copy.deepcopy(value))
            if isinstance(k, dict)
            else k
            for k in kept
        ]
    return out


#: the risk defaults of schema versions 1 to 8, written out for older files
OLD_RISK: dict[tuple[str, ...], Any] = {
    ("risk", "outcome", "boxed"): {"full": 0.33, "partial": 0.43, "failure": 0.24},
    ("risk", "outcome", "saas"): {"full": 0.36, "partial": 0.42, "failure": 0.22},
    ("risk", "outcome", "configurable"): {"full": 0.28, "partial": 0.43, "failure": 0.29},
    ("risk", "outcome", "custom"): {"full": 0.20, "partial": 0.40, "failure": 0.40},
    ("risk", "abandonment_given_failure"): 0.85,
    ("risk", "abandonment_before_go_live"): 0.0,
    ("correlations",): [{"a": "schedule_overrun", "b": "cost_overrun", "rho": 0.7}],
}


def _v8_to_v9(doc: Document) -> Document:
    """Version 9 lets the committee's scores move each option's adoption and outcome
    probabilities (``finance.judgement``, on by default), abandons some projects during
    implementation, correlates the outcome with the overruns and calibrates the outcome
    defaults to the independent evidence. Older files did none of it: ``judgement.enabled:
    false`` and the old risk defaults are written out, in the file and in each kept finance
    scenario (a delivery type the file sets keeps its own probabilities)."""
    out = _in_finance_everywhere(doc, ("judgement", "enabled"), False)
    for path, value in OLD_RISK.items():
        out = _in_finance_everywhere(out, path, value)
    return out


def _v9_to_v10(doc: Document) -> Document:
    """Version 10 lets a rating scale say what its points mean (``scale.anchors``); an older
    file's scales have no anchors, which is what a missing ``anchors`` means: nothing to write
    out, and no number changes."""
    return dict(doc)


def _v10_to_v11(doc: Document) -> Document:
    """Version 11 keeps the decision's branding (``branding``: client's and consultant's names
    and logos, accent colour) for the deck and the reports; an older file has none, which is
    what a missing ``branding`` means (the reports' blue, the company's name, no logos)."""
    return dict(doc)


def _v11_to_v12(doc: Document) -> Document:
    """Version 12 can say whose weights the decision uses (``weights_source``: the committee's
    group weights, a department's weighting set or the facilitator's own, adopted by whom and
    when); an older file's weights are the facilitator's, which is what a missing
    ``weights_source`` means: nothing to write out, and no number changes."""
    return dict(doc)


def _v12_to_v13(doc: Document) -> Document:
    """Version 13 can record group weights aggregated from the members' judgements
    (``weights_source.aggregation: aij_geometric``); an older file's group weights were
    aggregated from priorities, as it says: nothing to write out, and no number changes."""
    return dict(doc)


def _v13_to_v14(doc: Document) -> Document:
    """Version 14 lets an inline option's notes (``risk.notes``, each figure's ``note``) be
    given in both languages (``{en: ..., ru: ...}``); a plain string, as every older file has,
    is still read as it was: nothing to write out, and no number changes."""
    return dict(doc)


UPGRADERS: dict[int, Upgrader] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _v6_to_v7,
    7: _v7_to_v8,
    8: _v8_to_v9,
    9: _v9_to_v10,
    10: _v10_to_v11,
    11: _v11_to_v12,
    12: _v12_to_v13,
    13: _v13_to_v14,
}
"""``UPGRADERS[n]`` turns a version-``n`` document into a version-``n + 1`` one."""


def upgrade(data: Document) -> Document:
    """Bring a scenario document of any known version to ``SCHEMA_VERSION`` (a new dict).

    A document without ``schema_version`` is taken as version 1 (the first format, where the field
    was optional). Raises `PathError` at ``schema_version`` for a version that is not a whole
    number from 1 to ``SCHEMA_VERSION``.
    """
    version = data.get("schema_version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise PathError(("schema_version",), f"must be a whole number, got {version!r}")
    if not 1 <= version <= SCHEMA_VERSION:
        raise PathError(
            ("schema_version",),
            f"must be from 1 to {SCHEMA_VERSION} (this build reads versions up to "
            f"{SCHEMA_VERSION}; a newer file needs a newer CRM Select), got {version}",
        )
    out = dict(data)
    for v in range(version, SCHEMA_VERSION):
        out = UPGRADERS[v](out)
        out["schema_version"] = v + 1
    out["schema_version"] = SCHEMA_VERSION
    return out
