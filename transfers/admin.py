"""Django admin: read-mostly views of transfers for the people who run the portal. Every change
goes through the portal's own pages (and `transfers.services`); nothing is hard-deleted."""

from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from portal.admin import ReadOnlyAdmin
from transfers.models import CinTransfer, FamilyUpdate, TransferDocument, TransferRequest


class TransferDocumentInline(admin.TabularInline):
    model = TransferDocument
    fields = ["kind", "title", "original_name", "content_type", "size", "uploaded_by", "uploaded_at", "removed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class FamilyUpdateInline(admin.TabularInline):
    model = FamilyUpdate
    fields = ["told_on", "who_was_told", "method", "told_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CinTransfer)
class CinTransferAdmin(GuardedModelAdmin, ReadOnlyAdmin):
    list_display = ["__str__", "state", "sending_authority", "receiving_authority", "referred_on", "decision_due_on"]
    list_filter = ["state", "sending_authority", "receiving_authority"]
    search_fields = ["child__last_name", "child__nhs_number"]
    inlines = [TransferDocumentInline, FamilyUpdateInline]


@admin.register(TransferRequest)
class TransferRequestAdmin(GuardedModelAdmin, ReadOnlyAdmin):
    list_display = ["__str__", "state", "requesting_authority", "sending_authority", "requested_at"]
    list_filter = ["state"]
