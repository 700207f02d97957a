"""Forms for signing up, signing in, recovery, two-factor and a person's own settings."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from portal.accounts.models import PASSWORD_MAX, PSEUDONYM_MAX
from portal.web.forms import OnceOnlyForm, PortalForm
from portal.web.i18n import LANGUAGES
from portal.web.permissions import ROLE_NAMES, Role


def _password(label, required_message):
    return PasswordField(
        label,
        validators=[
            DataRequired(message=required_message),
            Length(max=PASSWORD_MAX, message=_l("Use %(max)d characters or fewer for your password")),
        ],
    )


class SignUpForm(OnceOnlyForm):
    """Join with a made-up name and a password; nothing else is needed."""

    pseudonym = StringField(
        _l("Choose a name to use here"),
        validators=[
            DataRequired(message=_l("Choose a name to use here")),
            Length(max=PSEUDONYM_MAX + 20, message=_l("Use 32 characters or fewer for your name")),
        ],
    )
    password = _password(_l("Create a password"), _l("Create a password"))
    age = BooleanField(_l("I am 16 or over"), validators=[DataRequired(message=_l("Confirm you are 16 or over"))])
    privacy = BooleanField(
        _l("I have read how my information is used"),
        validators=[DataRequired(message=_l("Confirm you have read how your information is used"))],
    )


class SignInForm(PortalForm):
    pseudonym = StringField(_l("Your name on this website"), validators=[DataRequired(message=_l("Enter your name on this website")), Length(max=64)])
    password = _password(_l("Password"), _l("Enter your password"))


class RecoverForm(PortalForm):
    pseudonym = StringField(_l("Your name on this website"), validators=[DataRequired(message=_l("Enter your name on this website")), Length(max=64)])
    code = StringField(
        _l("Recovery code"),
        validators=[DataRequired(message=_l("Enter your recovery code")), Length(max=40, message=_l("Enter the code as it was given to you"))],
    )
    password = _password(_l("New password"), _l("Create a new password"))


class ChangePasswordForm(OnceOnlyForm):
    current = _password(_l("Current password"), _l("Enter your current password"))
    password = _password(_l("New password"), _l("Create a new password"))


class TwoFactorForm(PortalForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_l("Enter the code")), Length(max=40, message=_l("Enter the code as it is shown"))],
    )


class ConfirmForm(PortalForm):
    """A form that is only a button (sign out, agree, new code)."""


class LanguageForm(PortalForm):
    language = RadioField(
        _l("Language"),
        choices=[SelectChoice("", _l("The same as my browser"))]
        + [SelectChoice(code, language.native_name) for code, language in LANGUAGES.items()],
        validate_choice=False,
    )

    def validate_language(self, field):
        if field.data not in {"", *LANGUAGES}:
            raise ValidationError(_l("Choose a language from the list"))


class NeedsForm(OnceOnlyForm):
    """Communication needs, as in the NHS Accessible Information Standard."""

    needs_language = StringField(
        _l("Language you prefer for health services (optional)"),
        validators=[Optional(), Length(max=60, message=_l("Use 60 characters or fewer"))],
    )
    needs_interpreter = BooleanField(_l("I need an interpreter"))
    needs_easy_read = BooleanField(_l("Easy read"))
    needs_large_print = BooleanField(_l("Large print"))
    needs_bsl = BooleanField(_l("British Sign Language (BSL)"))
    needs_other = TextAreaField(
        _l("Anything else that helps you (optional)"),
        validators=[Optional(), Length(max=200, message=_l("Use 200 characters or fewer"))],
    )


class ContactForm(OnceOnlyForm):
    email = StringField(
        _l("Email address (optional)"),
        validators=[Optional(), Length(max=254, message=_l("Use 254 characters or fewer")), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an email address like name@example.com"))],
    )
    mobile = StringField(
        _l("UK mobile number (optional)"),
        validators=[Optional(), Regexp(r"^(\+44\s?7\d{3}|07\d{3})\s?\d{3}\s?\d{3}$", message=_l("Enter a UK mobile number like 07700 900 982"))],
    )


class VisibilityForm(PortalForm):
    listed = BooleanField(_l("Show my name to other members of my groups"))


class ResetRecoveryForm(OnceOnlyForm):
    pseudonym = StringField(_l("Their name on this website"), validators=[DataRequired(message=_l("Enter their name on this website")), Length(max=64)])
    met = BooleanField(
        _l("I have met this person and I am sure this is their account"),
        validators=[InputRequired(message=_l("Confirm you have met this person"))],
    )


class RolesForm(OnceOnlyForm):
    participant = BooleanField(ROLE_NAMES[Role.participant])
    intermediary = BooleanField(ROLE_NAMES[Role.intermediary])
    staff = BooleanField(ROLE_NAMES[Role.staff])
    safeguarding_lead = BooleanField(ROLE_NAMES[Role.safeguarding_lead])
    admin = BooleanField(ROLE_NAMES[Role.admin])
    commissioner = BooleanField(ROLE_NAMES[Role.commissioner])

    def chosen(self) -> set[Role]:
        return {role for role in Role if self[role.value].data}


def _pin(label):
    return PasswordField(
        label,
        validators=[DataRequired(message=_l("Enter a PIN of 4 to 6 numbers")), Length(max=6, message=_l("Enter a PIN of 4 to 6 numbers"))],
    )


class AssistedSignUpForm(OnceOnlyForm):
    """A community connector signs someone up in the room."""

    pseudonym = StringField(
        _l("Name to use on this website"),
        validators=[DataRequired(message=_l("Choose a name to use here")), Length(max=PSEUDONYM_MAX + 20, message=_l("Use 32 characters or fewer for your name"))],
    )
    pin = _pin(_l("PIN the person chooses"))
    language = RadioField(
        _l("Language they would like"),
        choices=[SelectChoice(code, language.native_name) for code, language in LANGUAGES.items()],
        validate_choice=False,
    )
    needs_interpreter = BooleanField(_l("Needs an interpreter"))
    needs_easy_read = BooleanField(_l("Easy read"))
    needs_large_print = BooleanField(_l("Large print"))
    needs_bsl = BooleanField(_l("British Sign Language (BSL)"))
    taking_part = BooleanField(_l("They agree to take part in co-production"))
    contact = BooleanField(_l("They agree to be contacted about their groups"))
    act_on_behalf = BooleanField(_l("They agree that a community connector can share ideas and votes for them, one at a time, when they ask"))
    #: Choices are the groups the connector runs, set by the view.
    group = RadioField(_l("Add them to a group you run"), choices=[], validate_choice=False, default="")
    explained = BooleanField(
        _l("I have explained how their information is used, in a language they understand"),
        validators=[InputRequired(message=_l("Confirm you have explained how their information is used"))],
    )

    def validate_language(self, field):
        if field.data not in LANGUAGES:
            raise ValidationError(_l("Choose a language from the list"))

    def validate_taking_part(self, field):
        if not field.data:
            raise ValidationError(_l("They need to agree to take part before they can join"))

    def validate_group(self, field):
        if (field.data or "") not in {str(value) for value, _label in field.choices}:
            raise ValidationError(_l("Choose a group from the list"))


class CardSignInForm(PortalForm):
    code = StringField(
        _l("Card code"),
        validators=[DataRequired(message=_l("Enter the code on your card")), Length(max=20, message=_l("Enter the code as it is on your card"))],
    )
    pin = _pin(_l("PIN"))


class NewCardForm(OnceOnlyForm):
    pseudonym = StringField(_l("Their name on this website"), validators=[DataRequired(message=_l("Enter their name on this website")), Length(max=64)])
    met = BooleanField(
        _l("I have met this person and I am sure this is their account"),
        validators=[InputRequired(message=_l("Confirm you have met this person"))],
    )


class ResetPinForm(NewCardForm):
    pin = _pin(_l("New PIN the person chooses"))
