import pytest

from payments.gateways.momo import MomoCredentials

from .fake_momo import FakeMomo

# The public sandbox credentials of MoMo's Python sample (payments.md 4): not ours, not secret.
SANDBOX_MOMO = MomoCredentials(
    partner_code="MOMO", access_key="F8BBA842ECF85", secret_key="K951B6PE1waDMi640xX08PD3vg6EkVlz"
)


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
