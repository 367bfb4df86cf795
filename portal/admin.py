"""Django admin for the people who run the portal: organisations, teams, users (DESIGN §1)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from portal.models import Child, Organisation, Team, TeamMembership, User


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """For workflow records: the admin shows them and their history; every change goes through the
    portal's own pages and services, and nothing is hard-deleted."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "serves_area"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "kind"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name", "organisation__name"]
    inlines = [TeamMembershipInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "job_title", "is_active"]
    list_filter = ["is_active", "organisation", "groups"]
    fieldsets = DjangoUserAdmin.fieldsets + (("Work", {"fields": ("organisation", "job_title", "phone")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Work", {"fields": ("organisation", "job_title")}),)


@admin.register(Child)
class ChildAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    """Read-mostly: children are recorded and changed through the portal's own pages."""

    list_display = ["__str__", "local_authority", "allocated_team", "tier"]
    list_filter = ["local_authority", "tier"]
    search_fields = ["last_name", "first_name", "nhs_number"]
    readonly_fields = ["allocated_worker", "allocated_team", "allocated_on"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Nothing is hard-deleted (DESIGN §6).
        return False


# The notifications and their email (failed email on show): portal/admin_email.py.
from portal import admin_email  # noqa: E402, F401
