"""The project owner's link in a real browser, both languages: the facilitator invites an owner
on "8 · After go-live" and passes the link on; the owner, in another browser, lands on that page
alone (no menu, no decision picker, no facilitator action), uploads two quarters of actuals and
spend, and sees the fan chart and what moved the NPV; a rater opens the results from their own
page read-only. Screenshots: owner-link-<lang>.png, owner-rater-<lang>.png."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from crm_select.locales import translate
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.store.api import authenticate, create_workspace, invite_rater, open_database
from crm_select.store.engine import SQLITE_FILE
from tests.e2e.conftest import SHOTS, new_tab, streamlit_app
from tests.e2e.test_after_go_live import next_quarters

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_owner_link_enters_actuals_and_a_rater_reads_them(
    browser: Browser, settle: Callable, tmp_path: Path, lang: str
) -> None:
    def t(key: str, **kw: object) -> str:
        return translate(key, lang, **kw)  # type: ignore[arg-type]

    data = tmp_path / "data"
    data.mkdir()
    db = open_database(f"sqlite:///{data / SQLITE_FILE}")
    created = create_workspace(db, load_scenario(EXAMPLE_SCENARIO, load_catalog()), "Chair")
    ws = created.workspace_id
    chair = authenticate(db, ws, created.admin_code)
    rater_token = invite_rater(db, chair, "boris", "Boris")
    db.dispose()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with streamlit_app(data, tmp_path / "app.log") as url:
        # the facilitator (local mode: the operator) starts the record and invites an owner
        fac = new_tab(browser, f"{url}/?ws={ws}&lang={lang}")
        fac.get_by_role("link", name=t("nav.after")).click()
        settle(fac)
        fac.get_by_role("button", name=t("real.start_button")).click()
        settle(fac, 1000)
        fac.get_by_text(t("real.owners")).first.click()
        settle(fac)
        fac.get_by_label(t("real.owner_id")).fill("olga")
        fac.get_by_label(t("real.owner_name")).fill("Olga Petrova")
        fac.get_by_role("button", name=t("real.invite_button")).click()
        settle(fac, 800)
        link = fac.locator("[data-testid='stCode'] code").first.inner_text().strip()
        assert f"/after_go_live?ws={ws}&token=" in link
        assert link.endswith(f"&lang={lang}")
        fac.context.close()

        # the owner, in a browser of their own
        owner = new_tab(browser, link)
        settle(owner, 1000)
        expect(owner.get_by_role("heading", name=t("real.title"))).to_be_visible()
        for other in ("nav.decision", "nav.finance", "committee.nav.board"):
            assert owner.get_by_role("link", name=t(other)).count() == 0
        assert owner.get_by_text(t("real.owners")).count() == 0  # no invitations
        assert owner.get_by_text("Olga Petrova").count() >= 1  # signed in as herself
        labels = next_quarters()
        csv = tmp_path / "actuals.csv"
        csv.write_text(
            "kind,name,period,value,unit\n"
            f"kpi,sales_per_rep,{labels[0]},3750000,money\n"
            f"kpi,sales_per_rep,{labels[1]},3850000,money\n"
            f"kpi,adoption,{labels[0]},0.6,share\n"
            f"kpi,adoption,{labels[1]},0.7,share\n"
            f"spend,implementation,{labels[0]},900000,money\n"
        )
        owner.get_by_role("tab", name=t("real.tab.actuals")).click()
        settle(owner)
        owner.locator("input[type=file]").set_input_files(str(csv))
        settle(owner, 800)
        owner.get_by_role("tab", name=t("real.tab.actuals")).click()
        settle(owner)
        owner.get_by_role("button", name=t("real.upload_button")).click()
        settle(owner, 1500)
        expect(owner.get_by_text(t("real.stored", n=5)).first).to_be_visible()
        owner.get_by_role("tab", name=t("real.tab.results")).click()
        settle(owner, 1500)
        expect(owner.get_by_role("heading", name=t("real.kpi.sales_per_rep"))).to_be_visible()
        expect(owner.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
        expect(owner.get_by_text(t("real.spend")).first).to_be_visible()
        owner.screenshot(path=SHOTS / f"owner-link-{lang}.png", full_page=True)
        owner.context.close()

        # a rater reaches the results from their own page, read-only
        rater = new_tab(browser, f"{url}/committee_rate?ws={ws}&token={rater_token}&lang={lang}")
        settle(rater, 1000)
        rater.get_by_role("link", name=t("real.rater_results")).click()
        settle(rater, 1000)
        expect(rater.get_by_role("heading", name=t("real.title"))).to_be_visible()
        rater.get_by_role("tab", name=t("real.tab.actuals")).click()
        settle(rater)
        expect(rater.get_by_text(t("real.read_only")).first).to_be_visible()
        assert rater.get_by_role("button", name=t("real.upload_button")).count() == 0
        rater.get_by_role("tab", name=t("real.tab.baseline")).click()
        settle(rater)
        expect(rater.get_by_role("button", name=t("real.save_baseline"))).to_be_disabled()
        assert rater.get_by_text(t("real.owners")).count() == 0
        rater.get_by_role("tab", name=t("real.tab.results")).click()
        settle(rater, 1500)
        expect(rater.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
        rater.screenshot(path=SHOTS / f"owner-rater-{lang}.png", full_page=True)
        rater.context.close()
