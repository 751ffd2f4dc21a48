"""Creating an assessment, its overview, and the approval workflow."""

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments import access, carry_forward, creation, direction, progress, workflow
from assessments.forms.assessments import AssessmentCreateForm, ReopenForm
from assessments.forms.common import own_query
from assessments.views.readiness import submit_confirmation
from frameworks.models import Framework
from renders import views as approval_views


class OverviewFilterForm(forms.Form):
    SHOW_CHOICES = [
        ("", "All criteria"),
        ("no-evidence", "No evidence yet"),
        ("not-rated", "Not rated"),
        ("overdue", "Has overdue actions"),
    ]
    show = forms.ChoiceField(choices=SHOW_CHOICES, required=False, label="Show")

    def filter_entries(self, entries):
        show = self.cleaned_data.get("show") if self.is_valid() else ""
        if show == "no-evidence":
            return [entry for entry in entries if not entry.evidence_count]
        if show == "not-rated":
            return [entry for entry in entries if not entry.rating_id]
        if show == "overdue":
            return [entry for entry in entries if entry.has_overdue]
        return entries


@require_http_methods(["GET", "POST"])
def assessment_create(request, slug):
    organisation = access.get_organisation_for_user(request, slug)
    access.require_role(request.user, organisation.pk, access.CAN_EDIT)
    framework_slug = request.GET.get("framework")
    if not framework_slug:
        frameworks = Framework.objects.annotate(criterion_count=Count("criteria"))
        return render(
            request,
            "assessments/assessment_choose_framework.html",
            {"organisation": organisation, "frameworks": frameworks},
        )
    framework = get_object_or_404(
        Framework.objects.select_related("default_scale"), slug=framework_slug
    )
    form = AssessmentCreateForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        assessment = creation.create_assessment(
            organisation=organisation,
            framework=framework,
            title=form.cleaned_data["title"],
            period=form.cleaned_data["period"],
            scale=form.cleaned_data["scale"],
            criteria=form.chosen_criteria(),
            user=request.user,
        )
        messages.success(
            request, f"Created {assessment} with {assessment.entries.count()} criteria in scope."
        )
        return redirect(assessment)
    return render(
        request,
        "assessments/assessment_create.html",
        {"organisation": organisation, "framework": framework, "form": form},
    )


@require_safe
def assessment_detail(request, pk):
    assessment = access.get_assessment_for_user(request, pk)
    role = access.role_in(request.user, assessment.organisation_id)
    context = _overview_context(request, assessment, role)
    context["criteria_html"] = _criteria_html(context)
    return render(request, "assessments/assessment_detail.html", context)


def _criteria_html(context):
    """The criteria tables, theme by theme: rendered by Jinja2, a row per criterion."""
    return mark_safe(render_to_string("assessments/overview/_themes.html", context, using="jinja2"))


def _overview_context(request, assessment, role):
    entries = progress.annotated_entries(assessment)
    filter_form = OverviewFilterForm(own_query(OverviewFilterForm, request.GET))
    return {
        "assessment": assessment,
        "themes": progress.progress_by_theme(entries),
        "shown_ids": {entry.pk for entry in filter_form.filter_entries(entries)},
        "filter_form": filter_form,
        "filtered": bool(
            filter_form.is_bound and filter_form.is_valid() and filter_form.cleaned_data["show"]
        ),
        "totals": progress.ThemeProgress(None, entries),
        "recommendations": assessment.recommendations.annotate(action_count=Count("actions")),
        "can_edit": role in access.CAN_EDIT,
        "can_approve": role in access.CAN_APPROVE,
        "can_manage": role in access.CAN_MANAGE,
        # The annual cycle: last year's ratings beside this year's, and where this one came from.
        **direction.overview_context(assessment, entries, request.GET.get("compare")),
        **carry_forward.origin(assessment),
        "can_carry_forward": role in access.CAN_EDIT
        and assessment.status in carry_forward.CARRIED_FROM,
    }


def _step(request, pk, roles, step, success, **kwargs):
    """Run one workflow step for a permitted user, reporting a refusal as a message."""
    assessment = access.get_assessment_for_user(request, pk)
    access.require_role(request.user, assessment.organisation_id, roles)
    try:
        step(assessment, request.user, **kwargs)
    except workflow.WorkflowError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success)
    return redirect(assessment)


@require_POST
def assessment_submit(request, pk):
    confirmation = submit_confirmation(request, pk)  # readiness warnings: confirm first
    if confirmation is not None:
        return confirmation
    return _step(request, pk, access.CAN_EDIT, workflow.submit, "Submitted for approval.")


@require_POST
def assessment_return(request, pk):
    roles = access.CAN_EDIT | access.CAN_APPROVE
    return _step(request, pk, roles, workflow.return_to_draft, "Returned to draft.")


@require_http_methods(["GET", "POST"])
def assessment_approve(request, pk):
    # The committee paper is rendered by a task worker: see renders.approvals.
    return approval_views.approve(request, pk)


@require_http_methods(["GET", "POST"])
def assessment_reopen(request, pk):
    return _workflow_form(
        request,
        pk,
        access.CAN_MANAGE,
        ReopenForm,
        workflow.reopen,
        "Reopened as a draft.",
        "reopen",
    )


def _workflow_form(request, pk, roles, form_class, step, success, verb):
    assessment = access.get_assessment_for_user(request, pk)
    access.require_role(request.user, assessment.organisation_id, roles)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _step(request, pk, roles, step, success, **form.cleaned_data)
    return render(
        request,
        "assessments/assessment_workflow_form.html",
        {"assessment": assessment, "form": form, "verb": verb},
    )
