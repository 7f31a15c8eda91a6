"""Custom domains: the owner adds one, creates the DNS records shown, and it serves once the
TXT record is found. The TXT lookup goes through ``PAGES_DNS_TXT_RESOLVER`` (a dotted path to
``f(name) -> list[str]``), which tests replace with a function of their own."""

import logging

import dns.exception
import dns.resolver
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from landinghub.exceptions import ApplicationError, Conflict
from pages.exceptions import DOMAIN_INVALID, DOMAIN_MISSING, DOMAIN_TAKEN, DOMAIN_UNVERIFIED
from pages.limits import domain_limit_check
from pages.models import CustomDomain, Page
from pages.serving.hosts import HOSTNAME, domain_url, pages_root, slug_host, strip_port
from pages.serving.sitecache import hosts_forget_on_commit

logger = logging.getLogger(__name__)

TXT_PREFIX = "_landinghub"


def dns_txt_records(name: str) -> list[str]:
    """The TXT strings published at ``name`` (empty when there are none), via dnspython."""
    try:
        answer = dns.resolver.resolve(name, "TXT", lifetime=5)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer, dns.resolver.NoNameservers):
        return []
    except dns.exception.DNSException:
        logger.warning("pages: TXT lookup for %s failed", name, exc_info=True)
        return []
    return [b"".join(record.strings).decode(errors="replace") for record in answer]


def dns_records(domain: CustomDomain) -> list[dict[str, str]]:
    return [
        {"type": "TXT", "name": f"{TXT_PREFIX}.{domain.domain}", "value": txt_value(domain)},
        {"type": "CNAME", "name": domain.domain, "value": slug_host(domain.page.slug)},
    ]


def txt_value(domain: CustomDomain) -> str:
    return f"landinghub-verify={domain.verification_token}"


def _normalise(raw: str) -> str:
    domain = strip_port(raw.strip().lower().removeprefix("http://").removeprefix("https://"))
    domain = domain.split("/", 1)[0]
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = ""
    root = pages_root()
    app_hosts = {strip_port(h).lstrip(".") for h in settings.ALLOWED_HOSTS}
    if (
        not HOSTNAME.match(domain)
        or "." not in domain
        or domain == root
        or domain.endswith("." + root)
        or domain in app_hosts
    ):
        raise ApplicationError(
            "Enter a domain name such as www.example.com.",
            code=DOMAIN_INVALID,
            details={"fields": {"domain": ["Enter a domain name such as www.example.com."]}},
        )
    return domain


def _taken() -> Conflict:
    return Conflict(_("This domain is already connected to another page."), code=DOMAIN_TAKEN)


@transaction.atomic
def domain_set(*, page: Page, domain: str) -> CustomDomain:
    """Claim ``domain`` for ``page``. Only a verified domain blocks a claim: someone else's
    pending claim proves nothing and must not lock the real owner out."""
    name = _normalise(domain)
    page = Page.objects.select_for_update().get(pk=page.pk)
    CustomDomain.objects.expired().filter(page=page).delete()
    current = CustomDomain.objects.filter(page=page).first()
    if current and current.domain == name:
        return current
    domain_limit_check(page=page)
    verified = CustomDomain.objects.filter(domain=name, verified_at__isnull=False)
    if verified.exclude(page=page).exists():
        raise _taken()
    if current:
        hosts_forget_on_commit(page, domain=current.domain)
        current.delete()
    page.custom_domain = ""
    page.save(update_fields=["custom_domain", "updated_at"])
    try:
        with transaction.atomic():
            return CustomDomain.objects.create(page=page, domain=name)
    except IntegrityError as exc:
        raise _taken() from exc


@transaction.atomic
def domain_verify(*, page: Page) -> CustomDomain:
    """The first claim whose TXT record is found wins the hostname; the other pending claims
    on it are dropped. An expired claim is as good as none."""
    domain = CustomDomain.objects.live().select_for_update().filter(page=page).first()
    if domain is None:
        raise ApplicationError(_("Add a domain first."), code=DOMAIN_MISSING, status=404)
    rivals = CustomDomain.objects.select_for_update().filter(domain=domain.domain)
    if rivals.exclude(pk=domain.pk).filter(verified_at__isnull=False).exists():
        raise _taken()
    resolver = import_string(settings.PAGES_DNS_TXT_RESOLVER)
    found = txt_value(domain) in {r.strip() for r in resolver(f"{TXT_PREFIX}.{domain.domain}")}
    domain.last_checked_at = timezone.now()
    if not found:
        domain.save(update_fields=["last_checked_at"])
        raise ApplicationError(
            "The TXT record was not found yet. DNS changes can take a while; try again later.",
            code=DOMAIN_UNVERIFIED,
            details={"records": dns_records(domain)},
        )
    domain.verified_at = domain.verified_at or timezone.now()
    try:
        with transaction.atomic():
            domain.save(update_fields=["last_checked_at", "verified_at"])
    except IntegrityError as exc:  # another page verified the same hostname meanwhile
        raise _taken() from exc
    rivals.exclude(pk=domain.pk).delete()
    Page.objects.filter(pk=page.pk).update(custom_domain=domain.domain)
    page.custom_domain = domain.domain
    hosts_forget_on_commit(page, domain=domain.domain)
    return domain


def domain_claims_expire() -> int:
    """Drop unverified claims older than ``CustomDomain.CLAIM_DAYS``; returns how many."""
    deleted, _counts = CustomDomain.objects.expired().delete()
    return deleted


@transaction.atomic
def domain_remove(*, page: Page) -> None:
    domain = CustomDomain.objects.filter(page=page).first()
    if domain is None:
        return
    hosts_forget_on_commit(page, domain=domain.domain)
    domain.delete()
    Page.objects.filter(pk=page.pk).update(custom_domain="")


def domain_public_url(domain: CustomDomain) -> str:
    return domain_url(domain.domain)
