"""The Word paper and the Excel workbook are rendered by task workers, like the PDF:
keyed by the SHA-256 of their exact input, never stale, never rendered in the request."""

import hashlib
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from assessments import pdf
from assessments.models import Assessment, Evidence
from renders import jobs
from renders.models import RenderJob, Status
from reports import exports
from tests.renders.conftest import run_worker_once


def export_url(assessment, extension):
    name = "report.docx" if extension == "docx" else "export.xlsx"
    return f"/assessments/{assessment.pk}/{name}"


def paper_text(content):
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs) + (
        "\n".join(
            cell.text
            for table in Document(io.BytesIO(content)).tables
            for row in table.rows
            for cell in row.cells
        )
    )


def evidence_cells(content):
    sheet = load_workbook(io.BytesIO(content), read_only=True)["Evidence"]
    return [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_word_paper_and_the_workbook(
    client_for, officer, filled, queued_tasks
):
    client = client_for(officer)
    for extension in ("docx", "xlsx"):
        response = client.get(export_url(filled, extension))
        job = RenderJob.objects.get(format=extension)
        assert response.status_code == 302 and response.url == job.get_absolute_url()
        assert job.status == Status.QUEUED and job.result is None

    run_worker_once()

    docx_job, xlsx_job = RenderJob.objects.get(format="docx"), RenderJob.objects.get(format="xlsx")
    assert docx_job.status == Status.DONE, docx_job.error
    assert xlsx_job.status == Status.DONE, xlsx_job.error
    page = client.get(docx_job.get_absolute_url()).content.decode()
    assert "The Word paper is ready." in page
    paper = client.get(f"/assessments/{filled.pk}/files/{docx_job.pk}/download/")
    assert paper["Content-Type"].endswith("wordprocessingml.document")
    assert paper["Content-Disposition"] == 'attachment; filename="Self-assessment 2023-24.docx"'
    assert "Evidence 2 for 2.1." in paper_text(paper.content)
    workbook = client.get(f"/assessments/{filled.pk}/files/{xlsx_job.pk}/download/")
    assert "Evidence 2 for 2.1." in evidence_cells(workbook.content)
    # Asked again for the same state, the files are served without another render.
    assert client.get(export_url(filled, "docx")).content == paper.content
    assert client.get(export_url(filled, "xlsx")).content == workbook.content
    assert RenderJob.objects.count() == 2


def test_the_workbook_is_keyed_by_the_sha256_of_its_data(client_for, officer, filled):
    response = client_for(officer).get(export_url(filled, "xlsx"))
    job = RenderJob.objects.get()
    source = exports.export_source(filled, "")
    source.generated_at = job.generated_at
    data = exports.workbook_of(source)
    assert job.input_sha256 == hashlib.sha256(data.encode()).hexdigest()
    sheets = {sheet["title"]: sheet["rows"] for sheet in json.loads(data)["sheets"]}
    assert "Evidence 1 for 1.1." in [row[2] for row in sheets["Evidence"]]
    assert evidence_cells(response.content) == [row[2] for row in sheets["Evidence"]]


def test_the_word_papers_key_covers_the_data_the_version_and_the_template(filled):
    first = exports.export_source(filled, "", with_template=True)
    again = exports.export_source(filled, "", with_template=True)
    again.generated_at = first.generated_at
    assert exports.paper_input(first) == exports.paper_input(again)
    assert "Evidence 1 for 1.1." in exports.paper_input(first)
    again.template = b"another template"
    assert exports.paper_input(again) != exports.paper_input(first)
    again.template, again.version = first.template, 3
    assert exports.paper_input(again) != exports.paper_input(first)
    Evidence.objects.filter(entry__assessment=filled).update(text="Changed afterwards.")
    changed = exports.export_source(filled, "", with_template=True)
    changed.generated_at = first.generated_at
    assert exports.paper_input(changed) != exports.paper_input(first)


@pytest.mark.parametrize("extension", ["docx", "xlsx"])
def test_a_stale_export_is_never_served_after_a_change(client_for, officer, filled, extension):
    client = client_for(officer)
    old = client.get(export_url(filled, extension)).content
    job = RenderJob.objects.get()
    Evidence.objects.filter(entry__assessment=filled, position=0).update(text="Changed afterwards.")
    response = client.get(f"/assessments/{filled.pk}/files/{job.pk}/download/")
    assert response.status_code == 302 and response.url == export_url(filled, extension)
    fresh = client.get(export_url(filled, extension)).content
    assert fresh != old and RenderJob.objects.count() == 2
    if extension == "docx":
        assert "Changed afterwards." in paper_text(fresh)
        assert "Changed afterwards." not in paper_text(old)
    else:
        assert "Changed afterwards." in evidence_cells(fresh)
        assert "Changed afterwards." not in evidence_cells(old)


def test_a_paper_whose_assessment_changed_while_queued_is_not_rendered_from_the_new_state(
    client_for, officer, filled, queued_tasks
):
    client = client_for(officer)
    client.get(export_url(filled, "docx"))
    job = RenderJob.objects.get()
    Evidence.objects.filter(entry__assessment=filled, position=0).update(text="Changed meanwhile.")
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.result is None
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The assessment changed while this file was waiting to be produced" in page
    assert f'<a href="{export_url(filled, "docx")}">Ask for it again</a>' in page


def test_an_identical_export_request_joins_the_queued_one(
    client_for, officer, committee, filled, queued_tasks
):
    first = client_for(officer).get(export_url(filled, "xlsx"), {"utm_source": "mail"})
    second = client_for(committee).get(export_url(filled, "xlsx"))
    job = RenderJob.objects.get()
    assert first.url == second.url == job.get_absolute_url()
    assert "The Excel workbook is being produced" in (
        client_for(committee).get(job.get_absolute_url()).content.decode()
    )


def test_a_render_in_the_child_process_cannot_touch_the_database(filled):
    with pytest.raises(pdf.RenderError, match="tried to read the database"):
        pdf.run_with_time_limit(lambda _: Assessment.objects.count(), None, 60)
    # The parent's connection is untouched and still answers.
    assert Assessment.objects.filter(pk=filled.pk).exists()
    assert connection.is_usable()


def tracker_url(organisation, extension, query=""):
    return f"/organisations/{organisation.slug}/actions.{extension}{query}"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_action_trackers_files(
    client_for, officer, demo_org, filled, queued_tasks
):
    client = client_for(officer)
    response = client.get(tracker_url(demo_org, "xlsx", "?status=not_started"))
    job = RenderJob.objects.get()
    assert job.organisation == demo_org and job.assessment is None
    assert response.url == job.get_absolute_url() == f"/organisations/demo-ijb/files/{job.pk}/"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The Excel list of actions is being produced (waiting for a worker)" in page
    assert 'href="/organisations/demo-ijb/actions/">Back to the action tracker' in page

    run_worker_once()

    job.refresh_from_db()
    assert job.status == Status.DONE, job.error
    download = client.get(job.get_download_url())
    sheet = load_workbook(io.BytesIO(download.content), read_only=True)["Actions"]
    actions = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Action 1 for 1.1" in actions and len(actions) == filled.actions.count()
    assert client.get(tracker_url(demo_org, "xlsx", "?status=not_started")).content == (
        download.content
    )


def test_the_trackers_csv_is_keyed_by_its_rows_and_never_stale(
    client_for, committee, demo_org, filled
):
    client = client_for(committee)
    old = client.get(tracker_url(demo_org, "csv")).content.decode("utf-8-sig")
    job = RenderJob.objects.get()
    source = exports.tracker_source(demo_org, "")
    assert job.input_sha256 == hashlib.sha256(exports.tracker_input(source).encode()).hexdigest()
    filled.actions.filter(position=0).update(description="Renamed afterwards")
    response = client.get(job.get_download_url())
    assert response.status_code == 302 and response.url == tracker_url(demo_org, "csv")
    fresh = client.get(tracker_url(demo_org, "csv")).content.decode("utf-8-sig")
    assert "Renamed afterwards" in fresh and "Renamed afterwards" not in old


def test_another_organisations_tracker_files_are_not_found(
    client_for, committee, neighbour, demo_org, filled, queued_tasks
):
    client_for(committee).get(tracker_url(demo_org, "csv"))
    job = RenderJob.objects.get()
    outsider = client_for(neighbour)
    assert outsider.get(job.get_absolute_url()).status_code == 404
    assert outsider.get(job.get_download_url()).status_code == 404
    assert outsider.get(f"/organisations/neighbour-ijb/files/{job.pk}/").status_code == 404


def test_the_trackers_input_costs_the_same_queries_for_any_number_of_actions(demo_org, filled):
    def queries():
        with CaptureQueriesContext(connection) as context:
            exports.tracker_input(exports.tracker_source(demo_org, ""))
        return len(context.captured_queries)

    few = queries()
    entries = list(filled.entries.all())
    filled.actions.model.objects.bulk_create(
        filled.actions.model(assessment=filled, entry=entry, description=f"More {n}")
        for n, entry in enumerate(entries * 3)
    )
    assert queries() == few


def test_the_word_papers_input_holds_no_account_secrets_and_ignores_sign_ins(
    officer, committee, filled
):
    from django.utils import timezone

    from assessments import workflow

    workflow.submit(filled, officer)
    first = exports.export_source(filled, "", with_template=True)
    text = exports.paper_input(first)
    assert officer.password not in text and '"last_login"' not in text
    assert '"username":"officer"' in text  # who submitted it, as a paper can print
    type(officer).objects.filter(pk=officer.pk).update(last_login=timezone.now())
    again = exports.export_source(filled, "", with_template=True)
    again.generated_at = first.generated_at
    assert exports.paper_input(again) == text


def test_a_value_the_input_cannot_hold_is_refused_not_left_out():
    with pytest.raises(TypeError, match="is not part of a Word paper's input"):
        exports._Dump().value(object())


def test_a_file_is_served_again_only_under_the_name_it_would_have_now(
    client_for, committee, demo_org, filled
):
    client = client_for(committee)
    client.get(tracker_url(demo_org, "csv"))
    type(demo_org).objects.filter(pk=demo_org.pk).update(name="Renamed IJB")
    response = client.get(tracker_url(demo_org, "csv"))
    assert 'filename="Renamed IJB actions' in response["Content-Disposition"]
    assert RenderJob.objects.count() == 2
