"""Writes for the site pages: saving a reported problem."""

from sqlmodel import Session

from portal.audit import services as audit
from portal.site.models import ProblemReport, ProblemReportCreate


def report_problem(session: Session, *, report: ProblemReportCreate) -> ProblemReport:
    """Save a problem report and audit it (the caller commits)."""
    row = ProblemReport.model_validate(report)
    session.add(row)
    audit.record(session, action="site.report_problem", subject_kind="problem_report", subject=row.id)
    return row
