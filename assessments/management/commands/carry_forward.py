"""python manage.py carry_forward <pk> --period 2025/26: start next year's assessment from this one."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from assessments.carry_forward import CarryForwardError, carry_forward
from assessments.models import Assessment


class Command(BaseCommand):
    help = (
        "Start the next year's assessment from a submitted or approved one: same framework, "
        "scope and scale; evidence copied for review; open actions and recommendations carried."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "assessment", type=int, help="The earlier assessment's number (its id)."
        )
        parser.add_argument("--period", required=True, help="The new period, e.g. 2025/26.")
        parser.add_argument(
            "--title", help="The new title (default: last year's, with its period updated)."
        )
        parser.add_argument("--user", help="User name the history records as having done it.")

    def handle(self, *args, **options):
        try:
            source = Assessment.objects.select_related("organisation").get(pk=options["assessment"])
        except Assessment.DoesNotExist:
            raise CommandError(f"There is no assessment {options['assessment']}.") from None
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"There is no user {options['user']!r}.") from None
        try:
            result = carry_forward(
                source, period=options["period"], title=options["title"], user=user
            )
        except CarryForwardError as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"{result.summary()} New assessment: {result.assessment.pk}.")
