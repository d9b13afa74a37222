"""Decision confidence (services/confidence.py) on the bundled example: the measured criteria
take each finance trial's values, the NPV comparisons are paired on the same trials, seeds
reproduce, the card reads its own numbers and the memory budget holds."""

from __future__ import annotations

import numpy as np
import pytest

from crm_select.models.confidence import ConfidenceSettings, WeightModel
from crm_select.models.criteria import CriteriaTree, MeasuredScale
from crm_select.models.errors import PathError
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.ranking_settings import ScoreNoise
from crm_select.services.confidence import card_lines, confidence
from crm_select.services.decision import OpenDecision, open_decision
from finance.engine import simulate

RUN = ConfidenceSettings(trials=3000, seed=11)


@pytest.fixture(scope="module")
def decision() -> OpenDecision:
    catalog = load_catalog()
    return open_decision(load_scenario(EXAMPLE_SCENARIO, catalog), catalog)


def only(decision: OpenDecision, criterion: str, measure: str | None = None) -> OpenDecision:
    """The decision with all the weight on one criterion (its measure replaced if given)."""
    tree = decision.scenario.criteria.model_dump()
    for g in tree["groups"]:
        ids = [c["id"] for c in g["criteria"]]
        g["weight"] = 1.0 if criterion in ids else 0.0
        for c in g["criteria"]:
            c["weight"] = 1.0 if c["id"] == criterion else 0.0
            if c["id"] == criterion and measure is not None:
                c["scale"] = MeasuredScale(measure=measure).model_dump()
                c["direction"] = "benefit"
    sc = decision.scenario.model_copy(update={"criteria": CriteriaTree.model_validate(tree)})
    return open_decision(sc, decision.catalog)


def trials_of(decision: OpenDecision):
    res = simulate(decision.scenario, list(decision.resolved), trials=RUN.trials, seed=RUN.seed,
                   sensitivity=False, keep_trials=True)  # fmt: skip
    assert res.trial_data is not None
    return res.trial_data


def no_noise(decision: OpenDecision):
    return decision.settings.model_copy(
        update={"robustness": decision.settings.robustness.model_copy(
            update={"score_noise": ScoreNoise.NONE})}
    )  # fmt: skip


def test_all_weight_on_tco_ranks_by_each_trials_own_tco(decision):
    """The budget score moves with the option's own simulated cost: with the weight on TCO
    alone, P(first) is how often the option has the lowest TCO in the finance trials."""
    d = only(decision, "tco")
    run = RUN.model_copy(update={"weights": WeightModel.FIXED})
    conf = confidence(d, no_noise(d), run)
    td = trials_of(d)
    lowest = np.bincount(td.tco.argmin(axis=0), minlength=len(td.option_ids)) / td.trials
    assert "tco" in conf.measured
    np.testing.assert_allclose(conf.joint.first_rank, lowest, atol=1e-12)
    assert conf.joint.first_rank.max() < 1.0  # the money's uncertainty shows


def test_all_weight_on_an_npv_criterion_is_p_best_npv(decision):
    d = only(decision, "tco", measure="npv")
    run = RUN.model_copy(update={"weights": WeightModel.FIXED})
    conf = confidence(d, no_noise(d), run)
    np.testing.assert_allclose(conf.joint.first_rank, [conf.npv.p_best[o] for o in conf.options],
                               atol=1e-12)  # fmt: skip
    td = trials_of(d)
    best = np.bincount(td.npv.argmax(axis=0), minlength=len(td.option_ids)) / td.trials
    np.testing.assert_allclose(conf.joint.first_rank, best, atol=1e-12)


def test_npv_pairs_are_paired_on_the_finance_trials(decision):
    conf = confidence(decision, None, RUN)
    td = trials_of(decision)
    a, b = td.option_ids[0], td.option_ids[1]
    diff = td.npv[0] - td.npv[1]
    pair = conf.npv.pair(a, b)
    assert pair.p_a_better == pytest.approx((diff > 0).mean() + 0.5 * (diff == 0).mean())
    assert pair.mean == pytest.approx(diff.mean())
    assert conf.npv.pair(b, a).p_a_better == pytest.approx(1 - pair.p_a_better)


def test_seeds_reproduce_and_the_card_reads_its_numbers(decision):
    one, two = confidence(decision, None, RUN), confidence(decision, None, RUN)
    assert one.to_dict() == two.to_dict()
    other = confidence(decision, None, RUN.model_copy(update={"seed": 12}))
    assert other.to_dict() != one.to_dict()
    c = one.card
    i = one.options.index(c.recommended)
    assert c.confidence == one.joint.first_rank.max() == one.joint.first_rank[i]
    assert c.runner_up is not None
    assert c.runner_up != c.recommended
    assert c.runner_up_wins == sorted(one.joint.first_rank)[-2]
    names = one.names
    for lang, pct in (("en", f"{round(100 * c.confidence)}%"),
                      ("ru", f"{round(100 * c.confidence)}\u00a0%")):  # fmt: skip
        text = " ".join(card_lines(one, lang))  # type: ignore[arg-type]
        assert names[c.recommended] in text
        assert names[c.runner_up] in text
        assert pct in text


def test_over_the_memory_budget_is_refused(decision, monkeypatch):
    monkeypatch.setenv("CRM_SELECT_MEMORY_BUDGET_MB", "64")
    with pytest.raises(PathError) as e:
        confidence(decision, None, ConfidenceSettings(trials=2_000_000))
    assert "memory budget" in e.value.message


@pytest.mark.slow  # the command line's imports and three runs
def test_the_command_line_prints_the_services_numbers(decision):
    import json

    from typer.testing import CliRunner

    from crm_select.cli.main import app

    runner = CliRunner()
    args = ["confidence", str(EXAMPLE_SCENARIO), "--trials", "1000", "--seed", "3"]
    out = runner.invoke(app, [*args, "--json"])
    assert out.exit_code == 0, out.output
    got = json.loads(out.stdout)
    conf = confidence(decision, None, ConfidenceSettings(trials=1000, seed=3))
    assert got["card"] == json.loads(json.dumps(conf.to_dict()["card"]))
    assert got["card"]["recommended"] == conf.card.recommended
    assert got["options"][conf.card.recommended]["p_first"] == conf.card.confidence
    assert got["card_text"] == card_lines(conf, decision.scenario.language)
    text = runner.invoke(app, args)
    assert text.exit_code == 0
    assert card_lines(conf, "en")[0] in text.stdout
    # a Russian card names the options as the catalog does in Russian
    ru = runner.invoke(app, [*args, "--lang", "ru"])
    ru_name = decision.option_names("ru")[conf.card.recommended]
    assert ru_name != decision.option_names("en")[conf.card.recommended]
    assert card_lines(conf, "ru", decision.option_names("ru"))[0] in ru.stdout
    assert f"Рекомендация: {ru_name}." in ru.stdout
    bad = runner.invoke(app, [*args, "--weights", "departments"])
    assert bad.exit_code == 2
    assert "workspace" in bad.output
    over = runner.invoke(app, ["confidence", str(EXAMPLE_SCENARIO), "--trials", "9000000"])
    assert over.exit_code == 2
    assert "finance.simulation.trials" in over.output


def test_fixing_the_flip_input_at_its_named_value_flips_the_winner(decision):
    """With nothing known about the weights, the card names the weights' low end for the
    budget as what could flip the choice; re-run with the weights fixed there (the same seed,
    so the same score and money draws), the winner it names ranks first in most trials."""
    run = RUN.model_copy(update={"weights": WeightModel.UNIFORM, "trials": 4000})
    conf = confidence(decision, None, run)
    flip = conf.card.flip
    assert flip is not None
    assert flip.flips
    assert flip.group == "weights"
    assert flip.winner != conf.card.recommended
    shares = conf.group("weights").decision.low.inputs
    assert shares[flip.input] == flip.value
    fixed = RUN.model_copy(update={"weights": WeightModel.FIXED, "trials": 4000})
    rerun = confidence(decision, None, fixed, group_shares=shares)
    assert rerun.joint.first_rank[rerun.options.index(conf.card.recommended)] <= 0.5
    assert rerun.joint.first_rank[rerun.options.index(flip.winner)] >= 0.5
    text = " ".join(card_lines(conf, "en"))
    assert f"{conf.names[flip.winner]} ranks first" in text
    assert f"about {round(100 * flip.value)}%" in text


def test_value_of_information_in_money(decision):
    conf = confidence(decision, None, RUN)
    td = trials_of(decision)
    by_hand = td.npv.max(axis=0).mean() - td.npv.mean(axis=1).max()
    assert conf.card.evpi == pytest.approx(by_hand, rel=1e-12)
    money = [g for g in conf.groups if g.money is not None]
    assert money
    assert all(0 <= g.money.evppi <= conf.card.evpi for g in money)  # type: ignore[union-attr]
    assert conf.card.worth is not None
    assert conf.card.worth.value == max(g.money.evppi for g in money)  # type: ignore[union-attr]
    assert {g.key for g in conf.groups if g.money is None} == {"weights", "scores"}
    focus = {conf.card.recommended, conf.card.runner_up, conf.card.best_npv}
    assert {g.option for g in conf.groups if g.option} == focus
    assert all(0 <= g.decision.evppi <= 1 for g in conf.groups)
