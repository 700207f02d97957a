"""The idea form: the safety question first, then what happened and what should change."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from portal.groups.forms import TOUCHPOINT_NAMES
from portal.groups.models import Touchpoint
from portal.ideas.models import TEXT_MAX, HideReason, IdeaStatus, ReportReason
from portal.safeguarding.forms import RISK_NAMES
from portal.safeguarding.models import RiskAnswer
from portal.web.forms import OnceOnlyForm, PortalForm

STATUS_NAMES = {
    IdeaStatus.awaiting_translation: _l("Waiting for a translation, then a moderator"),
    IdeaStatus.awaiting_moderation: _l("Waiting for a moderator to read it"),
    IdeaStatus.published: _l("Published"),
    IdeaStatus.changes_requested: _l("A moderator asked you to change it"),
    IdeaStatus.hidden: _l("Hidden"),
    IdeaStatus.held: _l("Kept private: a safeguarding lead reads it first"),
}
_LIMIT = _l("Use %(max)d characters or fewer")


class IdeaForm(OnceOnlyForm):
    """Language and group choices are set by the view."""

    risk = RadioField(
        _l("Is anyone in danger or at risk of harm?"),
        choices=[SelectChoice(answer.value, RISK_NAMES[answer]) for answer in RiskAnswer],
        validate_choice=False,
    )
    touchpoint = RadioField(
        _l("When did it happen?"),
        choices=[SelectChoice(point.value, TOUCHPOINT_NAMES[point]) for point in Touchpoint],
        validate_choice=False,
        default=Touchpoint.other.value,
    )
    what_happened = TextAreaField(_l("What happened?"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])
    what_should_change = TextAreaField(_l("What should change?"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])
    language = RadioField(_l("Which language are you writing in?"), choices=[], validate_choice=False)
    group = RadioField(_l("Which group is it for?"), choices=[], validate_choice=False, default="")
    anonymous = BooleanField(_l("Show it as “anonymous” instead of my name"))
    about_own_care = BooleanField(_l("It is about my own care"))
    person_asked = BooleanField(_l("They asked me to share this for them, and I wrote their words"))

    def validate_risk(self, field):
        if field.data not in RiskAnswer.__members__:
            raise ValidationError(_l("Say if anyone is in danger or at risk of harm"))

    def validate_touchpoint(self, field):
        if field.data not in Touchpoint.__members__:
            raise ValidationError(_l("Choose when it happened"))

    def validate_language(self, field):
        if field.data not in {str(value) for value, _label in field.choices}:
            raise ValidationError(_l("Choose a language from the list"))

    def validate_group(self, field):
        if (field.data or "") not in {str(value) for value, _label in field.choices}:
            raise ValidationError(_l("Choose a group from the list"))

    def validate_what_happened(self, field):
        if not (field.data or "").strip() and not (self.what_should_change.data or "").strip() and self.risk.data != RiskAnswer.danger_now.value:
            raise ValidationError(_l("Tell us what happened or what should change"))


HIDE_REASON_NAMES = {
    HideReason.personal_details: _l("It has personal details that could identify someone"),
    HideReason.not_respectful: _l("It is not respectful to someone"),
    HideReason.off_topic: _l("It is not about the service or the group"),
    HideReason.duplicate: _l("Someone has already said the same"),
    HideReason.other: _l("Another reason (the moderator explains)"),
}
REPORT_REASON_NAMES = {
    ReportReason.personal_details: _l("It shows someone's personal details"),
    ReportReason.not_respectful: _l("It is rude or hurtful"),
    ReportReason.false: _l("It is not true"),
    ReportReason.spam: _l("It is advertising or spam"),
    ReportReason.other: _l("Something else"),
}


class ModerationForm(OnceOnlyForm):
    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("publish", _l("Publish it")),
            SelectChoice("ask_change", _l("Ask the author to change it")),
            SelectChoice("hide", _l("Hide it")),
            SelectChoice("safeguarding", _l("Send it to a safeguarding lead (someone may be at risk)")),
        ],
        validate_choice=False,
    )
    reason = RadioField(_l("Why (the author will read this in their language)"), choices=[SelectChoice(r.value, HIDE_REASON_NAMES[r]) for r in HideReason], validate_choice=False)
    note = TextAreaField(_l("Anything to add for the author (optional)"), validators=[Length(max=500, message=_LIMIT)])

    def validate_decision(self, field):
        if field.data not in ("publish", "ask_change", "hide", "safeguarding"):
            raise ValidationError(_l("Choose a decision"))

    def validate_reason(self, field):
        if self.decision.data in ("ask_change", "hide") and field.data not in HideReason.__members__:
            raise ValidationError(_l("Choose why, so the author understands"))


class TranslationForm(OnceOnlyForm):
    what_happened = TextAreaField(_l("What happened, in English"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])
    what_should_change = TextAreaField(_l("What should change, in English"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])

    def validate_what_happened(self, field):
        if not (field.data or "").strip() and not (self.what_should_change.data or "").strip():
            raise ValidationError(_l("Write the translation"))


class ReviseForm(OnceOnlyForm):
    risk = RadioField(
        _l("Is anyone in danger or at risk of harm?"),
        choices=[SelectChoice(answer.value, RISK_NAMES[answer]) for answer in RiskAnswer],
        validate_choice=False,
    )
    what_happened = TextAreaField(_l("What happened?"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])
    what_should_change = TextAreaField(_l("What should change?"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])

    def validate_risk(self, field):
        if field.data not in RiskAnswer.__members__:
            raise ValidationError(_l("Say if anyone is in danger or at risk of harm"))

    def validate_what_happened(self, field):
        if not (field.data or "").strip() and not (self.what_should_change.data or "").strip():
            raise ValidationError(_l("Tell us what happened or what should change"))


class ReportForm(OnceOnlyForm):
    reason = RadioField(_l("What is wrong with it?"), choices=[SelectChoice(r.value, REPORT_REASON_NAMES[r]) for r in ReportReason], validate_choice=False)

    def validate_reason(self, field):
        if field.data not in ReportReason.__members__:
            raise ValidationError(_l("Choose what is wrong with it"))


class ReplyForm(OnceOnlyForm):
    text = TextAreaField(
        _l("Your reply"),
        validators=[DataRequired(message=_l("Write your reply")), Length(max=2000, message=_LIMIT)],
    )


class WorriedForm(OnceOnlyForm):
    text = TextAreaField(
        _l("What worries you?"),
        validators=[DataRequired(message=_l("Tell us what worries you")), Length(max=TEXT_MAX, message=_LIMIT)],
    )


class SameHereForm(PortalForm):
    """A form that is only a button."""
