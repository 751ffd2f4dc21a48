"""The trend page: an organisation's ratings per theme over the years, and its actions."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from assessments import access
from assessments.trends import build_trend
from frameworks.models import Framework


@require_safe
def trend(request, slug, framework):
    organisation = access.get_organisation_for_user(request, slug)
    framework = get_object_or_404(Framework, slug=framework)
    return render(
        request,
        "assessments/cycle/trend.html",
        {"organisation": organisation, "trend": build_trend(organisation, framework)},
    )
