"""templates/admin/base_site.html: admin pages link the storefront's favicon."""

from __future__ import annotations

import pytest
from django.templatetags.static import static
from django.urls import reverse

pytestmark = pytest.mark.django_db

ICON = f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">'


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staff", password="pw", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:shop_product_changelist",  # change_list.html overrides extrahead
        "admin:shop_product_add",  # so does change_form.html
    ],
)
def test_admin_pages_link_the_favicon(staff_client, url_name):
    response = staff_client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert ICON in html
    # Still Django's page around it: the admin's own head and branding are kept.
    assert "admin/css/base.css" in html and 'id="site-name"' in html


def test_the_login_page_links_the_favicon_too(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert ICON in response.content.decode()


def test_the_linked_icon_exists():
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")


def test_favicon_ico_leads_to_the_svg(client):
    # Browsers ask for /favicon.ico wherever a page names no icon; it must not be a 404.
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == static("favicon.svg")
