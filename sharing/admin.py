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
    model = AgreementParty
    extra = 1


@admin.register(SharingAgreement)
class SharingAgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "tier", "starts_on", "review_on", "ends_on"]
    list_filter = ["tier"]
    search_fields = ["title"]
    inlines = [AgreementPartyInline]
