"""Django admin: read-only views of Early Intervention moves for the people who run the portal.
Every change goes through the portal's own pages (`early_intervention.services`); nothing is hard-deleted."""

from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from early_intervention.models import AgreedPlanItem, EarlyInterventionAgency, EarlyInterventionMove
from portal.admin import ReadOnlyAdmin


class AgencyInline(admin.TabularInline):
    model = EarlyInterventionAgency
    fields = ["organisation", "team", "is_lead", "contact_name", "contact_email", "contact_phone"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PlanItemInline(admin.TabularInline):
    model = AgreedPlanItem
    fk_name = "move"
    fields = ["sending_agency", "receiving_agency", "due_on", "done_on", "done_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EarlyInterventionMove)
class EarlyInterventionMoveAdmin(GuardedModelAdmin, ReadOnlyAdmin):
    list_display = ["__str__", "state", "kind", "destination_authority", "move_date", "lead_team"]
    list_filter = ["state", "kind"]
    search_fields = ["child__last_name", "child__nhs_number", "plan_reference"]
    inlines = [AgencyInline, PlanItemInline]
