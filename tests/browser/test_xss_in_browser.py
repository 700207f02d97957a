"""Classic script-injection payloads typed into every kind of text people write are shown as
text, in a real browser with JavaScript on: nothing runs, no element from a payload appears."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote, urlencode

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect

from portal.accounts import services as account_services
from portal.accounts.models import Account
from portal.changes import services as change_services
from portal.changes.models import Answer, Better, ChangeKind, ChangeStatus, ChangeUpdate, Question, Unit
from portal.claims import services as claim_services
from portal.claims.models import ClaimKind
from portal.content import services as content_services
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as group_services
from portal.groups.models import Touchpoint
from portal.ideas import services as idea_services
from portal.ideas.models import HideReason
from portal.meetings import services as meeting_services
from portal.plan import services as plan_services
from portal.plan.models import CheckMethod, CohortKind, Consistency, ObjectiveStatus
from portal.proposals import services as proposal_services
from portal.proposals.models import Eligibility, Method, Results
from portal.rights import services as rights_services
from portal.rights.models import REQUESTER_MAX, RequestKind, RequestStatus
from portal.safeguarding import services as safeguarding_services
from portal.safeguarding.models import CaseCategory, ContactWay, LawfulBasis, OutcomesMet, RiskAnswer, Trigger, Urgency
from portal.settings import services as settings_services
from portal.settings.models import ServiceSetting
from portal.site import services as site_services
from portal.site.models import ProblemKind, ProblemReportCreate
from portal.web.permissions import Role
from tests.browser.conftest import SUBMIT, sign_in_on_page
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


def _check(page, where, fired, shown, fields=None, open_details=False):
    """Nothing from a payload ran or became an element; each text in `shown` reads as text on the
    page, and each form field in `fields` (a selector) holds its text exactly, to be sent again."""
    if open_details:  # text in a closed <details> is not rendered, so not in innerText
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true })")
    found = page.evaluate(CHECK)
    assert found["xss"] == "undefined", where
    assert fired == [], (where, fired)
    assert (found["planted"], found["scripts"], found["styles"]) == (0, 0, 0), (where, found["planted"], found["scripts"], found["styles"])
    missing = [text for text in shown if text not in found["text"]]
    assert missing == [], (where, missing)
    fields = fields or {}
    assert {selector: page.locator(selector).input_value() for selector in fields} == fields, where


def _visit(page, url, fired, shown, fields=None, open_details=False, status=None):
    """Open `url` and check it; `status` is the answer expected when it is not a success
    (a filter that is not valid is shown again, with what was typed)."""
    response = page.goto(url)
    assert response.status == status if status else response.status < 400, (url, response.status)
    page.wait_for_load_state("load")
    _check(page, url, fired, shown, fields, open_details)


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


#: Every other text people type and the portal shows back, saved by the services as the routes
#: save them; the last few are only typed into a form or an address and shown back at once.
MORE_FIELDS = [
    # a group, its what-to-expect pages and an adjustment a member asks for
    "group2_name", "group2_description", "pathway", "group_languages", "how_information_is_used", "adjustments", "group_easy_read",
    "adjustment_request",
    # meetings: a held one people can claim for, and an online one
    "venue2", "address2", "meeting_languages", "meeting_notes", "online_details",
    # claims and the reason one was turned down
    "claim_details", "decision_note", "claim_details_waiting",
    # a proposal with options, and a vote's comment (typed in the browser)
    "proposal2_title", "proposal2_summary", "proposal2_detail", "proposal_easy_read", "option_a", "option_b", "vote_comment",
    # a change's team and impact figure, its assurance check, the plan's self-assessment
    "change2_title", "change2_said", "change2_did", "owner_team", "measure", "measure_cohort", "findings", "maturity_evidence", "next_steps",
    # ideas: a moderator's note to the author, an English translation, a worry about someone
    "idea_to_change", "moderation_note", "idea_in_urdu", "english_what_happened", "english_what_should_change", "worry",
    # the safeguarding record, and the details a person gave to be kept safe
    "case_note", "referred_to", "referral_reference", "no_action_reason", "wishes", "share_with_whom", "share_reason",
    "identity_name", "identity_detail", "break_glass_reason",
    # data requests, problem reports, the service settings, a person's needs
    "requester", "rights_reason", "problem_page", "problem_description", "site_name", "site_logo", "quick_exit_url", "contact_name",
    "contact_description", "needs_language", "needs_other",
    # translations into Urdu, and a glossary term's
    "tr_group_name", "tr_pathway", "tr_group_description", "tr_who_runs_it", "tr_what_happens", "tr_how_information_is_used", "tr_adjustments",
    "tr_group_easy_read", "tr_venue", "tr_address", "tr_meeting_languages", "tr_meeting_notes", "tr_proposal_title", "tr_proposal_summary",
    "tr_proposal_detail", "tr_proposal_easy_read", "tr_change_title", "tr_change_said", "tr_change_did", "tr_term", "tr_definition",
    # typed into a search box, a filter or a form that is sent back to be put right
    "search", "audit_actor", "audit_subject", "audit_from", "audit_to", "pseudonym_typed", "connector_typed",
]
#: Settings every page reads; put back after each example so the other browser tests see theirs.
SETTING_KEYS = ("site_name", "site_logo", "quick_exit_url", "crisis_contacts")
TRAVEL_WITHOUT_RECEIPT_PENCE = 450  # under the amount that needs a receipt


@contextmanager
def _settings_put_back(app):
    """Whatever the example does to the service settings is undone when it ends."""
    with app.app_context():
        before = {row.key: row.value for row in db.session.execute(sa.select(ServiceSetting).where(ServiceSetting.key.in_(SETTING_KEYS))).scalars()}
    try:
        yield
    finally:
        with app.app_context():
            db.session.execute(sa.delete(ServiceSetting).where(ServiceSetting.key.in_(SETTING_KEYS)))
            db.session.add_all(ServiceSetting(key=key, value=value) for key, value in before.items())
            db.session.commit()


def _store_more(app, by, *, office, lead, member):
    """Save each of MORE_FIELDS the way the portal saves it, by `office` (staff and an
    administrator), `lead` and `member`; return what to visit. `by` is changed to hold each text
    as saved, where the portal trims or cuts it."""
    now = utc_now()
    last_month = (now.replace(day=1) - timedelta(days=1)).replace(hour=12, minute=0)
    today = now.date()
    with app.app_context():
        s = db.session
        group = group_services.create_group(
            s,
            data={
                "name": by["group2_name"][:120], "pathway": by["pathway"][:120], "description": by["group2_description"], "languages": [by["group_languages"]],
                "who_runs_it": "Two facilitators.", "what_happens": "We talk.", "how_information_is_used": by["how_information_is_used"], "adjustments": by["adjustments"],
                "easy_read": by["group_easy_read"], "join_policy": "open",
            },
            actor_id=office.id,
        )
        by["group2_name"], by["pathway"] = group.name, group.pathway
        group_services.join(s, group=group, account_id=member.id)
        group_services.request_adjustment(s, group=group, account_id=member.id, text=by["adjustment_request"])
        held = meeting_services.create_meeting(
            s, group=group, now=now - timedelta(days=1),
            data={
                "starts_at": now - timedelta(hours=2), "ends_at": now - timedelta(hours=1), "venue": by["venue2"], "address": by["address2"],
                "languages": by["meeting_languages"], "notes": by["meeting_notes"], "offers_travel": True, "offers_payment": True,
            },
            actor_id=office.id,
        )
        online = meeting_services.create_meeting(
            s, group=group, actor_id=office.id,
            data={"starts_at": now + timedelta(days=3), "ends_at": now + timedelta(days=3, hours=1), "format": "online", "online_details": by["online_details"]},
        )
        travel = claim_services.submit_claim(
            s, meeting=held, account_id=member.id, kind=ClaimKind.travel, amount_pence=TRAVEL_WITHOUT_RECEIPT_PENCE, details=by["claim_details"], receipt=None,
            rate_pence_per_hour=2000,
        )
        claim_services.decide_claim(s, claim=travel, approve=False, note=by["decision_note"], actor_id=office.id)
        waiting = claim_services.submit_claim(
            s, meeting=held, account_id=member.id, kind=ClaimKind.payment, amount_pence=None, details=by["claim_details_waiting"], receipt=None,
            rate_pence_per_hour=2000,
        )
        proposal = proposal_services.create_proposal(
            s,
            data=proposal_services.NewProposal(
                title=by["proposal2_title"], summary=by["proposal2_summary"], detail=by["proposal2_detail"], easy_read=by["proposal_easy_read"], group_id=group.id,
                touchpoint=Touchpoint.follow_up, method=Method.choice, options=[by["option_a"], by["option_b"]], eligibility=Eligibility.group_members,
                secret=False, results=Results.live, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7), idea_ids=[],
            ),
            actor_id=office.id,
        )
        change = change_services.create_change(
            s,
            data=change_services.NewChange(
                title=by["change2_title"], said=by["change2_said"], did=by["change2_did"], kind=ChangeKind.appointment_model, touchpoint=Touchpoint.follow_up,
                owner_team=by["owner_team"], group_id=group.id, review_on=None, idea_ids=[], proposal_ids=[proposal.id],
            ),
            status=ChangeStatus.in_progress, reason="", actor_id=office.id,
        )
        change_services.add_measure(
            s, change=change, actor_id=office.id,
            data=change_services.NewMeasure(
                measure=by["measure"], unit=Unit.percent, cohort=by["measure_cohort"], better=Better.lower, target=20.0,
                baseline=40.0, baseline_from=today - timedelta(days=400), baseline_to=today - timedelta(days=300),
                latest=25.0, latest_from=today - timedelta(days=90), latest_to=today - timedelta(days=1),
            ),
        )
        plan_services.add_check(
            s, change=change, checked_on=last_month.date(), method=CheckMethod.record_sampling, sample_size=20, findings=by["findings"],
            consistency=Consistency.partly, actor_id=office.id,
        )
        # The evidence pack for last month lists the changes updated in it, with their figures.
        s.execute(sa.update(ChangeUpdate).where(ChangeUpdate.change_id == change.id).values(created_at=last_month))
        s.commit()
        change_services.set_prompt(s, change=change, questions=[Question.listened], actor_id=office.id)
        change_services.answer_prompt(s, change=change, question=Question.listened, answer=Answer.yes, account_id=member.id)
        change_services.give_cohort(s, change=change, cohort=by["measure_cohort"].strip(), account_id=member.id)
        plan_services.add_maturity(s, assessed_on=today, stage="awareness", evidence=by["maturity_evidence"], next_steps=by["next_steps"], actor_id=office.id)

        to_change = idea_services.submit_idea(
            s, author_id=member.id, touchpoint=Touchpoint.referral, what_happened=by["idea_to_change"], what_should_change="", language="en", risk_answer=RiskAnswer.no
        ).idea
        idea_services.moderate(s, idea=to_change, decision="ask_change", reason=HideReason.off_topic, note=by["moderation_note"], moderator_id=office.id)
        in_urdu = idea_services.submit_idea(
            s, author_id=member.id, touchpoint=Touchpoint.referral, what_happened=by["idea_in_urdu"], what_should_change="", language="ur", risk_answer=RiskAnswer.no
        ).idea
        idea_services.translate(
            s, idea=in_urdu, what_happened=by["english_what_happened"], what_should_change=by["english_what_should_change"], translator_id=office.id
        )
        about = idea_services.submit_idea(
            s, author_id=member.id, touchpoint=Touchpoint.referral, what_happened="The waiting room was cold.", what_should_change="", language="en", risk_answer=RiskAnswer.no
        ).idea
        idea_services.moderate(s, idea=about, decision="publish", moderator_id=office.id)

        worry = idea_services.flag_for_safeguarding(s, idea=about, actor_id=member.id, trigger=Trigger.worried, text=by["worry"])
        safeguarding_services.set_contact_way(
            s, case=worry, account_id=member.id, way=ContactWay.phone, phone="07700 900123", name=by["identity_name"], detail=by["identity_detail"]
        )
        safeguarding_services.acknowledge(s, case=worry, lead_id=lead.id)
        safeguarding_services.add_note(s, case=worry, lead_id=lead.id, text=by["case_note"])
        safeguarding_services.triage(s, case=worry, lead_id=lead.id, category=CaseCategory.psychological, urgency=Urgency.same_day, about_adult=False, s42=None)
        safeguarding_services.refer(s, case=worry, lead_id=lead.id, to=by["referred_to"], reference=by["referral_reference"])
        safeguarding_services.decide_sharing(
            s, case=worry, lead_id=lead.id, shared=True, with_whom=by["share_with_whom"], reason=by["share_reason"], lawful_basis=LawfulBasis.safeguarding_individuals
        )
        safeguarding_services.close(s, case=worry, lead_id=lead.id, wishes=by["wishes"], outcomes_met=OutcomesMet.partly)
        told = idea_services.submit_idea(
            s, author_id=member.id, touchpoint=Touchpoint.referral, what_happened="Someone at home is not safe.", what_should_change="", language="en",
            risk_answer=RiskAnswer.yes_someone_else,
        ).case
        safeguarding_services.acknowledge(s, case=told, lead_id=lead.id)
        safeguarding_services.triage(s, case=told, lead_id=lead.id, category=CaseCategory.psychological, urgency=Urgency.same_day, about_adult=False, s42=None)
        safeguarding_services.no_further_action(s, case=told, lead_id=lead.id, reason=by["no_action_reason"])

        request = rights_services.log_request(
            s, kind=RequestKind.access, received_on=today, requester=by["requester"][:REQUESTER_MAX], made_offline=False, actor_id=office.id
        )
        rights_services.update_request(s, request=request, status=RequestStatus.refused, reason=by["rights_reason"], actor_id=office.id)
        by["requester"] = request.requester
        site_services.report_problem(
            s, report=ProblemReportCreate(kind=ProblemKind.other, page=by["problem_page"], description=by["problem_description"], language="en")
        )
        s.commit()
        # A logo that exists, so no page asks for one that does not; the exit is answered locally.
        by["site_logo"] = f"/static/vendor/nhsuk/assets/images/favicon.svg?{by['site_logo']}"
        by["quick_exit_url"] = f"https://exit.example/weather?{by['quick_exit_url']}"
        settings_services.update_settings(
            s, actor=office.id,
            values={
                "site_name": by["site_name"][:80], "site_logo": by["site_logo"], "quick_exit_url": by["quick_exit_url"],
                "crisis_contacts": [{"name": by["contact_name"][:80], "description": by["contact_description"], "tel": "111"}],
            },
        )
        by["site_name"], by["contact_name"] = by["site_name"][:80], by["contact_name"][:80]
        by["needs_language"] = by["needs_language"][:60]  # the form's limit
        account_services.update_needs(s, account=s.get(Account, member.id), needs_language=by["needs_language"], needs_other=by["needs_other"])

        english_term = content_services.add_term(s, term=f"xss {uuid.uuid4().hex[:10]}", definition="A word kept for the test.", actor_id=office.id)
        by["tr_term"] = by["tr_term"][:60].strip()
        content_services.translate_term(s, entry=english_term, language="ur", term=by["tr_term"], definition=by["tr_definition"], actor_id=office.id)
        by["tr_change_did"] = f"{by['tr_change_did']} {by['tr_term']}"  # the glossary links its term in the text
        by["tr_group_name"], by["tr_pathway"] = by["tr_group_name"][:120], by["tr_pathway"][:120]  # the limits of the originals
        content_services.save_translations(s, subject=group, language="ur", actor_id=office.id, texts={
            "name": by["tr_group_name"], "pathway": by["tr_pathway"], "description": by["tr_group_description"], "who_runs_it": by["tr_who_runs_it"],
            "what_happens": by["tr_what_happens"], "how_information_is_used": by["tr_how_information_is_used"], "adjustments": by["tr_adjustments"],
            "easy_read": by["tr_group_easy_read"],
        })
        content_services.save_translations(s, subject=held, language="ur", actor_id=office.id, texts={
            "venue": by["tr_venue"], "address": by["tr_address"], "languages": by["tr_meeting_languages"], "notes": by["tr_meeting_notes"],
        })
        content_services.save_translations(s, subject=proposal, language="ur", actor_id=office.id, texts={
            "title": by["tr_proposal_title"], "summary": by["tr_proposal_summary"], "detail": by["tr_proposal_detail"], "easy_read": by["tr_proposal_easy_read"],
        })
        content_services.save_translations(s, subject=change, language="ur", actor_id=office.id, texts={
            "title": by["tr_change_title"], "said": by["tr_change_said"], "did": by["tr_change_did"],
        })
        return {
            "group": group.id, "held": held.id, "online": online.id, "travel": travel.id, "waiting": waiting.id, "proposal": proposal.id, "change": change.id,
            "to_change": to_change.id, "in_urdu": in_urdu.id, "worry": worry.id, "told": told.id, "request": request.id,
            "month": f"{last_month:%Y-%m}",
        }


@pytest.fixture
def readers(new_page, live_app):
    """Who reads the texts, each with their own page, signed in once for all the examples: anyone,
    anyone reading in Urdu, a member, staff who are also administrators, a safeguarding lead.
    An alert(), confirm() or prompt() on any of the pages is noted in `fired`."""
    fired = []

    def watched(**options):
        page = new_page(javascript=True, **options)
        page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
        return page

    people = {"office": make_account(live_app, Role.staff, Role.admin), "lead": make_account(live_app, Role.safeguarding_lead), "member": make_account(live_app)}
    pages = {"public": watched(), "urdu": watched(language="ur")}
    for name, person in (("person", "member"), ("staff", "office"), ("safe", "lead")):
        pages[name] = watched()
        sign_in_on_page(pages[name], people[person])
    return SimpleNamespace(fired=fired, people=people, **pages)


@settings(max_examples=2, deadline=None, database=None, derandomize=True, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(words=st.lists(WORDS, min_size=len(MORE_FIELDS), max_size=len(MORE_FIELDS), unique=True), order=st.permutations(PAYLOADS))
def test_payloads_in_votes_measures_checks_meetings_claims_cases_and_translations_show_as_text_and_never_run(readers, live_app, words, order):
    by = {field: f"{word} {order[i % len(order)]}" for i, (field, word) in enumerate(zip(MORE_FIELDS, words))}
    fired, public, urdu, person, staff, safe = readers.fired, readers.public, readers.urdu, readers.person, readers.staff, readers.safe
    with _settings_put_back(live_app):
        ids = _store_more(live_app, by, **readers.people)
        group, held, proposal, change = ids["group"], ids["held"], ids["proposal"], ids["change"]

        _visit(public, f"/groups/{group}", fired, [by["group2_name"], by["pathway"], by["group2_description"], by["group_languages"], by["site_name"]])
        _visit(public, f"/groups/{group}/what-to-expect", fired, [by["how_information_is_used"], by["adjustments"]])
        _visit(public, f"/groups/{group}/what-to-expect?version=easy-read", fired, [by["group_easy_read"]])
        _visit(public, f"/meetings/{held}", fired, [by["venue2"], by["address2"], by["meeting_languages"], by["meeting_notes"]])
        _visit(public, "/plan", fired, [by["maturity_evidence"], by["next_steps"]])
        _visit(public, "/get-help-now", fired, [by["contact_name"], by["contact_description"]])
        assert public.title().endswith(by["site_name"])
        assert public.locator(".portal-header__logo").get_attribute("src") == by["site_logo"]
        assert public.locator("a.portal-exit").get_attribute("href") == by["quick_exit_url"]
        _visit(public, f"/search?q={quote(by['search'])}", fired, [], fields={"#q": by["search"]})
        _visit(public, "/sign-up", fired, [])
        public.locator("#pseudonym").fill(by["pseudonym_typed"])
        public.locator(SUBMIT).click()
        expect(public.locator(".nhsuk-error-summary")).to_be_visible()
        _check(public, "the sign-up form sent back", fired, [], fields={"#pseudonym": by["pseudonym_typed"]})
        feed = public.request.get("/changes.atom").text()
        assert "<script>window.__xss" not in feed and "<img src=x" not in feed and "<svg onload" not in feed

        _visit(urdu, f"/groups/{group}", fired, [by["tr_group_name"], by["tr_pathway"], by["tr_group_description"]])
        _visit(urdu, f"/groups/{group}/what-to-expect", fired, [by["tr_who_runs_it"], by["tr_what_happens"], by["tr_how_information_is_used"], by["tr_adjustments"]])
        _visit(urdu, f"/groups/{group}/what-to-expect?version=easy-read", fired, [by["tr_group_easy_read"]])
        _visit(urdu, f"/meetings/{held}", fired, [by["tr_venue"], by["tr_address"], by["tr_meeting_languages"], by["tr_meeting_notes"]])
        _visit(urdu, f"/proposals/{proposal}", fired, [by["tr_proposal_title"], by["tr_proposal_summary"], by["tr_proposal_detail"], by["tr_proposal_easy_read"]],
               open_details=True)
        _visit(urdu, f"/changes/{change}", fired, [by["tr_change_title"], by["tr_change_said"], by["tr_change_did"]])
        assert urdu.locator("a.portal-glossary-link", has_text=by["tr_term"]).count() == 1
        _visit(urdu, f"/changes/{change}/poster/ur", fired, [by["tr_change_title"]])
        _visit(urdu, "/glossary", fired, [by["tr_term"], by["tr_definition"]])

        _visit(person, f"/proposals/{proposal}", fired, [by["proposal2_title"], by["proposal_easy_read"], by["option_a"], by["option_b"]], open_details=True)
        person.locator("label[for=choice-0]").click()
        person.locator("#comment").fill(by["vote_comment"])
        person.locator("#vote-panel button[type=submit]").click()
        expect(person.locator("#vote-panel")).to_contain_text("Your vote")
        _check(person, "the vote panel after voting", fired, [by["option_a"]], fields={"#comment": by["vote_comment"]})
        _visit(person, f"/meetings/{ids['online']}", fired, [by["online_details"]])
        _visit(person, f"/changes/{change}", fired, [by["measure_cohort"]])
        _visit(person, "/account", fired, [by["needs_language"], by["needs_other"]])
        _visit(person, "/account/needs", fired, [], fields={"#needs_language": by["needs_language"], "#needs_other": by["needs_other"]})
        download = person.request.get("/account/my-data.json")
        assert download.headers["content-type"].startswith("application/json") and download.headers["x-content-type-options"] == "nosniff"
        assert by["vote_comment"] in [vote["comment"] for vote in download.json()["votes"]]
        _visit(person, "/account/my-data", fired, [
            by["vote_comment"], by["option_a"], by["claim_details"], by["claim_details_waiting"], by["adjustment_request"], by["needs_language"],
            by["needs_other"], by["worry"], by["measure_cohort"],
        ])
        _visit(person, "/claims/mine", fired, [by["decision_note"]])
        _visit(person, f"/meetings/{held}/claim", fired, [])
        person.locator("label[for=kind-0]").click()  # travel, with no amount
        person.locator("#details").fill(by["claim_details"])
        person.locator("main form[enctype] button[type=submit]").click()
        expect(person.locator(".nhsuk-error-summary")).to_be_visible()
        _check(person, "the claim form sent back", fired, [], fields={"#details": by["claim_details"]})
        _visit(person, "/ideas/mine", fired, [by["moderation_note"]])
        _visit(person, f"/ideas/{ids['to_change']}/change", fired, [by["moderation_note"]], fields={"#what_happened": by["idea_to_change"]})
        _visit(person, "/messages", fired, [by["group2_name"]])
        _visit(person, "/account/notifications", fired, [])
        person.locator("label[for=connector]").click()
        person.locator("#connector_name").fill(by["connector_typed"])
        person.locator(SUBMIT).click()
        expect(person.locator(".nhsuk-error-summary")).to_be_visible()
        _check(person, "the message choices sent back", fired, [], fields={"#connector_name": by["connector_typed"]})

        _visit(staff, f"/groups/{group}/adjustments", fired, [by["adjustment_request"]])
        _visit(staff, f"/groups/{group}/edit", fired, [], fields={
            "#pathway": by["pathway"], "#languages": by["group_languages"], "#how_information_is_used": by["how_information_is_used"],
            "#adjustments": by["adjustments"], "#easy_read": by["group_easy_read"],
        })
        _visit(staff, f"/groups/{group}/translations/ur", fired, [by["how_information_is_used"]], fields={"#how_information_is_used": by["tr_how_information_is_used"]})
        _visit(staff, f"/meetings/{held}/edit", fired, [], fields={"#languages": by["meeting_languages"], "#notes": by["meeting_notes"]})
        _visit(staff, f"/meetings/{held}/translations/ur", fired, [by["meeting_notes"]], fields={"#notes": by["tr_meeting_notes"]})
        _visit(staff, "/claims", fired, [])
        _visit(staff, f"/claims/{ids['travel']}", fired, [by["claim_details"], by["decision_note"]])
        _visit(staff, f"/claims/{ids['waiting']}", fired, [by["claim_details_waiting"]])
        _visit(staff, f"/changes/{change}", fired, [by["change2_title"], by["owner_team"], by["measure"], by["measure_cohort"], by["findings"]])
        _visit(staff, f"/evidence/{ids['month']}", fired, [by["measure"], by["measure_cohort"], by["findings"]])
        _visit(staff, f"/moderation/{ids['in_urdu']}", fired, [by["idea_in_urdu"], by["english_what_happened"], by["english_what_should_change"]])
        _visit(staff, "/admin/requests", fired, [by["requester"]])
        _visit(staff, f"/admin/requests/{ids['request']}", fired, [by["requester"], by["rights_reason"]])
        _visit(staff, "/admin/problem-reports", fired, [by["problem_page"], by["problem_description"]])
        _visit(staff, "/admin/settings", fired, [], fields={
            "#site_name": by["site_name"], "#site_logo": by["site_logo"], "#quick_exit_url": by["quick_exit_url"],
            "#contacts-0-name": by["contact_name"], "#contacts-0-description": by["contact_description"],
        })
        filters = {"actor": by["audit_actor"], "subject": by["audit_subject"], "from": by["audit_from"], "to": by["audit_to"]}
        _visit(staff, f"/admin/audit?{urlencode(filters)}", fired, [], fields={f"#{name}": text for name, text in filters.items()}, status=422)

        _visit(safe, f"/cases/{ids['worry']}", fired, [
            by["worry"], by["case_note"], by["referred_to"], by["referral_reference"], by["wishes"], by["share_with_whom"], by["share_reason"],
        ])
        _visit(safe, f"/cases/{ids['told']}", fired, [by["no_action_reason"]])
        _visit(safe, f"/cases/{ids['worry']}/identity", fired, [])
        safe.locator("#reason").fill(by["break_glass_reason"])
        safe.locator(SUBMIT).click()
        expect(safe.locator("main")).to_contain_text(by["identity_name"].split()[0])
        _check(safe, "the details a person gave", fired, [by["identity_name"], by["identity_detail"]])
        _visit(safe, f"/cases/{ids['worry']}", fired, [by["break_glass_reason"]])
