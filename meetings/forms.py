"""GOV.UK forms for professionals meetings (crispy-forms-gds). They collect and tidy what was typed;
the rules live in `meetings.services`, whose ValidationErrors come back onto these fields so the GOV.UK
error summary shows them with everything the user typed still there."""

from django import forms

from meetings import selectors
from meetings.models import ProfessionalsMeeting
from meetings.services import ActionDetails, MeetingCall, MeetingCancel, MinutesDetails, MinutesShare
from portal.forms import YES_NO, GovukForm, event_date_field, text_area_field, yes_no_to_bool
from portal.forms import required as _required
from portal.models import Child, User
from sharing import selectors as sharing_selectors
from sharing.models import InformationCategory, LawfulBasis, LegalGateway, SharingDecision


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj}, {obj.organisation}" if obj.organisation_id else str(obj)


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        where = ", ".join(x for x in [obj.job_title, obj.organisation.name if obj.organisation_id else ""] if x)
        return f"{obj} ({where})" if where else str(obj)


class _MeetingForm(GovukForm):
    """The questions of calling a meeting, asked again to change it."""

    reason = text_area_field(
        "Why is the meeting needed?",
        "Say why the meeting is needed",
        help_text="For example, the family is resisting intervention, or the agencies are stuck.",
    )
    meets_on = event_date_field("Date of the meeting", required=True, message="Enter the date of the meeting")
    invitees = PeopleField(
        label="Who is invited?",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The practitioners of every agency involved with the child. Those on the child's "
        "'who is involved' list are already ticked.",
        error_messages=_required("Invite at least one practitioner from the agencies involved"),
    )
    chair = PersonChoiceField(
        label="Who chairs the meeting?",
        queryset=User.objects.none(),
        empty_label="Choose the chair",
        help_text="Their team's managers are told if an action from the meeting is overdue.",
        error_messages=_required("Choose who chairs the meeting"),
    )

    def _offer(self, *, user: User, child: Child, also: frozenset[int] = frozenset()) -> None:
        """The people to invite and to chair. `also`: people who may stay on the list though not
        offered (those invited already)."""
        candidates, preselected = selectors.invitee_candidates(user=user, child=child)
        ids = [user.pk for user in candidates] + sorted(also)
        queryset = (
            User.objects.filter(pk__in=ids)
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "first_name", "pk")
        )
        self.fields["invitees"].queryset = queryset
        self.fields["chair"].queryset = queryset
        self.fields["invitees"].initial = sorted(preselected & set(ids))

    def details(self) -> MeetingCall:
        data = self.cleaned_data
        return MeetingCall(
            reason=data["reason"], meets_on=data["meets_on"], chair=data["chair"], invitees=list(data["invitees"])
        )


class CallForm(_MeetingForm):
    submit_label = "Call the meeting"

    def __init__(self, *args, user: User, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer(user=user, child=child)


class ChangeForm(_MeetingForm):
    """The called meeting's answers, to change: the same questions as calling it, as they stand."""

    submit_label = "Save the changes"

    def __init__(self, *args, user: User, meeting: ProfessionalsMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        invited = [row.user_id for row in meeting.invitees.all()]
        self._offer(user=user, child=meeting.child, also=frozenset(invited))
        self.fields["invitees"].initial = invited
        self.fields["invitees"].help_text = (
            "Those you add are told and can see the child's record; those you take off are told and lose "
            "the access their invitation gave."
        )
        self.initial.update({"reason": meeting.reason, "meets_on": meeting.meets_on, "chair": meeting.chair_id})


class CancelForm(GovukForm):
    submit_label = "Cancel the meeting"

    reason = text_area_field(
        "Why is the meeting cancelled?",
        "Say why the meeting is cancelled",
        rows=3,
        help_text="Those invited are told this reason.",
    )

    def details(self) -> MeetingCancel:
        return MeetingCancel(reason=self.cleaned_data["reason"])


class MinutesForm(GovukForm):
    submit_label = "Record the minutes"

    attended = forms.MultipleChoiceField(
        label="Who attended?",
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Choose who attended"),
    )
    facts = text_area_field(
        "What was reported (facts)",
        "Record what was reported at the meeting",
        rows=6,
        help_text="What each agency knows to have happened. Keep it apart from opinion.",
    )
    opinion = text_area_field(
        "Professional opinion and analysis (optional)", rows=4, help_text="What the professionals think about it."
    )
    decisions = text_area_field("What did the meeting decide?", "Record what the meeting decided", rows=4)

    def __init__(self, *args, meeting: ProfessionalsMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(row.user_id), f"{row.user}, {row.organisation}" if row.organisation_id else str(row.user))
            for row in selectors.invitees(meeting=meeting)
        ]

    def details(self) -> MinutesDetails:
        data = self.cleaned_data
        return MinutesDetails(
            attended={int(pk) for pk in data["attended"]},
            facts=data["facts"],
            opinion=data["opinion"],
            decisions=data["decisions"],
        )


class ActionForm(GovukForm):
    submit_label = "Add the action"

    description = text_area_field("What is to be done?", "Say what is to be done", rows=3)
    owner = PersonChoiceField(
        label="Who owns it?",
        queryset=User.objects.none(),
        empty_label="Choose the owner",
        error_messages=_required("Choose who owns the action"),
    )
    due_on = event_date_field("Due by", required=True, message="Enter the date the action is due by")

    def __init__(self, *args, meeting: ProfessionalsMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(pk__in=meeting.invitees.values("user_id"))
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")
        )

    def details(self) -> ActionDetails:
        data = self.cleaned_data
        return ActionDetails(description=data["description"], owner=data["owner"], due_on=data["due_on"])


class ShareForm(GovukForm):
    submit_label = "Share the minutes"

    categories = forms.MultipleChoiceField(
        label="What information do the minutes hold?",
        choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Choose the categories of information shared"),
    )
    article_6_basis = forms.ModelChoiceField(
        label="UK GDPR Article 6 lawful basis",
        queryset=LawfulBasis.objects.none(),
        empty_label="Choose a lawful basis",
        error_messages=_required("Choose the Article 6 lawful basis"),
    )
    article_9_condition = forms.ModelChoiceField(
        label="Article 9 condition (if health, ethnicity, religion or sexual life information is shared)",
        queryset=LawfulBasis.objects.none(),
        required=False,
        empty_label="None: no special category information",
    )
    legal_gateway = forms.ModelChoiceField(
        label="Legal gateway (optional)", queryset=LegalGateway.objects.none(), required=False, empty_label="None"
    )
    individual_told = forms.TypedChoiceField(
        label="Has the family been told the minutes are shared with the agencies?",
        choices=YES_NO,
        coerce=yes_no_to_bool,
        widget=forms.RadioSelect,
        error_messages=_required("Say whether the individual was told"),
    )
    not_told_reason = forms.ChoiceField(
        label="If not, why not?",
        choices=SharingDecision.NotToldReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reasons = text_area_field(
        "Your reasons for sharing", "Say why the minutes are shared with those who attended", rows=4
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shared without relying on consent: consent is not offered as the basis.
        bases = sharing_selectors.lawful_bases(kind=LawfulBasis.Kind.ARTICLE_6).exclude(is_consent=True)
        self.fields["article_6_basis"].queryset = bases
        self.fields["article_9_condition"].queryset = sharing_selectors.lawful_bases(kind=LawfulBasis.Kind.ARTICLE_9)
        self.fields["legal_gateway"].queryset = sharing_selectors.legal_gateways()

    def details(self) -> MinutesShare:
        data = self.cleaned_data
        return MinutesShare(
            categories=list(data["categories"]),
            article_6_basis=data["article_6_basis"],
            individual_told=data["individual_told"],
            reasons=data["reasons"],
            article_9_condition=data["article_9_condition"],
            legal_gateway=data["legal_gateway"],
            not_told_reason=data["not_told_reason"] or "",
        )
