"""The source's rule, checked as it says: the initial price of a solution (licences and
implementation as quoted) is only 50-70 % of its total cost of ownership; the rest is support
and upgrades, training, integration and everything after launch (design 2.4).

One definition, used by the base case, the simulation, the CLI, the page and the reports:

* **initial price** = the licences as quoted + the implementation as quoted. Licences as
  quoted: a purchase (perpetual licences, onboarding fees), and for a subscription its fees over
  the ownership period, which the vendor quotes for the term; maintenance and support renewals
  of a purchased licence are "support and upgrades", after launch. Implementation as quoted:
  the partner's share of the implementation, customisation and data-migration days at the
  planned effort (before any overrun) and an agency's build. Integrations, training, hypercare,
  administration, support and the company's own time follow after launch. (With Salesforce's
  five-year TCO shares, A34 — subscription 45-55 %, initial implementation 10-15 % — this gives
  55-70 %, the source's band.)
* **initial-price share** = initial price / cash TCO (the project plus H years after go-live,
  without users' time), checked against ``finance.initial_price_band`` (default 50-70 %);
* **licence share** = licence costs / cash TCO, information with the reference range of the
  option's delivery type (``finance.licence_share_reference``), never a warning.

The simulation reports mean initial price / mean TCO (a ratio of means), the base case its own
ratio; both through :func:`price_check`.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_select.models.finance import FinanceAssumptions


@dataclass(frozen=True)
class PriceCheck:
    """The initial price against TCO, and the licence share as information."""

    initial_price: float
    licences: float
    tco: float
    share: float | None
    band: tuple[float, float]
    licence_share: float | None
    licence_reference: tuple[float, float] | None
    warning: str | None

    @property
    def within(self) -> bool | None:
        """Whether the initial-price share lies in the band (None: no TCO)."""
        if self.share is None:
            return None
        return self.band[0] <= self.share <= self.band[1]


def price_check(
    initial_price: float, licences: float, tco: float, delivery: str, fin: FinanceAssumptions
) -> PriceCheck:
    """The check of one option (module docstring); ``tco`` is the cash TCO."""
    band = (fin.initial_price_band.min, fin.initial_price_band.max)
    share = initial_price / tco if tco > 0 else None
    lic_share = licences / tco if tco > 0 and licences > 0 else None
    ref = getattr(fin.licence_share_reference, delivery)
    reference = (ref.min, ref.max) if ref.max > 0 else None
    warning = None
    if share is not None and not band[0] <= share <= band[1]:
        warning = (
            f"the initial price (licences and implementation as quoted) is {share:.0%} of TCO, "
            f"outside the {band[0]:.0%}-{band[1]:.0%} the source material expects: "
            + (
                "costs after launch (support, training, integration, administration) weigh "
                "more than usual; check them"
                if share < band[0]
                else "little is budgeted after launch; check support, training and integration"
            )
        )
    return PriceCheck(
        initial_price=initial_price,
        licences=licences,
        tco=tco,
        share=share,
        band=band,
        licence_share=lic_share,
        licence_reference=reference,
        warning=warning,
    )
