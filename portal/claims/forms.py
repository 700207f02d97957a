"""Forms to make a claim and to decide one."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation, ValidationError

from portal.claims.models import CLAIM_MAX_PENCE, ClaimKind, ClaimStatus
from portal.web.forms import MoneyField, OnceOnlyForm

KIND_NAMES = {
    ClaimKind.travel: _l("Travel costs"),
    ClaimKind.care_cover: _l("Childcare or carer cover"),
    ClaimKind.payment: _l("Payment for my time"),
}
STATUS_NAMES = {
    ClaimStatus.submitted: _l("Waiting for a decision"),
    ClaimStatus.approved: _l("Approved"),
    ClaimStatus.rejected: _l("Not approved"),
    ClaimStatus.waived: _l("You said you would rather not be paid"),
}


class ClaimForm(OnceOnlyForm):
    """A claim for one kind of support at one meeting. Kind choices are set by the view."""

    kind = RadioField(_l("What are you claiming for?"), choices=[], validate_choice=False)
    #: Ignored for payment for time, which is worked out from the rate.
    amount = MoneyField(_l("How much, in pounds"))
    details = TextAreaField(_l("What it was for (optional)"), validators=[Length(max=500, message=_l("Use 500 characters or fewer"))])
    receipt = FileField(_l("Photo or PDF of the receipt"))
    person_asked = BooleanField(_l("They asked me to make this claim for them"))

    def validate_kind(self, field):
        if field.data not in {str(value) for value, _label in field.choices}:
            raise ValidationError(_l("Choose what you are claiming for"))

    def validate_amount(self, field):
        if self.kind.data == ClaimKind.payment.value:
            field.errors.clear()
            field.data = None
            raise StopValidation()
        if field.data is None and not field.errors:
            raise ValidationError(_l("Enter how much it cost, like 4.50"))
        if field.data is not None and not 1 <= field.data <= CLAIM_MAX_PENCE:
            raise ValidationError(_l("Enter an amount from £0.01 to £500"))


class DecisionForm(OnceOnlyForm):
    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice("approve", _l("Approve for payment")), SelectChoice("reject", _l("Do not approve"))],
        validate_choice=False,
    )
    note = TextAreaField(
        _l("Reason, if you do not approve (the person will read this)"),
        validators=[Length(max=500, message=_l("Use 500 characters or fewer"))],
    )

    def validate_decision(self, field):
        if field.data not in ("approve", "reject"):
            raise ValidationError(_l("Choose approve or do not approve"))

    def validate_note(self, field):
        if self.decision.data == "reject" and not (field.data or "").strip():
            raise ValidationError(_l("Say why, so the person understands"))
