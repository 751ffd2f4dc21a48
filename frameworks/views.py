"""Read-only pages that show each framework in full."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from frameworks.models import Criterion, Framework, LevelDescriptor, RatingLevel
from frameworks.styles import all_level_css


@require_safe
def framework_list(request):
    frameworks = Framework.objects.select_related("default_scale").annotate(
        theme_count=Count("themes", distinct=True),
        criterion_count=Count("criteria", distinct=True),
        assessable_count=Count("criteria", filter=Q(criteria__assessable=True), distinct=True),
    )
    return render(request, "frameworks/framework_list.html", {"frameworks": frameworks})


@require_safe
def framework_detail(request, slug):
    framework = get_object_or_404(Framework.objects.select_related("default_scale"), slug=slug)
    criteria = Criterion.objects.prefetch_related(
        Prefetch("descriptors", LevelDescriptor.objects.select_related("level"))
    )
    themes = framework.themes.prefetch_related("statements", Prefetch("criteria", criteria))
    levels = (
        RatingLevel.objects.filter(scale=framework.default_scale)
        if framework.default_scale
        else RatingLevel.objects.none()
    )
    return render(
        request,
        "frameworks/framework_detail.html",
        {"framework": framework, "themes": themes, "levels": levels},
    )


@login_not_required
@cache_control(max_age=300, public=True)
@require_safe
def level_styles(request):
    """The rating colours as a stylesheet of this site's own (no inline styles)."""
    return HttpResponse(all_level_css(), content_type="text/css; charset=utf-8")
