"""The Early Intervention models, taken over from `transfers` (transfers 0005 let them go). Created in
the migration state only: the tables exist already, made by transfers 0003 under the names each
model's `db_table` (and each history table's `table_name`) keeps. Nothing in the database changes."""

import django.db.models.deletion
import django.utils.timezone
import django_fsm
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("portal", "0003_escalation_actions"),
        ("referrals", "0003_referrer_matched_child"),
        ("sharing", "0003_agreement_document_types"),
        ("transfers", "0005_early_intervention_moves_to_their_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EarlyInterventionAgency",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("is_lead", models.BooleanField(default=False, help_text="The lead professional's agency.")),
                        ("contact_name", models.CharField(blank=True, max_length=200, verbose_name="Named contact")),
                        ("contact_email", models.EmailField(blank=True, max_length=254)),
                        ("contact_phone", models.CharField(blank=True, max_length=40)),
                        ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "added_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="portal.organisation"
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="portal.team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "agency on an Early Intervention plan",
                        "verbose_name_plural": "agencies on Early Intervention plans",
                        "db_table": "transfers_earlyinterventionagency",
                        "ordering": ["-is_lead", "organisation__name", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("team__isnull", False)),
                                fields=("move", "team"),
                                name="ei_agency_unique_team",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("team__isnull", True)),
                                fields=("move", "organisation"),
                                name="ei_agency_unique_organisation",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="EarlyInterventionMove",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "plan_reference",
                            models.CharField(max_length=60, verbose_name="Early Intervention plan reference"),
                        ),
                        (
                            "tier",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (2, "Tier 2 — additional needs (single agency)"),
                                    (3, "Tier 3 — multi-agency Early Intervention plan"),
                                ]
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("planned", "Planned"), ("unplanned", "Unplanned")], max_length=16
                            ),
                        ),
                        ("whereabouts_known", models.BooleanField(default=True)),
                        ("new_address", models.TextField(blank=True)),
                        ("move_date", models.DateField(help_text="When the child moved, or is planned to move.")),
                        (
                            "consent",
                            models.CharField(
                                choices=[
                                    ("given", "Given"),
                                    ("refused", "Refused"),
                                    ("not_obtained", "Not obtained: the family could not be asked"),
                                ],
                                max_length=16,
                                verbose_name="Parental consent for transferring information",
                            ),
                        ),
                        (
                            "consent_explanation",
                            models.TextField(blank=True, help_text="Why consent could not be obtained."),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "state",
                            django_fsm.FSMField(
                                choices=[
                                    ("recorded", "Recorded"),
                                    ("awaiting_meeting", "Waiting for the multi-agency meeting"),
                                    ("agreed_plan", "Agreed transfer plan"),
                                    ("plan_updated_sharing", "Plan updated: information shared as agreed"),
                                    ("plan_updated_checklist", "Plan updated: agencies forward their own records"),
                                    (
                                        "referral_receiving_csc",
                                        "Referral to children's social care in the receiving authority",
                                    ),
                                    ("referral_mast", "Referral to MAST: whereabouts unknown"),
                                    ("completed", "Completed"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                default="recorded",
                                max_length=50,
                            ),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("recorded", "Recorded"),
                                    ("awaiting_meeting", "Waiting for the multi-agency meeting"),
                                    ("agreed_plan", "Agreed transfer plan"),
                                    ("plan_updated_sharing", "Plan updated: information shared as agreed"),
                                    ("plan_updated_checklist", "Plan updated: agencies forward their own records"),
                                    (
                                        "referral_receiving_csc",
                                        "Referral to children's social care in the receiving authority",
                                    ),
                                    ("referral_mast", "Referral to MAST: whereabouts unknown"),
                                    ("completed", "Completed"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                max_length=32,
                            ),
                        ),
                        (
                            "outcome_reason",
                            models.TextField(blank=True, help_text="Why the guidance leads to this outcome."),
                        ),
                        ("outcome_at", models.DateTimeField(blank=True, null=True)),
                        ("outcome_on", models.DateField(blank=True, null=True)),
                        (
                            "follow_up_due_on",
                            models.DateField(
                                blank=True,
                                help_text="For a referral: sent without delay, within one working day.",
                                null=True,
                            ),
                        ),
                        ("plan_updated_on", models.DateField(blank=True, null=True)),
                        ("plan_update_summary", models.TextField(blank=True)),
                        ("completed_at", models.DateTimeField(blank=True, null=True)),
                        ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                        ("withdrawal_reason", models.TextField(blank=True)),
                        (
                            "child",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="early_intervention_moves",
                                to="portal.child",
                            ),
                        ),
                        (
                            "consent_record",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="early_intervention_moves",
                                to="sharing.consentrecord",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "destination_authority",
                            models.ForeignKey(
                                blank=True,
                                help_text="Blank when the family's whereabouts are unknown.",
                                limit_choices_to={"kind": "local_authority"},
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="early_intervention_moves_in",
                                to="portal.organisation",
                            ),
                        ),
                        (
                            "lead_professional",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "lead_team",
                            models.ForeignKey(
                                help_text="The lead professional's team: its managers are told when next steps are overdue.",
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="early_intervention_moves",
                                to="portal.team",
                            ),
                        ),
                        (
                            "organisations",
                            models.ManyToManyField(
                                related_name="early_intervention_moves",
                                through="early_intervention.EarlyInterventionAgency",
                                to="portal.organisation",
                            ),
                        ),
                        (
                            "plan_updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "referral",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="referrals.mastreferral",
                            ),
                        ),
                        (
                            "withdrawn_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Early Intervention move",
                        "db_table": "transfers_earlyinterventionmove",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(fields=["state", "follow_up_due_on"], name="transfers_e_state_f1a6bf_idx"),
                            models.Index(fields=["lead_team", "state"], name="transfers_e_lead_te_ac4777_idx"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("state__in", ["completed", "withdrawn"]), _negated=True),
                                fields=("child",),
                                name="ei_move_one_open_per_child",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("destination_authority__isnull", False), ("whereabouts_known", True)),
                                    models.Q(("destination_authority__isnull", True), ("whereabouts_known", False)),
                                    _connector="OR",
                                ),
                                name="ei_move_destination_or_whereabouts_unknown",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("kind", "planned"), _negated=True),
                                    ("whereabouts_known", True),
                                    _connector="OR",
                                ),
                                name="ei_move_planned_has_destination",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("tier__in", [2, 3])), name="ei_move_tier_2_or_3"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("consent", "not_obtained"), ("consent_record__isnull", False), _connector="OR"
                                ),
                                name="ei_move_consent_recorded",
                            ),
                        ],
                    },
                ),
                migrations.AddField(
                    model_name="earlyinterventionagency",
                    name="move",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agencies",
                        to="early_intervention.earlyinterventionmove",
                    ),
                ),
                migrations.CreateModel(
                    name="AgreedPlanItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("information", models.TextField(verbose_name="What is sent")),
                        (
                            "receiving_agency",
                            models.CharField(
                                max_length=200, verbose_name="Equivalent agency in the receiving authority"
                            ),
                        ),
                        ("due_on", models.DateField(verbose_name="By when")),
                        ("expectations", models.TextField(verbose_name="What is expected of them")),
                        ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("done_on", models.DateField(blank=True, null=True, verbose_name="Sent on")),
                        (
                            "done_method",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("secure_email", "Secure email"),
                                    ("secure_portal", "This portal"),
                                    ("phone", "Phone"),
                                    ("in_person", "In person or at a meeting"),
                                    ("secure_post", "Recorded post"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("done_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "added_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "done_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "sharing_decision",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="sharing.sharingdecision",
                            ),
                        ),
                        (
                            "sending_agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="plan_items",
                                to="early_intervention.earlyinterventionagency",
                            ),
                        ),
                        (
                            "move",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="plan_items",
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "agreed transfer plan item",
                        "db_table": "transfers_agreedplanitem",
                        "ordering": ["due_on", "pk"],
                        "indexes": [models.Index(fields=["done_at", "due_on"], name="transfers_a_done_at_cf67b5_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="AgencyRecordsCheck",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "records_confirmed_on",
                            models.DateField(blank=True, null=True, verbose_name="Records up to date on"),
                        ),
                        (
                            "records_confirmed_by_name",
                            models.CharField(blank=True, max_length=200, verbose_name="Who confirmed the records"),
                        ),
                        ("forwarded_on", models.DateField(blank=True, null=True, verbose_name="Forwarded on")),
                        (
                            "forwarded_by_name",
                            models.CharField(blank=True, max_length=200, verbose_name="Who forwarded them"),
                        ),
                        ("forwarded_to", models.CharField(blank=True, max_length=200, verbose_name="Forwarded to")),
                        (
                            "forwarded_recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "records_recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "agency",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="records_check",
                                to="early_intervention.earlyinterventionagency",
                            ),
                        ),
                        (
                            "move",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="checklist",
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "agency records check",
                        "db_table": "transfers_agencyrecordscheck",
                        "ordering": ["agency__organisation__name", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="EarlyInterventionMoveGroupObjectPermission",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "content_object",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                        ("group", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="auth.group")),
                        (
                            "permission",
                            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="auth.permission"),
                        ),
                    ],
                    options={
                        "db_table": "transfers_earlyinterventionmovegroupobjectpermission",
                        "abstract": False,
                        "unique_together": {("group", "permission", "content_object")},
                    },
                ),
                migrations.CreateModel(
                    name="EarlyInterventionMoveUserObjectPermission",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "content_object",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                        (
                            "permission",
                            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="auth.permission"),
                        ),
                        (
                            "user",
                            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL),
                        ),
                    ],
                    options={
                        "db_table": "transfers_earlyinterventionmoveuserobjectpermission",
                        "abstract": False,
                        "unique_together": {("user", "permission", "content_object")},
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalAgencyRecordsCheck",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "records_confirmed_on",
                            models.DateField(blank=True, null=True, verbose_name="Records up to date on"),
                        ),
                        (
                            "records_confirmed_by_name",
                            models.CharField(blank=True, max_length=200, verbose_name="Who confirmed the records"),
                        ),
                        ("forwarded_on", models.DateField(blank=True, null=True, verbose_name="Forwarded on")),
                        (
                            "forwarded_by_name",
                            models.CharField(blank=True, max_length=200, verbose_name="Who forwarded them"),
                        ),
                        ("forwarded_to", models.CharField(blank=True, max_length=200, verbose_name="Forwarded to")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="early_intervention.earlyinterventionagency",
                            ),
                        ),
                        (
                            "forwarded_recorded_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "move",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                        (
                            "records_recorded_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical agency records check",
                        "verbose_name_plural": "historical agency records checks",
                        "db_table": "transfers_historicalagencyrecordscheck",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalAgreedPlanItem",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("information", models.TextField(verbose_name="What is sent")),
                        (
                            "receiving_agency",
                            models.CharField(
                                max_length=200, verbose_name="Equivalent agency in the receiving authority"
                            ),
                        ),
                        ("due_on", models.DateField(verbose_name="By when")),
                        ("expectations", models.TextField(verbose_name="What is expected of them")),
                        ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("done_on", models.DateField(blank=True, null=True, verbose_name="Sent on")),
                        (
                            "done_method",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("secure_email", "Secure email"),
                                    ("secure_portal", "This portal"),
                                    ("phone", "Phone"),
                                    ("in_person", "In person or at a meeting"),
                                    ("secure_post", "Recorded post"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("done_at", models.DateTimeField(blank=True, null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "added_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "done_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "move",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                        (
                            "sending_agency",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="early_intervention.earlyinterventionagency",
                            ),
                        ),
                        (
                            "sharing_decision",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="sharing.sharingdecision",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical agreed transfer plan item",
                        "verbose_name_plural": "historical agreed transfer plan items",
                        "db_table": "transfers_historicalagreedplanitem",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalEarlyInterventionAgency",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("is_lead", models.BooleanField(default=False, help_text="The lead professional's agency.")),
                        ("contact_name", models.CharField(blank=True, max_length=200, verbose_name="Named contact")),
                        ("contact_email", models.EmailField(blank=True, max_length=254)),
                        ("contact_phone", models.CharField(blank=True, max_length=40)),
                        ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "added_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "move",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="portal.organisation",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="portal.team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical agency on an Early Intervention plan",
                        "verbose_name_plural": "historical agencies on Early Intervention plans",
                        "db_table": "transfers_historicalearlyinterventionagency",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalEarlyInterventionMove",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "plan_reference",
                            models.CharField(max_length=60, verbose_name="Early Intervention plan reference"),
                        ),
                        (
                            "tier",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (2, "Tier 2 — additional needs (single agency)"),
                                    (3, "Tier 3 — multi-agency Early Intervention plan"),
                                ]
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("planned", "Planned"), ("unplanned", "Unplanned")], max_length=16
                            ),
                        ),
                        ("whereabouts_known", models.BooleanField(default=True)),
                        ("new_address", models.TextField(blank=True)),
                        ("move_date", models.DateField(help_text="When the child moved, or is planned to move.")),
                        (
                            "consent",
                            models.CharField(
                                choices=[
                                    ("given", "Given"),
                                    ("refused", "Refused"),
                                    ("not_obtained", "Not obtained: the family could not be asked"),
                                ],
                                max_length=16,
                                verbose_name="Parental consent for transferring information",
                            ),
                        ),
                        (
                            "consent_explanation",
                            models.TextField(blank=True, help_text="Why consent could not be obtained."),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "state",
                            django_fsm.FSMField(
                                choices=[
                                    ("recorded", "Recorded"),
                                    ("awaiting_meeting", "Waiting for the multi-agency meeting"),
                                    ("agreed_plan", "Agreed transfer plan"),
                                    ("plan_updated_sharing", "Plan updated: information shared as agreed"),
                                    ("plan_updated_checklist", "Plan updated: agencies forward their own records"),
                                    (
                                        "referral_receiving_csc",
                                        "Referral to children's social care in the receiving authority",
                                    ),
                                    ("referral_mast", "Referral to MAST: whereabouts unknown"),
                                    ("completed", "Completed"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                default="recorded",
                                max_length=50,
                            ),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("recorded", "Recorded"),
                                    ("awaiting_meeting", "Waiting for the multi-agency meeting"),
                                    ("agreed_plan", "Agreed transfer plan"),
                                    ("plan_updated_sharing", "Plan updated: information shared as agreed"),
                                    ("plan_updated_checklist", "Plan updated: agencies forward their own records"),
                                    (
                                        "referral_receiving_csc",
                                        "Referral to children's social care in the receiving authority",
                                    ),
                                    ("referral_mast", "Referral to MAST: whereabouts unknown"),
                                    ("completed", "Completed"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                max_length=32,
                            ),
                        ),
                        (
                            "outcome_reason",
                            models.TextField(blank=True, help_text="Why the guidance leads to this outcome."),
                        ),
                        ("outcome_at", models.DateTimeField(blank=True, null=True)),
                        ("outcome_on", models.DateField(blank=True, null=True)),
                        (
                            "follow_up_due_on",
                            models.DateField(
                                blank=True,
                                help_text="For a referral: sent without delay, within one working day.",
                                null=True,
                            ),
                        ),
                        ("plan_updated_on", models.DateField(blank=True, null=True)),
                        ("plan_update_summary", models.TextField(blank=True)),
                        ("completed_at", models.DateTimeField(blank=True, null=True)),
                        ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                        ("withdrawal_reason", models.TextField(blank=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "child",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="portal.child",
                            ),
                        ),
                        (
                            "consent_record",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="sharing.consentrecord",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "destination_authority",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="Blank when the family's whereabouts are unknown.",
                                limit_choices_to={"kind": "local_authority"},
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="portal.organisation",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "lead_professional",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "lead_team",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="The lead professional's team: its managers are told when next steps are overdue.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="portal.team",
                            ),
                        ),
                        (
                            "plan_updated_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "referral",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="referrals.mastreferral",
                            ),
                        ),
                        (
                            "withdrawn_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical Early Intervention move",
                        "verbose_name_plural": "historical Early Intervention moves",
                        "db_table": "transfers_historicalearlyinterventionmove",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalEarlyInterventionMoveGroupObjectPermission",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "content_object",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                        (
                            "group",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="auth.group",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "permission",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="auth.permission",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical early intervention move group object permission",
                        "verbose_name_plural": "historical early intervention move group object permissions",
                        "db_table": "transfers_historicalearlyinterventionmovegroupobjectpermission",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalEarlyInterventionMoveUserObjectPermission",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "content_object",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "permission",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="auth.permission",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical early intervention move user object permission",
                        "verbose_name_plural": "historical early intervention move user object permissions",
                        "db_table": "transfers_historicalearlyinterventionmoveuserobjectpermission",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalMultiAgencyMeeting",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("held_on", models.DateField()),
                        ("others_present", models.TextField(blank=True, verbose_name="Others present")),
                        ("discussion_summary", models.TextField()),
                        ("need_or_risk_increased", models.BooleanField(verbose_name="Has need or risk increased?")),
                        (
                            "significant_harm",
                            models.BooleanField(
                                verbose_name="May the child be at risk of or suffering significant harm?"
                            ),
                        ),
                        (
                            "harm_concerns",
                            models.JSONField(blank=True, default=list, help_text="referrals.ConcernCategory values."),
                        ),
                        ("outcome_notes", models.TextField(verbose_name="What the meeting agreed")),
                        ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "move",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical multi-agency meeting",
                        "verbose_name_plural": "historical multi-agency meetings",
                        "db_table": "transfers_historicalmultiagencymeeting",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="MultiAgencyMeeting",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("held_on", models.DateField()),
                        ("others_present", models.TextField(blank=True, verbose_name="Others present")),
                        ("discussion_summary", models.TextField()),
                        ("need_or_risk_increased", models.BooleanField(verbose_name="Has need or risk increased?")),
                        (
                            "significant_harm",
                            models.BooleanField(
                                verbose_name="May the child be at risk of or suffering significant harm?"
                            ),
                        ),
                        (
                            "harm_concerns",
                            models.JSONField(blank=True, default=list, help_text="referrals.ConcernCategory values."),
                        ),
                        ("outcome_notes", models.TextField(verbose_name="What the meeting agreed")),
                        ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "move",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="meeting",
                                to="early_intervention.earlyinterventionmove",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "multi-agency meeting",
                        "db_table": "transfers_multiagencymeeting",
                    },
                ),
                migrations.CreateModel(
                    name="MeetingAttendance",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="early_intervention.earlyinterventionagency",
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="attendance",
                                to="early_intervention.multiagencymeeting",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "transfers_meetingattendance",
                        "ordering": ["pk"],
                        "constraints": [
                            models.UniqueConstraint(fields=("meeting", "agency"), name="ei_meeting_attendance_unique")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalMeetingAttendance",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="early_intervention.earlyinterventionagency",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="early_intervention.multiagencymeeting",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical meeting attendance",
                        "verbose_name_plural": "historical meeting attendances",
                        "db_table": "transfers_historicalmeetingattendance",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
