"""Forms to delete your account, and for administrators to log and answer requests about data."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from portal.accounts.models import ConsentKind
from portal.meetings.forms import _date
from portal.rights.models import REASON_MAX, REQUESTER_MAX, RequestKind, RequestStatus
from portal.rights.services import Contributions
from portal.web.forms import OnceOnlyForm, one_of

KIND_NAMES = {
    RequestKind.access: _l("To see their information (subject access)"),
    RequestKind.erasure: _l("To delete their information (erasure)"),
    RequestKind.rectification: _l("To correct their information (rectification)"),
    RequestKind.objection: _l("To stop a use of their information (objection)"),
}
STATUS_NAMES = {
    RequestStatus.open: _l("Open"),
    RequestStatus.extended: _l("Extended"),
    RequestStatus.done: _l("Answered"),
    RequestStatus.refused: _l("Refused"),
}
CONSENT_NAMES = {
    ConsentKind.privacy_notice: _l("Reading how your information is used"),
    ConsentKind.taking_part: _l("Taking part in co-production"),
    ConsentKind.contact: _l("Being contacted about your groups"),
    ConsentKind.act_on_behalf: _l("A community connector sharing ideas and votes for you, when you ask"),
}
CONTRIBUTION_NAMES = {
    Contributions.keep: _l("Keep what I shared, without my name. It will show as from a “Former member”."),
    Contributions.remove: _l("Remove my ideas and replies."),
}


class DeleteAccountForm(OnceOnlyForm):
    """Confirm, with the password (or card PIN), that the account should go for good."""

    contributions = RadioField(
        _l("What should happen to the ideas and replies you shared?"),
        choices=[SelectChoice(choice.value, CONTRIBUTION_NAMES[choice]) for choice in Contributions],
        validators=[one_of(Contributions)],
        validate_choice=False,
    )
    understood = BooleanField(
        _l("I understand my account will be deleted and this cannot be undone"),
        validators=[InputRequired(message=_l("Confirm you understand your account will be deleted"))],
    )
    password = PasswordField(
        _l("Your password, or your PIN if you sign in with a card"),
        validators=[DataRequired(message=_l("Enter your password, or the PIN for your card")), Length(max=128)],
    )


class LogRequestForm(OnceOnlyForm):
    kind = RadioField(
        _l("What did they ask for?"),
        choices=[SelectChoice(kind.value, KIND_NAMES[kind]) for kind in RequestKind],
        validators=[one_of(RequestKind)],
        validate_choice=False,
    )
    received_on = StringField(_l("The day it arrived"), validators=[DataRequired(message=_l("Enter the day the request arrived")), _date])
    requester = StringField(
        _l("Their name on this website (optional)"),
        validators=[Length(max=REQUESTER_MAX, message=_l("Use %(max)d characters or fewer"))],
    )
    made_offline = BooleanField(_l("They asked by letter, phone or in person"))


class UpdateRequestForm(OnceOnlyForm):
    status = RadioField(
        _l("Where it is up to"),
        choices=[SelectChoice(status.value, STATUS_NAMES[status]) for status in RequestStatus],
        validators=[one_of(RequestStatus)],
        validate_choice=False,
    )
    reason = TextAreaField(
        _l("Reason (needed to extend or refuse)"),
        validators=[Length(max=REASON_MAX, message=_l("Use %(max)d characters or fewer"))],
    )
