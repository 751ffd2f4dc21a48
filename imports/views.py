"""Import from a document: upload, preview with a choice per row, confirm; download originals."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import access
from imports import importing
from imports.forms import PreviewForm, UploadForm
from imports.models import ImportedDocument
from imports.readers import UnreadableFile


def _earlier_imports(assessment):
    return (
        assessment.imported_documents.filter(status=ImportedDocument.Status.IMPORTED)
        .select_related("uploaded_by")
        .defer("content")
    )


@require_http_methods(["GET", "POST"])
def import_upload(request, pk):
    assessment = access.get_assessment_for_edit(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    refusal = None
    if not assessment.is_editable:
        refusal = (
            f"This assessment is {assessment.get_status_display().lower()}: only a draft can "
            "be imported into. It must be returned to draft first."
        )
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = importing.store_upload(
                assessment, request.user, upload.name, upload.read(), form.cleaned_data["sheet"]
            )
        except (UnreadableFile, importing.ImportRefused) as error:
            form.add_error("file", str(error))
        else:
            return redirect("imports:preview", pk=assessment.pk, document_pk=document.pk)
    status = 200 if request.method == "GET" else 409 if refusal else 400
    return render(
        request,
        "imports/import_upload.html",
        {
            "assessment": assessment,
            "form": form,
            "refusal": refusal,
            "earlier": _earlier_imports(assessment),
        },
        status=status,
    )


def _pending_document(request, assessment, document_pk):
    documents = ImportedDocument.objects.filter(
        assessment=assessment, status=ImportedDocument.Status.PENDING
    )
    if not request.user.is_superuser:
        documents = documents.filter(uploaded_by=request.user)
    document = get_object_or_404(documents, pk=document_pk)
    document.assessment = assessment
    return document


@require_http_methods(["GET", "POST"])
def import_preview(request, pk, document_pk):
    assessment = access.get_assessment_for_edit(request, pk)
    document = _pending_document(request, assessment, document_pk)
    if not assessment.is_editable:
        messages.error(request, "Only a draft assessment can be imported into.")
        return redirect(assessment)
    decisions, source, error = None, None, None
    form = None
    try:
        read = importing.read_stored(document)
    except UnreadableFile as unreadable:  # the readers changed since it was uploaded
        messages.error(request, str(unreadable))
        return redirect("imports:upload", pk=assessment.pk)
    if request.method == "POST":
        form = PreviewForm(importing.build_preview(document, read=read), request.POST)
        if form.is_valid():
            decisions, source = form.decisions(), form.cleaned_data["source"] or None
            if request.POST.get("step") == "confirm":
                try:
                    result = importing.confirm_import(
                        document, request.user, decisions, source, read=read
                    )
                except importing.ImportRefused as refusal:
                    error = str(refusal)
                else:
                    messages.success(
                        request, f"Imported “{document.filename}”: {result.summary()}."
                    )
                    return redirect(assessment)
        else:
            error = "Nothing was imported: a choice below is not valid."
    preview = importing.build_preview(document, decisions, source, read=read)
    if form is None or form.is_valid():
        form = PreviewForm(preview, initial={"source": preview.source})
    else:
        form.preview = preview
    return render(
        request,
        "imports/import_preview.html",
        {
            "assessment": assessment,
            "document": document,
            "preview": preview,
            "form": form,
            "rows": form.rows(),
            "counts": preview.counts(),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_POST
def import_discard(request, pk, document_pk):
    assessment = access.get_assessment_for_edit(request, pk)
    document = _pending_document(request, assessment, document_pk)
    document.delete()
    messages.info(request, f"Discarded “{document.filename}”; nothing was imported.")
    return redirect(reverse("imports:upload", args=[assessment.pk]))


@require_GET
def import_download(request, pk, document_pk):
    assessment = access.get_assessment_for_user(request, pk)
    document = get_object_or_404(
        assessment.imported_documents, pk=document_pk, status=ImportedDocument.Status.IMPORTED
    )
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
