"""Writes for the site pages: saving a reported problem."""

from sqlmodel import Session

from portal.audit import services as audit
from portal.site.models import ProblemReport, ProblemReportCreate, ProblemStatus


def report_problem(session: Session, *, report: ProblemReportCreate) -> ProblemReport:
    """Save a problem report and audit it (the caller commits)."""
    row = ProblemReport.model_validate(report)
    session.add(row)
    audit.record(session, action="site.report_problem", subject_kind="problem_report", subject=row.id)
    return row


def set_report_status(session: Session, *, report: ProblemReport, status: ProblemStatus, actor_id) -> None:
    """Record how a reported problem is being handled."""
    if report.status == status:
        return
    report.status = status
    audit.record(session, action=f"site.report_{status.value}", subject_kind="problem_report", subject=report.id, actor=actor_id)
    session.commit()
