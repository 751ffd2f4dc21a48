from django.urls import path

from people.views import invitations, organisations

app_name = "people"

urlpatterns = [
    path("organisations/new/", organisations.organisation_create, name="organisation-create"),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation-accept"),
    path("users/<int:pk>/deactivate/", organisations.user_deactivate, name="user-deactivate"),
    path("users/<int:pk>/reactivate/", organisations.user_reactivate, name="user-reactivate"),
]
