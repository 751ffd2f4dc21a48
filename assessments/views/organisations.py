"""An organisation's page and, for its administrators, its members."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from assessments import access, services
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
            "assessments": services.with_completion(assessments),
            "role_label": Membership.Role(role).label if role else "",
            "can_edit": role in access.CAN_EDIT,
            "can_manage": role in access.CAN_MANAGE,
        },
    )


class MemberForm(forms.Form):
    username = forms.CharField(max_length=150, label="User name")
    role = forms.ChoiceField(choices=Membership.Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            self.user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(
                f"There is no user called {username!r}. A site administrator creates user accounts."
            ) from None
        return username


@require_http_methods(["GET", "POST"])
def member_list(request, slug):
    """Members of the organisation; its administrators add, change and remove them."""
    organisation = access.get_organisation_for_user(request, slug)
    can_manage = access.can_manage(request.user, organisation.pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        access.require_role(request.user, organisation.pk, access.CAN_MANAGE)
        remove = request.POST.get("remove")
        if remove:
            return _remove_member(request, organisation, remove)
        if form.is_valid():
            membership, created = Membership.objects.update_or_create(
                user=form.user,
                organisation=organisation,
                defaults={"role": form.cleaned_data["role"]},
            )
            verb = "Added" if created else "Updated"
            messages.success(
                request, f"{verb} {membership.user} as {membership.get_role_display().lower()}."
            )
            return redirect("assessments:member-list", slug=organisation.slug)
    members = organisation.memberships.select_related("user").order_by("user__username")
    return render(
        request,
        "assessments/member_list.html",
        {"organisation": organisation, "members": members, "form": form, "can_manage": can_manage},
    )


def _remove_member(request, organisation, membership_pk):
    membership = (
        organisation.memberships.filter(pk=membership_pk).select_related("user").first()
        if membership_pk.isdigit()
        else None
    )
    if membership is None:
        messages.error(request, "That member has already been removed.")
    elif membership.user_id == request.user.pk:
        messages.error(request, "You cannot remove yourself; ask another administrator.")
    else:
        membership.delete()
        messages.success(request, f"Removed {membership.user} from {organisation}.")
    return redirect("assessments:member-list", slug=organisation.slug)
