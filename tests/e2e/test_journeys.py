"""Journeys through the app as people make them: clicks and typing only."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Action, Assessment
from tests.conftest import PASSWORD, make_assessment
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_creates_fills_finds_and_submits_an_assessment(page, officer, frameworks):
    log_in(page, "officer", PASSWORD)
    page.get_by_role("link", name="Demo IJB").first.click()
    page.get_by_role("link", name="New assessment").click()
    page.get_by_role("link", name="Best Value: Revised Statutory Guidance 2020").click()
    page.get_by_label("Title").fill("Best Value self-assessment")
    page.get_by_label("Period").fill("2024/25")
    page.get_by_label("Only the themes and criteria I choose below").check()
    page.get_by_text("Choose single criteria").click()
    for ref in ["1.1", "1.2", "2.3"]:
        page.get_by_label(re.compile(rf"^\s*{re.escape(ref)}\s")).check()
    page.get_by_role("button", name="Create assessment").click()
    expect(page.get_by_text("with 3 criteria in scope")).to_be_visible()

    page.get_by_role("link", name="1.1", exact=True).click()
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("Evidence*", exact=True).fill(
        "Strategic Plan 2024-27 approved in March 2024."
    )
    page.get_by_role("button", name="Add another evidence item").click()
    page.locator("textarea[name='evidence-1-text']").fill("Vision shared at locality forums.")
    page.get_by_label("Description").fill("Refresh the engagement framework")
    page.get_by_label("Lead officer").fill("D Robertson / J Craig")
    page.get_by_label("Due date").fill("2025-03-31")
    page.get_by_role("button", name="Add another action").click()
    page.locator("textarea[name='actions-1-description']").fill("Report progress to each IJB")
    page.locator("input[name='actions-1-lead_officer']").fill("Chief Officer")
    page.locator("input[name='actions-1-timescale']").fill("Ongoing")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved 1.1.")).to_be_visible()

    page.get_by_role("link", name="Best Value self-assessment 2024/25").click()
    row = page.get_by_role("row", name=re.compile(r"^1\.1 "))
    expect(row).to_contain_text("Good")
    expect(row.get_by_role("cell").nth(4)).to_have_text("2")

    page.get_by_role("link", name="Actions", exact=True).click()
    expect(page.get_by_text("Refresh the engagement framework")).to_be_visible()
    expect(page.get_by_text("Report progress to each IJB")).to_be_visible()
    expect(page.get_by_text("Ongoing").first).to_be_visible()

    page.go_back()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Not submitted yet.")).to_be_visible()  # the readiness check
    page.get_by_role("button", name=re.compile(r"^Submit anyway, with these \d+ warnings$")).click()
    expect(page.get_by_text("Submitted for approval.")).to_be_visible()
    assert Assessment.objects.get(period="2024/25").status == "submitted"
    assert Action.objects.filter(timescale="Ongoing", due_date=None).count() == 1


def test_committee_reads_approves_and_downloads_the_report(page, officer, committee, bv2020):
    assessment = make_assessment(
        officer.memberships.get().organisation, bv2020, ["1.1", "2.1"], officer
    )
    assessment.status = Assessment.Status.SUBMITTED
    assessment.save()
    log_in(page, "committee", PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_text("Theme 2 – Governance and Accountability").first).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Approve").click()
    page.get_by_label("Date of the committee meeting").fill("2024-06-12")
    page.get_by_label("Minute reference").fill("Item 7, minute 24/31")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved.", exact=True)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download PDF")).first.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Theme 1 – Vision and Leadership" in text
    assert "Theme 2 – Governance and Accountability" in text


def test_second_save_of_the_same_entry_is_refused_and_keeps_the_typing(
    new_page, officer, org_admin, assessment
):
    entry = assessment.entries.get(criterion__ref="1.2")
    first, second = new_page(), new_page()
    log_in(first, "officer", PASSWORD)
    log_in(second, "orgadmin", PASSWORD)
    for page in (first, second):
        page.goto(f"/assessments/{assessment.pk}/entries/{entry.pk}/")
    first.get_by_label("Summary").fill("The officer's summary.")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_text("Saved 1.2.")).to_be_visible()

    second.get_by_label("Summary").fill("The administrator's summary.")
    second.get_by_role("button", name="Save").click()
    expect(second.get_by_text("saved this entry since you opened it")).to_be_visible()
    expect(second.get_by_label("Summary")).to_have_value("The administrator's summary.")
    expect(second.get_by_text("The officer's summary.")).to_be_visible()


def test_a_neighbour_pasting_urls_gets_not_found(page, neighbour, assessment):
    entry = assessment.entries.first()
    log_in(page, "neighbour", PASSWORD)
    for url in [
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/entries/{entry.pk}/",
        f"/assessments/{assessment.pk}/history/",
        f"/assessments/{assessment.pk}/report/",
        "/organisations/demo-ijb/actions/",
    ]:
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        expect(page.get_by_text("Self-assessment 2023/24")).to_have_count(0)


def tab_to(page, expression, wanted, limit=150):
    """Press Tab until the focused element's ``expression`` equals ``wanted``."""
    for _ in range(limit):
        if page.evaluate(expression) == wanted:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{wanted!r} cannot be reached with the Tab key")


def test_entry_form_can_be_completed_with_the_keyboard_alone(page, officer, assessment):
    entry = assessment.entries.get(criterion__ref="2.1")
    log_in(page, "officer", PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/entries/{entry.pk}/")
    tab_to(page, "document.activeElement.name", "progress")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "the focused field has no visible focus indicator"
    page.keyboard.press("ArrowDown")  # Progress: In progress
    page.keyboard.press("Tab")  # into the rating radios
    page.keyboard.press("ArrowDown")
    tab_to(page, "document.activeElement.name", "summary")
    page.keyboard.type("Typed with the keyboard only.")
    tab_to(page, "document.activeElement.name", "evidence-0-text")
    page.keyboard.type("Evidence typed with the keyboard.")
    tab_to(page, "document.activeElement.textContent.trim()", "Save")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved 2.1.")).to_be_visible()
    entry.refresh_from_db()
    assert entry.summary == "Typed with the keyboard only."
    assert entry.progress == "in_progress"
    assert entry.evidence_items.get().text == "Evidence typed with the keyboard."
