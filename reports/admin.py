from django.contrib import admin

from reports.models import WordTemplate


@admin.register(WordTemplate)
class WordTemplateAdmin(admin.ModelAdmin):
    list_display = ["organisation", "name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["organisation", "name", "size", "sha256", "uploaded_by", "uploaded_at"]
    exclude = ["content"]

    def has_add_permission(self, request):
        return False  # uploaded, and checked, through the organisation's page
