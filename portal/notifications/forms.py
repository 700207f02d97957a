"""Forms for notification choices."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from portal.notifications.models import Frequency
from portal.web.forms import PortalForm


class PreferencesForm(PortalForm):
    email = BooleanField(_l("By email"))
    sms = BooleanField(_l("By text message"))
    connector = BooleanField(_l("Through my community connector"))
    connector_name = StringField(
        _l("Your community connector’s name on this website"),
        validators=[Length(max=64, message=_l("Use 64 characters or fewer"))],
    )
    frequency = RadioField(
        _l("How often"),
        choices=[
            SelectChoice(Frequency.immediately.value, _l("Straight away")),
            SelectChoice(Frequency.daily.value, _l("Once a day at most")),
            SelectChoice(Frequency.weekly.value, _l("Once a week at most")),
        ],
        validate_choice=False,
    )

    def validate_frequency(self, field):
        if field.data not in {f.value for f in Frequency}:
            raise ValidationError(_l("Choose how often"))


class ConfirmForm(PortalForm):
    """A form that is only a button."""
