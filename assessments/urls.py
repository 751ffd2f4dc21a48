from django.urls import path

from assessments.views import (
    actions,
    assessments,
    carry_forward,
    entries,
    history,
    organisations,
    recommendations,
    reports,
    trends,
)
from people.views import members

app_name = "assessments"

urlpatterns = [
    # Organisations
    path(
        "organisations/<slug:slug>/", organisations.organisation_detail, name="organisation-detail"
    ),
    path("organisations/<slug:slug>/members/", members.member_list, name="member-list"),
    path(
        "organisations/<slug:slug>/assessments/new/",
        assessments.assessment_create,
        name="assessment-create",
    ),
    path("organisations/<slug:slug>/actions/", actions.action_tracker, name="action-tracker"),
    path("organisations/<slug:slug>/trends/<slug:framework>/", trends.trend, name="trend"),
    # Assessments
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/submit/", assessments.assessment_submit, name="assessment-submit"),
    path(
        "assessments/<int:pk>/return/",
        assessments.assessment_return,
        name="assessment-return",
    ),
    path(
        "assessments/<int:pk>/approve/", assessments.assessment_approve, name="assessment-approve"
    ),
    path("assessments/<int:pk>/reopen/", assessments.assessment_reopen, name="assessment-reopen"),
    path(
        "assessments/<int:pk>/carry-forward/",
        carry_forward.assessment_carry_forward,
        name="assessment-carry-forward",
    ),
    path("assessments/<int:pk>/history/", history.assessment_history, name="assessment-history"),
    path("assessments/<int:pk>/as-of/", history.assessment_as_of, name="assessment-as-of"),
    # Reports
    path("assessments/<int:pk>/report/", reports.report_html, name="report"),
    path("assessments/<int:pk>/report.pdf", reports.report_pdf, name="report-pdf"),
    path("assessments/<int:pk>/report/details/", reports.report_details, name="report-details"),
    path(
        "assessments/<int:pk>/reports/<int:version>.pdf",
        reports.stored_report,
        name="stored-report",
    ),
    # Entries
    path(
        "assessments/<int:pk>/entries/<int:entry_pk>/",
        entries.entry_edit,
        name="entry-edit",
    ),
    path(
        "assessments/<int:pk>/entries/<int:entry_pk>/evidence-reviewed/",
        carry_forward.entry_evidence_reviewed,
        name="entry-evidence-reviewed",
    ),
    path(
        "assessments/<int:pk>/entries/<int:entry_pk>/history/",
        history.entry_history,
        name="entry-history",
    ),
    # Recommendations
    path(
        "assessments/<int:pk>/recommendations/new/",
        recommendations.recommendation_create,
        name="recommendation-create",
    ),
    path(
        "assessments/<int:pk>/recommendations/<int:recommendation_pk>/",
        recommendations.recommendation_edit,
        name="recommendation-edit",
    ),
    # Actions
    path("actions/<int:pk>/", actions.action_detail, name="action-detail"),
]
