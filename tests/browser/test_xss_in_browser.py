"""Classic script-injection payloads typed into every kind of text people write are shown as
text, in a real browser with JavaScript on: nothing runs, no element from a payload appears."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from portal.changes import services as change_services
from portal.changes.models import ChangeKind, ChangeStatus
from portal.content import services as content_services
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as group_services
from portal.groups.models import Touchpoint
from portal.ideas import services as idea_services
from portal.meetings import services as meeting_services
from portal.plan import services as plan_services
from portal.plan.models import CohortKind, ObjectiveStatus
from portal.proposals import services as proposal_services
from portal.proposals.models import Eligibility, Method, Results
from portal.safeguarding.models import RiskAnswer
from portal.web.permissions import Role
from tests.browser.conftest import sign_in_on_page
from tests.factories import make_account

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload=window.__xss=1>',
    "javascript:window.__xss=1",
    "</textarea><script>window.__xss=1</script>",
    "{{7*7}}",
    "{% raw %}{% endraw %}",
    '<a href="javascript:window.__xss=1">press</a>',
    '<iframe srcdoc="<script>parent.__xss=1</script>">',
    "'-alert(1)-'",
    "\u202egnp.exe \u2067right\u2069",
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "${alert(1)}",
    "<math><mtext></p><img src=x onerror=window.__xss=1>",
    "]]></title><script>window.__xss=1</script>",
    "<style>*{display:none}</style>",
    "&lt;b&gt; &amp; &#x3C;",
    "<input autofocus onfocus=window.__xss=1>",
    '" onmouseover="window.__xss=1',
]
#: Anything a payload could have turned into, if it were not escaped.
PLANTED = (
    'img[src="x"], svg[onload], iframe, [onerror], [onload], [onfocus], [ontoggle], [onmouseover], '
    'a[href^="javascript:"], details[open][ontoggle], input[autofocus][onfocus]'
)
CHECK = """() => ({
  xss: typeof window.__xss,
  planted: document.querySelectorAll(arguments_planted).length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('__xss')).length,
  styles: [...document.querySelectorAll('style')].filter(s => s.textContent.includes('display:none')).length,
  text: document.body.innerText,
})""".replace("arguments_planted", repr(PLANTED))
WORDS = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=6, max_size=9)


def _store(app, texts):
    """Save every text field people type into, one payload each, through the services."""
    staff = make_account(app, Role.staff)
    author = make_account(app)
    t = iter(texts)
    once = uuid.uuid4().hex[:6]  # glossary terms and cohort names are unique, and the portal outlives one call
    with app.app_context():
        s = db.session
        group = group_services.create_group(
            s, data={"name": next(t)[:120], "pathway": "Therapy", "description": next(t), "who_runs_it": next(t), "what_happens": next(t), "join_policy": "open"},
            actor_id=staff.id,
        )
        starts = utc_now() + timedelta(days=2)
        meeting = meeting_services.create_meeting(
            s, group=group, data={"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": next(t), "address": next(t)}, actor_id=staff.id
        )
        idea = idea_services.submit_idea(
            s, author_id=author.id, touchpoint=Touchpoint.referral, what_happened=next(t), what_should_change=next(t), language="en", risk_answer=RiskAnswer.no
        ).idea
        idea_services.moderate(s, idea=idea, decision="publish", moderator_id=staff.id)
        idea_services.reply(s, idea=idea, author_id=staff.id, text=next(t))
        waiting = idea_services.submit_idea(
            s, author_id=author.id, touchpoint=Touchpoint.referral, what_happened=next(t), what_should_change="", language="en", risk_answer=RiskAnswer.no
        ).idea
        proposal = proposal_services.create_proposal(
            s,
            data=proposal_services.NewProposal(
                title=next(t), summary=next(t), detail=next(t), easy_read="", group_id=group.id, touchpoint=Touchpoint.follow_up, method=Method.support,
                options=[], eligibility=Eligibility.group_members, secret=False, results=Results.live,
                opens_at=utc_now() - timedelta(hours=1), closes_at=utc_now() + timedelta(days=7), idea_ids=[],
            ),
            actor_id=staff.id,
        )
        change = change_services.create_change(
            s,
            data=change_services.NewChange(
                title=next(t), said=next(t), did=next(t), kind=ChangeKind.appointment_model, touchpoint=Touchpoint.follow_up,
                owner_team="Therapy team", group_id=None, review_on=None, idea_ids=[], proposal_ids=[],
            ),
            status=ChangeStatus.considering, reason=next(t), actor_id=staff.id,
        )
        change_services.update(s, change=change, status=ChangeStatus.in_progress, note=next(t), actor_id=staff.id)
        term = content_services.add_term(s, term=f"{once} {next(t)}"[:60], definition=next(t), actor_id=staff.id)
        cohort = plan_services.save_cohort(s, cohort=None, name=f"{once} {next(t)}"[:80], kind=CohortKind.inclusion_health, description=next(t), active=True, actor_id=staff.id)
        plan_services.save_objective(
            s, objective=None,
            data=plan_services.ObjectiveData(
                title=next(t), description=next(t), measures=next(t), status=ObjectiveStatus.active,
                cohort_ids=[cohort.id], group_ids=[], change_ids=[change.id],
            ),
            actor_id=staff.id,
        )
        s.commit()
        return staff, {"group": group.id, "meeting": meeting.id, "idea": idea.id, "waiting": waiting.id, "proposal": proposal.id, "change": change.id, "term": term.id,
                       "saved": {"term": term.term, "cohort": cohort.name, "group_name": group.name}}


def _visit(page, url, fired, shown):
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    page.wait_for_load_state("load")
    found = page.evaluate(CHECK)
    assert found["xss"] == "undefined", url
    assert fired == [], (url, fired)
    assert (found["planted"], found["scripts"], found["styles"]) == (0, 0, 0), (url, found["planted"], found["scripts"], found["styles"])
    missing = [text for text in shown if text not in found["text"]]
    assert missing == [], (url, missing)


@settings(max_examples=2, deadline=None, database=None, derandomize=True, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(words=st.lists(WORDS, min_size=40, max_size=40, unique=True), order=st.permutations(PAYLOADS))
def test_payloads_in_every_text_field_show_as_text_and_never_run(new_page, live_app, words, order):
    texts = [f"{word} {order[i % len(order)]}" for i, word in enumerate(words)]
    staff, ids = _store(live_app, texts)
    by = dict(zip(["group_name", "group_description", "who_runs_it", "what_happens", "venue", "address", "what_happened", "what_should_change",
                   "reply", "waiting", "proposal_title", "proposal_summary", "proposal_detail", "change_title", "said", "did", "reason", "note",
                   "term", "definition", "cohort", "cohort_description", "objective", "objective_description", "measures"], texts))
    by |= ids["saved"]  # as saved: the names with a length limit are cut to it

    public = new_page(javascript=True)
    fired = []
    public.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    _visit(public, f"/groups/{ids['group']}", fired, [by["group_name"], by["group_description"]])
    _visit(public, f"/groups/{ids['group']}/what-to-expect", fired, [by["who_runs_it"], by["what_happens"]])
    _visit(public, "/groups", fired, [by["group_name"]])
    _visit(public, f"/meetings/{ids['meeting']}", fired, [by["venue"]])
    _visit(public, f"/ideas/{ids['idea']}", fired, [by["what_happened"], by["what_should_change"], by["reply"]])
    _visit(public, "/ideas", fired, [])
    _visit(public, f"/proposals/{ids['proposal']}", fired, [by["proposal_title"], by["proposal_summary"], by["proposal_detail"]])
    _visit(public, "/proposals", fired, [by["proposal_title"]])
    _visit(public, f"/changes/{ids['change']}", fired, [by["change_title"], by["said"], by["did"], by["note"]])
    _visit(public, "/changes", fired, [by["change_title"]])
    _visit(public, f"/changes/{ids['change']}/poster/en", fired, [by["change_title"]])
    _visit(public, "/glossary", fired, [by["term"], by["definition"]])
    _visit(public, "/plan", fired, [by["objective"]])
    _visit(public, f"/search?q={by['said'].split()[0]}", fired, [])
    feed = public.request.get("/changes.atom").text()
    assert by["change_title"].split()[0] in feed
    assert "<script>window.__xss" not in feed and "<img src=x" not in feed and "<svg onload" not in feed

    team = new_page(javascript=True)
    team.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    sign_in_on_page(team, staff)
    _visit(team, "/moderation", fired, [])
    _visit(team, f"/moderation/{ids['waiting']}", fired, [by["waiting"]])
    _visit(team, f"/ideas/{ids['idea']}", fired, [by["reply"]])
    _visit(team, f"/changes/{ids['change']}", fired, [by["reason"]])
    _visit(team, "/evidence", fired, [])
    _visit(team, f"/evidence/{utc_now().replace(day=1) - timedelta(days=1):%Y-%m}", fired, [])  # the last whole month
