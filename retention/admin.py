"""The retention schedule is reference data: the lead information officer edits it here (the role
holds the admin permissions for it; nobody else does). Review items, holds and certificates are
changed only through the retention pages, where each change is checked and recorded."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portal import extensions
from retention.models import RetentionRule


class RetentionRuleForm(forms.ModelForm):
    record_type = forms.ChoiceField(choices=())

    class Meta:
        model = RetentionRule
        fields = ["record_type", "trigger", "years", "months", "basis", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [(kind.key, kind.label) for kind in extensions.retention_types()]


@admin.register(RetentionRule)
class RetentionRuleAdmin(SimpleHistoryAdmin):
    form = RetentionRuleForm
    list_display = ["record_type_label", "trigger", "years", "months", "is_active"]
    list_filter = ["trigger", "is_active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Certificates name the rule they applied: a rule is made inactive, never deleted.
        return False
