"""The readiness check on "Submit for approval": warnings need a second, explicit confirmation."""

from django.shortcuts import render

from assessments import access, readiness

CONFIRM_FIELD = "confirm"


def submit_confirmation(request, pk):
    """The confirmation page when the check finds something, else None (submit goes ahead).

    Nothing is blocked: submitting again with ``confirm=yes`` submits with the warnings.
    """
    assessment = access.get_assessment_for_edit(request, pk)
    if assessment.status != assessment.Status.DRAFT or request.POST.get(CONFIRM_FIELD) == "yes":
        return None
    items = readiness.check(assessment)
    if not items:
        return None
    return render(
        request,
        "assessments/cycle/submit_confirm.html",
        {
            "assessment": assessment,
            "readiness": readiness.grouped(items),
            "readiness_count": len(items),
        },
    )
