"""The record as the database holds it: on every page, at once, and as it stood on a date."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments import workflow
from assessments.models import (
    Action,
    Assessment,
    Entry,
    Evidence,
    Organisation,
    ProgressNote,
    Recommendation,
    ReportDetails,
)
from frameworks.models import RatingLevel


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="password")


def test_a_rename_in_the_admin_shows_on_every_page_at_once(
    client_for, superuser, committee, demo_org, assessment
):
    reader = client_for(committee)
    for page in ("/", f"/assessments/{assessment.pk}/", f"/assessments/{assessment.pk}/report/"):
        assert "Demo IJB" in reader.get(page).content.decode()

    response = client_for(superuser).post(
        f"/admin/assessments/organisation/{demo_org.pk}/change/",
        {
            "name": "Demo Integration Joint Board",
            "slug": "demo-integration-joint-board",
            "kind": "ijb",
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302

    home = reader.get("/").content.decode()
    assert "Demo Integration Joint Board" in home
    assert 'href="/organisations/demo-integration-joint-board/"' in home
    assert 'href="/organisations/demo-ijb/"' not in home
    for page in (f"/assessments/{assessment.pk}/", f"/assessments/{assessment.pk}/report/"):
        content = reader.get(page).content.decode()
        assert "Demo Integration Joint Board" in content
        assert "Demo IJB<" not in content
    assert reader.get("/organisations/demo-integration-joint-board/").status_code == 200
    # The rename is in the organisation's history, with who made it.
    renamed = Organisation.history.filter(id=demo_org.pk).first()
    assert renamed.name == "Demo Integration Joint Board"
    assert renamed.history_user == superuser


def test_saving_an_organisation_loaded_earlier_does_not_bring_an_old_page_back(
    client_for, officer, demo_org, assessment
):
    stale = Organisation.objects.get(pk=demo_org.pk)
    client = client_for(officer)
    assert "Submit for approval" in client.get(f"/assessments/{assessment.pk}/").content.decode()
    client.post(f"/assessments/{assessment.pk}/submit/", {"confirm": "yes"})
    stale.save()
    overview = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Submit for approval" not in overview
    assert "Return to draft" in overview


def test_changes_made_outside_the_app_show_in_the_report_at_once(client_for, committee, assessment):
    entry = assessment.entries.first()
    item = Evidence.objects.create(entry=entry, text="The old evidence text.")
    reader = client_for(committee)
    assert (
        "The old evidence text."
        in reader.get(f"/assessments/{assessment.pk}/report/").content.decode()
    )

    Evidence.objects.filter(pk=item.pk).update(text="The corrected evidence text.")

    report = reader.get(f"/assessments/{assessment.pk}/report/").content.decode()
    assert "The corrected evidence text." in report
    assert "The old evidence text." not in report


def test_the_report_says_when_it_was_produced(client_for, committee, assessment):
    first = client_for(committee).get(f"/assessments/{assessment.pk}/report/").context["report"]
    second = client_for(committee).get(f"/assessments/{assessment.pk}/report/").context["report"]
    assert second.generated_at > first.generated_at


def test_unknown_query_parameters_are_ignored(client_for, committee, assessment):
    client = client_for(committee)
    response = client.get(f"/assessments/{assessment.pk}/report/", {"utm_source": "mail"})
    assert response.status_code == 200
    assert [section.theme.number for section in response.context["report"].themes] == [1, 2]
    assert client.get(f"/assessments/{assessment.pk}/", {"utm_source": "mail"}).status_code == 200
    assert client.get("/organisations/demo-ijb/actions/", {"fbclid": "x"}).status_code == 200
    assert client.get(f"/assessments/{assessment.pk}/as-of/", {"ref": "x"}).status_code == 200


def test_the_admin_cannot_change_the_workflow(client_for, superuser, assessment):
    admin = client_for(superuser)
    url = f"/admin/assessments/assessment/{assessment.pk}/change/"
    page = admin.get(url).content.decode()
    assert 'name="status"' not in page
    assert 'name="approved_by"' not in page
    response = admin.post(
        url,
        {
            "organisation": assessment.organisation_id,
            "framework": assessment.framework_id,
            "title": assessment.title,
            "period": assessment.period,
            "scale": assessment.scale_id,
            "status": "approved",
            "approved_by": superuser.pk,
            "approved_at_0": "2024-06-12",
            "approved_at_1": "10:00",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.approved_by is None
    entry_page = admin.get(f"/admin/assessments/entry/{assessment.entries.first().pk}/change/")
    assert 'name="version"' not in entry_page.content.decode()


def test_an_approved_assessment_always_names_its_approver(assessment):
    assessment.status = Assessment.Status.APPROVED
    with pytest.raises(IntegrityError), transaction.atomic():
        assessment.save()


def test_an_approved_assessment_needs_its_stored_paper(assessment, committee):
    assessment.status = Assessment.Status.APPROVED
    assessment.approved_at = timezone.now()
    assessment.approved_by = committee
    with pytest.raises(Exception, match="stored committee paper"):
        assessment.full_clean()


@pytest.mark.parametrize("sources", ["both", "neither"])
def test_an_action_has_exactly_one_source(assessment, sources):
    entry = assessment.entries.first()
    recommendation = Recommendation.objects.create(assessment=assessment, source="Audit", text="x")
    fields = (
        {"entry": entry, "recommendation": recommendation}
        if sources == "both"
        else {"entry": None, "recommendation": None}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(assessment=assessment, description="Do it", **fields)
    assert not Action.objects.exists()


def test_a_rating_must_be_a_level_of_the_assessments_scale(assessment):
    entry = assessment.entries.first()
    other_scale = RatingLevel.objects.exclude(scale=assessment.scale).first()
    entry.rating = other_scale
    with pytest.raises(Exception, match="rating scale"):
        entry.full_clean()
    entry.rating = RatingLevel.objects.filter(scale=assessment.scale).first()
    entry.full_clean()


def _backdate(history_rows, days):
    history_rows.update(history_date=timezone.now() - datetime.timedelta(days=days))


def test_the_as_of_report_shows_the_cover_and_organisation_of_that_day(
    client_for, committee, officer, demo_org, assessment
):
    details = ReportDetails(assessment=assessment, agenda_item="13", report_by="Chief Officer")
    details._history_user = officer
    details.save()
    for _model, rows in [
        (Assessment, Assessment.history.filter(id=assessment.pk)),
        (Entry, Entry.history.filter(assessment_id=assessment.pk)),
        (ReportDetails, ReportDetails.history.filter(assessment_id=assessment.pk)),
        (Organisation, Organisation.history.filter(id=demo_org.pk)),
    ]:
        _backdate(rows, 3)
    details.agenda_item = "21"
    details.save()
    demo_org.name = "Renamed IJB"
    demo_org.save()

    two_days_ago = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    client = client_for(committee)
    then = client.get(
        f"/assessments/{assessment.pk}/report/",
        {"as_of": two_days_ago, "sections": ["cover", "themes"]},
    )
    report = then.context["report"]
    assert report.details.agenda_item == "13"
    assert report.organisation.name == "Demo IJB"
    now = client.get(f"/assessments/{assessment.pk}/report/").context["report"]
    assert now.details.agenda_item == "21"
    assert now.organisation.name == "Renamed IJB"


def test_the_history_page_shows_cover_changes_and_progress_notes(client_for, officer, assessment):
    client = client_for(officer)
    client.post(
        f"/assessments/{assessment.pk}/report/details/",
        {"agenda_item": "13", "report_by": "Chief Finance Officer", "version": 0},
    )
    entry = assessment.entries.first()
    action = Action.objects.create(
        assessment=assessment, entry=entry, description="Publish the plan", timescale="Ongoing"
    )
    client.post(
        f"/actions/{action.pk}/",
        {"date": "2024-05-01", "text": "Draft shared.", "new_status": "", "action_version": 1},
    )
    assert ProgressNote.history.filter(history_user=officer).count() == 1

    page = client.get(f"/assessments/{assessment.pk}/history/").content.decode()
    assert "Cover of the committee paper" in page
    assert "Chief Finance Officer" in page
    assert "Progress note on the action: Publish the plan" in page
    assert "Draft shared." in page
    assert "1 May 2024" in page  # the note's date, formatted like every other date


def test_history_dates_are_formatted_like_every_other_date(client_for, officer, assessment):
    workflow.submit(assessment, officer)
    page = client_for(officer).get(f"/assessments/{assessment.pk}/history/").content.decode()
    submitted = timezone.localtime(Assessment.objects.get(pk=assessment.pk).submitted_at)
    assert f'<td class="criterion-text">{submitted:%-d %B %Y, %H:%M}</td>' in page
