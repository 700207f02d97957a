"""Forms for groups."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from portal.groups.models import NAME_MAX, TEXT_MAX, JoinPolicy, Moderation, Touchpoint
from portal.web.forms import OnceOnlyForm, PortalForm

TOUCHPOINT_NAMES = {
    Touchpoint.referral: _l("Being referred"),
    Touchpoint.first_contact: _l("First contact"),
    Touchpoint.assessment: _l("Assessment"),
    Touchpoint.follow_up: _l("Follow-up"),
    Touchpoint.discharge: _l("Leaving the service"),
    Touchpoint.other: _l("Something else"),
}
JOIN_POLICY_NAMES = {
    JoinPolicy.open: _l("Anyone can join"),
    JoinPolicy.request: _l("Ask to join; a facilitator says yes"),
    JoinPolicy.invitation: _l("By invitation from a community connector"),
}


def _text(label, required_message=None, limit=TEXT_MAX):
    validators = [Length(max=limit, message=_l("Use %(max)d characters or fewer"))]
    if required_message:
        validators.insert(0, DataRequired(message=required_message))
    return TextAreaField(label, validators=validators)


class GroupForm(OnceOnlyForm):
    name = StringField(
        _l("Group name"),
        validators=[DataRequired(message=_l("Enter the group name")), Length(min=3, max=NAME_MAX, message=_l("Use 3 to 120 characters"))],
    )
    pathway = StringField(
        _l("Which service it works on"),
        validators=[DataRequired(message=_l("Enter which service it works on")), Length(min=3, max=NAME_MAX, message=_l("Use 3 to 120 characters"))],
    )
    touchpoints = SelectMultipleField(
        _l("Where in people’s care it works"),
        choices=[SelectChoice(t.value, TOUCHPOINT_NAMES[t]) for t in Touchpoint],
        validate_choice=False,
    )
    description = _text(_l("What the group is for"), _l("Say what the group is for"))
    languages = StringField(_l("Languages spoken (optional)"), validators=[Length(max=200, message=_l("Use 200 characters or fewer"))])
    join_policy = RadioField(
        _l("How people join"),
        choices=[SelectChoice(p.value, JOIN_POLICY_NAMES[p]) for p in JoinPolicy],
        validate_choice=False,
    )
    moderation = RadioField(
        _l("When a moderator reads the group’s ideas"),
        choices=[
            SelectChoice(Moderation.pre.value, _l("Before anyone else sees them")),
            SelectChoice(Moderation.post.value, _l("After they are shown (ideas with personal details, or reported ones, still wait)")),
        ],
        validate_choice=False,
        default=Moderation.pre.value,
    )
    sensitive = BooleanField(_l("This group is sensitive (for example, about domestic abuse): never show its name in page titles, calendar files, emails or texts"))
    who_runs_it = _text(_l("Who runs it"))
    what_happens = _text(_l("What happens at a meeting"))
    how_information_is_used = _text(_l("How information is used"))
    adjustments = _text(_l("How to ask for adjustments"))
    easy_read = _text(_l("Easy read version of all of this (optional)"))

    def validate_touchpoints(self, field):
        if any(value not in {t.value for t in Touchpoint} for value in field.data or []):
            raise ValidationError(_l("Choose from the list"))

    def validate_moderation(self, field):
        if field.data not in {m.value for m in Moderation}:
            raise ValidationError(_l("Choose when a moderator reads the ideas"))

    def validate_join_policy(self, field):
        if field.data not in {p.value for p in JoinPolicy}:
            raise ValidationError(_l("Choose how people join"))

    def data_for_service(self) -> dict:
        return {
            "name": self.name.data,
            "pathway": self.pathway.data,
            "touchpoints": self.touchpoints.data or [],
            "description": self.description.data,
            "languages": [item.strip() for item in re.split(r"[,،、]", self.languages.data or "") if item.strip()][:12],
            "join_policy": self.join_policy.data,
            "sensitive": self.sensitive.data,
            "moderation": self.moderation.data,
            "who_runs_it": self.who_runs_it.data or "",
            "what_happens": self.what_happens.data or "",
            "how_information_is_used": self.how_information_is_used.data or "",
            "adjustments": self.adjustments.data or "",
            "easy_read": self.easy_read.data or "",
        }


class FacilitatorForm(OnceOnlyForm):
    pseudonym = StringField(
        _l("Name of the staff member or community connector"),
        validators=[DataRequired(message=_l("Enter their name on this website")), Length(max=64)],
    )


class ConfirmForm(PortalForm):
    """A form that is only a button."""


class InvitationCodeForm(PortalForm):
    code = StringField(
        _l("Invitation code"),
        validators=[DataRequired(message=_l("Enter the invitation code")), Length(max=20, message=_l("Enter the code as it was given to you"))],
    )


class AdjustmentForm(OnceOnlyForm):
    text = TextAreaField(
        _l("What would help you take part?"),
        validators=[DataRequired(message=_l("Say what would help you")), Length(max=1000, message=_l("Use %(max)d characters or fewer"))],
    )
