"""Following a render's progress, downloading its file, and approving through a worker."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from assessments import access, readiness, workflow
from assessments.forms.assessments import ApprovalForm
from assessments.models import Assessment, Organisation
from renders import approvals, jobs, pace
from renders.models import Status
from reports.filenames import attachment_response

REFRESH_SECONDS = 2


def file_response(request, job):
    return attachment_response(
        bytes(job.result),
        jobs.formats.get(job.format).content_type,
        (job.filename, job.filename_ascii),
    )


def _place(subject):
    """Where a file belongs: the breadcrumb, what it is of, and the page to go back to."""
    if isinstance(subject, Organisation):
        return {
            "organisation": subject,
            "assessment": None,
            "of": f"the action tracker of {subject.name}",
            "back_url": reverse("assessments:action-tracker", kwargs={"slug": subject.slug}),
            "back_label": "Back to the action tracker",
        }
    return {
        "organisation": subject.organisation,
        "assessment": subject,
        "of": f"{subject.title} {subject.period}",
        "back_url": reverse("assessments:report", kwargs={"pk": subject.pk}),
        "back_label": "Back to the report",
    }


def respond_with_file(request, subject, fmt_name, build_source, filename):
    """A file about ``subject`` (an assessment or an organisation) for the request: served at
    once if already rendered from this exact input, otherwise queued (or joined) and followed
    on its progress page.

    ``build_source()`` (the report, the export or the tracker's list) is called only when
    the user is in pace (see renders.pace; the view is decorated with
    ``pace.held_until_in_pace("request")``).
    """
    query = request.GET.urlencode()
    if not pace.in_pace(request.user, "request"):
        latest = jobs.latest_of(subject, request.user, fmt_name, query)
        if latest is not None and latest.status != Status.FAILED:
            return redirect(latest)
        return _refused(
            request, subject, "You asked for a file a moment ago. Wait a few seconds and ask again."
        )
    try:
        job = jobs.request_file(
            subject,
            request.user,
            fmt_name,
            build_source(),
            filename=filename,
            query=query,
        )
    except jobs.TooManyRenders as refusal:
        return _refused(request, subject, str(refusal))
    if job.status == Status.DONE:
        if job.notice:  # shown on the next page; the progress page shows it itself
            messages.warning(request, job.notice)
        return file_response(request, job)
    return redirect(job)


def _refused(request, subject, reason):
    return render(
        request, "renders/refused.html", {**_place(subject), "reason": reason}, status=429
    )


def _again_url(job):
    fmt = jobs.formats.get(job.format)
    if job.assessment_id is None:
        url = reverse(fmt.url_name, kwargs={"slug": job.organisation.slug})
    else:
        url = reverse(fmt.url_name, kwargs={"pk": job.assessment_id})
    return f"{url}?{job.query}" if job.query else url


def _progress_page(request, subject, job, download_after=0):
    return render(
        request,
        "renders/job.html",
        {
            **_place(subject),
            "job": job,
            "format": jobs.formats.get(job.format),
            "refresh": REFRESH_SECONDS,
            "download_after": download_after,
            "download_url": job.get_download_url(),
            "again_url": _again_url(job),
        },
    )


def _download(request, subject, job):
    if job.status != Status.DONE:
        return redirect(job)
    if not pace.in_pace(request.user, "download"):
        return _progress_page(request, subject, job, download_after=REFRESH_SECONDS)
    if not jobs.is_current(job, subject):
        messages.info(
            request,
            "What this file shows has changed since it was produced, so it is produced again.",
        )
        return redirect(_again_url(job))
    return file_response(request, job)


def _assessment_job(request, pk, job_pk, queryset=None):
    assessment = access.get_assessment_for_user(request, pk, queryset)
    return assessment, get_object_or_404(assessment.render_jobs, pk=job_pk)


def _organisation_job(request, slug, job_pk):
    organisation = access.get_organisation_for_user(request, slug)
    return organisation, get_object_or_404(
        organisation.render_jobs.select_related("organisation"), pk=job_pk
    )


@require_safe
def job_progress(request, pk, job_pk):
    return _progress_page(request, *_assessment_job(request, pk, job_pk))


@require_safe
@pace.held_until_in_pace("download")
def job_download(request, pk, job_pk):
    return _download(
        request, *_assessment_job(request, pk, job_pk, Assessment.objects.with_related())
    )


@require_safe
def organisation_job_progress(request, slug, job_pk):
    return _progress_page(request, *_organisation_job(request, slug, job_pk))


@require_safe
@pace.held_until_in_pace("download")
def organisation_job_download(request, slug, job_pk):
    return _download(request, *_organisation_job(request, slug, job_pk))


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
            "organisation": assessment.organisation,
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
