"""Joining, changing role and leaving an organisation, and the last-administrator rule.

Every change reads the organisation's memberships under ``select_for_update``
in the same transaction as the write, so two administrators demoting each
other at once cannot leave the organisation without one: the second waits
for the first and then sees it is the last. Only active accounts count as
administrators.
"""

from django.db import transaction

from assessments.models import Membership

Role = Membership.Role


class MembershipError(Exception):
    """A change refused, with a message fit to show the person who asked."""


def _locked_memberships(organisation):
    return list(
        Membership.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(organisation=organisation)
        .order_by("pk")
    )


def _find(rows, membership_pk):
    for row in rows:
        if row.pk == membership_pk:
            return row
    raise MembershipError("That person is no longer a member.")


def _refuse_if_last_admin(rows, membership, organisation, doing):
    if membership.role != Role.ADMIN:
        return
    others = [
        row for row in rows if row.role == Role.ADMIN and row.user.is_active and row != membership
    ]
    if not others:
        raise MembershipError(
            f"{_name(membership.user)} is the last administrator of {organisation}, so cannot be "
            f"{doing}: make someone else an administrator first."
        )


def _name(user):
    return user.get_full_name() or user.get_username()


def add(organisation, user, role, actor):
    """Make user a member with role; an existing member keeps their role. -> (membership, created)"""
    with transaction.atomic():
        rows = _locked_memberships(organisation)
        for row in rows:
            if row.user_id == user.pk:
                return row, False
        membership = Membership(organisation=organisation, user=user, role=role)
        membership._history_user = actor
        membership.save()
        return membership, True


def change_role(organisation, membership_pk, role, actor):
    if role not in Role.values:
        raise MembershipError("Choose one of the roles listed.")
    with transaction.atomic():
        rows = _locked_memberships(organisation)
        membership = _find(rows, membership_pk)
        if membership.role == role:
            return membership
        if role != Role.ADMIN:
            _refuse_if_last_admin(rows, membership, organisation, "demoted")
        membership.role = role
        membership._history_user = actor
        membership.save(update_fields=["role"])
        return membership


def remove(organisation, membership_pk, actor):
    with transaction.atomic():
        rows = _locked_memberships(organisation)
        membership = _find(rows, membership_pk)
        if membership.user_id == actor.pk:
            raise MembershipError("You cannot remove yourself; ask another administrator.")
        _refuse_if_last_admin(rows, membership, organisation, "removed")
        membership._history_user = actor
        membership.delete()
        return membership


def deactivate_account(user, actor):
    """Stop an account signing in (superusers only); what they wrote keeps their name."""
    if user.pk == actor.pk:
        raise MembershipError("You cannot deactivate your own account.")
    with transaction.atomic():
        for membership in Membership.objects.filter(user=user, role=Role.ADMIN).select_related(
            "organisation"
        ):
            rows = _locked_memberships(membership.organisation)
            _refuse_if_last_admin(
                rows, _find(rows, membership.pk), membership.organisation, "deactivated"
            )
        user.is_active = False
        user.save(update_fields=["is_active"])


def reactivate_account(user):
    user.is_active = True
    user.save(update_fields=["is_active"])


def changes(organisation, limit=50):
    """Who added, changed or removed whom, and when: newest first, at most limit.

    One query: each historical row is paired in Python with the previous row
    of the same membership to say what its role was.
    """
    rows = (
        Membership.history.filter(organisation_id=organisation.pk)
        .select_related("user", "history_user")
        .order_by("history_date", "history_id")
    )
    previous_role = {}
    result = []
    for row in rows:
        role = Role(row.role).label.lower()
        person = _name(row.user) if row.user else "a deleted account"
        if row.history_type == "+":
            what = (
                f"{person} joined as {role}"
                if row.history_user_id == row.user_id
                else f"added {person} as {role}"
            )
        elif row.history_type == "-":
            what = f"removed {person} ({role})"
        else:
            before = previous_role.get(row.id)
            if before == row.role:
                continue
            was = f" from {Role(before).label.lower()}" if before else ""
            what = f"changed {person}{was} to {role}"
        previous_role[row.id] = row.role
        result.append(
            {
                "when": row.history_date,
                "who": _name(row.history_user) if row.history_user else "",
                "what": what,
            }
        )
    result.reverse()
    return result[:limit]
