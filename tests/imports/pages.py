"""Reading the import pages as a browser would: the form's fields and their values."""

from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile


class _FormFields(HTMLParser):
    """Field name → value of the first form posting to the page itself (selected options)."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self.select = None
        self.in_form = False
        self.done = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and attrs.get("method") == "post" and "action" not in attrs:
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and attrs.get("name") and attrs.get("type") != "file":
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self.select = attrs["name"]
            self.fields.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def form_fields(response):
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.fields


def upload_url(assessment):
    return f"/assessments/{assessment.pk}/import/"


def upload(client, assessment, name, data, sheet=""):
    return client.post(
        upload_url(assessment), {"file": SimpleUploadedFile(name, data), "sheet": sheet}
    )


def preview(client, assessment, name, data, sheet=""):
    """Upload, follow to the preview: (preview URL, the preview page)."""
    response = upload(client, assessment, name, data, sheet)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url, client.get(response.url)


def confirm(client, url, page, **choices):
    data = {**form_fields(page), **choices, "step": "confirm"}
    return client.post(url, data)
