"""Recommendations from audit and inspection, each with its own actions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments import access, editing, versions, workflow
from assessments.forms.recommendations import RecommendationEditor


@require_http_methods(["GET", "POST"])
def recommendation_create(request, pk):
    return _edit(request, pk, None)


@require_http_methods(["GET", "POST"])
def recommendation_edit(request, pk, recommendation_pk):
    return _edit(request, pk, recommendation_pk)


def _edit(request, pk, recommendation_pk):
    assessment = access.get_assessment_for_edit(request, pk)
    recommendation = (
        get_object_or_404(assessment.recommendations, pk=recommendation_pk)
        if recommendation_pk
        else None
    )
    try:
        workflow.refuse_unless_editable(assessment)
    except workflow.WorkflowError as refusal:
        messages.error(
            request, f"Not saved: {refusal}" if request.method == "POST" else str(refusal)
        )
        return redirect(assessment)
    editor = RecommendationEditor(assessment, recommendation, request.POST or None)
    conflict = None
    if request.method == "POST":
        if editor.is_valid():
            try:
                saved = editing.save_recommendation(editor, request.user)
            except workflow.WorkflowError as refusal:
                messages.error(request, f"Not saved: {refusal}")
                return redirect(assessment)
            except versions.Stale as stale:
                return _conflict(request, assessment, stale.current)
            messages.success(request, f"Saved the recommendation {saved}.")
            return redirect(
                reverse("assessments:recommendation-edit", args=[assessment.pk, saved.pk])
            )
        messages.error(request, "Not saved: please correct the errors marked below.")
    return _page(request, assessment, editor, recommendation, conflict)


def _page(request, assessment, editor, recommendation, conflict, status=200):
    return render(
        request,
        "assessments/recommendation_form.html",
        {
            "assessment": assessment,
            "editor": editor,
            "recommendation": recommendation,
            "can_edit": True,
            "conflict": conflict,
        },
        status=status,
    )


def _conflict(request, assessment, current):
    """What was typed, against the recommendation as saved meanwhile."""
    # The form gets its own copy: validation writes the typed values onto its instance.
    editor = RecommendationEditor(
        assessment,
        assessment.recommendations.get(pk=current.pk),
        versions.resumed_data(request.POST, current),
    )
    editor.is_valid()
    messages.warning(request, versions.STALE_MESSAGE.format(thing="recommendation"))
    conflict = {
        "heading": f"Saved meanwhile: recommendation {current}",
        "values": versions.saved_values(current, ["source", "ref", "text"]),
        "actions": list(current.actions.all()),
    }
    return _page(request, assessment, editor, current, conflict, status=409)
