"""Who a contribution is for: the person signed in, or (`?for=`) someone their connector
supports who agreed to the connector acting for them."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal.accounts.models import Account
from portal.caseload import services
from portal.extensions import db
from portal.web.permissions import can
from portal.web.urls import uuid_arg


def contributor() -> Account:
    """The account a contribution is made for; 404 for anyone a connector may not act for."""
    person_id = uuid_arg("for")
    if person_id is None:
        return current_user.account
    if not can("accounts.assist") or services.may_act_for(db.session, connector_id=current_user.id, person_id=person_id) is None:
        abort(404)
    return db.session.get(Account, person_id)
