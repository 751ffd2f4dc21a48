"""Starting next year's assessment from this one, and reviewing carried evidence."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from assessments import access, workflow
from assessments.carry_forward import CARRIED_FROM, CarryForwardError, carry_forward
from assessments.forms.carry_forward import CarryForwardForm
from assessments.models import Evidence


@require_http_methods(["GET", "POST"])
def assessment_carry_forward(request, pk):
    source = access.get_assessment_for_edit(request, pk)
    form = CarryForwardForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        try:
            result = carry_forward(
                source,
                period=form.cleaned_data["period"],
                title=form.cleaned_data["title"] or None,
                user=request.user,
            )
        except CarryForwardError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, result.summary())
            return redirect(result.assessment)
    return render(
        request,
        "assessments/cycle/carry_forward.html",
        {
            "assessment": source,
            "form": form,
            "allowed": source.status in CARRIED_FROM,
        },
    )


@require_POST
def entry_evidence_reviewed(request, pk, entry_pk):
    """Mark the entry's carried-forward evidence as reviewed, unchanged."""
    entry = access.get_entry_for_user(request, pk, entry_pk)
    access.require_role(request.user, entry.assessment.organisation_id, access.CAN_EDIT)
    try:
        workflow.refuse_unless_editable(entry.assessment)
    except workflow.WorkflowError as refusal:
        messages.error(request, f"Not saved: {refusal}")
        return redirect(entry.get_absolute_url())
    with transaction.atomic():
        items = list(Evidence.objects.select_for_update().filter(entry=entry, needs_review=True))
        for item in items:
            item._history_user = request.user
            item.save()  # saving an item marks it reviewed
    messages.success(
        request,
        f"Marked {len(items)} carried-forward evidence item{'s' if len(items) != 1 else ''} "
        "as reviewed.",
    )
    return redirect(entry.get_absolute_url())
