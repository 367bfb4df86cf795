from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sharing.models import AgreementParty, LawfulBasis, LegalGateway, SharingAgreement


@admin.register(LegalGateway)
class LegalGatewayAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(LawfulBasis)
class LawfulBasisAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "is_consent", "is_active"]
    list_filter = ["kind", "is_active"]


class AgreementPartyInline(admin.TabularInline):
    """Parties are read here; they join and leave through the agreement form (the service), which
    ends a party rather than deleting it."""

    model = AgreementParty
    extra = 0
    can_delete = False
    fields = ["organisation", "ended_at", "ended_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SharingAgreement)
class SharingAgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "tier", "starts_on", "review_on", "ends_on"]
    list_filter = ["tier"]
    search_fields = ["title"]
    inlines = [AgreementPartyInline]
