"""Importing last year's self-assessment in the browser: upload, change a mapping, confirm."""

import pytest
from playwright.sync_api import expect

from assessments.models import Entry
from tests.conftest import PASSWORD, make_assessment
from tests.e2e.conftest import axe_violations, log_in
from tests.imports import documents

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_imports_a_word_self_assessment(page, officer, bv2020, tmp_path):
    assessment = make_assessment(
        officer.memberships.get().organisation, bv2020, documents.SELF_ASSESSMENT_REFS, officer
    )
    path = tmp_path / "Self-assessment 2023-24.docx"
    path.write_bytes(documents.self_assessment_docx())
    log_in(page, "officer", PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/import/")
    page.get_by_label("Document").set_input_files(str(path))
    page.get_by_role("button", name="Read the document").click()

    expect(
        page.get_by_role("heading", name="Preview of “Self-assessment 2023-24.docx”")
    ).to_be_visible()
    rows = page.locator("#import-rows tbody tr")
    expect(rows).to_have_count(4)
    expect(page.get_by_label("Row 1 goes to")).to_have_value("1.1")
    expect(page.get_by_label("Row 4 goes to")).to_have_value("2.1")
    expect(page.locator("#import-row-1")).to_contain_text("31/03/2020")
    page.get_by_label("Row 4 goes to").select_option("2.2")
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_text("Imported “Self-assessment 2023-24.docx”: 5 entries")).to_be_visible()
    entry = Entry.objects.get(assessment=assessment, criterion__ref="2.2")
    page.goto(entry.get_absolute_url())
    expect(page.locator("textarea[name='evidence-0-text']")).to_have_value(
        "Scheme of delegation reviewed in 2023"
    )
    assert not Entry.objects.get(
        assessment=assessment, criterion__ref="2.1"
    ).evidence_items.exists()


def test_the_import_pages_are_accessible(new_page, officer, bv2020, tmp_path):
    assessment = make_assessment(
        officer.memberships.get().organisation, bv2020, documents.SELF_ASSESSMENT_REFS, officer
    )
    path = tmp_path / "plan.docx"
    path.write_bytes(documents.action_plan_docx())
    page = new_page(bypass_csp=True)  # axe is injected as an inline script
    log_in(page, "officer", PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/import/")
    assert axe_violations(page) == []
    page.get_by_label("Document").set_input_files(str(path))
    page.get_by_role("button", name="Read the document").click()
    expect(page.get_by_label("Row 12 goes to")).to_have_value("recommendation")
    assert axe_violations(page) == []
