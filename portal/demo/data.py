"""The demo stories from the product brief, as rows. Every name and number here is made up."""

from __future__ import annotations

from sqlmodel import Session, select

from portal.settings import services as settings
from portal.settings.models import ServiceSetting
from portal.site import services as site
from portal.site.models import ProblemKind, ProblemReport, ProblemReportCreate

DEMO_SITE_NAME = "Riverside Community Voices (demo, fictional)"

PROBLEM_REPORTS = (
    ProblemReportCreate(
        kind=ProblemKind.accessibility,
        page="/get-help-now",
        description="Demo: the phone numbers were hard to read on my small screen with large text.",
        language="en",
    ),
    ProblemReportCreate(
        kind=ProblemKind.translation,
        page="/privacy",
        description="Demo: one sentence in the Bengali privacy notice used a very formal word.",
        language="bn",
    ),
)


def is_empty(session: Session) -> bool:
    """True when nothing has been stored yet (no settings changed, no reports)."""
    return (
        session.exec(select(ServiceSetting).limit(1)).first() is None
        and session.exec(select(ProblemReport).limit(1)).first() is None
    )


def load(session: Session) -> None:
    """Store the demo data, clearly labelled as fictional."""
    settings.update_setting(session, key="site_name", value=DEMO_SITE_NAME, actor="demo")
    for report in PROBLEM_REPORTS:
        site.report_problem(session, report=report)
    session.commit()
