"""Superusers set up organisations and switch accounts off, without the admin site."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from people import emails, memberships
from people.forms import OrganisationForm
from people.organisations import OrganisationError, create_organisation


def _require_superuser(user):
    if not user.is_superuser:
        raise PermissionDenied("Only a site administrator can do this.")


@require_http_methods(["GET", "POST"])
def organisation_create(request):
    _require_superuser(request.user)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation, invitation, token = create_organisation(
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                admin_email=form.cleaned_data["admin_email"],
                created_by=request.user,
            )
        except OrganisationError as error:
            form.add_error("name", str(error))
        else:
            sent, link = emails.send_invitation(invitation, token, request)
            if sent:
                messages.success(
                    request,
                    f"Created {organisation} and invited {invitation.email} as its administrator.",
                )
            else:
                messages.warning(
                    request,
                    f"Created {organisation}, but the invitation email to {invitation.email} could "
                    f"not be sent: copy this link and send it to them yourself: {link}",
                )
            return redirect("assessments:member-list", slug=organisation.slug)
    return render(request, "people/organisation_form.html", {"form": form})


def _back(request):
    target = request.POST.get("next", "")
    # Only a path on this site: anything else ("abc" is not a URL) goes home.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect("home")


@require_POST
def user_deactivate(request, pk):
    _require_superuser(request.user)
    user = get_object_or_404(get_user_model(), pk=pk)
    try:
        memberships.deactivate_account(user, actor=request.user)
    except memberships.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Deactivated the account of {user}: they can no longer sign in.")
    return _back(request)


@require_POST
def user_reactivate(request, pk):
    _require_superuser(request.user)
    user = get_object_or_404(get_user_model(), pk=pk)
    memberships.reactivate_account(user)
    messages.success(request, f"Reactivated the account of {user}.")
    return _back(request)
