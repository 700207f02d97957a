"""Imports every domain's tables, so the metadata (and Alembic) sees the whole schema."""

from portal.audit.models import AuditEntry, AuditHead
from portal.settings.models import ServiceSetting
from portal.site.models import ProblemReport
from portal.web.models import UsedFormToken

__all__ = ["AuditEntry", "AuditHead", "ProblemReport", "ServiceSetting", "UsedFormToken"]
