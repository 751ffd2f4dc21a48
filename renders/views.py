"""Following a render's progress, downloading its file, and approving through a worker."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from assessments import access, readiness, services, workflow
from assessments.forms.assessments import ApprovalForm
from renders import approvals, jobs
from renders.models import Status
from reports.filenames import attachment_header

REFRESH_SECONDS = 2


def file_response(request, job):
    response = HttpResponse(
        bytes(job.result), content_type=jobs.formats.get(job.format).content_type
    )
    response["Content-Disposition"] = attachment_header((job.filename, job.filename_ascii))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respond_with_file(request, assessment, fmt_name, build_source, filename):
    """A report file for the request: served at once if already rendered from this exact input,
    otherwise queued (or joined) and followed on its progress page.

    ``build_source()`` (the report, or the export) is called only when the user is in
    pace (see jobs.in_pace).
    """
    query = request.GET.urlencode()
    if not jobs.in_pace(request.user, "request"):
        latest = jobs.latest_of(assessment, request.user, fmt_name, query)
        if latest is not None and latest.status != Status.FAILED:
            return redirect(latest)
        return _too_quick(request, assessment)
    try:
        job = jobs.request_file(
            assessment,
            request.user,
            fmt_name,
            build_source(),
            filename=filename,
            query=query,
        )
    except jobs.TooManyRenders as refusal:
        return render(
            request,
            "renders/refused.html",
            {"assessment": assessment, "reason": str(refusal)},
            status=429,
        )
    if job.status == Status.DONE:
        if job.notice:  # shown on the next page; the progress page shows it itself
            messages.warning(request, job.notice)
        return file_response(request, job)
    return redirect(job)


def _too_quick(request, assessment):
    return render(
        request,
        "renders/refused.html",
        {
            "assessment": assessment,
            "reason": "You asked for a file a moment ago. Wait a few seconds and ask again.",
        },
        status=429,
    )


def _job(request, pk, job_pk, queryset=None):
    assessment = access.get_assessment_for_user(request, pk, queryset)
    return assessment, get_object_or_404(assessment.render_jobs, pk=job_pk)


def _again_url(job):
    url = reverse(jobs.formats.get(job.format).url_name, kwargs={"pk": job.assessment_id})
    return f"{url}?{job.query}" if job.query else url


@require_safe
def job_progress(request, pk, job_pk):
    assessment, job = _job(request, pk, job_pk)
    return _progress_page(request, assessment, job)


def _progress_page(request, assessment, job, download_after=0):
    return render(
        request,
        "renders/job.html",
        {
            "assessment": assessment,
            "job": job,
            "format": jobs.formats.get(job.format),
            "refresh": REFRESH_SECONDS,
            "download_after": download_after,
            "again_url": _again_url(job),
        },
    )


@require_safe
def job_download(request, pk, job_pk):
    assessment, job = _job(request, pk, job_pk, services.assessment_queryset())
    if job.status != Status.DONE:
        return redirect(job)
    if not jobs.in_pace(request.user, "download"):
        return _progress_page(request, assessment, job, download_after=REFRESH_SECONDS)
    if not jobs.is_current(job, assessment):
        messages.info(
            request,
            "The assessment has changed since this file was produced, so it is produced again.",
        )
        return redirect(_again_url(job))
    return file_response(request, job)


@require_safe
def approval_progress(request, pk, request_pk):
    assessment = access.get_assessment_for_user(request, pk)
    approval_request = get_object_or_404(assessment.approval_requests, pk=request_pk)
    if approval_request.status == Status.DONE:
        messages.success(request, "Approved.")
        return redirect(assessment)
    return render(
        request,
        "renders/approval.html",
        {
            "assessment": assessment,
            "approval_request": approval_request,
            "refresh": REFRESH_SECONDS,
        },
    )


@require_http_methods(["GET", "POST"])
def approve(request, pk):
    """The Approve form: records the decision and queues the committee paper's render."""
    assessment = access.get_assessment_for_user(request, pk)
    access.require_role(request.user, assessment.organisation_id, access.CAN_APPROVE)
    pending = approvals.pending_approval(assessment)
    if pending is not None:
        return redirect(pending)
    initial = {"submission": assessment.submitted_at.isoformat()} if assessment.submitted_at else {}
    form = ApprovalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        options = dict(form.cleaned_data)
        options["submitted_at"] = options.pop("submission")
        try:
            approval_request = approvals.request_approval(assessment, request.user, **options)
        except workflow.WorkflowError as refusal:
            messages.error(request, str(refusal))
            return redirect(assessment)
        except approvals.AlreadyApproving as already:
            return redirect(already.pending)
        return redirect(approval_request)
    return render(
        request,
        "assessments/assessment_workflow_form.html",
        {
            "assessment": assessment,
            "form": form,
            "verb": "approve",
            **readiness.approval_context(assessment),
        },
    )
