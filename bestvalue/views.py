"""Project-level views: the dashboard, the health check and the server-error page."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessments.access import organisations_for
from assessments.dashboard import dashboard
from bestvalue import health


@require_safe
def home(request):
    organisations = list(organisations_for(request.user).order_by("name"))
    context = dashboard(request.user, organisations)
    context["dashboard_html"] = _dashboard_html(request, context)
    return render(request, "home.html", context)


def _dashboard_html(request, context):
    """The assessments and the actions needing attention: rendered by Jinja2."""
    return mark_safe(
        render_to_string("home/_dashboard.html", context, request=request, using="jinja2")
    )


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """200 when the app can reach its database, 503 when it cannot (within HEALTHZ_TIMEOUT)."""
    if health.database_problem() is not None:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def benchmark_baseline(request):
    """Does nothing past the middleware: the floor the benchmark measures pages against."""
    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    """503 with a plain page when the database is down or does not answer; else the 500 page.

    Django calls this inside its handler for the uncaught exception, so it can
    see which one it was. Neither page touches the database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "60"
        return response
    return defaults.server_error(request)
