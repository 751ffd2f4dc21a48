"""Two administrators demoting each other at once cannot leave the organisation without one."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from assessments.models import Membership
from people import memberships
from tests.conftest import make_member

Role = Membership.Role


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks: run with a PostgreSQL DATABASE_URL"
)
def test_crossed_demotions_leave_one_administrator(django_user_model, demo_org):
    first = make_member(django_user_model, "first", demo_org, Role.ADMIN)
    second = make_member(django_user_model, "second", demo_org, Role.ADMIN)
    first_pk = Membership.objects.get(user=first).pk
    second_pk = Membership.objects.get(user=second).pk
    outcome = {}

    def second_demotes_first():
        try:
            memberships.change_role(demo_org, first_pk, Role.OFFICER, actor=second)
            outcome["second"] = "demoted"
        except memberships.MembershipError as error:
            outcome["second"] = str(error)
        finally:
            connections.close_all()

    with transaction.atomic():
        memberships.change_role(demo_org, second_pk, Role.OFFICER, actor=first)
        other = threading.Thread(target=second_demotes_first)
        other.start()
        time.sleep(0.5)  # the other demotion now waits on the locked memberships
        assert other.is_alive()
    other.join(10)

    assert "First is the last administrator of Demo IJB" in outcome["second"]
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {"first": "admin", "second": "officer"}
