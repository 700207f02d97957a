"""Forms for safeguarding leads."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from portal.safeguarding.models import NOTE_MAX, CaseCategory, CaseStatus, LawfulBasis, OutcomesMet, RiskAnswer, Trigger, Urgency
from portal.web.forms import OnceOnlyForm, PortalForm, one_of


RISK_NAMES = {
    RiskAnswer.no: _l("No"),
    RiskAnswer.danger_now: _l("Yes, someone is in danger right now"),
    RiskAnswer.yes_me: _l("Yes, me"),
    RiskAnswer.yes_someone_else: _l("Yes, someone else"),
    RiskAnswer.not_sure: _l("I am not sure"),
}


class AnswerForm(PortalForm):
    """The safety question again, when only the words in a message suggested a risk."""

    risk = RadioField(
        _l("Is anyone in danger or at risk of harm?"),
        choices=[SelectChoice(answer.value, RISK_NAMES[answer]) for answer in RiskAnswer],
        validate_choice=False,
    )

    def validate_risk(self, field):
        if field.data not in RiskAnswer.__members__:
            raise ValidationError(_l("Say if anyone is in danger or at risk of harm"))


CONTACT_NAMES = {
    "inbox": _l("A message on this website"),
    "phone": _l("A phone call"),
    "connector": _l("Through my community connector"),
    "none": _l("Please do not contact me"),
}


class ContactForm(PortalForm):
    way = RadioField(
        _l("How can a safeguarding lead contact you?"), choices=[SelectChoice(key, name) for key, name in CONTACT_NAMES.items()], validate_choice=False
    )
    phone = StringField(_l("Phone number"), validators=[Length(max=40, message=_l("Use 40 characters or fewer"))])
    name = StringField(_l("Your name (optional)"), validators=[Length(max=200, message=_l("Use 200 characters or fewer"))])
    detail = TextAreaField(
        _l("Anything else that would help us find or reach you (optional)"),
        validators=[Length(max=500, message=_l("Use 500 characters or fewer"))],
    )

    def validate_way(self, field):
        if field.data not in CONTACT_NAMES:
            raise ValidationError(_l("Choose how we can contact you"))


class NoteForm(OnceOnlyForm):
    text = TextAreaField(
        _l("Add to the record"),
        validators=[DataRequired(message=_l("Write the note")), Length(max=NOTE_MAX, message=_l("Use %(max)d characters or fewer"))],
    )


class ConfirmForm(PortalForm):
    """A form that is only a button."""


URGENCY_NAMES = {
    Urgency.immediate: _l("Immediate"),
    Urgency.same_day: _l("Same day"),
    Urgency.next_working_day: _l("Next working day"),
}
STATUS_NAMES = {
    CaseStatus.new: _l("New"),
    CaseStatus.acknowledged: _l("Acknowledged"),
    CaseStatus.triaged: _l("Triaged"),
    CaseStatus.referred: _l("Referred"),
    CaseStatus.no_further_action: _l("No further action"),
    CaseStatus.closed: _l("Closed"),
}
TRIGGER_NAMES = {
    Trigger.answer: _l("They said someone is at risk"),
    Trigger.lexicon: _l("Words in the message"),
    Trigger.moderator: _l("A moderator flagged it"),
    Trigger.worried: _l("Someone said they were worried"),
}
NOTE_NAMES = {
    "opened": _l("Case opened"),
    "acknowledged": _l("Acknowledged"),
    "person_answered": _l("They answered the safety question"),
    "contact_way": _l("They chose how to be contacted"),
    "note": _l("Note"),
    "triaged": _l("Triaged"),
    "referred": _l("Referred"),
    "no_further_action": _l("No further action"),
    "closed": _l("Closed"),
    "shared": _l("Shared"),
    "not_shared": _l("Decided not to share"),
    "escalated": _l("Overdue: sent to a second lead"),
    "identity_opened": _l("Identity opened"),
    "assigned": _l("Given to another lead"),
    "account_deleted": _l("They deleted their account. This record is kept"),
}
NAMES = {
    "urgency_names": URGENCY_NAMES,
    "status_names": STATUS_NAMES,
    "trigger_names": TRIGGER_NAMES,
    "note_names": NOTE_NAMES,
    "risk_names": RISK_NAMES,
    "contact_names": CONTACT_NAMES,
}


CATEGORY_NAMES = {
    CaseCategory.physical: _l("Physical abuse"),
    CaseCategory.domestic_abuse: _l("Domestic abuse"),
    CaseCategory.sexual: _l("Sexual abuse"),
    CaseCategory.psychological: _l("Psychological or emotional abuse"),
    CaseCategory.financial: _l("Financial or material abuse"),
    CaseCategory.modern_slavery: _l("Modern slavery"),
    CaseCategory.discriminatory: _l("Discriminatory abuse"),
    CaseCategory.organisational: _l("Organisational abuse"),
    CaseCategory.neglect: _l("Neglect or acts of omission"),
    CaseCategory.self_neglect: _l("Self-neglect"),
    CaseCategory.self_harm_or_suicide: _l("Self-harm or suicide risk"),
    CaseCategory.child_at_risk: _l("A child at risk"),
    CaseCategory.other: _l("Other"),
}
OUTCOME_NAMES = {
    OutcomesMet.fully: _l("Yes, fully"),
    OutcomesMet.partly: _l("Partly"),
    OutcomesMet.not_met: _l("No"),
    OutcomesMet.not_asked: _l("We could not ask them"),
}
BASIS_NAMES = {
    LawfulBasis.consent: _l("The person agreed"),
    LawfulBasis.vital_interests: _l("To protect someone's life (vital interests)"),
    LawfulBasis.safeguarding_individuals: _l("Safeguarding of children and adults at risk"),
    LawfulBasis.legal_obligation: _l("A legal duty"),
    LawfulBasis.public_task: _l("The service's public task"),
    LawfulBasis.not_shared: _l("Not shared"),
}
YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]



class TriageForm(OnceOnlyForm):
    category = RadioField(_l("What kind of harm"), choices=[SelectChoice(c.value, CATEGORY_NAMES[c]) for c in CaseCategory], validators=[one_of(CATEGORY_NAMES)], validate_choice=False)
    urgency = RadioField(_l("How urgent"), choices=[SelectChoice(u.value, URGENCY_NAMES[u]) for u in Urgency], validators=[one_of(URGENCY_NAMES)], validate_choice=False)
    about_adult = RadioField(_l("Is it about an adult (18 or over)?"), choices=YES_NO, validators=[one_of(("yes", "no"))], validate_choice=False)
    s42_care_needs = BooleanField(_l("They have needs for care and support"))
    s42_experiencing_abuse = BooleanField(_l("They are experiencing, or at risk of, abuse or neglect"))
    s42_cannot_protect_self = BooleanField(_l("Because of those needs, they cannot protect themselves"))


class ReferForm(OnceOnlyForm):
    referred_to = StringField(_l("Referred to"), validators=[DataRequired(message=_l("Say who it was referred to")), Length(max=200, message=_l("Use %(max)d characters or fewer"))])
    reference = StringField(_l("Their reference (optional)"), validators=[Length(max=100, message=_l("Use %(max)d characters or fewer"))])


class NoActionForm(OnceOnlyForm):
    reason = TextAreaField(_l("Why no further action"), validators=[DataRequired(message=_l("Give the reason")), Length(max=1000, message=_l("Use %(max)d characters or fewer"))])


class CloseForm(OnceOnlyForm):
    wishes = TextAreaField(
        _l("What the person wanted to happen"),
        validators=[DataRequired(message=_l("Write what the person wanted, or why you could not ask")), Length(max=1000, message=_l("Use %(max)d characters or fewer"))],
    )
    outcomes_met = RadioField(_l("Did that happen?"), choices=[SelectChoice(o.value, OUTCOME_NAMES[o]) for o in OutcomesMet], validators=[one_of(OUTCOME_NAMES)], validate_choice=False)


class ShareForm(OnceOnlyForm):
    shared = RadioField(_l("Are you sharing it?"), choices=YES_NO, validators=[one_of(("yes", "no"))], validate_choice=False)
    with_whom = StringField(_l("Who with"), validators=[Length(max=200, message=_l("Use %(max)d characters or fewer"))])
    reason = TextAreaField(_l("Why"), validators=[DataRequired(message=_l("Give the reason")), Length(max=1000, message=_l("Use %(max)d characters or fewer"))])
    lawful_basis = RadioField(_l("Lawful basis"), choices=[SelectChoice(b.value, BASIS_NAMES[b]) for b in LawfulBasis], validators=[one_of(BASIS_NAMES)], validate_choice=False)


class BreakGlassForm(OnceOnlyForm):
    reason = TextAreaField(_l("Why you need to see who they are"), validators=[DataRequired(message=_l("Give the reason")), Length(max=1000, message=_l("Use %(max)d characters or fewer"))])
    keep_from_person = BooleanField(_l("Do not tell the person: telling them would raise the risk"))


class AssignForm(OnceOnlyForm):
    """Choices are the safeguarding leads, set by the view."""

    lead = RadioField(_l("Give the case to"), choices=[], validate_choice=False)

    def validate_lead(self, field):
        if field.data not in {str(choice.value if hasattr(choice, "value") else choice[0]) for choice in field.choices}:
            raise ValidationError(_l("Choose a safeguarding lead from the list"))


class ShiftForm(OnceOnlyForm):
    lead = RadioField(_l("Who"), choices=[], validate_choice=False)
    day = StringField(_l("Day"), validators=[DataRequired(message=_l("Enter the day"))])
    starts = StringField(_l("Shift starts"), validators=[DataRequired(message=_l("Enter the start time"))])
    ends = StringField(_l("Shift ends"), validators=[DataRequired(message=_l("Enter the end time"))])

NAMES.update(category_names=CATEGORY_NAMES, outcome_names=OUTCOME_NAMES, basis_names=BASIS_NAMES)
