"""Impact figures: checked units and periods, a server-drawn chart whose table matches its data."""

import re
from datetime import date

import pytest
from sqlmodel import select

from portal.changes import services
from portal.changes.models import Better, ChangeKind, ChangeStatus, ImpactMeasure, Unit
from portal.changes.services import NewChange
from portal.extensions import db
from portal.groups.models import Touchpoint
from portal.web.permissions import Role
from tests.factories import make_account, post_form, sign_in

FIGURE = {
    "measure": "Did-not-attend rate", "unit": "percent", "cohort": "Carers", "baseline": "18,5", "baseline_from": "2026-01-01", "baseline_to": "2026-03-31",
    "latest": "11", "latest_from": "2026-07-01", "latest_to": "2026-09-30", "target": "10", "better": "lower",
}


@pytest.fixture
def change_page(app):
    staff = make_account(app, Role.staff)
    with app.app_context():
        change = services.create_change(
            db.session,
            data=NewChange(title="Evening slots", said="Carers cannot come in the day.", did="Two evenings a week.", kind=ChangeKind.appointment_model,
                           touchpoint=Touchpoint.follow_up, owner_team="Therapy team", group_id=None, review_on=None, idea_ids=[], proposal_ids=[]),
            status=ChangeStatus.done, reason="", actor_id=staff.id,
        )
    client = app.test_client()
    sign_in(client, staff)
    return client, f"/changes/{change.id}"


def test_a_figure_is_drawn_and_its_table_matches_the_chart(app, change_page):
    client, url = change_page
    assert post_form(client, f"{url}/measures", FIGURE, get_url=url).status_code == 303
    page = app.test_client().get(url).text
    chart = page.split('<div class="portal-chart"', 1)[1].split('<table', 1)[0]
    table = page.split('<table class="nhsuk-table">', 1)[1].split("</table>", 1)[0]
    assert sorted(re.findall(r'data-value="([^"]+)"', chart)) == sorted(re.findall(r'data-value="([^"]+)"', table)) == ["10", "11", "18.5"]
    assert "18.5%" in table and "11%" in table and "Lower is better" in table
    assert chart.startswith(' aria-hidden="true"') and "<script" not in chart


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"baseline": "120"}, "Enter values the unit allows"),
        ({"baseline": "-3"}, "Enter values the unit allows"),
        ({"unit": "count", "baseline": "12.5"}, "Enter whole numbers"),
        ({"baseline_to": "2025-12-01"}, "A period must end on or after the day it starts"),
        ({"latest_from": "2025-06-01", "latest_to": "2025-07-01"}, "The latest period cannot start before"),
        ({"latest": "lots"}, "Enter a number, like 12.5"),
        ({"unit": "furlongs"}, "Choose from the list"),
        ({"baseline_from": "spring"}, "Enter a real date"),
    ],
)
def test_wrong_units_or_periods_are_explained_and_keep_what_was_typed(app, change_page, changes, message):
    client, url = change_page
    response = post_form(client, f"{url}/measures", {**FIGURE, **changes}, get_url=url)
    assert response.status_code == 422 and message in response.text and "Did-not-attend rate" in response.text
    with app.app_context():
        assert db.session.exec(select(ImpactMeasure)).all() == []


def test_the_chart_scales_counts_to_their_largest_value(app):
    from portal.changes.chart import bars, scale_top

    measure = ImpactMeasure(measure="Follow-ups done", unit=Unit.count, baseline=40, latest=80, target=None, better=Better.higher,
                            baseline_from=date(2026, 1, 1), baseline_to=date(2026, 3, 31), latest_from=date(2026, 4, 1), latest_to=date(2026, 6, 30))
    assert scale_top(measure) == 80
    drawn, target_at = bars(measure)
    assert [bar.length for bar in drawn] == [50.0, 100.0] and target_at is None


def test_days_read_as_whole_days_in_the_readers_language(app):
    from portal.changes.routes import impact_value

    with app.test_request_context():
        assert (impact_value(5.0, Unit.days), impact_value(1.0, Unit.days), impact_value(2.5, Unit.days)) == ("5 days", "1 day", "2.5 days")
        assert (impact_value(12.5, Unit.percent), impact_value(3.0, Unit.per_thousand)) == ("12.5%", "3 per 1,000")
