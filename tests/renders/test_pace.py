"""A too-quick repeat request for a file is held until the user is in pace, where the
server has threads to spare, and answered at once otherwise (renders/pace.py)."""

import http.client
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db.models import F
from django.utils import timezone

from assessments.models import Assessment
from renders import pace
from renders.models import RenderJob, RequestPace

THREADED = {"wsgi.multithread": True}


def pdf_url(assessment):
    return f"/assessments/{assessment.pk}/report.pdf"


@pytest.fixture
def sleeps(monkeypatch):
    """The holds asked for, each really slept."""
    asked, really_sleep = [], time.sleep

    def sleep(seconds):
        asked.append(seconds)
        really_sleep(seconds)

    monkeypatch.setattr(pace.time, "sleep", sleep)
    return asked


@pytest.fixture
def paced(settings):
    settings.RENDER_REQUEST_INTERVAL = 60
    settings.RENDER_HELD_REQUESTS = 2


def one_second_to_pace():
    """As if the user's last request (whatever its render took here) was 59 seconds ago."""
    RequestPace.objects.update(last_at=timezone.now() - timedelta(seconds=59))


def test_on_a_threaded_server_a_too_quick_request_is_held_then_served(
    client_for, officer, filled, paced, sleeps
):
    client = client_for(officer)
    assert client.get(pdf_url(filled), **THREADED).status_code == 200
    assert sleeps == []  # the first request was in pace
    one_second_to_pace()
    # Other options a moment later: held until the pace allows, then rebuilt and served.
    again = client.get(pdf_url(filled), {"sections": ["cover"]}, **THREADED)
    assert again.status_code == 200 and again["Content-Type"] == "application/pdf"
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 1
    assert sorted(RenderJob.objects.values_list("query", flat=True)) == ["", "sections=cover"]


def test_a_too_quick_download_is_held_then_the_file_served(
    client_for, officer, filled, paced, sleeps
):
    client = client_for(officer)
    client.get(pdf_url(filled), **THREADED)
    download_url = f"/assessments/{filled.pk}/files/{RenderJob.objects.get().pk}/download/"
    assert client.get(download_url, **THREADED)["Content-Type"] == "application/pdf"
    one_second_to_pace()
    again = client.get(download_url, **THREADED)
    assert again["Content-Type"] == "application/pdf"  # not the progress page
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 1


def test_single_threaded_processes_answer_a_too_quick_request_at_once(
    client_for, officer, filled, paced, sleeps
):
    client = client_for(officer)
    client.get(pdf_url(filled))
    refused = client.get(pdf_url(filled), {"sections": ["cover"]})  # wsgi.multithread is False
    assert refused.status_code == 429
    assert "You asked for a file a moment ago." in refused.content.decode()
    assert sleeps == [] and RenderJob.objects.count() == 1


def test_no_more_than_the_limit_are_held_at_once_in_a_process(
    client_for, officer, filled, paced, sleeps, monkeypatch
):
    client = client_for(officer)
    client.get(pdf_url(filled), **THREADED)
    monkeypatch.setattr(pace, "_held", 2)  # two requests already held in this process
    refused = client.get(pdf_url(filled), {"sections": ["cover"]}, **THREADED)
    assert refused.status_code == 429
    assert sleeps == [] and RenderJob.objects.count() == 1
    assert pace._held == 2  # a request that was not held leaves the count alone


def test_a_held_request_is_counted_while_it_sleeps_and_released_after(
    client_for, officer, filled, paced, monkeypatch
):
    during = []
    monkeypatch.setattr(pace.time, "sleep", lambda seconds: during.append(pace._held))
    client = client_for(officer)
    client.get(pdf_url(filled), **THREADED)
    # The pretend sleep passes no time, so the user is still out of pace afterwards:
    # the repeat of the same options is sent to the file already made for them.
    again = client.get(pdf_url(filled), **THREADED)
    assert again.status_code == 302 and again.url == RenderJob.objects.get().get_absolute_url()
    assert during == [1] and pace._held == 0


def test_a_user_is_in_pace_again_once_the_interval_has_passed(officer, settings):
    settings.RENDER_REQUEST_INTERVAL = 30
    assert pace.in_pace(officer, "request")  # first: in pace, and noted
    assert not pace.in_pace(officer, "request")
    assert pace.in_pace(officer, "download")  # each kind is paced on its own
    RequestPace.objects.filter(kind="request").update(last_at=F("last_at") - timedelta(seconds=20))
    assert not pace.in_pace(officer, "request")
    RequestPace.objects.filter(kind="request").update(last_at=F("last_at") - timedelta(seconds=10))
    assert pace.in_pace(officer, "request")


def test_what_a_held_request_answers_with_is_read_after_the_hold(
    client_for, officer, filled, paced, queued_tasks, monkeypatch
):
    client = client_for(officer)
    client.get(pdf_url(filled), **THREADED)

    def meanwhile(seconds):  # the assessment is renamed while the request is held
        Assessment.objects.filter(pk=filled.pk).update(title="Renamed meanwhile")
        RequestPace.objects.update(last_at=timezone.now() - timedelta(seconds=60))

    monkeypatch.setattr(pace.time, "sleep", meanwhile)
    client.get(pdf_url(filled), {"sections": ["cover"]}, **THREADED)
    held = RenderJob.objects.get(query="sections=cover")
    assert "Renamed meanwhile" in held.input


def test_a_real_threaded_server_holds_a_too_quick_request_then_queues_it(
    live_server, client_for, officer, filled, queued_tasks, settings
):
    """Over HTTP, against a threaded server as gunicorn --threads is."""
    settings.RENDER_REQUEST_INTERVAL = 10
    settings.RENDER_HELD_REQUESTS = 2
    session = client_for(officer).cookies["sessionid"].value
    address = urlsplit(live_server.url)

    def get(path):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        started = time.monotonic()
        connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status, response.getheader("Location"), time.monotonic() - started

    status, first_job, _ = get(pdf_url(filled))
    assert status == 302  # queued, and sent to its progress page
    RequestPace.objects.update(last_at=timezone.now() - timedelta(seconds=8.5))
    status, second_job, took = get(pdf_url(filled) + "?sections=cover")
    # Held for the 1.5 seconds left, then queued as any request: not refused.
    assert status == 302 and second_job != first_job
    assert took >= 1.4
    assert RenderJob.objects.count() == 2
