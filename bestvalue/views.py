"""Project-level views: the dashboard and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessments.access import organisations_for
from assessments.services import dashboard


@require_safe
def home(request):
    organisations = list(organisations_for(request.user).order_by("name"))
    return render(request, "home.html", dashboard(request.user, organisations))


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """200 when the app can reach its database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def benchmark_baseline(request):
    """Does nothing past the middleware: the floor the benchmark measures pages against."""
    return HttpResponse("ok", content_type="text/plain")
