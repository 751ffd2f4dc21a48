from django.urls import path

from frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list, name="framework-list"),
    path("levels.css", views.level_styles, name="level-styles"),
    path("<slug:slug>/", views.framework_detail, name="framework-detail"),
]
