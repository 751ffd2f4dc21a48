from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("assessments/<int:pk>/report.docx", views.report_docx, name="report-docx"),
    path("assessments/<int:pk>/export.xlsx", views.report_xlsx, name="report-xlsx"),
    path("organisations/<slug:slug>/actions.csv", views.tracker_csv, name="actions-csv"),
    path("organisations/<slug:slug>/actions.xlsx", views.tracker_xlsx, name="actions-xlsx"),
    path("organisations/<slug:slug>/word-template/", views.word_template, name="word-template"),
    path(
        "organisations/<slug:slug>/word-template/current.docx",
        views.word_template_download,
        {"which": "current"},
        name="word-template-current",
    ),
    path(
        "organisations/<slug:slug>/word-template/default.docx",
        views.word_template_download,
        {"which": "default"},
        name="word-template-default",
    ),
]
