"""The stored service settings: one row per setting an admin has changed."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import timestamp_field


class ServiceSetting(SQLModel, table=True):
    """A value an admin set; settings without a row use the environment's default."""

    __tablename__ = "service_setting"

    #: Name of the setting, such as "site_name".
    key: str = Field(primary_key=True, max_length=64)
    #: The value, as JSON.
    value: Any = Field(sa_type=sa.JSON)
    updated_at: datetime = timestamp_field()
