"""An organisation's own Word template: a good one is used, a bad one refused with the reason."""

import hashlib
import io
import re
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from renders import jobs
from renders.models import RenderJob
from reports.docx import default_template_bytes
from reports.models import WordTemplate

HOUSE_STYLE = "Moray house style for {{ organisation }}, agenda item {{ agenda_item }}"


def url(organisation, suffix=""):
    return f"/organisations/{organisation.slug}/word-template/{suffix}"


def make_template(cover=HOUSE_STYLE, body="{{ body }}"):
    document = Document(io.BytesIO(default_template_bytes()))
    paragraphs = document.paragraphs
    paragraphs[0].text = cover
    paragraphs[-1].text = body
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_member(data, name, content):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            payload = source.read(item.filename)
            if item.filename == name:
                payload = content(payload) if callable(content) else content
            target.writestr(item, payload, compress_type=zipfile.ZIP_DEFLATED)
        if name not in source.namelist():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def upload(client, organisation, data, name="house-style.docx"):
    return client.post(url(organisation), {"file": SimpleUploadedFile(name, data)})


def test_a_good_template_is_kept_and_every_word_export_uses_it(
    client_for, org_admin, committee, demo_org, filled
):
    data = make_template()
    response = upload(client_for(org_admin), demo_org, data)
    assert response.status_code == 302
    template = WordTemplate.objects.get(organisation=demo_org)
    assert template.name == "house-style.docx"
    assert template.sha256 == hashlib.sha256(data).hexdigest()
    assert template.uploaded_by == org_admin

    response = client_for(committee).get(f"/assessments/{filled.pk}/report.docx")
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Moray house style for Demo IJB, agenda item "
    assert "Theme 1 – Vision and Leadership" in texts
    page = client_for(org_admin).get(url(demo_org)).content.decode()
    assert "house-style.docx" in page


BAD = [
    ("notes.docx", b"Just some text, not a Word file.", "cannot be opened"),
    ("macros.docm", make_template(), "macros"),
    (
        "macros.docx",
        with_member(make_template(), "word/vbaProject.bin", b"\x00" * 100),
        "contains macros",
    ),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "password-protected"),
    ("broken.docx", make_template()[:2000], "cannot be opened"),
    ("nobody.docx", make_template(body="The end."), "no paragraph holding only {{ body }}"),
    ("typo.docx", make_template(cover="{{ secret_key }}"), "unknown placeholder {{ secret_key }}"),
    ("bomb.docx", with_member(make_template(), "word/bomb.xml", b"\x00" * (3 << 20)), "bomb"),
    ("huge.docx", b"PK" + b"\x00" * (6 << 20), "at most 5.0 MB"),
    (
        "remote.docx",
        with_member(
            make_template(),
            "word/_rels/document.xml.rels",
            lambda xml: xml.replace(
                b"</Relationships>",
                b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument'
                b'/2006/relationships/image" Target="http://evil.example/track.png" '
                b'TargetMode="External"/></Relationships>',
            ),
        ),
        "links to an outside file (http://evil.example/track.png)",
    ),
    (
        "field.docx",
        with_member(
            make_template(),
            "word/document.xml",
            lambda xml: xml.replace(
                b"</w:body>",
                b'<w:p><w:r><w:instrText> INCLUDEPICTURE "http://evil.example/x.png" </w:instrText>'
                b"</w:r></w:p></w:body>",
            ),
        ),
        "INCLUDEPICTURE field",
    ),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD, ids=[name for name, _, _ in BAD])
def test_an_unusable_template_is_refused_with_the_reason(
    client_for, org_admin, demo_org, name, data, reason
):
    response = upload(client_for(org_admin), demo_org, data, name)
    assert response.status_code == 400
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert not WordTemplate.objects.exists()


def test_a_refused_upload_keeps_the_template_in_use(client_for, org_admin, demo_org):
    client = client_for(org_admin)
    upload(client, demo_org, make_template())
    kept = WordTemplate.objects.get().sha256
    assert upload(client, demo_org, b"not a docx").status_code == 400
    assert WordTemplate.objects.get().sha256 == kept


def test_a_broken_stored_template_falls_back_to_the_default_with_a_warning(
    client_for, committee, demo_org, filled
):
    WordTemplate.objects.create(
        organisation=demo_org, name="old.docx", content=b"damaged", size=7, sha256="0" * 64
    )
    response = client_for(committee).get(f"/assessments/{filled.pk}/report.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert "Theme 1 – Vision and Leadership" in [p.text for p in document.paragraphs]
    # The worker's render notes why, and the user is told.
    assert "template could not be used (BadZipFile)" in RenderJob.objects.get().notice
    (message,) = get_messages(response.wsgi_request)
    assert "default template was used" in str(message)


def test_the_fallback_notice_shows_on_the_progress_page(
    client_for, committee, demo_org, filled, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued
    WordTemplate.objects.create(
        organisation=demo_org, name="old.docx", content=b"damaged", size=7, sha256="0" * 64
    )
    client = client_for(committee)
    response = client.get(f"/assessments/{filled.pk}/report.docx")
    job = RenderJob.objects.get()
    assert response.url == job.get_absolute_url()
    jobs.run(job.pk)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The Word paper is ready." in page
    assert "Your organisation&#x27;s Word template could not be used" in page


def test_removing_the_template_goes_back_to_the_default(client_for, org_admin, demo_org):
    client = client_for(org_admin)
    upload(client, demo_org, make_template())
    response = client.get(url(demo_org, "current.docx"))
    assert response.content == bytes(WordTemplate.objects.get().content)
    assert client.post(url(demo_org), {"remove": "1"}).status_code == 302
    assert not WordTemplate.objects.exists()
    response = client.get(url(demo_org, "current.docx"))
    assert response.content == default_template_bytes()


def test_only_the_organisations_administrators_manage_its_template(
    client_for, officer, committee, neighbour, demo_org
):
    for user in (officer, committee):
        client = client_for(user)
        assert client.get(url(demo_org)).status_code == 403
        assert upload(client, demo_org, make_template()).status_code == 403
        assert client.get(url(demo_org, "default.docx")).status_code == 403
    assert client_for(neighbour).get(url(demo_org)).status_code == 404
    assert not WordTemplate.objects.exists()


def test_a_template_without_its_own_page_set_up_is_accepted(
    client_for, org_admin, committee, demo_org, filled
):
    data = with_member(
        make_template(),
        "word/document.xml",
        lambda xml: re.sub(rb"<w:sectPr\b.*?</w:sectPr>", b"", xml, flags=re.S),
    )
    assert upload(client_for(org_admin), demo_org, data).status_code == 302
    response = client_for(committee).get(f"/assessments/{filled.pk}/report.docx")
    document = Document(io.BytesIO(response.content))
    assert any(section.page_width > section.page_height for section in document.sections)
