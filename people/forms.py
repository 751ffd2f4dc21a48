"""Forms of the people app: invitations, accepting one, a new organisation."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin

from assessments.models import Membership, Organisation

EMAIL_MAX = 150  # an invited address becomes the user name, which Django caps at 150


class InvitationForm(forms.Form):
    email = forms.EmailField(max_length=EMAIL_MAX, label="Email address")
    role = forms.ChoiceField(
        error_messages={"invalid_choice": "You may not invite people to that role."}
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]


class AcceptInvitationForm(SetPasswordMixin, forms.Form):
    """The invitee's name and password; Django's password validators apply."""

    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")
    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, invitation, *args, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        self.validate_passwords()
        user = get_user_model()(
            username=self.invitation.email,
            email=self.invitation.email,
            first_name=self.cleaned_data.get("first_name", ""),
            last_name=self.cleaned_data.get("last_name", ""),
        )
        self.validate_password_for_user(user)
        return self.cleaned_data


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example Perth and Kinross IJB.")
    kind = forms.ChoiceField(choices=Organisation.Kind.choices, initial=Organisation.Kind.IJB)
    admin_email = forms.EmailField(
        max_length=EMAIL_MAX,
        label="Email of its first administrator",
        help_text="They get an invitation to set their name and password.",
    )


ROLE_CHOICES = Membership.Role.choices
