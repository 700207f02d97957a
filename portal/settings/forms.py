"""The admin form for the service settings."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.form import Form
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.settings.services import VALIDATORS, InvalidSetting
from portal.web.forms import MoneyField, OnceOnlyForm, WholeNumberField
from portal.web.i18n import LANGUAGES

CONTACT_ROWS = 6


def service_rule(key: str, message):
    """Check a field with the same rule the settings service applies, with a form message."""

    def check(_form, field) -> None:
        if field.data:
            try:
                VALIDATORS[key](field.data)
            except InvalidSetting as error:
                raise ValidationError(message) from error

    return check


class ContactRow(Form):
    """One crisis contact; a row left empty is ignored."""

    name = StringField(_l("Name"), validators=[Optional(), Length(max=80, message=_l("Use 80 characters or fewer"))])
    description = StringField(_l("What it is for"), validators=[Optional(), Length(max=300, message=_l("Use 300 characters or fewer"))])
    tel = StringField(_l("Phone number"), validators=[Optional(), Length(max=20, message=_l("Use 20 characters or fewer"))])
    sms = StringField(_l("Text message number"), validators=[Optional(), Length(max=20, message=_l("Use 20 characters or fewer"))])


class ServiceSettingsForm(OnceOnlyForm):
    site_name = StringField(
        _l("Website name"),
        validators=[DataRequired(message=_l("Enter the website name")), Length(max=80, message=_l("Use 80 characters or fewer"))],
    )
    site_logo = StringField(
        _l("Logo (optional)"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Use 200 characters or fewer")),
            service_rule("site_logo", _l("Enter a path on this website, starting with /")),
        ],
    )
    quick_exit_url = StringField(
        _l("Where “Exit this page” goes"),
        validators=[
            DataRequired(message=_l("Enter a web address")),
            Length(max=500, message=_l("Use 500 characters or fewer")),
            service_rule("quick_exit_url", _l("Enter a web address that starts with https://")),
        ],
    )
    reviewed_languages = SelectMultipleField(
        _l("Translations checked by a native speaker"),
        choices=[SelectChoice(code, language.native_name) for code, language in LANGUAGES.items()],
        validate_choice=False,
    )
    session_timeout_minutes = WholeNumberField(
        _l("Sign participants out after this many minutes of doing nothing"),
        validators=[InputRequired(message=_l("Enter a number of minutes")), NumberRange(min=5, max=480, message=_l("Enter a number from %(min)s to %(max)s"))],
    )
    staff_session_timeout_minutes = WholeNumberField(
        _l("Sign staff out after this many minutes of doing nothing"),
        validators=[InputRequired(message=_l("Enter a number of minutes")), NumberRange(min=5, max=120, message=_l("Enter a number from %(min)s to %(max)s"))],
    )
    payment_rate = MoneyField(
        _l("Payment for an hour of someone's time at a meeting, in pounds"),
        validators=[
            InputRequired(message=_l("Enter an amount in pounds, like 25.00")),
            NumberRange(max=100_000, message=_l("Enter an amount of £1,000 or less")),
        ],
    )
    use_default_contacts = BooleanField(_l("Use the built-in crisis contacts for England and Wales"))
    contacts = FieldList(FormField(ContactRow), min_entries=CONTACT_ROWS, max_entries=CONTACT_ROWS)


