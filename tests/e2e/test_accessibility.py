"""axe-core on every main page: no serious or critical WCAG 2.2 AA violations."""

import pytest

from assessments.models import Action, Evidence
from frameworks.models import RatingLevel
from tests.conftest import PASSWORD
from tests.e2e.conftest import axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def filled(assessment, officer):
    entry = assessment.entries.get(criterion__ref="1.1")
    entry.rating = RatingLevel.objects.get(scale__slug="ci-six-point", label="Good")
    entry._history_user = officer
    entry.save()
    Evidence.objects.create(entry=entry, text="Strategic plan approved.")
    Action.objects.create(
        assessment=assessment, entry=entry, description="Refresh the plan", timescale="Ongoing"
    )
    return assessment


def pages_of(assessment):
    entry = assessment.entries.get(criterion__ref="1.1")
    return {
        "dashboard": "/",
        "framework": "/frameworks/bv2020/",
        "framework list": "/frameworks/",
        "assessment overview": f"/assessments/{assessment.pk}/",
        "entry form": f"/assessments/{assessment.pk}/entries/{entry.pk}/",
        "action tracker": "/organisations/demo-ijb/actions/",
        "assessment history": f"/assessments/{assessment.pk}/history/",
        "entry history": f"/assessments/{assessment.pk}/entries/{entry.pk}/history/",
        "report": f"/assessments/{assessment.pk}/report/",
    }


def test_login_page_has_no_serious_violations(new_page, db):
    page = new_page(bypass_csp=True)
    page.goto("/login/")
    assert axe_violations(page) == []


def test_main_pages_have_no_serious_violations(new_page, officer, filled):
    page = new_page(bypass_csp=True)
    log_in(page, "officer", PASSWORD)
    found = {}
    for name, url in pages_of(filled).items():
        response = page.goto(url)
        assert response.status == 200, name
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}


def test_entry_form_with_errors_has_no_serious_violations(new_page, officer, filled):
    page = new_page(bypass_csp=True)
    log_in(page, "officer", PASSWORD)
    entry = filled.entries.get(criterion__ref="1.2")
    page.goto(f"/assessments/{filled.pk}/entries/{entry.pk}/")
    page.get_by_label("Description").fill("An action without a date")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Give a due date").is_visible()
    error_input = page.locator("[name='actions-0-due_date']")
    described_by = error_input.get_attribute("aria-describedby") or ""
    assert "error" in described_by, "the error is not linked to its field"
    assert axe_violations(page) == []
