"""The annual cycle in a browser: approve 2024/25, start 2025/26 from it, see what moved."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Evidence
from tests.conftest import PASSWORD, make_assessment
from tests.cycle.conftest import rate
from tests.e2e.conftest import axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_approve_start_next_year_update_a_rating_and_see_improved(
    new_page, officer, committee, bv2020
):
    organisation = officer.memberships.get().organisation
    last = make_assessment(
        organisation,
        bv2020,
        ["1.1", "2.1"],
        officer,
        title="Best Value self-assessment",
        period="2024/25",
    )
    for ref, label in (("1.1", "Adequate"), ("2.1", "Good")):
        entry = rate(last, ref, label, summary=f"Summary of {ref} in 2024/25.")
        Evidence.objects.create(entry=entry, text=f"Evidence for {ref}.")
    last.status = Assessment.Status.SUBMITTED
    last.save()

    page = new_page()
    log_in(page, "committee", PASSWORD)
    page.goto(f"/assessments/{last.pk}/")
    page.get_by_role("link", name="Approve").click()
    expect(page.get_by_text("Readiness check: 1 item a committee may query")).to_be_visible()
    page.get_by_label("Date of the committee meeting").fill("2025-06-12")
    page.get_by_label("Minute reference").fill("Item 7, minute 25/31")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved.", exact=True)).to_be_visible()
    expect(page.get_by_text("(Item 7, minute 25/31)")).to_be_visible()

    page = new_page()
    log_in(page, "officer", PASSWORD)
    page.goto(f"/assessments/{last.pk}/")
    page.get_by_role("link", name="Start next year's assessment from this one").click()
    expect(page.get_by_label("Period")).to_have_value("2025/26")
    page.get_by_role("button", name="Start the new assessment").click()
    expect(page.get_by_text("Started Best Value self-assessment 2025/26 from")).to_be_visible()
    expect(page.get_by_role("heading", name="Best Value self-assessment 2025/26")).to_be_visible()

    page.get_by_role("link", name="1.1", exact=True).click()
    expect(page.get_by_role("heading", name="Last year: Adequate")).to_be_visible()
    expect(page.get_by_text("Summary of 1.1 in 2024/25.")).to_be_visible()
    expect(page.get_by_text("carried forward from 2024/25")).to_be_visible()
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved 1.1.")).to_be_visible()
    expect(page.get_by_text("improved").first).to_be_visible()

    page.get_by_role("link", name="Best Value self-assessment 2025/26").click()
    row = page.get_by_role("row", name=re.compile(r"^1\.1 "))
    expect(row).to_contain_text("Last year: Adequate")
    expect(row).to_contain_text("improved")
    page.get_by_role("link", name="Report", exact=True).click()
    rating_cell = page.locator(".criteria-table tr", has_text="1.1").locator("td.rating")
    expect(rating_cell).to_contain_text("Last year: Adequate")
    expect(rating_cell).to_contain_text("↑ improved")
    change = page.locator("table.change-table")
    expect(change).to_contain_text("Compared with Best Value self-assessment 2024/25")

    page.goto(f"/assessments/{last.pk}/")
    page.get_by_role("link", name="Trend over the years").click()
    expect(page.locator("svg text.trend-point").first).to_have_text("3.0 Adequate")

    # The new pages have no serious accessibility violations (axe needs CSP bypassed).
    checker = new_page(bypass_csp=True)
    log_in(checker, "officer", PASSWORD)
    new = Assessment.objects.get(period="2025/26")
    entry = new.entries.get(criterion__ref="1.1")
    for url in (
        page.url,
        f"/assessments/{new.pk}/",
        f"/assessments/{new.pk}/entries/{entry.pk}/",
        f"/assessments/{last.pk}/carry-forward/",
    ):
        checker.goto(url)
        assert axe_violations(checker) == [], url
