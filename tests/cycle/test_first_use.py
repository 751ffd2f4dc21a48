"""Fixes found by a new officer setting up a real 11-criterion assessment."""

import datetime

from assessments.models import Assessment, ReportDetails
from tests.conftest import make_assessment
from tests.reports.conftest import pdf_text


def create_url(framework="bv2020"):
    return f"/organisations/demo-ijb/assessments/new/?framework={framework}"


def test_a_title_that_names_the_period_prints_it_once(client_for, officer, committee, bv2020):
    assessment = make_assessment(
        officer.memberships.get().organisation,
        bv2020,
        ["1.1"],
        officer,
        title="Best Value Self-Assessment 2023/24",
        period="2023/24",
    )
    client = client_for(committee)
    for url in (f"/assessments/{assessment.pk}/", f"/assessments/{assessment.pk}/report/", "/"):
        content = client.get(url).content.decode()
        assert "Best Value Self-Assessment 2023/24" in content
        assert "2023/24 2023/24" not in content
    response = client.get(f"/assessments/{assessment.pk}/report.pdf")
    assert 'filename="Best Value Self-Assessment 2023-24.pdf"' in response["Content-Disposition"]
    reader, text = pdf_text(response.content)
    assert reader.metadata.title == "Best Value Self-Assessment 2023/24"
    assert "Best Value Self-Assessment 2023/24" in text
    assert "2023/24 2023/24" not in text


def test_a_title_without_the_period_gets_it_appended(assessment):
    assert assessment.display_title == "Self-assessment 2023/24"


def test_ticking_criteria_with_all_criteria_chosen_is_refused(client_for, officer, bv2020):
    data = {"title": "Review", "period": "2024/25", "scope": "all", "criteria": ["1.1", "1.2"]}
    response = client_for(officer).post(create_url(), data)
    assert response.status_code == 200
    assert "You ticked themes or criteria but chose all criteria" in response.content.decode()
    assert not Assessment.objects.exists()


def test_all_criteria_with_nothing_ticked_still_creates_them_all(client_for, officer, bv2020):
    data = {"title": "Review", "period": "2024/25", "scope": "all"}
    assert client_for(officer).post(create_url(), data).status_code == 302
    assert Assessment.objects.get().entries.count() == 87


def test_nothing_chosen_shows_the_error_on_the_visible_scope_choice(client_for, officer, bv2020):
    data = {"title": "Review", "period": "2024/25", "scope": "chosen"}
    content = client_for(officer).post(create_url(), data).content.decode()
    error_at = content.index("None is ticked below.")
    # The error sits before the folded criteria list, with the scope choice.
    assert error_at < content.index("<details")
    assert 'id="error_1_id_scope"' in content or "is-invalid" in content[:error_at]


def test_ticked_single_criteria_keep_their_list_open(client_for, officer, bv2020):
    data = {"title": "", "period": "2024/25", "scope": "chosen", "criteria": ["1.1"]}
    content = client_for(officer).post(create_url(), data).content.decode()
    assert "<details open>" in content


def test_criterion_labels_are_not_cut(client_for, officer, bv2020):
    criterion = max(bv2020.criteria.filter(assessable=True), key=lambda c: len(c.text))
    assert len(criterion.text) > 120
    content = client_for(officer).get(create_url()).content.decode()
    last_words = criterion.text.split()[-3:]
    assert " ".join(last_words).replace("'", "&#x27;") in content


def test_a_minute_reference_that_says_minute_is_not_prefixed_again(
    client_for, committee, assessment
):
    assessment.status = Assessment.Status.APPROVED
    assessment.approved_at = datetime.datetime(2024, 6, 12, tzinfo=datetime.UTC)
    assessment.approved_by = committee
    assessment.meeting_date = datetime.date(2024, 6, 12)
    assessment.minute_reference = "Item 7, minute 24/31"
    assessment.save()
    content = client_for(committee).get(f"/assessments/{assessment.pk}/").content.decode()
    assert "(Item 7, minute 24/31)" in content
    assert "minute Item 7" not in content
    assessment.minute_reference = "24/31"
    assessment.save()
    content = client_for(committee).get(f"/assessments/{assessment.pk}/").content.decode()
    assert "(minute 24/31)" in content


def test_the_dashboard_does_not_count_ratings_without_a_scale(client_for, officer, bv2020):
    unrated = make_assessment(officer.memberships.get().organisation, bv2020, ["1.1"], officer)
    unrated.scale = None
    unrated.save()
    content = client_for(officer).get("/").content.decode()
    assert "0 of 1 with evidence" in content
    assert "of 1 rated" not in content
    assert "Not rated" not in content
    assert "No rating scale" in content


def test_the_dashboard_still_counts_ratings_on_a_rated_assessment(client_for, officer, assessment):
    content = client_for(officer).get("/").content.decode()
    assert "0 of 3 rated" in content


def test_empty_implications_say_not_stated(client_for, committee, assessment):
    ReportDetails.objects.create(assessment=assessment, risk="Low: covered by the risk register.")
    content = client_for(committee).get(f"/assessments/{assessment.pk}/report/").content.decode()
    assert "None." not in content
    assert content.count("Not stated") == len(ReportDetails.IMPLICATIONS) - 1
    assert "Low: covered by the risk register." in content
