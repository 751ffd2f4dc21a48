"""Who may see and change what: every view looks objects up through here.

A user sees only the organisations they are a member of (superusers see all).
An object of another organisation answers 404, so its existence is not
revealed; a member without the needed role gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from assessments.models import Action, Assessment, Entry, Membership, Organisation
from assessments.rows import Prepared

Role = Membership.Role

CAN_EDIT = {Role.OFFICER, Role.ADMIN}
CAN_APPROVE = {Role.COMMITTEE, Role.ADMIN}
CAN_MANAGE = {Role.ADMIN}


def organisations_for(user):
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user)


def assessments_for(user):
    if user.is_superuser:
        return Assessment.objects.all()
    return Assessment.objects.filter(organisation__memberships__user=user)


def actions_for(user):
    if user.is_superuser:
        return Action.objects.all()
    return Action.objects.filter(assessment__organisation__memberships__user=user)


# {organisation id: role} of a user; unordered, as the default ordering would join the
# organisation and user tables. Read on every page: compiled once (rows.Prepared).
ROLES_OF = Prepared(
    lambda user_id: (
        Membership.objects.filter(user_id=user_id).order_by().values_list("organisation_id", "role")
    )
)


def role_in(user, organisation_id):
    """The user's role in an organisation, or None. Superusers act as admins."""
    if user.is_superuser:
        return Role.ADMIN
    cache = getattr(user, "_organisation_roles", None)
    if cache is None:
        cache = dict(ROLES_OF(user.pk, using=Membership.objects.db))
        user._organisation_roles = cache
    return cache.get(organisation_id)


def can_edit(user, organisation_id):
    return role_in(user, organisation_id) in CAN_EDIT


def can_approve(user, organisation_id):
    return role_in(user, organisation_id) in CAN_APPROVE


def can_manage(user, organisation_id):
    return role_in(user, organisation_id) in CAN_MANAGE


def require_role(user, organisation_id, roles):
    if role_in(user, organisation_id) not in roles:
        raise PermissionDenied("Your role in this organisation does not allow this.")


def get_organisation_for_user(request, slug):
    return get_object_or_404(organisations_for(request.user), slug=slug)


def get_assessment_for_user(request, pk, queryset=None, missing="No assessment found."):
    queryset = queryset if queryset is not None else Assessment.objects.all()
    assessment = get_object_or_404(queryset.select_related("organisation", "framework"), pk=pk)
    if role_in(request.user, assessment.organisation_id) is None:
        raise Http404(missing)
    return assessment


def get_assessment_for_edit(request, pk, queryset=None):
    assessment = get_assessment_for_user(request, pk, queryset)
    require_role(request.user, assessment.organisation_id, CAN_EDIT)
    return assessment


def get_entry_for_user(request, assessment_pk, entry_pk):
    # What every entry page prints (its framework's labels, scale, theme and rating):
    # small tables, joined rather than fetched one by one. Two queries of four tables
    # each: PostgreSQL plans one join of all eight for longer than it takes to run both.
    assessment = get_assessment_for_user(
        request, assessment_pk, Assessment.objects.select_related("scale"), "No entry found."
    )
    entry = get_object_or_404(
        Entry.objects.select_related("criterion__theme", "rating"),
        pk=entry_pk,
        assessment_id=assessment.pk,
    )
    entry.assessment = assessment
    return entry


def get_action_for_user(request, pk):
    action = get_object_or_404(
        Action.objects.select_related("assessment__organisation", "entry__criterion"), pk=pk
    )
    if role_in(request.user, action.assessment.organisation_id) is None:
        raise Http404("No action found.")
    return action
