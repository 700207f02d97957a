"""Built-in crisis contacts for England and Wales, used until an admin sets the service's own."""

from flask_babel import lazy_gettext as _l

DEFAULT_CRISIS_CONTACTS = (
    {
        "name": _l("Emergency services: 999"),
        "tel": "999",
        "sms": "",
        "description": _l("Call 999 if someone is in danger now or has been badly hurt."),
    },
    {
        "name": _l("NHS 111, mental health option"),
        "tel": "111",
        "sms": "",
        "description": _l("Call 111 and choose the mental health option for urgent help that is not an emergency. It is free, day or night."),
    },
    {
        "name": _l("Samaritans: 116 123"),
        "tel": "116123",
        "sms": "",
        "description": _l("Talk to someone about anything that is troubling you. Free, day or night."),
    },
    {
        "name": _l("Shout: text SHOUT to 85258"),
        "tel": "",
        "sms": "85258",
        "description": _l("Free, private support by text message, day or night."),
    },
    {
        "name": _l("National Domestic Abuse Helpline: 0808 2000 247"),
        "tel": "08082000247",
        "sms": "",
        "description": _l("If you or someone you know is being hurt or controlled at home. Free, day or night."),
    },
)
