"""The quick contact form: quick to fill on a phone."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from portal.caseload.models import ContactKind
from portal.meetings.forms import _date
from portal.web.forms import OnceOnlyForm

KIND_NAMES = {
    ContactKind.in_person: _l("Met in person"),
    ContactKind.phone: _l("Phone call"),
    ContactKind.message: _l("Text or message"),
    ContactKind.online: _l("Online"),
}


class ContactForm(OnceOnlyForm):
    contact_date = StringField(_l("Date"), validators=[DataRequired(message=_l("Enter the date")), _date])
    kind = RadioField(_l("How you were in touch"), choices=[SelectChoice(k.value, KIND_NAMES[k]) for k in ContactKind], validate_choice=False)
    venue = StringField(_l("Where (optional)"), validators=[Length(max=200, message=_l("Use 200 characters or fewer"))])
    support_given = StringField(_l("Support given (optional)"), validators=[Length(max=300, message=_l("Use 300 characters or fewer"))])
    follow_up_needed = BooleanField(_l("Follow-up needed"))
    follow_up = StringField(_l("What follow-up (optional)"), validators=[Length(max=300, message=_l("Use 300 characters or fewer"))])

    def validate_kind(self, field):
        if field.data not in {k.value for k in ContactKind}:
            raise ValidationError(_l("Choose how you were in touch"))
