"""Saving what people type: entries, recommendations, the cover, progress notes.

Each save is one transaction that re-reads the record under a row lock and
refuses a form opened on an older version (``versions.Stale``), so nobody's
save silently replaces another's. Only rows that changed are written, so
unchanged rows write no history.
"""

from django.db import transaction
from django.utils import timezone

from assessments import versions
from assessments.models import Action, Assessment, Entry, Recommendation, ReportDetails
from assessments.workflow import refuse_unless_editable


def _editable(assessment_pk):
    """The assessment under a row lock, refusing unless it is a draft."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment_pk)
    refuse_unless_editable(assessment)
    return assessment


def save_entry(editor, user):
    """Save a valid EntryEditor, refusing it if the entry moved on since it was read.

    Returns False when nothing had changed. The row lock (PostgreSQL) or the
    immediate write transaction (SQLite) makes the version check and the save
    one step, so of two concurrent saves of the same version only one wins.
    """
    with transaction.atomic():
        current = versions.lock_unchanged(
            Entry.objects.select_related("assessment"), editor.entry.pk, editor.submitted_version
        )
        refuse_unless_editable(current.assessment)
        if not editor.has_changed():
            return False
        entry = editor.form.save(commit=False)
        entry.version = current.version + 1
        entry.updated_at = timezone.now()
        entry.updated_by = user
        entry._history_user = user
        if editor.form.has_changed():
            entry.save()
        else:
            entry.save_without_historical_record()
        _save_rows(editor.evidence, user)
        _save_rows(editor.actions, user, assessment=entry.assessment)
    return True


def save_recommendation(editor, user):
    """Save a valid RecommendationEditor: the recommendation and its changed actions."""
    with transaction.atomic():
        _editable(editor.assessment.pk)
        recommendation = editor.form.save(commit=False)
        if recommendation.pk is None:
            last = editor.assessment.recommendations.order_by("-position").first()
            recommendation.position = (last.position + 1) if last else 1
        else:
            current = versions.lock_unchanged(
                Recommendation.objects, recommendation.pk, editor.form.opened_version
            )
            recommendation.version = current.version + 1
        recommendation._history_user = user
        if recommendation.pk is None or editor.form.has_changed():
            recommendation.save()
        else:
            recommendation.save_without_historical_record()
        editor.actions.instance = recommendation
        _save_rows(
            editor.actions, user, assessment=editor.assessment, recommendation=recommendation
        )
    return recommendation


def save_report_details(form, user):
    """Save the cover details of a draft assessment's committee paper."""
    with transaction.atomic():
        _editable(form.instance.assessment_id)
        details = form.save(commit=False)
        if details.pk is not None:
            current = versions.lock_unchanged(
                ReportDetails.objects, details.pk, form.opened_version
            )
            details.version = current.version + 1
        elif ReportDetails.objects.filter(assessment_id=details.assessment_id).exists():
            # Someone saved the first cover details since this form was opened.
            raise versions.Stale(ReportDetails.objects.get(assessment_id=details.assessment_id))
        details._history_user = user
        details.save()
    return details


def add_progress_note(action, form, user):
    """Add a dated note; a status change is refused if the action moved on meanwhile."""
    with transaction.atomic():
        new_status = form.cleaned_data["new_status"]
        if new_status:
            current = versions.lock_unchanged(
                Action.objects, action.pk, form.cleaned_data["action_version"]
            )
        else:
            current = Action.objects.select_for_update().get(pk=action.pk)
        note = form.save(commit=False)
        note.action = current
        note.author = user
        note._history_user = user
        note.save()
        if new_status and new_status != current.status:
            current.status = new_status
            current.version += 1
            current._history_user = user
            current.save()
            # The entry's or recommendation's open forms hold the old status.
            versions.bump_source(current, user)
    return note


def _save_rows(formset, user, **fields):
    """Save a formset's changed rows only, so unchanged rows write no history."""
    next_position = max((form.instance.position for form in formset.initial_forms), default=0)
    for form in formset.forms:
        if form in formset.deleted_forms:
            if form.instance.pk:
                form.instance._history_user = user
                form.instance.delete()
            continue
        if not form.has_changed():
            continue
        obj = form.save(commit=False)
        if obj.pk is None:
            next_position += 1
            obj.position = next_position
            for name, value in fields.items():
                setattr(obj, name, value)
        elif hasattr(obj, "version"):
            obj.version += 1
        obj._history_user = user
        obj.save()
