"""templates/404.html and templates/500.html, as Django's default handlers render them with debug off."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse
from django.views.defaults import server_error


def _boom(request):
    raise RuntimeError("boom")


# Used as ROOT_URLCONF below: one view that fails, and nothing else to reverse.
urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unknown_url_shows_the_friendly_404_with_search_and_a_link_home(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Error 404" in html and "find that page" in html
    assert "/no-such-page/" in html
    assert f'action="{reverse("storefront:search")}"' in html and 'name="q"' in html
    assert f'href="{reverse("storefront:home")}">Back to the home page' in html
    assert "site-header" in html  # in the shop's own frame, not Django's bare page


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_view_raising_404_shows_the_same_page(client):
    response = client.get(reverse("storefront:product", args=[999_999]))
    assert response.status_code == 404
    assert "find that page" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_the_404_lists_the_departments(client):
    from tests.factories import CategoryFactory, ProductFactory

    ProductFactory(category=CategoryFactory(slug="lamps", name="Lamps"))
    html = client.get("/no-such-page/").content.decode()
    assert 'class="pill" href="/category/lamps/">Lamps</a>' in html


# No django_db mark: any query would fail the test, proving the page needs no database.
def test_the_500_handler_renders_a_standalone_page_without_context_or_database(rf):
    response = server_error(rf.get("/anywhere/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'href="/">Back to the home page' in html
    assert "<style>" in html  # its own styles: no static files needed
    assert "site-header" not in html  # not base.html, whose header reads the database


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_an_exception_in_a_view_answers_with_the_friendly_500():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_demo_with_debug_on_shows_the_shops_404_not_the_url_list(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "find that page" in html and "site-header" in html
    assert "URLconf" not in html and "admin/" not in html.split("</header>")[-1].split("<footer")[0]


@pytest.mark.django_db
@override_settings(DEBUG=True, ROOT_URLCONF=__name__)
def test_the_demo_with_debug_on_shows_the_500_page_and_logs_the_traceback(caplog):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "Traceback" not in html and "RuntimeError" not in html
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_api_is_left_to_answer_for_itself(client, settings):
    settings.RECOMMENDATIONS_API_KEY = "k"
    response = client.get("/api/recommendations/", {"recommender": "nope"}, headers={"Authorization": "Api-Key k"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    response = client.get("/api/no-such-endpoint/", headers={"Authorization": "Api-Key k"})
    assert response.status_code == 404 and "find that page" not in response.content.decode()
