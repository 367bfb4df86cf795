"""The administrators' list of notifications and their email: failed email first in mind.

A notification whose email failed (refused by the mail server, or temporary failures until the
attempts ran out) is never retried by itself; here an administrator sees which, why and for whom,
to put the address right. The recipient's inbox keeps the notification either way."""

from django.contrib import admin
from django.db.models import QuerySet

from portal.models import Notification


class EmailStatusFilter(admin.SimpleListFilter):
    title = "email"
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return [("failed", "Failed"), ("owed", "Not sent yet"), ("sent", "Sent")]

    def queryset(self, request, queryset: QuerySet[Notification]) -> QuerySet[Notification]:
        if self.value() == "failed":
            return queryset.filter(email_failed_at__isnull=False)
        if self.value() == "owed":
            return queryset.filter(email_sent_at__isnull=True, email_failed_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(email_sent_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "email_status", "email_attempts", "email_failure"]
    list_filter = [EmailStatusFilter]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__email"]
    date_hierarchy = "created_at"
    fields = [
        "recipient",
        "subject",
        "link",
        "created_at",
        "read_at",
        "email_sent_at",
        "email_attempts",
        "email_failed_at",
        "email_failure",
    ]

    @admin.display(description="Email")
    def email_status(self, notification: Notification) -> str:
        return notification.email_status

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
