import pytest

from payments.gateways.momo import MomoCredentials
from payments.gateways.vnpay import VnpayCredentials

from .fake_momo import FakeMomo
from .fake_vnpay import FakeVnpay

# The public sandbox credentials of MoMo's Python sample (docs/payments.md 4): not ours, not secret.
SANDBOX_MOMO = MomoCredentials(
    partner_code="MOMO", access_key="F8BBA842ECF85", secret_key="K951B6PE1waDMi640xX08PD3vg6EkVlz"
)

# The made-up VNPay terminal of docs/payments.md 4 (VNPay publishes no sandbox keys).
TEST_VNPAY = VnpayCredentials(tmn_code="LPTEST01", hash_secret="LPTESTHASHSECRET0123456789ABCDEF")


@pytest.fixture
def momo_credentials() -> MomoCredentials:
    return SANDBOX_MOMO


@pytest.fixture
def fake_momo(momo_credentials):
    server = FakeMomo(
        partner_code=momo_credentials.partner_code,
        access_key=momo_credentials.access_key,
        secret_key=momo_credentials.secret_key,
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fake_vnpay():
    server = FakeVnpay(tmn_code=TEST_VNPAY.tmn_code, hash_secret=TEST_VNPAY.hash_secret)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def real_vnpay(settings, fake_vnpay):
    """Merchant keys set (no simulator), querydr pointed at the fake API, a short timeout."""
    settings.VNPAY_TMN_CODE = TEST_VNPAY.tmn_code
    settings.VNPAY_HASH_SECRET = TEST_VNPAY.hash_secret
    settings.VNPAY_API_URL = fake_vnpay.url
    settings.VNPAY_API_TIMEOUT_SECONDS = 0.5
    return fake_vnpay
