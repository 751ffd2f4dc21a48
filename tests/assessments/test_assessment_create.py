"""Creating an assessment: framework, period, scale and scope."""

from assessments.models import Assessment


def create_url(slug="demo-ijb", framework="bv2020"):
    return f"/organisations/{slug}/assessments/new/?framework={framework}"


def test_it_lists_frameworks_to_choose_from(client_for, officer, frameworks):
    response = client_for(officer).get("/organisations/demo-ijb/assessments/new/")
    assert response.status_code == 200
    assert "?framework=bv2020" in response.content.decode()


def test_it_creates_one_entry_per_assessable_criterion_by_default(client_for, officer, frameworks):
    data = {"title": "Best Value self-assessment", "period": "2023/24", "scale": "", "scope": "all"}
    response = client_for(officer).post(create_url(), data, follow=True)
    assessment = Assessment.objects.get(period="2023/24")
    assert response.redirect_chain[-1][0] == f"/assessments/{assessment.pk}/"
    assert assessment.entries.count() == 87
    assert assessment.scale is None
    assert assessment.organisation.slug == "demo-ijb"
    assert assessment.history.get().history_user == officer


def test_msg_scope_leaves_out_proposals_not_for_local_completion(client_for, officer, msg2019):
    data = {
        "title": "MSG self-evaluation",
        "period": "2019",
        "scale": msg2019.default_scale_id,
        "scope": "all",
    }
    client_for(officer).post(create_url(framework="msg2019"), data)
    assessment = Assessment.objects.get(period="2019")
    refs = set(assessment.entries.values_list("criterion__ref", flat=True))
    assert len(refs) == 22 and not refs & {"3.2", "3.3", "5.3"}
    assert assessment.scale.slug == "msg-four-level"


def test_it_creates_a_chosen_scope_of_themes_and_criteria(client_for, officer, bv2020):
    data = {
        "title": "Focused review",
        "period": "2024/25",
        "scale": bv2020.default_scale_id,
        "scope": "chosen",
        "themes": ["6"],
        "criteria": ["1.1", "3.S.2"],
    }
    response = client_for(officer).post(create_url(), data)
    assert response.status_code == 302
    refs = set(
        Assessment.objects.get(title="Focused review").entries.values_list(
            "criterion__ref", flat=True
        )
    )
    assert refs == {"1.1", "3.S.2", "6.1", "6.2", "6.3", "6.4", "6.5"}


def test_a_chosen_scope_needs_something_chosen(client_for, officer, frameworks):
    data = {"title": "Empty", "period": "2024/25", "scope": "chosen"}
    response = client_for(officer).post(create_url(), data)
    assert "Choose at least one theme or criterion." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_bad_period_is_refused(client_for, officer, frameworks):
    data = {"title": "X", "period": "last year", "scope": "all"}
    response = client_for(officer).post(create_url(), data)
    assert "Write the period as a financial year" in response.content.decode()
    assert not Assessment.objects.exists()


def test_committee_cannot_create(client_for, committee, frameworks):
    response = client_for(committee).post(create_url(), {"title": "X", "period": "2024/25"})
    assert response.status_code == 403


def test_neighbour_cannot_create_for_demo(client_for, neighbour, frameworks):
    response = client_for(neighbour).get(create_url())
    assert response.status_code == 404


def test_unknown_framework_is_not_found(client_for, officer, frameworks):
    assert client_for(officer).get(create_url(framework="nope")).status_code == 404
