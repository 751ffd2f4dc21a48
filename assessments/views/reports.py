"""The committee report: HTML page, PDF download, cover details and stored PDFs."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from assessments import access, editing, history, reports, versions, workflow
from assessments.forms.reports import ReportDetailsForm, ReportOptionsForm
from assessments.models import Assessment, ReportDetails, StoredReport
from assessments.rows import Prepared, SharedInstances
from renders import pace
from renders import views as file_views
from reports.filenames import attachment_response, download_name


def _pdf_response(pdf, names):
    return attachment_response(pdf, "application/pdf", names)


def _filename(assessment, moment=None):
    return download_name(assessment, "pdf", moment=moment)


STORED_REPORT_COLUMNS = [f.attname for f in StoredReport._meta.concrete_fields if f.name != "pdf"]
APPROVER_COLUMNS = ["id", "username", "first_name", "last_name"]  # as the page names people
STORED_REPORTS = Prepared(
    lambda assessment_id: (
        StoredReport.objects.filter(assessment_id=assessment_id)
        .order_by("-version")
        .values_list(*STORED_REPORT_COLUMNS, *(f"approved_by__{name}" for name in APPROVER_COLUMNS))
    )
)


def _stored_reports(assessment):
    """The assessment's approved versions, newest first, with who approved each (not the PDFs)."""
    using = StoredReport.objects.db
    approvers = SharedInstances(get_user_model(), using)
    approvers.names = APPROVER_COLUMNS
    split = len(STORED_REPORT_COLUMNS)
    stored_reports = []
    for row in STORED_REPORTS(assessment.pk, using=using):
        stored = StoredReport.from_db(using, STORED_REPORT_COLUMNS, row[:split])
        StoredReport.approved_by.field.set_cached_value(stored, approvers.get(row[split:]))
        stored_reports.append(stored)
    return stored_reports


# Where the report's body goes in the page. The body (a third of a megabyte) is put in
# once the page around it is rendered, rather than copied through each of its blocks.
BODY_PLACE = "<!-- the report -->"


def _report_page(request, assessment, form, report, status=200):
    context = {
        "assessment": assessment,
        "form": form,
        "report": report,
        "report_body": mark_safe(BODY_PLACE) if report else "",
        "query": request.GET.urlencode(),
        "stored_reports": _stored_reports(assessment),
        "can_edit_details": access.can_edit(request.user, assessment.organisation_id)
        and assessment.is_editable,
    }
    response = render(request, "assessments/report/page.html", context, status=status)
    if report:
        before, after = response.content.split(BODY_PLACE.encode(), 1)
        response.content = b"".join((before, reports.report_body_html(report).encode(), after))
    return response


def _refused_options_page(request, assessment, form):
    """The page with the options form's errors and no report: 400."""
    return _report_page(request, assessment, form, None, status=400)


def _build(form, assessment):
    """The report the options ask for, or None with the reason added to the form."""
    sections, moment = form.options()
    report = reports.build_report(
        assessment, sections=sections, moment=moment, compare_to=form.compare_to
    )
    if report is None:
        form.add_error("as_of", NOT_CREATED_YET)
    return report


NOT_CREATED_YET = "The assessment had not been created by then."


def _options_form(request):
    return ReportOptionsForm.from_query(request.GET)


@require_safe
def report_html(request, pk):
    assessment = access.get_assessment_for_user(
        request, pk, Assessment.objects.select_related("scale", "report_details")
    )
    form = _options_form(request)
    if form.is_bound and not form.is_valid():
        return _refused_options_page(request, assessment, form)
    moment = form.options()[1]
    if moment is not None and not history.existed_at(assessment, moment):
        form.add_error("as_of", NOT_CREATED_YET)
        return _refused_options_page(request, assessment, form)
    return _report_page(request, assessment, form, _build(form, assessment))


@require_safe
@pace.held_until_in_pace("request")
def report_pdf(request, pk):
    assessment = access.get_assessment_for_user(
        request, pk, Assessment.objects.with_related().select_related("report_details")
    )
    form = _options_form(request)
    if form.is_bound and not form.is_valid():
        return _refused_options_page(request, assessment, form)
    if form.is_default() and not form.compare_to:
        stored = workflow.current_stored_report(assessment)
        if stored is not None:
            return _pdf_response(stored.pdf, stored.filename())
    moment = form.options()[1]
    if moment is not None and not history.existed_at(assessment, moment):
        form.add_error("as_of", NOT_CREATED_YET)
        return _refused_options_page(request, assessment, form)
    # Rendered by a task worker; served at once only if already rendered from this exact input.
    return file_views.respond_with_file(
        request, assessment, "pdf", lambda: _build(form, assessment), _filename(assessment, moment)
    )


@require_safe
def stored_report(request, pk, version):
    assessment = access.get_assessment_for_user(request, pk)
    stored = get_object_or_404(assessment.stored_reports, version=version)
    return _pdf_response(stored.pdf, stored.filename())


@require_http_methods(["GET", "POST"])
def report_details(request, pk):
    assessment = access.get_assessment_for_edit(request, pk)
    form = ReportDetailsForm(
        request.POST or None, instance=ReportDetails.for_assessment(assessment)
    )
    conflict, status = None, 200
    if request.method == "POST":
        try:
            workflow.refuse_unless_editable(assessment)
            if form.is_valid():
                editing.save_report_details(form, request.user)
                messages.success(request, "Saved the report details.")
                return redirect("assessments:report", pk=assessment.pk)
        except workflow.WorkflowError as refusal:
            messages.error(request, f"Not saved: {refusal}")
        except versions.Stale as stale:
            form = ReportDetailsForm(
                versions.resumed_data(request.POST, stale.current),
                instance=ReportDetails.objects.get(pk=stale.current.pk),  # the form's own copy
            )
            form.is_valid()
            messages.warning(request, versions.STALE_MESSAGE.format(thing="cover"))
            conflict = {
                "heading": "Saved meanwhile: the cover details",
                "values": versions.saved_values(stale.current, COVER_FIELDS),
                "actions": None,
            }
            status = 409
    return render(
        request,
        "assessments/report/details_form.html",
        {
            "assessment": assessment,
            "form": form,
            "editable": assessment.is_editable,
            "conflict": conflict,
        },
        status=status,
    )


COVER_FIELDS = list(ReportDetailsForm.Meta.fields)
