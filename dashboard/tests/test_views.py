import pytest
from django.test import Client

from .conftest import seller_with_activity

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_dashboard_page_renders_stats_and_chart_canvases(user, other_user):
    seller_with_activity(user, other_user, pages=1, leads=2, views=5, sales=1)
    html = _client(user).get("/dashboard/").content.decode()
    assert 'id="chart-traffic"' in html and 'id="dashboard-data"' in html
    assert "179.100\u00a0₫" in html  # VND the Vietnamese way
    assert "vendor/chart.js/chart.umd.min.js" in html


def test_dashboard_page_for_a_new_user_says_what_to_do_next(user):
    html = _client(user).get("/dashboard/").content.decode()
    assert 'data-testid="empty-pages"' in html and "Create your first landing page." in html


def test_dashboard_page_needs_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_admin_dashboard_is_for_staff_and_linked_from_the_admin_index(user, admin_user):
    assert _client(user).get("/admin/dashboard/").status_code == 302
    staff = _client(admin_user)
    assert 'id="chart-money"' in staff.get("/admin/dashboard/").content.decode()
    assert 'data-testid="admin-dashboard-link"' in staff.get("/admin/").content.decode()


@pytest.mark.parametrize("path", ["/dashboard/", "/orders/sales/"])
def test_the_live_badge_says_connecting_until_the_socket_is_open(user, path):
    """Before the socket opens the badge said "Live" on the dashboard (and "Reconnecting…" on
    My sales, before any connection was lost): both now say they are connecting."""
    client = _client(user)
    html = client.get(path, headers={"accept-language": "vi"}).content.decode()
    badge = html[html.index('data-testid="live-state"') :].split("</span>", 1)[0]
    assert badge.rstrip().endswith("Đang kết nối…"), badge
