"""Fuzz: NUL, overlong and non-numeric values in every query parameter and form field of every
page, for every role, never give a 500; nor does any page while the database is down.

The URL conf is walked (every pattern, the admin's included), path parameters are
filled with real objects of the cast, query parameters come from the GET forms on
the pages plus the ones the views read, and POST fields are read from the forms
each page renders for that role.
"""

import datetime
import re
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.db import OperationalError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from assessments.models import Action, Evidence, ProgressNote, Recommendation, StoredReport
from renders.models import ApprovalRequest, RenderJob

HOSTILE = ["\x00", "x" * 20_000, "abc", "99999999999999999999", "-1"]
KNOWN_QUERY_PARAMETERS = [
    "framework", "show", "sections", "as_of", "at", "status", "assessment", "theme",
    "owner", "due", "q", "page", "next", "o", "p", "e",
]  # fmt: skip


class FormParser(HTMLParser):
    """The forms of a page: method, action and (name, value) of each field."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "fields": [],
                }
            )
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1]["fields"].append([attrs["name"], attrs.get("value") or ""])
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
            self.forms[-1]["fields"].append(self._textarea)
        elif tag == "select" and attrs.get("name"):
            self._select = [attrs["name"], None]
            self.forms[-1]["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            if self._select[1] is None or "selected" in attrs:
                self._select[1] = attrs.get("value", "")
        elif tag == "button" and attrs.get("name"):
            self.forms[-1]["fields"].append([attrs["name"], attrs.get("value") or ""])

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            self._select[1] = self._select[1] or ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def page_forms(response, url):
    if "text/html" not in response.get("Content-Type", ""):
        return []
    parser = FormParser()
    parser.feed(response.content.decode())
    for form in parser.forms:
        form["action"] = urlsplit(urljoin(url, form["action"])).path
    return parser.forms


def walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


@pytest.fixture
def cast(
    django_user_model, demo_org, officer, committee, org_admin, neighbour, assessment, bv2020,
    settings,
):  # fmt: skip
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    entry = assessment.entries.first()
    Evidence.objects.create(entry=entry, text="Strategic plan approved.")
    action = Action.objects.create(assessment=assessment, entry=entry, description="Refresh plan")
    ProgressNote.objects.create(action=action, text="Started.", author=officer)
    recommendation = Recommendation.objects.create(assessment=assessment, source="Audit", text="R")
    StoredReport.objects.create(
        assessment=assessment, version=1, pdf=b"%PDF-1.7 stored", size=15, sha256="0" * 64,
        approved_by=committee, approved_at=datetime.datetime.now(datetime.UTC),
        meeting_date=datetime.date(2024, 6, 12),
    )  # fmt: skip
    job = RenderJob.objects.create(
        assessment=assessment, requested_by=officer, format="pdf", filename="x.pdf",
        generated_at=datetime.datetime.now(datetime.UTC), input="<html></html>",
        input_sha256="0" * 64, status="done", result=b"%PDF",
    )  # fmt: skip
    approval = ApprovalRequest.objects.create(
        assessment=assessment, requested_by=committee, meeting_date=datetime.date(2024, 6, 12),
        committee_name="Audit", minute_reference="7", status="failed", error="Changed.",
    )  # fmt: skip
    superuser = django_user_model.objects.create_superuser("root", password="pw")
    values = {
        "slug": demo_org.slug,
        "pk": assessment.pk,
        "entry_pk": entry.pk,
        "recommendation_pk": recommendation.pk,
        "version": 1,
        "job_pk": job.pk,
        "request_pk": approval.pk,
        "document_pk": 1,  # no such import: the page answers 404, never 500
        "token": "not-a-token",  # invitation and password-reset links
        "uidb64": "MQ",
        "framework": bv2020.slug,
    }
    return {
        "values": values,
        "action": action,
        "framework": bv2020,
        "users": {
            "anonymous": None,
            "officer": officer,
            "committee": committee,
            "admin": org_admin,
            "neighbour": neighbour,
            "superuser": superuser,
        },
    }


ADMIN_PARAMETER = re.compile(r"<(?:path:)?(\w+)>")


def urls_of_the_project(cast):
    values = cast["values"]
    urls = []
    for route in walk(get_resolver()):
        route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")
        if route.startswith("admin/"):
            continue
        if route.startswith("frameworks/<slug:slug>"):
            urls.append(f"/frameworks/{cast['framework'].slug}/")
            continue
        if route.startswith("actions/<int:pk>"):
            urls.append(f"/actions/{cast['action'].pk}/")
            continue
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
        urls.append("/" + url)
    # The admin: every registered model's list, and its change page with junk ids.
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, f"{base}abc/change/", f"{base}{'9' * 30}/change/", f"{base}add/"]
    return urls


def assert_not_500(response, where):
    assert response.status_code < 500, (where, response.status_code)


def test_no_500_for_hostile_input_anywhere_for_any_role(cast):
    urls = urls_of_the_project(cast)
    requests = 0
    mutated = set()
    for role, user in cast["users"].items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        forms = []
        for url in urls:
            response = client.get(url)
            requests += 1
            assert_not_500(response, (role, "GET", url))
            if url.startswith("/admin/") and role != "superuser":
                continue  # the admin is the superuser's: others are sent to log in
            found = page_forms(response, url)
            forms += [form for form in found if form["method"] == "post"]
            names = {
                name for form in found if form["method"] == "get" for name, _ in form["fields"]
            }
            for value in HOSTILE:
                query = dict.fromkeys(names | set(KNOWN_QUERY_PARAMETERS), value)
                response = client.get(url, query)
                requests += 1
                assert_not_500(response, (role, "GET", url, value[:20]))
        seen = set()
        for form in forms:
            names = tuple(sorted(name for name, _ in form["fields"]))
            if (form["action"], names) in seen or "logout" in form["action"]:
                continue
            seen.add((form["action"], names))
            defaults = dict(form["fields"])
            # One field at a time (each form once, for the first role that sees it; the
            # values rotate so each field gets NUL, overlong or non-numeric in turn).
            fields = sorted(set(defaults) - {"csrfmiddlewaretoken"})
            if form["action"].startswith("/admin/") or (form["action"], names) in mutated:
                fields = []
            mutated.add((form["action"], names))
            for index, name in enumerate(fields):
                for value in (HOSTILE[index % 3], HOSTILE[(index + 1) % 3]):
                    response = client.post(form["action"], {**defaults, name: value})
                    requests += 1
                    assert_not_500(response, (role, "POST", form["action"], name, value[:20]))
            # Every field at once, for every role.
            for value in HOSTILE:
                everything = {name: value for name in defaults if name != "csrfmiddlewaretoken"}
                response = client.post(form["action"], everything)
                requests += 1
                assert_not_500(response, (role, "POST", form["action"], "every field", value[:20]))
        # A non-numeric id in the POST fields the views read by name.
        for url in urls:
            if url.startswith("/admin/"):
                continue
            response = client.post(url, {"remove": "abc", "id": "abc", "pk": "abc"})
            requests += 1
            assert_not_500(response, (role, "POST", url, "ids"))
    assert requests > 1500


def test_every_page_answers_503_not_500_while_the_database_is_down(cast):
    urls = [url for url in urls_of_the_project(cast) if "/admin/" not in url or url == "/admin/"]
    for role in ("anonymous", "officer"):
        client = Client(raise_request_exception=False)
        if cast["users"][role] is not None:
            client.force_login(cast["users"][role])
        down = mock.patch(
            "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
        )
        with down:
            for url in urls:
                response = client.get(url)
                assert response.status_code != 500, (role, url)
                if role == "officer" and url != "/login/":
                    assert response.status_code == 503, (role, url, response.status_code)
