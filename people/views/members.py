"""An organisation's members: who they are, invitations, role changes, leavers, history."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from assessments import access
from assessments.models import Membership
from people import emails, invitations, memberships
from people.forms import InvitationForm
from people.models import Invitation


@require_http_methods(["GET", "POST"])
def member_list(request, slug):
    """Everyone sees the members and their history; administrators manage them."""
    organisation = access.get_organisation_for_user(request, slug)
    can_manage = access.can_manage(request.user, organisation.pk)
    roles = invitations.grantable_roles(request.user, organisation)
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST":
        access.require_role(request.user, organisation.pk, access.CAN_MANAGE)
        for field, handler in ACTIONS.items():
            if field in request.POST:
                handler(request, organisation, _number(request.POST[field]))
                return redirect("assessments:member-list", slug=organisation.slug)
        if form.is_valid():
            try:
                invitation, token = invitations.invite(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                )
            except invitations.InvitationError as error:
                form.add_error("email", str(error))
            else:
                _send(request, invitation, token, "Invitation sent to")
                return redirect("assessments:member-list", slug=organisation.slug)
    members = organisation.memberships.select_related("user").order_by(
        "user__last_name", "user__first_name", "user__username"
    )
    open_invitations = (
        organisation.invitations.filter(accepted_at=None, revoked_at=None).select_related(
            "invited_by"
        )
        if can_manage
        else Invitation.objects.none()
    )
    return render(
        request,
        "people/member_list.html",
        {
            "organisation": organisation,
            "members": members,
            "invitations": open_invitations,
            "form": form,
            "can_manage": can_manage,
            "roles": Membership.Role.choices,
            "changes": memberships.changes(organisation),
        },
    )


def _number(value):
    return int(value) if value.isdigit() and len(value) < 19 else None


def _send(request, invitation, token, verb):
    sent, link = emails.send_invitation(invitation, token, request)
    role = invitation.get_role_display().lower()
    if sent:
        messages.success(request, f"{verb} {invitation.email} as {role}.")
    else:
        messages.warning(
            request,
            f"The invitation of {invitation.email} as {role} was made, but the email could not "
            f"be sent: copy this link and send it to them yourself: {link}",
        )


def _remove(request, organisation, pk):
    try:
        membership = memberships.remove(organisation, pk, actor=request.user)
    except memberships.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed {membership.user} from {organisation}.")


def _change(request, organisation, pk):
    try:
        membership = memberships.change_role(
            organisation, pk, request.POST.get("role", ""), actor=request.user
        )
    except memberships.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{membership.user} is now {membership.get_role_display().lower()}."
        )


def _open_invitation(request, organisation, pk):
    invitation = organisation.invitations.filter(pk=pk).first() if pk else None
    if invitation is None:
        messages.error(request, "That invitation is not on the list.")
    return invitation


def _resend(request, organisation, pk):
    invitation = _open_invitation(request, organisation, pk)
    if invitation is None:
        return
    try:
        invitation, token = invitations.renew(invitation, by=request.user)
    except invitations.InvitationError as error:
        messages.error(request, str(error))
    else:
        _send(request, invitation, token, "Sent a new invitation link to")


def _revoke(request, organisation, pk):
    invitation = _open_invitation(request, organisation, pk)
    if invitation is None:
        return
    try:
        invitations.revoke(invitation, by=request.user)
    except invitations.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Withdrew the invitation of {invitation.email}.")


ACTIONS = {"remove": _remove, "change": _change, "resend": _resend, "revoke": _revoke}
