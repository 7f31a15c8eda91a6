"""The subscription plans: what each one costs and allows. The services that publish pages and
connect domains enforce the limits (``pages.limits``); the home page shows the same table."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import User


@dataclass(frozen=True)
class Plan:
    code: str
    name: str | Promise
    price_vnd: int  # per month
    published_pages: int | None  # None: unlimited
    custom_domains: int | None
    perk: str | Promise


PLANS: dict[str, Plan] = {
    User.Subscription.FREE: Plan(
        code=User.Subscription.FREE,
        name=_("Free"),
        price_vnd=0,
        published_pages=3,
        custom_domains=1,
        perk=_("Sell templates on the marketplace"),
    ),
    User.Subscription.PRO: Plan(
        code=User.Subscription.PRO,
        name=_("Pro"),
        price_vnd=199_000,
        published_pages=25,
        custom_domains=5,
        perk=_("Lead e-mails and CSV export"),
    ),
    User.Subscription.ENTERPRISE: Plan(
        code=User.Subscription.ENTERPRISE,
        name=_("Enterprise"),
        price_vnd=990_000,
        published_pages=None,
        custom_domains=None,
        perk=_("Priority support from a person"),
    ),
}


def plan_for(subscription: str) -> Plan:
    return PLANS.get(subscription, PLANS[User.Subscription.FREE])


def plan_list() -> list[Plan]:
    return list(PLANS.values())
