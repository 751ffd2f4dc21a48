from django.urls import path

from renders import views

app_name = "renders"

urlpatterns = [
    path("assessments/<int:pk>/files/<int:job_pk>/", views.job_progress, name="job"),
    path(
        "assessments/<int:pk>/files/<int:job_pk>/download/",
        views.job_download,
        name="job-download",
    ),
    path(
        "organisations/<slug:slug>/files/<int:job_pk>/",
        views.organisation_job_progress,
        name="organisation-job",
    ),
    path(
        "organisations/<slug:slug>/files/<int:job_pk>/download/",
        views.organisation_job_download,
        name="organisation-job-download",
    ),
    path(
        "assessments/<int:pk>/approvals/<int:request_pk>/",
        views.approval_progress,
        name="approval",
    ),
]
