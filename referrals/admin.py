"""Read-mostly admin: referrals and alerts are made and screened through the portal's own pages,
where consent, sharing decisions, clocks and permissions are kept in step (DESIGN §3)."""

from django.contrib import admin

from portal.admin import ReadOnlyAdmin
from referrals.models import MastAlert, MastReferral, Screening, ScreeningCheck


class ScreeningInline(admin.TabularInline):
    model = Screening
    extra = 0
    can_delete = False
    fields = ["authority", "due_on", "started_at", "outcome", "decided_at", "passed_to"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MastReferral)
class MastReferralAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "authority", "urgency", "screening_due", "outcome", "submitted_at"]
    list_filter = ["status", "authority", "urgency", "outcome"]
    search_fields = ["reference"]
    inlines = [ScreeningInline]


@admin.register(ScreeningCheck)
class ScreeningCheckAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "screening", "recorded_by", "recorded_at"]


@admin.register(MastAlert)
class MastAlertAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "authority", "status", "raised_by_organisation", "raised_at"]
    list_filter = ["kind", "status", "authority"]
