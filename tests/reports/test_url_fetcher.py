"""The PDF renderer fetches nothing but the app's own static files."""

import socket

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from weasyprint.urls import URLFetcherResponse

from assessments.models import Evidence
from assessments.pdf import BASE_URL, RefusedURL, RenderError, StaticOnlyURLFetcher, html_to_pdf
from tests.reports.conftest import pdf_text


@pytest.fixture
def listener():
    """A local port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def assert_no_connection(server):
    with pytest.raises(BlockingIOError):
        server.accept()


def test_hostile_evidence_is_shown_as_text_and_fetches_nothing(
    client_for, officer, filled, listener
):
    port = listener.getsockname()[1]
    hostile = (
        f'<img src="http://127.0.0.1:{port}/x"> <link rel="stylesheet" href="file:///etc/passwd">'
    )
    entry = filled.entries.get(criterion__ref="1.1")
    Evidence.objects.create(entry=entry, position=5, text=hostile)
    response = client_for(officer).get(f"/assessments/{filled.pk}/report.pdf")
    _, text = pdf_text(response.content)
    text = text.replace("\n", "")  # long words wrap at the column's edge
    assert f"127.0.0.1:{port}/x" in text and "file:///etc/passwd" in text
    assert "root:" not in text
    assert_no_connection(listener)


def test_the_fetcher_refuses_other_hosts_and_local_files_even_in_raw_markup(listener):
    port = listener.getsockname()[1]
    html = (
        f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/style.css"></head>'
        f'<body><img src="http://127.0.0.1:{port}/x.png"><img src="file:///etc/passwd">'
        '<object data="/static/../../../../etc/passwd"></object><p>Body</p></body></html>'
    )
    # Every refused fetch makes the render fail: a paper missing a part is never produced.
    with pytest.raises(RenderError) as refusal:
        html_to_pdf(html)
    assert f"Failed to load stylesheet at http://127.0.0.1:{port}/style.css" in str(refusal.value)
    assert "root:" not in str(refusal.value)
    assert_no_connection(listener)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.org/static/css/report.css",
        "file:///etc/passwd",
        f"{BASE_URL}etc/passwd",
        f"{BASE_URL}static/../../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE_URL}static/css/missing.css",
    ],
)
def test_the_fetcher_refuses(url):
    with pytest.raises(RefusedURL):
        StaticOnlyURLFetcher().fetch(url)


def test_the_fetcher_serves_the_print_stylesheet():
    response = StaticOnlyURLFetcher().fetch(f"{BASE_URL}static/css/report.css")
    assert isinstance(response, URLFetcherResponse)
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_the_fetcher_serves_the_collected_stylesheet_under_its_hashed_production_name(
    tmp_path, settings
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    url = static("css/report.css")
    assert url != "/static/css/report.css"  # the manifest gave it a hashed name

    response = StaticOnlyURLFetcher().fetch(f"{BASE_URL}{url.lstrip('/')}")

    assert b"@page" in response.read()
