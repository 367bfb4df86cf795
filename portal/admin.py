"""Django admin for the people who run the portal: organisations, teams, team membership and user
accounts (DESIGN §1) — and nothing about children.

No way around the ledger (issue 11): children, the people around them and every workflow record are
not in the admin at all (they are read through the portal's pages, which log each read), object
permissions cannot be edited here (no guardian admin), team membership changes through the
membership services (which keep the team's access in step), and nothing is deleted: accounts are
deactivated through a service, organisations and teams are kept for the history that names them.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from portal import services
from portal.models import Organisation, Team, TeamMembership, User


class NoDeleteAdmin(SimpleHistoryAdmin):
    """Nothing is hard-deleted (DESIGN §6); without the permission, "delete selected" is not offered."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TeamMembershipInline(admin.TabularInline):
    """Shown on the team; changed under "Team memberships", through the membership services."""

    model = TeamMembership
    fields = ["user", "is_manager", "since"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(NoDeleteAdmin):
    list_display = ["name", "kind", "serves_area"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(NoDeleteAdmin):
    list_display = ["name", "organisation", "kind"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name", "organisation__name"]
    inlines = [TeamMembershipInline]


@admin.register(TeamMembership)
class TeamMembershipAdmin(SimpleHistoryAdmin):
    """Adding, changing whether someone manages a team, and ending a membership all go through the
    membership services; a membership is never moved to another person or team (end it and add one)."""

    list_display = ["user", "team", "is_manager", "since"]
    list_filter = ["team__organisation", "is_manager"]
    search_fields = ["user__username", "user__last_name", "team__name"]
    autocomplete_fields = ["user", "team"]
    list_select_related = ["user", "team__organisation"]

    def get_readonly_fields(self, request, obj=None):
        return ["team", "user", "since"] if obj is not None else ["since"]

    def save_model(self, request, obj, form, change) -> None:
        saved = services.team_membership_add(
            actor=request.user, team=obj.team, user=obj.user, is_manager=obj.is_manager
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj) -> None:
        services.team_membership_end(actor=request.user, membership=obj)

    def delete_queryset(self, request, queryset) -> None:
        for membership in queryset:
            services.team_membership_end(actor=request.user, membership=membership)


@admin.action(description="Deactivate the selected accounts (they can no longer sign in)", permissions=["change"])
def deactivate_users(modeladmin, request, queryset) -> None:
    for user in queryset:
        services.user_deactivate(actor=request.user, user=user)
    modeladmin.message_user(request, f"{queryset.count()} account(s) deactivated.", messages.SUCCESS)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, NoDeleteAdmin):
    """Accounts are deactivated (the action on the list), never deleted."""

    list_display = ["username", "first_name", "last_name", "organisation", "job_title", "is_active"]
    list_filter = ["is_active", "organisation", "groups"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = DjangoUserAdmin.fieldsets + (("Work", {"fields": ("organisation", "job_title", "phone")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Work", {"fields": ("organisation", "job_title")}),)
    actions = [deactivate_users]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Roles only: a team's group (what the team's access to children is granted to) is joined
        # by team membership, never by ticking it here.
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(team__isnull=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Saving the roles sets the user's groups to exactly those chosen: put back the groups of the
        # teams the user is a member of (and only those).
        form.instance.groups.add(
            *Team.objects.filter(memberships__user=form.instance).values_list("group_id", flat=True)
        )


# The notifications and their email (failed email on show): portal/admin_email.py.
from portal import admin_email  # noqa: E402, F401
