"""Plan limits enforced by the services: published pages and custom domains per plan."""

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from landinghub.exceptions import ApplicationError
from pages.domains.custom_domains import domain_set
from pages.models import Page
from pages.services import page_publish

from .factories import PageFactory

pytestmark = pytest.mark.django_db


def _published(owner, n):
    return [PageFactory(owner=owner, status=Page.Status.PUBLISHED) for _ in range(n)]


def test_free_plan_cannot_publish_a_fourth_page(user):
    _published(user, 3)
    with pytest.raises(ApplicationError) as exc:
        page_publish(page=PageFactory(owner=user))
    assert exc.value.code == "plan_limit_reached" and exc.value.status_code == 403
    assert "Free plan allows 3 published pages" in exc.value.message
    assert exc.value.details == {"plan": "free", "limit": 3, "upgrade_url": "/#pricing"}


def test_republishing_a_live_page_at_the_limit_is_allowed(user):
    pages = _published(user, 3)
    assert page_publish(page=pages[0]).deploy_status == Page.DeployStatus.PENDING


def test_pages_being_published_count_towards_the_limit(user, django_capture_on_commit_callbacks):
    _published(user, 2)
    page_publish(page=PageFactory(owner=user))  # pending: its task has not run yet
    with pytest.raises(ApplicationError):
        page_publish(page=PageFactory(owner=user))


def test_pro_and_enterprise_plans_allow_more():
    pro = UserFactory(subscription="pro")
    _published(pro, 3)
    page_publish(page=PageFactory(owner=pro))
    enterprise = UserFactory(subscription="enterprise")
    _published(enterprise, 30)
    page_publish(page=PageFactory(owner=enterprise))


def test_deploy_api_at_the_limit_answers_403_in_the_envelope(auth_client, user):
    _published(user, 3)
    page = PageFactory(owner=user)
    response = auth_client.post(f"/api/pages/{page.pk}/deploy")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "plan_limit_reached" and "upgrade" in error["message"]
    page.refresh_from_db()
    assert page.deploy_status == Page.DeployStatus.NONE


def test_free_plan_allows_one_custom_domain(user):
    first, second = PageFactory(owner=user), PageFactory(owner=user)
    domain_set(page=first, domain="www.banhmi.vn")
    domain_set(page=first, domain="shop.banhmi.vn")  # replacing its own domain is fine
    with pytest.raises(ApplicationError) as exc:
        domain_set(page=second, domain="www.pho.vn")
    assert exc.value.code == "plan_limit_reached"
    assert "Free plan allows 1 custom domain." in exc.value.message


def test_home_page_shows_the_same_plans(db):
    html = Client().get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="pricing"' in html and "199.000\u00a0₫" in html
