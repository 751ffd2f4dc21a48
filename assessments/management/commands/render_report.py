"""python manage.py render_report <pk> -o FILE.pdf|.docx|.xlsx: the committee report as a file.

The format follows the extension of FILE.
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments import reports, workflow
from assessments.history import end_of_day
from assessments.models import Assessment
from reports import exports


class Command(BaseCommand):
    help = (
        "Render an assessment's committee report to a file; the extension chooses the format: "
        ".pdf, .docx (Word) or .xlsx (Excel); --html writes the HTML the PDF is made from."
    )

    def add_arguments(self, parser):
        parser.add_argument("assessment", type=int, help="The assessment's number (its id).")
        parser.add_argument("-o", "--output", required=True, help="Where to write the file.")
        parser.add_argument(
            "--as-of",
            help="Render the assessment as it stood at the end of this date (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--sections",
            help=f"Comma-separated sections to include (default all): {', '.join(reports.ALL_SECTIONS)}.",
        )
        parser.add_argument(
            "--html", action="store_true", help="Write the HTML the PDF is made from instead."
        )
        parser.add_argument(
            "--stored",
            action="store_true",
            help="Write the PDF stored at approval, when the assessment is approved.",
        )

    def handle(self, *args, **options):
        assessment = self._assessment(options["assessment"])
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        extension = output.suffix.lower()
        if not options["html"] and extension not in {".pdf", ".docx", ".xlsx"}:
            raise CommandError("Choose a file ending in .pdf, .docx or .xlsx (or use --html).")
        if extension in {".docx", ".xlsx"} and not options["html"]:
            self._write_export(assessment, output, options)
            return
        if options["stored"]:
            stored = workflow.current_stored_report(assessment)
            if stored is None:
                raise CommandError("This assessment is not approved, so no PDF is stored for it.")
            output.write_bytes(bytes(stored.pdf))
            self.stdout.write(f"Wrote {output} (stored version {stored.version}).")
            return
        report = reports.build_report(
            assessment,
            sections=self._sections(options["sections"]),
            moment=self._moment(options["as_of"]),
        )
        if report is None:
            raise CommandError("The assessment had not been created by that date.")
        if options["html"]:
            output.write_text(reports.report_document_html(report), encoding="utf-8")
        else:
            output.write_bytes(reports.report_pdf(report))
        self.stdout.write(f"Wrote {output}.")

    def _write_export(self, assessment, output, options):
        """Word or Excel: as the downloads, an approved assessment in its approved state."""
        if options["stored"]:
            raise CommandError(
                "--stored is the PDF kept at approval; Word and Excel files of an approved "
                "assessment show its approved state without it."
            )
        moment = self._moment(options["as_of"])
        report, version = exports.export_report(
            assessment,
            sections=self._sections(options["sections"]),
            moment=moment,
            default_options=not options["sections"] and moment is None,
        )
        if report is None:
            raise CommandError("The assessment had not been created by that date.")
        if output.suffix.lower() == ".docx":
            content, warning = exports.committee_paper_docx(report, version=version)
            if warning:
                self.stderr.write(warning)
        else:
            content = exports.committee_paper_xlsx(report)
        output.write_bytes(content)
        approved = f" (approved version {version})" if version else ""
        self.stdout.write(f"Wrote {output}{approved}.")

    @staticmethod
    def _assessment(pk):
        try:
            return Assessment.objects.with_related().get(pk=pk)
        except Assessment.DoesNotExist:
            raise CommandError(f"There is no assessment {pk}.") from None

    @staticmethod
    def _sections(text):
        if not text:
            return reports.ALL_SECTIONS
        sections = [name.strip() for name in text.split(",") if name.strip()]
        unknown = [name for name in sections if name not in reports.ALL_SECTIONS]
        if unknown or not sections:
            raise CommandError(
                f"Unknown section {', '.join(unknown) or '(none given)'}; choose from "
                f"{', '.join(reports.ALL_SECTIONS)}."
            )
        return sections

    @staticmethod
    def _moment(text):
        if not text:
            return None
        try:
            date = datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--as-of must be a date like 2024-03-31, not {text!r}.") from None
        return end_of_day(date)
