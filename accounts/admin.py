"""The sign-in audit for administrators (read-only), and resetting someone's two-factor sign-in.

django-otp's own device admins are taken away: they show secret keys and would let a device be
deleted without a trace. A reset goes through the logged action on the user list instead."""

from django.contrib import admin, messages
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import SignInEvent
from portal.admin import UserAdmin as PortalUserAdmin
from portal.models import User

for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "user", "address", "actor"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
    list_select_related = ["user", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.action(description="Reset two-factor sign-in (they set up their app again)", permissions=["change"])
def reset_two_factor(modeladmin, request, queryset) -> None:
    for user in queryset:
        services.two_factor_reset(request=request, actor=request.user, user=user)
    modeladmin.message_user(
        request,
        f"Two-factor sign-in reset for {queryset.count()} people. Each reset is in the sign-in audit.",
        messages.SUCCESS,
    )


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(PortalUserAdmin):
    actions = [*PortalUserAdmin.actions, reset_two_factor]
