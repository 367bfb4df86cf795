"""Early Intervention moves leave transfers for their own app, `early_intervention`
(`early_intervention/migrations/0001_initial.py` takes them over). The models go from this app's
state only: their tables, rows, history and guardian rows stay exactly where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("transfers", "0004_ei_role_permissions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="AgencyRecordsCheck",
                ),
                migrations.DeleteModel(
                    name="EarlyInterventionMoveGroupObjectPermission",
                ),
                migrations.DeleteModel(
                    name="EarlyInterventionMoveUserObjectPermission",
                ),
                migrations.DeleteModel(
                    name="HistoricalAgencyRecordsCheck",
                ),
                migrations.DeleteModel(
                    name="HistoricalAgreedPlanItem",
                ),
                migrations.DeleteModel(
                    name="HistoricalEarlyInterventionAgency",
                ),
                migrations.DeleteModel(
                    name="HistoricalEarlyInterventionMove",
                ),
                migrations.DeleteModel(
                    name="HistoricalEarlyInterventionMoveGroupObjectPermission",
                ),
                migrations.DeleteModel(
                    name="HistoricalEarlyInterventionMoveUserObjectPermission",
                ),
                migrations.DeleteModel(
                    name="HistoricalMeetingAttendance",
                ),
                migrations.DeleteModel(
                    name="HistoricalMultiAgencyMeeting",
                ),
                migrations.DeleteModel(
                    name="AgreedPlanItem",
                ),
                migrations.DeleteModel(
                    name="EarlyInterventionMove",
                ),
                migrations.DeleteModel(
                    name="EarlyInterventionAgency",
                ),
                migrations.DeleteModel(
                    name="MeetingAttendance",
                ),
                migrations.DeleteModel(
                    name="MultiAgencyMeeting",
                ),
            ],
            database_operations=[],
        ),
    ]
