"""Cached page content: served again while nothing changed, never stale, never another user's."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Action, Evidence, Membership, Organisation
from frameworks.models import Criterion
from tests.assessments.test_entry_edit import form_data, url
from tests.conftest import make_member


def pages(assessment):
    entry = assessment.entries.order_by("criterion__position").first()
    return {
        "dashboard": "/",
        "overview": f"/assessments/{assessment.pk}/",
        "entry": url(entry),
        "tracker": f"/organisations/{assessment.organisation.slug}/actions/",
        "history": f"/assessments/{assessment.pk}/history/",
        "report": f"/assessments/{assessment.pk}/report/",
    }


def get(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.parametrize("name", ["dashboard", "overview", "entry", "tracker", "history", "report"])
def test_a_page_is_served_again_from_the_cache_with_fewer_queries_and_the_same_content(
    client_for, officer, assessment, name
):
    client = client_for(officer)
    page = pages(assessment)[name]

    first, first_queries = get(client, page)
    second, second_queries = get(client, page)

    assert second_queries < first_queries
    assert without_csrf(second) == without_csrf(first)


@pytest.mark.parametrize("name", ["dashboard", "overview", "entry", "tracker", "history", "report"])
def test_a_change_saved_through_the_entry_form_shows_at_once_on_every_page(
    client_for, officer, assessment, name
):
    client = client_for(officer)
    entry = assessment.entries.order_by("criterion__position").first()
    page = pages(assessment)[name]
    expected = {
        "dashboard": "Publish the annual performance report",  # now overdue
        "overview": '<span class="badge text-bg-danger">Overdue</span>',
        "entry": "Reviewed by the audit committee in May.",
        "tracker": "Publish the annual performance report",
        "history": "Reviewed by the audit committee in May.",
        "report": "Reviewed by the audit committee in May.",
    }[name]
    assert expected not in get(client, page)[0]

    response = client.post(
        url(entry),
        form_data(
            entry,
            **{
                "summary": "Reviewed by the audit committee in May.",
                "actions-TOTAL_FORMS": 1,
                "actions-0-description": "Publish the annual performance report",
                "actions-0-lead_officer": "Chief Officer",
                "actions-0-due_date": "01/01/2020",
                "actions-0-status": "in_progress",
            },
        ),
    )
    assert response.status_code == 302

    assert expected in get(client, page)[0]


def test_changes_made_outside_the_forms_also_show_at_once(client_for, officer, assessment):
    """The admin saves models directly; signals renew the token all the same."""
    client = client_for(officer)
    entry = assessment.entries.order_by("criterion__position").first()
    report = pages(assessment)["report"]
    get(client, report)

    evidence = Evidence.objects.create(entry=entry, position=0, text="Minutes of 12 May.")
    assert "Minutes of 12 May." in get(client, report)[0]

    evidence.text = "Minutes of 14 May."
    evidence.save()
    html = get(client, report)[0]
    assert "Minutes of 14 May." in html and "Minutes of 12 May." not in html

    evidence.delete()
    assert "Minutes of 14 May." not in get(client, report)[0]


def test_a_framework_text_change_shows_on_every_organisations_pages(
    client_for, officer, assessment
):
    client = client_for(officer)
    entry = assessment.entries.order_by("criterion__position").first()
    get(client, url(entry))

    criterion = Criterion.objects.get(pk=entry.criterion_id)
    criterion.text = "Corrected wording of the criterion."
    criterion.save()

    assert "Corrected wording of the criterion." in get(client, url(entry))[0]


def test_a_renamed_person_shows_with_the_new_name(client_for, officer, committee, assessment):
    entry = assessment.entries.first()
    Action.objects.create(
        assessment=assessment, entry=entry, description="Train the board", owner=committee
    )
    client = client_for(officer)
    tracker = pages(assessment)["tracker"]
    assert "Committee" in get(client, tracker)[0]

    committee.first_name, committee.last_name = "Morag", "Baird"
    committee.save()

    html = get(client, tracker)[0]
    assert "Morag Baird" in html and "Committee" not in html


def test_logging_in_does_not_throw_away_the_cache(client, officer, assessment):
    organisation = Organisation.objects.get(pk=assessment.organisation_id)
    client.login(username="officer", password="password")
    organisation.refresh_from_db()
    token = organisation.cache_token

    client.logout()
    client.login(username="officer", password="password")

    organisation.refresh_from_db()
    assert organisation.cache_token == token


def test_another_organisations_change_leaves_this_ones_cache_alone(
    officer, neighbour, assessment, neighbour_assessment
):
    def token(organisation_id):
        return Organisation.objects.get(pk=organisation_id).cache_token

    ours, theirs = token(assessment.organisation_id), token(neighbour_assessment.organisation_id)

    Evidence.objects.create(entry=neighbour_assessment.entries.first(), text="Theirs.")

    assert token(assessment.organisation_id) == ours
    assert token(neighbour_assessment.organisation_id) != theirs


def test_each_role_gets_its_own_copy(client_for, officer, committee, assessment):
    overview = pages(assessment)["overview"]
    officers_view = get(client_for(officer), overview)[0]
    committees_view = get(client_for(committee), overview)[0]

    assert "Submit for approval" in officers_view
    assert "Submit for approval" not in committees_view


def test_a_cached_page_carries_each_readers_own_csrf_token_and_it_works(
    django_user_model, demo_org, officer, assessment
):
    second_officer = make_member(django_user_model, "second", demo_org, Membership.Role.OFFICER)
    tokens = []
    for user in (officer, second_officer):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = get(client, pages(assessment)["overview"])[0]
        found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found and "csrf-token-of-the-reader" not in html
        tokens.append((client, found[0]))

    client, token = tokens[1]
    response = client.post(f"/assessments/{assessment.pk}/submit/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_what_one_user_typed_into_a_refused_form_is_never_shown_to_another(
    client_for, django_user_model, demo_org, officer, assessment
):
    entry = assessment.entries.first()
    other = make_member(django_user_model, "other", demo_org, Membership.Role.OFFICER)
    typed = form_data(
        entry,
        **{
            "summary": "Draft wording only I should see.",
            "evidence-TOTAL_FORMS": 1,
            "evidence-0-text": "",
            "evidence-0-link": "not a link",
        },
    )
    refused = client_for(officer).post(url(entry), typed)
    assert "Draft wording only I should see." in refused.content.decode()

    assert "Draft wording only I should see." not in get(client_for(other), url(entry))[0]
    assert "Draft wording only I should see." not in get(client_for(officer), url(entry))[0]


def test_what_is_overdue_is_worked_out_again_the_next_day(
    client_for, officer, assessment, monkeypatch
):
    today = timezone.localdate()
    Action.objects.create(
        assessment=assessment,
        entry=assessment.entries.first(),
        description="Refresh the risk register",
        due_date=today,
    )
    client = client_for(officer)
    overdue = re.compile(r"Overdue actions <span[^>]*>(\d+)</span>")
    assert overdue.search(get(client, "/")[0]).group(1) == "0"  # due today: not yet overdue

    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    assert overdue.search(get(client, "/")[0]).group(1) == "1"
