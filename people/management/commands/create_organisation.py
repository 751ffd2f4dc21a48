"""python manage.py create_organisation NAME --kind ijb --admin-email EMAIL"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from assessments.models import Organisation
from people import emails
from people.forms import EMAIL_MAX
from people.organisations import OrganisationError, create_organisation


class Command(BaseCommand):
    help = (
        "Create an organisation and invite its first administrator by email. "
        "Prints the invitation link too, so it can be passed on if email is not set up."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help='For example "Perth and Kinross IJB".')
        parser.add_argument(
            "--kind", default=Organisation.Kind.IJB, choices=Organisation.Kind.values
        )
        parser.add_argument("--admin-email", required=True, help="Its first administrator.")

    def handle(self, *args, name, kind, admin_email, **options):
        try:
            validate_email(admin_email)
            if len(admin_email) > EMAIL_MAX:
                raise ValidationError("too long")
        except ValidationError:
            raise CommandError(f"{admin_email!r} is not a usable email address.") from None
        try:
            organisation, invitation, token = create_organisation(
                name=name, kind=kind, admin_email=admin_email
            )
        except OrganisationError as error:
            raise CommandError(str(error)) from None
        sent, link = emails.send_invitation(invitation, token)
        self.stdout.write(f"Created {organisation} ({organisation.slug}).")
        if sent:
            self.stdout.write(f"Sent the invitation to {invitation.email}.")
        else:
            self.stderr.write(
                f"The invitation email to {invitation.email} could not be sent (see the log)."
            )
        self.stdout.write(f"Invitation link (valid for 7 days, works once): {link}")
