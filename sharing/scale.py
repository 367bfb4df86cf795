"""The information governance records of `manage.py seed_scale` (issue 14): a consent record and a
completed sharing decision for half the children, and a privacy notice owed to a significant other
for one in ten (those whose details came from a third party)."""

from datetime import timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from portal.models import Child, Person, Relationship
from portal.scale import ScaleWorld, missing
from sharing.models import ConsentRecord, PrivacyNotice, SharingDecision

MARK = "(scale data)"


def _authority(world: ScaleWorld, i: int) -> str:
    return "north" if i % 2 == 0 else "south"


def seed(world: ScaleWorld) -> dict[str, int]:
    demo, today, now = world.demo, world.today, timezone.now()
    child_ids = world.child_ids()

    def child_for(i: int, step: int, offset: int) -> int:
        return child_ids[(i * step + offset) % len(child_ids)]

    consents_todo = missing(ConsentRecord.objects.filter(child__other_names=MARK).count(), world.share(0.5))

    def consents(start: int, stop: int) -> None:
        indices = consents_todo[start:stop]
        children = Child.objects.in_bulk([child_for(i, 2, 0) for i in indices])
        bulk_create_with_history(
            [
                ConsentRecord(
                    child=children[child_for(i, 2, 0)],
                    given_by="child",
                    purpose="safeguarding",
                    status="given",
                    decided_on=today - timedelta(days=i % 2000),
                    recorded_by=demo.users[f"{_authority(world, i)}.socialworker"],
                )
                for i in indices
            ],
            ConsentRecord,
            default_change_reason="Consent recorded (scale data)",
        )

    decisions_todo = missing(SharingDecision.objects.filter(child__other_names=MARK).count(), world.share(0.5))

    def decisions(start: int, stop: int) -> None:
        indices = decisions_todo[start:stop]
        children = Child.objects.in_bulk([child_for(i, 2, 1) for i in indices])
        made = []
        for i in indices:
            side = _authority(world, i)
            started = now - timedelta(days=i % 2000, minutes=i % 600)
            made.append(
                SharingDecision(
                    child=children[child_for(i, 2, 1)],
                    made_by=demo.users[f"{side}.socialworker"],
                    organisation=demo.orgs[side],
                    requested_by="Health visitor",
                    purpose="safeguarding",
                    purpose_detail="To keep the child safe.",
                    purpose_answer="yes",
                    consent_answer="yes" if i % 4 else "no",
                    status="completed",
                    outcome="share" if i % 5 else "do_not_share",
                    recipient_organisation=demo.orgs["health"],
                    recipient_name="Health visiting team",
                    reasons="Recorded for the scale benchmark.",
                    started_at=started,
                    completed_at=started + timedelta(minutes=20),
                )
            )
        bulk_create_with_history(made, SharingDecision, default_change_reason="Decision recorded (scale data)")

    notices_todo = missing(PrivacyNotice.objects.filter(child__other_names=MARK).count(), world.share(0.1))

    def notices(start: int, stop: int) -> None:
        indices = notices_todo[start:stop]
        children = Child.objects.in_bulk([child_for(i, 10, 3) for i in indices])
        people = bulk_create_with_history(
            [Person(first_name=f"Visitor{i}", last_name="Scale") for i in indices],
            Person,
            default_change_reason="Person added (scale data)",
        )
        links = bulk_create_with_history(
            [
                Relationship(
                    child=children[child_for(i, 10, 3)], person=person, kind="significant_other", source="third_party"
                )
                for i, person in zip(indices, people, strict=True)
            ],
            Relationship,
            default_change_reason="Relationship recorded (scale data)",
        )
        bulk_create_with_history(
            [
                PrivacyNotice(
                    person=link.person,
                    relationship=link,
                    child=link.child,
                    responsible=demo.users[f"{_authority(world, i)}.socialworker"],
                    obtained_on=today - timedelta(days=i % 400),
                    due_on=today - timedelta(days=i % 400) + timedelta(days=30),
                    status="pending" if i % 10 == 0 else "provided",
                )
                for i, link in zip(indices, links, strict=True)
            ],
            PrivacyNotice,
            default_change_reason="Privacy notice owed (scale data)",
        )

    world.in_batches("consent records", len(consents_todo), consents)
    world.in_batches("sharing decisions", len(decisions_todo), decisions)
    world.in_batches("privacy notices", len(notices_todo), notices)
    return {"consents": len(consents_todo), "decisions": len(decisions_todo), "privacy_notices": len(notices_todo)}
