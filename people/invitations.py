"""Inviting people to an organisation by email, and accepting an invitation.

Administrators (and superusers) invite, with any role: officer, committee
member or administrator; nobody else may invite. A link is single-use, valid
for seven days, and only its SHA-256 is stored. Resending makes a new link
(the old one stops working) valid for another seven days.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments import access
from assessments.models import Membership
from people import memberships
from people.models import Invitation, hash_token

Role = Membership.Role


class InvitationError(Exception):
    """Refused, with a message fit to show the person who asked."""


def grantable_roles(user, organisation):
    """The roles user may invite people to (all of them for administrators)."""
    if access.can_manage(user, organisation.pk):
        return list(Role)
    return []


def normalise_email(email):
    return email.strip().lower()


def accounts_with_email(email):
    return get_user_model().objects.filter(email__iexact=email)


def invite(*, organisation, email, role, invited_by):
    """A new invitation -> (invitation, token). The token is shown or sent, never stored."""
    email = normalise_email(email)
    if invited_by is not None and role not in grantable_roles(invited_by, organisation):
        raise InvitationError("You may not invite people to that role.")
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise InvitationError(f"{email} is already a member of {organisation}.")
    invitation = Invitation(
        organisation=organisation, email=email, role=role, invited_by=invited_by
    )
    token = invitation.set_new_token()
    invitation._history_user = invited_by
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise InvitationError(
            f"{email} already has an invitation waiting: resend or revoke it below."
        ) from None
    return invitation, token


def _locked(invitation):
    return (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )


def renew(invitation, by):
    """A new link for an open invitation (the old link stops working) -> token."""
    with transaction.atomic():
        invitation = _locked(invitation)
        if not invitation.is_open:
            raise InvitationError(
                f"The invitation of {invitation.email} has been {invitation.get_status_display_lower()}."
            )
        token = invitation.set_new_token()
        invitation._history_user = by
        invitation.save(update_fields=["token_hash", "expires_at"])
    return invitation, token


def revoke(invitation, by):
    with transaction.atomic():
        invitation = _locked(invitation)
        if not invitation.is_open:
            raise InvitationError(
                f"The invitation of {invitation.email} has been {invitation.get_status_display_lower()}."
            )
        invitation.revoked_at = timezone.now()
        invitation._history_user = by
        invitation.save(update_fields=["revoked_at"])
    return invitation


def find(token):
    """The invitation a link's token belongs to, or None (unknown or tampered)."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.matches(token):
        return None
    return invitation


REFUSALS = {
    Invitation.Status.EXPIRED: "This invitation has expired. Ask {inviter} to send it again.",
    Invitation.Status.ACCEPTED: "This invitation has already been used. Sign in, or reset your password if you have forgotten it.",
    Invitation.Status.REVOKED: "This invitation was withdrawn. Ask {inviter} if you think it should not have been.",
}


def refusal(invitation):
    """Why the link can no longer be used, or None while it is pending."""
    message = REFUSALS.get(invitation.status)
    if message is None:
        return None
    inviter = invitation.invited_by
    name = (inviter.get_full_name() or inviter.get_username()) if inviter else "an administrator"
    return message.format(inviter=f"{name} of {invitation.organisation}")


def _accept(invitation, user):
    """Mark accepted and add the membership, in the caller's transaction."""
    locked = _locked(invitation)
    if locked.status != Invitation.Status.PENDING:
        raise InvitationError(refusal(locked) or "This invitation can no longer be used.")
    membership, created = memberships.add(locked.organisation, user, locked.role, actor=user)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked._history_user = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    return membership, created


def accept_as_existing_user(invitation, user):
    """The signed-in owner of the invited address joins -> (membership, created)."""
    with transaction.atomic():
        return _accept(invitation, user)


def accept_as_new_user(invitation, *, first_name, last_name, password):
    """Make the invitee's account (user name = the invited address) and join -> user."""
    user = get_user_model()(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            _accept(invitation, user)
    except IntegrityError:
        raise InvitationError(
            f"There is already an account called {invitation.email}: sign in to accept."
        ) from None
    return user
