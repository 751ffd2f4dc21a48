"""Shared test cast, built in code.

Frameworks are loaded once into the test database and kept by the per-test
rollback. The cast: Demo IJB with an officer, a committee member and an
administrator; Neighbour IJB with its own officer; a BV 2020 assessment for
each organisation.
"""

import pytest
from django.core.management import call_command
from django.test import Client

from assessments.creation import create_assessment
from assessments.models import Membership, Organisation
from frameworks.models import Criterion, Framework

FRAMEWORK_FIXTURES = ["bv2020", "msg2019", "ci_qif2019"]
PASSWORD = "password"


def load_frameworks():
    call_command("loaddata", *FRAMEWORK_FIXTURES, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_frameworks()


@pytest.fixture
def frameworks(db):
    """The three frameworks (reloaded if a transactional test flushed them)."""
    if not Framework.objects.filter(slug="bv2020").exists():
        load_frameworks()


@pytest.fixture
def bv2020(frameworks):
    return Framework.objects.get(slug="bv2020")


@pytest.fixture
def msg2019(frameworks):
    return Framework.objects.get(slug="msg2019")


def make_member(django_user_model, username, organisation, role):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, first_name=username.title()
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def demo_org(db):
    return Organisation.objects.create(name="Demo IJB", slug="demo-ijb")


@pytest.fixture
def neighbour_org(db):
    return Organisation.objects.create(name="Neighbour IJB", slug="neighbour-ijb")


@pytest.fixture
def officer(django_user_model, demo_org):
    return make_member(django_user_model, "officer", demo_org, Membership.Role.OFFICER)


@pytest.fixture
def committee(django_user_model, demo_org):
    return make_member(django_user_model, "committee", demo_org, Membership.Role.COMMITTEE)


@pytest.fixture
def org_admin(django_user_model, demo_org):
    return make_member(django_user_model, "orgadmin", demo_org, Membership.Role.ADMIN)


@pytest.fixture
def neighbour(django_user_model, neighbour_org):
    return make_member(django_user_model, "neighbour", neighbour_org, Membership.Role.OFFICER)


@pytest.fixture
def alice(django_user_model):
    """A user who belongs to no organisation."""
    return django_user_model.objects.create_user("alice", password=PASSWORD)


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test client logged in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def alice_client(client_for, alice):
    return client_for(alice)


def make_assessment(organisation, framework, refs, user, title="Self-assessment", period="2023/24"):
    criteria = Criterion.objects.filter(framework=framework, ref__in=refs)
    return create_assessment(
        organisation=organisation,
        framework=framework,
        title=title,
        period=period,
        scale=framework.default_scale,
        criteria=criteria,
        user=user,
    )


@pytest.fixture
def assessment(demo_org, bv2020, officer):
    """Demo IJB's BV 2020 assessment of criteria 1.1, 1.2 and 2.1."""
    return make_assessment(demo_org, bv2020, ["1.1", "1.2", "2.1"], officer)


@pytest.fixture
def neighbour_assessment(neighbour_org, bv2020, neighbour):
    return make_assessment(neighbour_org, bv2020, ["1.1"], neighbour, title="Neighbour review")


def pytest_collection_modifyitems(items):
    """Run browser tests last: their live server empties the database when each ends."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


def pytest_terminal_summary(terminalreporter):
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "Browser tests skipped" in str(report.longrepr)
    ]
    if skipped:
        reason = str(skipped[0].longrepr[-1]).removeprefix("Skipped: ")
        terminalreporter.write_line(
            f"NOTE: {len(skipped)} browser (e2e) tests did not run. {reason}", yellow=True
        )
