from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from people.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["email"]
    readonly_fields = ["token_hash", "created_at", "accepted_at", "accepted_by", "revoked_at"]

    def has_add_permission(self, request):
        return False  # invitations are made on the members page, which sends the link
