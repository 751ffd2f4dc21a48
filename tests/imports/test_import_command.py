"""The import_plan command: the same preview as text, then the import."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import Action, Assessment, Evidence, Recommendation
from imports.models import ImportedDocument
from tests.conftest import make_assessment
from tests.imports import documents


@pytest.fixture
def self_assessment(demo_org, bv2020, officer):
    return make_assessment(demo_org, bv2020, documents.SELF_ASSESSMENT_REFS, officer)


def run(*args):
    out = StringIO()
    call_command("import_plan", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def test_dry_run_prints_one_line_per_row_and_saves_nothing(tmp_path, officer, self_assessment):
    path = tmp_path / "last-year.docx"
    path.write_bytes(documents.self_assessment_docx())
    output = run(self_assessment.pk, path, "--dry-run", "--user", "officer")
    lines = [line for line in output.splitlines() if not line.strip().startswith("!")]
    assert "ref 1.1" in lines[0] and "→ 1.1" in lines[0] and "4 evidence, 2 actions" in lines[0]
    assert "[31/03/2020; “Ongoing”]" in lines[0]
    assert "→ 1.3 + 1.4" in lines[2]
    assert "→ 2.1 (wording, score" in lines[3]
    assert "30/06/2024 “June 2024”" in lines[3]
    assert lines[-1] == "Dry run: nothing was imported."
    assert ImportedDocument.objects.count() == 0 and Evidence.objects.count() == 0


def test_it_imports_as_the_user(tmp_path, officer, assessment):
    path = tmp_path / "plan.docx"
    path.write_bytes(documents.action_plan_docx())
    output = run(assessment.pk, path, "--user", "officer")
    assert "→ recommendation" in output.splitlines()[0]
    assert "12 actions, 3 recommendations" in output
    assert Recommendation.objects.count() == 3
    assert {row.history_user for row in Action.history.all()} == {officer}
    assert ImportedDocument.objects.get().uploaded_by == officer


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "committee"], "committee cannot edit assessments of Demo IJB."),
        (["--user", "nobody"], "No user called nobody."),
    ],
)
def test_it_refuses_users_who_cannot_edit(tmp_path, committee, assessment, args, message):
    path = tmp_path / "plan.docx"
    path.write_bytes(documents.action_plan_docx())
    with pytest.raises(CommandError, match=message):
        run(assessment.pk, path, *args)
    assert Action.objects.count() == 0


def test_it_refuses_bad_files_in_one_line(tmp_path, officer, assessment):
    path = tmp_path / "plan.docx"
    path.write_bytes(documents.action_plan_xlsx())
    with pytest.raises(CommandError, match="named as a Word document but its content is an Excel"):
        run(assessment.pk, path)
    assert ImportedDocument.objects.count() == 0


def test_it_refuses_an_assessment_that_is_not_a_draft(tmp_path, officer, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.APPROVED, approved_by=officer, approved_at=timezone.now()
    )
    path = tmp_path / "plan.docx"
    path.write_bytes(documents.action_plan_docx())
    with pytest.raises(CommandError, match="approved and cannot be changed"):
        run(assessment.pk, path)
    assert ImportedDocument.objects.count() == 0


def test_it_refuses_the_same_file_twice(tmp_path, officer, assessment):
    path = tmp_path / "plan.docx"
    path.write_bytes(documents.action_plan_docx())
    run(assessment.pk, path, "--user", "officer")
    with pytest.raises(CommandError, match="already imported into this assessment"):
        run(assessment.pk, path, "--user", "officer")
    assert Recommendation.objects.count() == 3


def test_missing_things_are_one_line_errors(tmp_path, assessment):
    with pytest.raises(CommandError, match="No assessment with id 999999."):
        run(999999, tmp_path / "x.docx")
    with pytest.raises(CommandError, match="Cannot read"):
        run(assessment.pk, tmp_path / "missing.docx")
