"""Plan limits on what a user may have live: published pages and custom domains.

The checks lock the owner's user row (``select_for_update``) inside the caller's transaction,
so two concurrent publishes by one user are serialised and cannot both slip under the limit.
A page being published (``deploy_status=pending``) counts as published: the publish task flips
the status later, and a burst of publish clicks must not overshoot the limit in the meantime.
"""

from django.db.models import Q
from django.utils.translation import ngettext

from accounts.models import User
from accounts.plans import Plan, plan_for
from landinghub.exceptions import ApplicationError
from pages.exceptions import PLAN_LIMIT_REACHED

from .models import CustomDomain, Page

UPGRADE_URL = "/#pricing"


class PlanLimitReached(ApplicationError):
    status_code = 403
    default_code = PLAN_LIMIT_REACHED


def _plan_locked(owner_id: int) -> Plan:
    owner = User.objects.select_for_update().only("id", "subscription").get(pk=owner_id)
    return plan_for(owner.subscription)


def _reached(plan: Plan, message: str, limit: int) -> PlanLimitReached:
    return PlanLimitReached(
        message,
        details={"plan": plan.code, "limit": limit, "upgrade_url": UPGRADE_URL},
    )


def publish_limit_check(*, page: Page) -> None:
    """Raise ``plan_limit_reached`` if publishing ``page`` would exceed the owner's plan.
    Re-publishing a page that is already live never counts twice."""
    plan = _plan_locked(page.owner_id)
    limit = plan.published_pages
    if limit is None or page.status == Page.Status.PUBLISHED:
        return
    live = (
        Page.objects.filter(owner_id=page.owner_id)
        .filter(Q(status=Page.Status.PUBLISHED) | Q(deploy_status=Page.DeployStatus.PENDING))
        .exclude(pk=page.pk)
        .count()
    )
    if live >= limit:
        raise _reached(
            plan,
            ngettext(
                "Your %(plan)s plan allows %(limit)d published page. Unpublish it or "
                "upgrade your plan to publish more.",
                "Your %(plan)s plan allows %(limit)d published pages. Unpublish a page or "
                "upgrade your plan to publish more.",
                limit,
            )
            % {"plan": plan.name, "limit": limit},
            limit,
        )


def domain_limit_check(*, page: Page) -> None:
    """Raise ``plan_limit_reached`` if connecting a domain to ``page`` would exceed the plan.
    Replacing the page's own domain is always allowed."""
    plan = _plan_locked(page.owner_id)
    limit = plan.custom_domains
    if limit is None:
        return
    used = CustomDomain.objects.live().filter(page__owner_id=page.owner_id).exclude(page=page)
    used = used.count()
    if used >= limit:
        raise _reached(
            plan,
            ngettext(
                "Your %(plan)s plan allows %(limit)d custom domain. Remove it from the other "
                "page or upgrade your plan.",
                "Your %(plan)s plan allows %(limit)d custom domains. Remove a domain from "
                "another page or upgrade your plan.",
                limit,
            )
            % {"plan": plan.name, "limit": limit},
            limit,
        )
