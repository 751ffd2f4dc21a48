"""The audit trail of an assessment or entry, and the assessment as it stood on a date."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from assessments import access
from assessments.forms.common import own_query
from assessments.forms.history import AsOfForm
from assessments.history import ChangeLog, assessment_snapshot

CHANGES_PER_PAGE = 50


def _history_page(request, assessment, entry):
    page = Paginator(ChangeLog(assessment, entry), CHANGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"assessment": assessment, "entry": entry, "page": page}
    context["changes_html"] = _changes_html(context)
    return render(request, "assessments/history.html", context)


def _changes_html(context):
    """The page's changes: rendered by Jinja2, a card per change."""
    return mark_safe(render_to_string("assessments/history/_changes.html", context, using="jinja2"))


@require_safe
def assessment_history(request, pk):
    return _history_page(request, access.get_assessment_for_user(request, pk), None)


@require_safe
def entry_history(request, pk, entry_pk):
    entry = access.get_entry_for_user(request, pk, entry_pk)
    return _history_page(request, entry.assessment, entry)


@require_safe
def assessment_as_of(request, pk):
    assessment = access.get_assessment_for_user(request, pk)
    form = AsOfForm(own_query(AsOfForm, request.GET), initial={"date": timezone.localdate()})
    snapshot = None
    if form.is_bound and form.is_valid():
        snapshot = assessment_snapshot(assessment, form.moment())
        if snapshot is None:
            form.add_error("date", "The assessment had not been created by then.")
    return render(
        request,
        "assessments/assessment_as_of.html",
        {"assessment": assessment, "form": form, "snapshot": snapshot},
    )
