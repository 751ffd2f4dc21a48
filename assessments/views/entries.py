"""The entry page: where officers record evidence, actions and a rating per criterion."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from assessments import access, direction, editing, versions, workflow
from assessments.forms.entries import EntryEditor
from assessments.models import Entry
from frameworks.models import Criterion


def neighbours(entry):
    """The previous and next entries of the assessment, in framework order.

    From the position and ref of every entry of the assessment (a framework's criteria,
    a hundred or so): one query, quicker to plan and run than one per neighbour.
    """
    position = entry.criterion.position
    previous = following = None
    rows = (
        Entry.objects.filter(assessment_id=entry.assessment_id)
        .order_by()
        .values_list("pk", "criterion__position", "criterion__ref")
    )
    for row in rows:
        if row[1] < position and (previous is None or row[1] > previous[1]):
            previous = row
        elif row[1] > position and (following is None or row[1] < following[1]):
            following = row
    return _neighbour(entry, previous), _neighbour(entry, following)


def _neighbour(entry, row):
    """An entry of the same assessment, as the page links to it: its URL and criterion ref."""
    if row is None:
        return None
    pk, position, ref = row
    criterion = Criterion(ref=ref, position=position)
    return Entry(pk=pk, assessment_id=entry.assessment_id, criterion=criterion)


def _page_context(request, entry, editor, conflict):
    assessment = entry.assessment
    previous_entry, next_entry = neighbours(entry)
    return {
        "assessment": assessment,
        "entry": entry,
        "criterion": entry.criterion,
        "editor": editor,
        # One criterion's: ordered by level alone, without joining its framework to order by.
        "descriptors": list(
            entry.criterion.descriptors.select_related("level").order_by("level__value")
        ),
        "levels": editor.form.levels,
        # A refused POST still shows the typed form, so nothing typed is lost.
        "can_edit": access.can_edit(request.user, assessment.organisation_id)
        and (assessment.is_editable or editor.form.is_bound),
        "previous_entry": previous_entry,
        "next_entry": next_entry,
        "conflict": conflict,
        # Last year's rating; the carried evidence is picked from the rows the form read,
        # unless the form holds typed values (its rows then carry what was typed).
        **direction.entry_context(
            entry,
            request.GET.get("compare"),
            evidence=None if editor.form.is_bound else editor.evidence.get_queryset(),
        ),
    }


def render_entry(request, entry, editor=None, *, conflict=None, status=200):
    """The entry page: a bound ``editor`` shows what was typed; without one, the saved entry."""
    context = _page_context(request, entry, editor or EntryEditor(entry), conflict)
    content = render_to_string(
        "assessments/entry/_content.html", context, request=request, using="jinja2"
    )
    page = {
        "assessment": entry.assessment,
        "criterion": entry.criterion,
        "content": mark_safe(content),
    }
    return render(request, "assessments/entry_edit.html", page, status=status)


def current_values(entry):
    """What is saved now, for the conflict panel."""
    return {
        "entry": entry,
        "evidence": list(entry.evidence_items.all()),
        "actions": list(entry.actions.select_related("owner")),
    }


@require_http_methods(["GET", "POST"])
def entry_edit(request, pk, entry_pk):
    entry = access.get_entry_for_user(request, pk, entry_pk)
    if request.method == "GET":
        return render_entry(request, entry)

    access.require_role(request.user, entry.assessment.organisation_id, access.CAN_EDIT)
    editor = EntryEditor(entry, request.POST)
    if not entry.assessment.is_editable:
        messages.error(request, "Not saved: " + str(_workflow_refusal(entry)))
        return render_entry(request, entry, editor, status=409)
    if not editor.is_valid():
        messages.error(request, "Not saved: please correct the errors marked below.")
        return render_entry(request, entry, editor)
    try:
        changed = editing.save_entry(editor, request.user)
    except versions.Stale as stale:
        return render_conflict(request, entry, stale.current)
    except workflow.WorkflowError as refusal:
        messages.error(request, f"Not saved: {refusal}")
        return render_entry(request, entry, editor, status=409)
    if changed:
        messages.success(request, f"Saved {entry.criterion.ref}.")
    else:
        messages.info(request, "Nothing had changed, so nothing was saved.")
    return redirect(entry.get_absolute_url())


def _workflow_refusal(entry):
    try:
        workflow.refuse_unless_editable(entry.assessment)
    except workflow.WorkflowError as refusal:
        return refusal
    return ""


def render_conflict(request, entry, saved):
    """Show the user's typed values again, against the version saved meanwhile.

    ``saved`` is the entry as the other person left it and fills the panel; the
    form gets its own copy, since validation writes the typed values onto its
    instance. It is rebuilt on the current version, so saving again is a
    deliberate choice to replace what the other person saved.
    """
    current = access.get_entry_for_user(request, entry.assessment_id, entry.pk)
    editor = EntryEditor(current, versions.resumed_data(request.POST, saved))
    editor.is_valid()
    author = saved.updated_by
    who = (author.get_full_name() or author.get_username()) if author else "Someone else"
    messages.warning(
        request,
        f"Not saved: {who} saved this entry since you opened it. What they saved is shown "
        "in the panel; what you typed is still in the form. Review it and save again to "
        "replace their version.",
    )
    return render_entry(request, current, editor, conflict=current_values(saved), status=409)
