"""An organisation's page (its members page is people.views.members)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from assessments import access, progress
from assessments.models import Membership


@require_safe
def organisation_detail(request, slug):
    organisation = access.get_organisation_for_user(request, slug)
    assessments = list(
        organisation.assessments.select_related("framework", "scale").order_by("-period", "title")
    )
    role = access.role_in(request.user, organisation.pk)
    return render(
        request,
        "assessments/organisation_detail.html",
        {
            "organisation": organisation,
            "assessments": progress.with_completion(assessments),
            "role_label": Membership.Role(role).label if role else "",
            "can_edit": role in access.CAN_EDIT,
            "can_manage": role in access.CAN_MANAGE,
        },
    )
