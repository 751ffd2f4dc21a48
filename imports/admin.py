from django.contrib import admin

from imports.models import ImportedDocument


@admin.register(ImportedDocument)
class ImportedDocumentAdmin(admin.ModelAdmin):
    """Read-only: an import's original is evidence of what was imported."""

    list_display = ["filename", "assessment", "status", "size", "uploaded_by", "imported_at"]
    list_filter = ["status", "kind"]
    search_fields = ["filename", "sha256", "assessment__title"]
    exclude = ["content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
