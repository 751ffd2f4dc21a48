"""python manage.py import_plan ASSESSMENT FILE [--dry-run] [--user USERNAME] [--sheet NAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from assessments import access
from assessments.models import Assessment
from imports import importing
from imports.readers import UnreadableFile


class Command(BaseCommand):
    help = (
        "Import a self-assessment or action plan (.docx, .xlsx, .csv) into a draft assessment. "
        "Prints the preview, one line per row (source ref, mapped criterion or recommendation, "
        "evidence and action counts, due dates and timescales), then imports it all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("assessment", type=int, help="The assessment's id.")
        parser.add_argument("file", help="The .docx, .xlsx or .csv file.")
        parser.add_argument("--dry-run", action="store_true", help="Print the preview only.")
        parser.add_argument(
            "--user", help="The officer or administrator the history records as importing it."
        )
        parser.add_argument("--sheet", default="", help="The Excel sheet (default: the first).")

    def handle(self, *args, **options):
        assessment = Assessment.objects.filter(pk=options["assessment"]).first()
        if assessment is None:
            raise CommandError(f"No assessment with id {options['assessment']}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user called {options['user']}.")
            if not access.can_edit(user, assessment.organisation_id):
                raise CommandError(
                    f"{user.username} cannot edit assessments of {assessment.organisation}."
                )
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            document = importing.store_upload(assessment, user, path.name, data, options["sheet"])
            preview = importing.build_preview(document)
            for line in importing.preview_lines(preview):
                self.stdout.write(line)
            if options["dry_run"]:
                document.delete()
                self.stdout.write("Dry run: nothing was imported.")
                return
            result = importing.confirm_import(document, user)
        except (UnreadableFile, importing.ImportRefused) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Imported {path.name} into {assessment}: {result.summary()}.")
        )
