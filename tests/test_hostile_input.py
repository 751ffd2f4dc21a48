"""Hostile text through every text field: stored as typed, shown inert in HTML and PDF, no 500."""

import pytest
from django.utils.html import escape
from markupsafe import escape as jinja_escape

from assessments.models import Action, Entry, Evidence, Recommendation, ReportDetails
from tests.assessments.test_entry_edit import form_data, url, with_rows
from tests.reports.conftest import pdf_text

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "Right\u202eto-left override\u202c and \u2066isolate\u2069",
    "A" * 5000,
]


@pytest.fixture
def entry(assessment):
    return assessment.entries.select_related("criterion").get(criterion__ref="1.1")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_as_typed_and_shown_inert(client_for, officer, entry, text):
    client = client_for(officer)
    short = text[:200]  # lead officer, timescale and report reference are short fields
    data = form_data(entry, summary=text)
    with_rows(data, "evidence", [{"text": text, "link": ""}])
    with_rows(
        data,
        "actions",
        [
            {
                "description": text,
                "lead_officer": short,
                "due_date": "",
                "timescale": short[:100],
                "status": "not_started",
                "report_reference": short[:100],
            }
        ],
    )
    response = client.post(url(entry), data, follow=True)
    assert response.status_code == 200
    assert Entry.objects.get(pk=entry.pk).summary == text
    assert Evidence.objects.get(entry=entry).text == text
    assert Action.objects.get(entry=entry).description == text
    client.post(
        f"/assessments/{entry.assessment_id}/recommendations/new/",
        {
            "source": short,
            "ref": "1",
            "text": text,
            "version": 1,
            "actions-TOTAL_FORMS": 0,
            "actions-INITIAL_FORMS": 0,
            "actions-MIN_NUM_FORMS": 0,
            "actions-MAX_NUM_FORMS": 1000,
        },
    )
    assert Recommendation.objects.get(assessment=entry.assessment).text == text
    client.post(
        f"/assessments/{entry.assessment_id}/report/details/",
        {"report_to": short, "summary": text, "recommendations": text, "version": 1},
    )
    assert ReportDetails.objects.get(assessment=entry.assessment).summary == text

    pages = [
        url(entry),
        f"/assessments/{entry.assessment_id}/",
        f"/organisations/{entry.assessment.organisation.slug}/actions/",
        f"/assessments/{entry.assessment_id}/history/",
        f"/assessments/{entry.assessment_id}/report/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        content = response.content.decode()
        assert "<script>alert" not in content
        assert "<img src=x onerror" not in content
        assert '<a href="javascript:' not in content
        if text.startswith("<"):
            # Django's templates and the report's Jinja2 templates escape quotes differently.
            assert escape(text) in content or str(jinja_escape(text)) in content, page
    pdf = client.get(f"/assessments/{entry.assessment_id}/report.pdf")
    assert pdf.status_code == 200
    _, text_in_pdf = pdf_text(pdf.content)
    if text.startswith("<"):
        assert text in text_in_pdf  # shown as the characters typed, not as markup


def test_nul_bytes_are_refused_with_a_message_and_nothing_is_saved(client_for, officer, entry):
    data = form_data(entry, summary="Before\x00after")
    with_rows(data, "evidence", [{"text": "Good evidence", "link": ""}])
    response = client_for(officer).post(url(entry), data)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not Evidence.objects.filter(entry=entry).exists()
    assert Entry.objects.get(pk=entry.pk).summary == ""


def test_links_accept_only_http_and_https(client_for, officer, entry):
    for link in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>"):
        data = form_data(entry)
        with_rows(data, "evidence", [{"text": "Report", "link": link}])
        response = client_for(officer).post(url(entry), data)
        assert "Enter a valid URL." in response.content.decode(), link
    assert not Evidence.objects.filter(entry=entry).exists()
