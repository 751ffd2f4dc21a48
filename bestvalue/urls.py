"""Root URL configuration."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bestvalue import views

handler500 = "bestvalue.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("people.account_urls")),
    path("", include("people.urls")),
    path("frameworks/", include("frameworks.urls")),
    path("", include("assessments.urls")),
    path("", include("imports.urls")),
    path("", include("reports.urls")),
    path("", include("renders.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCHMARK_BASELINE:
    urlpatterns.append(path("bench/baseline/", views.benchmark_baseline))
