"""The action tracker of an organisation, and one action with its progress notes."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from assessments import access, carry_forward, editing, tracker, versions
from assessments.forms.actions import ProgressNoteForm

ACTIONS_PER_PAGE = 50


@require_safe
def action_tracker(request, slug):
    organisation = access.get_organisation_for_user(request, slug)
    context = _tracker_context(request, organisation)
    context["rows_html"] = _rows_html(context)
    return render(request, "assessments/action_tracker.html", context)


def _rows_html(context):
    """The table's rows: rendered by Jinja2, a row per action."""
    return mark_safe(render_to_string("assessments/tracker/_rows.html", context, using="jinja2"))


def _tracker_context(request, organisation):
    today = timezone.localdate()
    form, actions = tracker.tracker_actions(request.GET, organisation, today)
    page = tracker.page_of(actions, request.GET.get("page"), ACTIONS_PER_PAGE)
    for action in page:
        action.overdue = action.is_overdue(today)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "organisation": organisation,
        "form": form,
        "page": page,
        "today": today,
        "query": query.urlencode(),
    }


@require_http_methods(["GET", "POST"])
def action_detail(request, pk):
    """An action, its progress notes, and a form to add one.

    Notes and status changes stay open after the assessment is approved:
    the actions are carried out over the following year.
    """
    action = access.get_action_for_user(request, pk)
    can_edit = access.can_edit(request.user, action.assessment.organisation_id)
    initial = {"date": timezone.localdate(), "action_version": action.version}
    form = ProgressNoteForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        access.require_role(request.user, action.assessment.organisation_id, access.CAN_EDIT)
        if form.is_valid():
            try:
                editing.add_progress_note(action, form, request.user)
            except versions.Stale as stale:
                action, status = stale.current, 409
                data = request.POST.copy()
                data["action_version"] = action.version
                form = ProgressNoteForm(data, initial=initial)
                messages.warning(
                    request,
                    "Not saved: someone changed this action since you opened the page; its "
                    f"status is now {action.get_status_display().lower()}. Your note is still "
                    "in the form: check the status you chose and add it again.",
                )
            else:
                messages.success(request, "Progress note added.")
                return redirect("assessments:action-detail", pk=action.pk)
        else:
            messages.error(request, "Not saved: please correct the errors marked below.")
    notes = action.progress_notes.select_related("author")
    return render(
        request,
        "assessments/action_detail.html",
        {
            "action": action,
            "notes": notes,
            "form": form,
            "can_edit": can_edit,
            "overdue": action.is_overdue(),
            **carry_forward.action_lineage(action),  # last year's action and its notes
        },
        status=status,
    )
