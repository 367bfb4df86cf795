from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from subject_rights.models import Exemption


@admin.register(Exemption)
class ExemptionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "reference", "schedule", "active"]
    list_filter = ["schedule", "active"]
