"""Opening an invitation link: set a name and password, or join with an existing account."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from people import invitations
from people.forms import AcceptInvitationForm

BACKEND = "django.contrib.auth.backends.ModelBackend"
NOT_VALID = (
    "This invitation link is not valid. Check that you copied the whole link from the email, "
    "or ask your organisation's administrator to send a new one."
)


def _refused(request, message, status):
    return render(request, "people/invitation_refused.html", {"message": message}, status=status)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = invitations.find(token)
    if invitation is None:
        return _refused(request, NOT_VALID, 404)
    reason = invitations.refusal(invitation)
    if reason:
        return _refused(request, reason, 410)
    user = request.user
    context = {"invitation": invitation}
    if user.is_authenticated:
        if (user.email or "").lower() != invitation.email:
            return render(request, "people/invitation_other_account.html", context, status=403)
        if request.method == "POST":
            try:
                _, created = invitations.accept_as_existing_user(invitation, user)
            except invitations.InvitationError as error:
                return _refused(request, str(error), 410)
            _welcome(request, invitation, created)
            return redirect(invitation.organisation)
        return render(request, "people/invitation_join.html", context)
    if invitations.accounts_with_email(invitation.email).exists():
        return render(request, "people/invitation_sign_in.html", context)
    form = AcceptInvitationForm(invitation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept_as_new_user(
                invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except invitations.InvitationError as error:
            return _refused(request, str(error), 410)
        login(request, user, backend=BACKEND)
        _welcome(request, invitation, True)
        return redirect(invitation.organisation)
    return render(request, "people/invitation_accept.html", {**context, "form": form})


def _welcome(request, invitation, created):
    if created:
        messages.success(
            request,
            f"Welcome to {invitation.organisation}: you are {_a(invitation.get_role_display())}.",
        )
    else:
        messages.info(
            request,
            f"You were already a member of {invitation.organisation}; your role is unchanged.",
        )


def _a(role):
    role = role.lower()
    return f"an {role}" if role[0] in "aeiou" else f"a {role}"
