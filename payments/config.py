"""Which keys the gateways use: the merchant's from settings, or the simulator's when none are
set. Half a configuration is an error rather than a silent fall-back to the simulator."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .exceptions import GatewayNotConfigured
from .gateways.momo import MomoCredentials
from .gateways.vnpay import VnpayCredentials
from .simulator import SIMULATOR_MOMO, SIMULATOR_VNPAY


def _configured(prefix: str, names: tuple[str, ...]) -> bool:
    values = [getattr(settings, name, "") for name in names]
    if any(values) and not all(values):
        raise ImproperlyConfigured(f"Set all of {', '.join(names)} or none of them ({prefix}).")
    return all(values)


def momo_simulated() -> bool:
    return not _configured("MoMo", ("MOMO_PARTNER_CODE", "MOMO_ACCESS_KEY", "MOMO_SECRET_KEY"))


def vnpay_simulated() -> bool:
    return not _configured("VNPay", ("VNPAY_TMN_CODE", "VNPAY_HASH_SECRET"))


def simulator_enabled() -> bool:
    """The simulator may stand in for a gateway without keys (never in production settings)."""
    return bool(getattr(settings, "PAYMENT_SIMULATOR_ENABLED", False))


def _simulator_or_refuse(gateway: str) -> None:
    if not simulator_enabled():
        raise GatewayNotConfigured(f"{gateway} payments are not configured on this site.")


def momo_credentials() -> MomoCredentials:
    if momo_simulated():
        _simulator_or_refuse("MoMo")
        return SIMULATOR_MOMO
    return MomoCredentials(
        partner_code=settings.MOMO_PARTNER_CODE,
        access_key=settings.MOMO_ACCESS_KEY,
        secret_key=settings.MOMO_SECRET_KEY,
    )


def vnpay_credentials() -> VnpayCredentials:
    if vnpay_simulated():
        _simulator_or_refuse("VNPay")
        return SIMULATOR_VNPAY
    return VnpayCredentials(
        tmn_code=settings.VNPAY_TMN_CODE, hash_secret=settings.VNPAY_HASH_SECRET
    )


def payment_callback_url(path: str) -> str:
    """An absolute return/IPN URL on ``PAYMENT_RETURN_BASE_URL`` (built server-side only, so a
    client can never choose where the gateway sends the buyer or the IPN)."""
    return urljoin(settings.PAYMENT_RETURN_BASE_URL.rstrip("/") + "/", path.lstrip("/"))
