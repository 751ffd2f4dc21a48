"""Download names stay readable in any script (RFC 6266 filename*), with a meaningful ASCII name."""

import datetime
from urllib.parse import quote

import pytest

from assessments import workflow

TITLES = [
    # (title, the name kept, the ASCII fallback)
    ("Measadh Fèin-luach", "Measadh Fèin-luach 2023-24", "measadh-fein-luach-2023-24"),
    ("自己評価", "自己評価 2023-24", "demo-ijb-2023-24"),
]


@pytest.fixture
def titled(request, filled):
    filled.title = request.param
    filled.save()
    return filled


@pytest.mark.parametrize("titled, name, fallback", TITLES, indirect=["titled"])
@pytest.mark.parametrize("path", ["report.pdf", "report.docx", "export.xlsx"])
def test_every_download_keeps_the_title_in_its_own_script(
    client_for, committee, titled, name, fallback, path
):
    extension = path.rsplit(".", 1)[1]
    response = client_for(committee).get(f"/assessments/{titled.pk}/{path}")
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.startswith("attachment; ")
    assert f"filename*=utf-8''{quote(f'{name}.{extension}')}" in header
    assert f'filename="{fallback}.{extension}"' in header


def test_the_stored_pdf_names_its_version(client_for, officer, committee, filled):
    filled.title = "Measadh Fèin-luach"
    filled.save()
    workflow.submit(filled, officer)
    workflow.approve(
        filled,
        committee,
        meeting_date=datetime.date(2024, 6, 3),
        committee_name="",
        minute_reference="",
    )
    response = client_for(committee).get(f"/assessments/{filled.pk}/reports/1.pdf")
    header = response["Content-Disposition"]
    assert quote("Measadh Fèin-luach 2023-24 v1.pdf") in header
    assert 'filename="measadh-fein-luach-2023-24-v1.pdf"' in header


def test_characters_a_file_name_cannot_hold_are_replaced(client_for, committee, filled):
    filled.title = 'Review: "Q1/Q2" <draft>\u202e'
    filled.save()
    response = client_for(committee).get(f"/assessments/{filled.pk}/export.xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="Review Q1-Q2 draft 2023-24.xlsx"'
    )
