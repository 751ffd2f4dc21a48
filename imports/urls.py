from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("assessments/<int:pk>/import/", views.import_upload, name="upload"),
    path("assessments/<int:pk>/imports/<int:document_pk>/", views.import_preview, name="preview"),
    path(
        "assessments/<int:pk>/imports/<int:document_pk>/discard/",
        views.import_discard,
        name="discard",
    ),
    path(
        "assessments/<int:pk>/imports/<int:document_pk>/download",
        views.import_download,
        name="download",
    ),
]
