"""Downloads of the committee paper as Word and Excel (rendered by task workers, see
renders), the action tracker as CSV and Excel, and the organisation's Word template."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from assessments import access, history
from assessments.forms.reports import ReportOptionsForm
from assessments.models import Assessment
from renders import formats, pace
from renders import views as file_views
from reports import exports
from reports.docx import default_template_bytes
from reports.filenames import actions_download_name, attachment_response, download_name
from reports.forms import WordTemplateForm
from reports.word.placeholders import PLACEHOLDERS
from reports.word_templates import organisation_template, remove_word_template

NOT_CREATED_YET = "The assessment had not been created by then."


def _refused(request, assessment, errors):
    """The options asked for cannot be exported: say why (400), never a 500."""
    return render(
        request,
        "reports/export_refused.html",
        {"assessment": assessment, "errors": errors},
        status=400,
    )


def _export(request, pk, fmt_name):
    """The committee paper as ``fmt_name`` for the report options in the query string,
    rendered by a task worker (served at once when already rendered from this exact input).

    Options that cannot be exported get a 400 page saying why.
    """
    assessment = access.get_assessment_for_user(request, pk, Assessment.objects.with_related())
    query = request.GET.urlencode()
    form = ReportOptionsForm.from_query(query)
    if errors := form.refusals():
        return _refused(request, assessment, errors)
    moment = form.options()[1]
    if moment is not None and not history.existed_at(assessment, moment):
        return _refused(request, assessment, [NOT_CREATED_YET])
    version = exports.export_version(assessment, query)
    names = download_name(assessment, fmt_name, moment=None if version else moment, version=version)
    source = formats.get(fmt_name).source
    return file_views.respond_with_file(
        request, assessment, fmt_name, lambda: source(assessment, query), names
    )


@require_safe
@pace.held_until_in_pace("request")
def report_docx(request, pk):
    return _export(request, pk, "docx")


@require_safe
@pace.held_until_in_pace("request")
def report_xlsx(request, pk):
    return _export(request, pk, "xlsx")


def _tracker_file(request, slug, fmt_name, extension):
    """The action tracker's list (same filters as the page) as a file, rendered by a worker."""
    organisation = access.get_organisation_for_user(request, slug)
    names = actions_download_name(organisation, extension, timezone.localdate())
    source = formats.get(fmt_name).source
    return file_views.respond_with_file(
        request,
        organisation,
        fmt_name,
        lambda: source(organisation, request.GET.urlencode()),
        names,
    )


@require_safe
@pace.held_until_in_pace("request")
def tracker_csv(request, slug):
    return _tracker_file(request, slug, "tracker-csv", "csv")


@require_safe
@pace.held_until_in_pace("request")
def tracker_xlsx(request, slug):
    return _tracker_file(request, slug, "tracker-xlsx", "xlsx")


def _managed_organisation(request, slug):
    organisation = access.get_organisation_for_user(request, slug)
    access.require_role(request.user, organisation.pk, access.CAN_MANAGE)
    return organisation


@require_http_methods(["GET", "POST"])
def word_template(request, slug):
    """The organisation's Word template: upload (checked by rendering a sample), or remove."""
    organisation = _managed_organisation(request, slug)
    status = 200
    form = WordTemplateForm(organisation=organisation)
    if request.method == "POST":
        if "remove" in request.POST:
            if remove_word_template(organisation):
                messages.success(request, "Removed your template: Word papers use the default one.")
            return redirect("reports:word-template", slug=organisation.slug)
        form = WordTemplateForm(request.POST, request.FILES, organisation=organisation)
        if form.is_valid():
            template = form.save(request.user)
            messages.success(request, f"Saved {template.name}: every Word paper now uses it.")
            return redirect("reports:word-template", slug=organisation.slug)
        status = 400
    return render(
        request,
        "reports/word_template.html",
        {
            "organisation": organisation,
            "form": form,
            "template": organisation_template(organisation),
            "placeholders": PLACEHOLDERS.items(),
        },
        status=status,
    )


@require_safe
def word_template_download(request, slug, which):
    """The organisation's current template, or the default one to start from."""
    organisation = _managed_organisation(request, slug)
    template = organisation_template(organisation) if which == "current" else None
    if template is not None:
        content, name = bytes(template.content), template.name
    else:
        content, name = default_template_bytes(), "Committee paper template.docx"
    fallback = "committee-paper-template.docx"
    return attachment_response(content, exports.DOCX, (name, fallback))
