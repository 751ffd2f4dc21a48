"""Import of an 87-row self-assessment from Word: preview, then confirm, timed.

    DEBUG=1 python bench/import_bench.py

Builds a .docx in the shape of the seeds (every BV 2020 criterion under its
theme heading, 2–4 evidence paragraphs and 1–3 actions each, lead officers
and timescales), makes a fresh organisation, officer and assessment, and goes
through the pages as the officer: upload and preview page, then confirm.
Without DATABASE_URL it uses a new SQLite file, migrated and loaded first.
Prints one JSON line: {"import_preview_seconds": ..., "import_confirm_seconds": ...}.
Target: the two together under 2 s.
"""

import io
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TIMESCALES = ["31 Mar 25", "Ongoing", "30 Jun 25 / Annually", "TBC", "by September 2025"]


def build_docx(criteria):
    import docx

    document = docx.Document()
    document.add_paragraph("Best Value self-assessment 2024/25")
    theme, table = None, None
    for index, criterion in enumerate(criteria):
        if criterion.theme_id != theme:
            theme = criterion.theme_id
            document.add_heading(f"Theme {criterion.theme.number} – {criterion.theme.title}", 2)
            table = document.add_table(rows=1, cols=6)
            names = ["Ref", "BV Criteria", "Evidence", "Action / Improvement", "Lead Officer",
                     "Timescales"]  # fmt: skip
            for cell, name in zip(table.rows[0].cells, names, strict=True):
                cell.text = name
        cells = table.add_row().cells
        cells[0].text, cells[1].text = criterion.ref, criterion.text
        for position, cell, count, word in (
            (2, cells[2], 2 + index % 3, "Evidence"),
            (3, cells[3], 1 + index % 3, "Action"),
        ):
            for n in range(count):
                text = f"{word} {n + 1} for {criterion.ref}: reported to the Board in 2024."
                if n == 0:
                    cell.paragraphs[0].text = text
                else:
                    cell.add_paragraph(text, style="List Bullet" if position == 2 else None)
        cells[4].text = "D Robertson / J Craig"
        cells[5].text = TIMESCALES[index % len(TIMESCALES)]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run():
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from assessments.creation import create_assessment
    from assessments.models import Membership, Organisation
    from frameworks.models import Framework
    from imports.importing import build_preview
    from imports.models import ImportedDocument

    framework = Framework.objects.get(slug="bv2020")
    criteria = list(framework.criteria.select_related("theme").order_by("position"))
    suffix = uuid.uuid4().hex[:8]
    organisation = Organisation.objects.create(
        name=f"Import bench {suffix}", slug=f"bench-{suffix}"
    )
    user = get_user_model().objects.create_user(f"bench-{suffix}", first_name="Bench")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OFFICER)
    assessment = create_assessment(
        organisation=organisation,
        framework=framework,
        title="Imported self-assessment",
        period="2024/25",
        scale=framework.default_scale,
        criteria=criteria,
        user=user,
    )
    data = build_docx(criteria)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    started = time.perf_counter()
    response = client.post(
        f"/assessments/{assessment.pk}/import/",
        {"file": SimpleUploadedFile("self-assessment.docx", data), "sheet": ""},
    )
    assert response.status_code == 302, response.content[:500]
    preview_url = response.url
    page = client.get(preview_url)
    preview_seconds = time.perf_counter() - started
    assert page.status_code == 200
    assert page.content.count(b'class="form-select form-select-sm import-target"') == len(criteria)

    # The choices the page offers by default, as the browser would post them back.
    document = ImportedDocument.objects.get(assessment=assessment)
    preview = build_preview(document)

    form = {"source": preview.source, "step": "confirm"}
    for row in preview.rows:
        form.update({f"row-{row.number}-target": row.target, f"row-{row.number}-also": row.also,
                     f"row-{row.number}-mode": row.mode})  # fmt: skip
    started = time.perf_counter()
    response = client.post(preview_url, form)
    confirm_seconds = time.perf_counter() - started
    assert response.status_code == 302, response.content[:2000]
    assert assessment.actions.count() == sum(1 + index % 3 for index in range(len(criteria)))
    return {
        "import_rows": len(criteria),
        "import_docx_bytes": len(data),
        "import_preview_seconds": round(preview_seconds, 3),
        "import_confirm_seconds": round(confirm_seconds, 3),
    }


def main():
    workdir = None
    if not os.environ.get("DATABASE_URL"):
        workdir = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench-imports.sqlite3"
    os.environ.setdefault("DEBUG", "1")
    from setup_django import setup

    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "bv2020", verbosity=0)
    print(json.dumps(run()))
    if workdir:
        workdir.cleanup()


if __name__ == "__main__":
    main()
