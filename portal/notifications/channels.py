"""Sending email (SMTP or GOV.UK Notify) and text messages (GOV.UK Notify).

Bodies never carry what a message says or anyone else's name: only that there is a new
message, a link, and how to stop these notices.
"""

from __future__ import annotations

import smtplib
import socket
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from portal.web.coded import CodedError


class DeliveryError(CodedError):
    """A delivery failed; `permanent` ones (a bad address) are not worth retrying."""

    def __init__(self, code: str, permanent: bool = False):
        super().__init__(code)
        self.permanent = permanent


@dataclass(frozen=True)
class Notice:
    """What one email or text says, already in the recipient's language."""

    to: str
    subject: str
    body: str
    #: Our outbox id, passed to the provider so a delivery can be traced and deduplicated.
    reference: str
    unsubscribe_url: str


def _notify_client() -> NotificationsAPIClient:
    config = current_app.config
    if not config["NOTIFY_API_KEY"]:
        raise DeliveryError("notify_not_configured")
    return NotificationsAPIClient(config["NOTIFY_API_KEY"], base_url=config["NOTIFY_BASE_URL"], timeout=config["NOTIFY_TIMEOUT"])


def _notify_error(error: Exception) -> DeliveryError:
    if isinstance(error, HTTPError):
        status = error.status_code or 0
        # 400 (bad address or template) and 403 (bad key) will not get better by waiting.
        return DeliveryError(f"notify_{status or 'unreachable'}", permanent=status in (400, 403))
    return DeliveryError("notify_error")


def send_email(notice: Notice) -> str:
    """Send one email; return the provider's reference."""
    backend = current_app.config["EMAIL_BACKEND"]
    if backend == "smtp":
        return _send_smtp(notice)
    if backend == "notify":
        try:
            response = _notify_client().send_email_notification(
                email_address=notice.to,
                template_id=current_app.config["NOTIFY_EMAIL_TEMPLATE_ID"],
                personalisation={"subject": notice.subject, "body": notice.body},
                reference=notice.reference,
                one_click_unsubscribe_url=notice.unsubscribe_url,
            )
        except Exception as error:  # noqa: BLE001  (every failure becomes a retry or a dead letter)
            raise _notify_error(error) from error
        return str(response.get("id", notice.reference))
    raise DeliveryError("email_not_configured")


def send_sms(notice: Notice) -> str:
    """Send one text message; return the provider's reference."""
    if current_app.config["SMS_BACKEND"] != "notify":
        raise DeliveryError("sms_not_configured")
    try:
        response = _notify_client().send_sms_notification(
            phone_number=notice.to,
            template_id=current_app.config["NOTIFY_SMS_TEMPLATE_ID"],
            personalisation={"body": notice.body},
            reference=notice.reference,
        )
    except Exception as error:  # noqa: BLE001
        raise _notify_error(error) from error
    return str(response.get("id", notice.reference))


def _send_smtp(notice: Notice) -> str:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["SMTP_FROM"]
    email["To"] = notice.to
    email["Subject"] = notice.subject
    # The same id on every attempt: a copy resent after a worker died is recognised as a repeat.
    message_id = f"<{notice.reference}@{config['SMTP_FROM'].rsplit('@', 1)[-1]}>"
    email["Message-ID"] = message_id
    email["List-Unsubscribe"] = f"<{notice.unsubscribe_url}>"
    email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(notice.body)
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"]) as smtp:
            if config["SMTP_STARTTLS"]:
                smtp.starttls()
            if config["SMTP_USERNAME"]:
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(email)
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryError("smtp_recipient_refused", permanent=True) from error
    except smtplib.SMTPResponseException as error:
        raise DeliveryError(f"smtp_{error.smtp_code}", permanent=500 <= error.smtp_code < 600) from error
    except (OSError, smtplib.SMTPException, socket.timeout) as error:
        raise DeliveryError("smtp_unreachable") from error
    return message_id
