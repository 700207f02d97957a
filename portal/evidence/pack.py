"""An evidence pack: one period, all groups or one whole group, in sections that each say
which CQC quality statements they evidence. Every count comes from `figures.year_figures`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from portal.changes.forms import STATUS_NAMES as CHANGE_STATUS_NAMES
from portal.changes.models import Change, ChangeUpdate, ImpactMeasure, Unit
from portal.changes.routes import impact_value
from portal.claims.forms import KIND_NAMES as CLAIM_KIND_NAMES
from portal.content.reading import preload
from portal.evidence import sources
from portal.evidence.figures import ALL, TOTAL, year_figures
from portal.evidence.periods import Period
from portal.groups.forms import TOUCHPOINT_NAMES
from portal.groups.models import Group
from portal.meetings.forms import RUNG_NAMES
from portal.plan.forms import CONSISTENCY_NAMES, METHOD_NAMES, OBJECTIVE_STATUS_NAMES
from portal.plan.models import AssuranceCheck, Cohort, MaturityAssessment, Objective, ObjectiveGroup
from portal.plan.stages import stage_names
from portal.safeguarding.forms import CATEGORY_NAMES
from portal.web.suppression import rounded

#: Which CQC quality statements each section evidences, unless CQC_STATEMENTS says otherwise.
CQC_STATEMENTS = {
    "participation": [_l("Listening to and involving people"), _l("Equity in access")],
    "support": [_l("Equity in access"), _l("Partnerships and communities")],
    "changes": [_l("Learning, improvement and innovation"), _l("Listening to and involving people")],
    "impact": [_l("Equity in experiences and outcomes"), _l("Learning, improvement and innovation")],
    "assurance": [_l("Governance, management and sustainability")],
    "safeguarding": [_l("Safeguarding")],
    "plan": [_l("Shared direction and culture"), _l("Capable, compassionate and inclusive leaders")],
}
SECTION_TITLES = {
    "participation": _l("Who took part"),
    "support": _l("How taking part was supported"),
    "changes": _l("What changed"),
    "impact": _l("What difference it made"),
    "assurance": _l("Checks that changes are applied"),
    "safeguarding": _l("Safeguarding assurance"),
    "plan": _l("The co-production plan"),
}
ROLE_NAMES = {sources.PARTICIPANT: _l("Participants"), sources.CONNECTOR: _l("Community connectors"), sources.STAFF: _l("Staff")}
SUPPORT_NAMES = {
    "interpreter": _l("An interpreter"), "travel": _l("Travel costs paid back"), "care_cover": _l("Childcare or carer cover"), "payment": _l("Payment for their time"),
}
HELP_NAMES = {"claims": _l("Claims"), "ideas": _l("Ideas"), "proposals": _l("Votes")}
DEADLINE_NAMES = {"met": _l("Answered in time"), "missed": _l("Answered late, or late and waiting"), "not_due": _l("Waiting, still in time")}


def statements(section: str) -> list:
    configured = current_app.config.get("CQC_STATEMENTS") or {}
    return list(configured.get(section) or CQC_STATEMENTS[section])


@dataclass
class Table:
    """A breakdown as published: each row's label and value (None: hidden), and its total."""

    key: str
    title: object
    rows: list[tuple[object, int | None]]
    total: int | None = None
    has_total: bool = True
    #: Money beside some rows (pence, shown only when the count is).
    money: dict[int, int] = field(default_factory=dict)


@dataclass
class Section:
    key: str
    tables: list[Table] = field(default_factory=list)
    #: Things listed rather than counted (changes, checks, objectives).
    items: list = field(default_factory=list)
    note: object = ""
    #: For the plan: the latest self-assessment by the period's end, with its stage's name.
    maturity: tuple | None = None

    @property
    def title(self):
        return SECTION_TITLES[self.key]

    @property
    def statements(self) -> list:
        return statements(self.key)


@dataclass
class Pack:
    period: Period
    group: Group | None
    sections: list[Section]
    made_at: datetime

    @property
    def empty(self) -> bool:
        return all((table.total in (0, None) and not any(value for _label, value in table.rows)) for section in self.sections for table in section.tables) and not any(
            section.items for section in self.sections if section.key in ("changes", "assurance")
        )


class Builder:
    """Reads the year the period falls in once per kind of thing, and protects it all together."""

    def __init__(self, session: Session, period: Period, group: Group | None, now: datetime):
        self.session, self.period, self.group, self.now = session, period, group, now
        self.year = Period(period.year, "year")
        self.start, self.end = self.year.bounds()
        self.groups = list(session.execute(sa.select(Group.id).order_by(Group.id)).scalars())
        self.scope = group.id if group else ALL

    def table(self, key: str, title, rows, names: dict, *, exclusive: bool = True) -> Table:
        figures = year_figures(rows, year=self.period.year, groups=self.groups, categories=list(names), exclusive=exclusive)
        shown = [(names[category], figures[(self.period.key, self.scope, category)]) for category in names]
        total = figures[(self.period.key, self.scope, TOTAL)] if exclusive else None
        return Table(key, title, shown, total, has_total=exclusive)

    def build(self) -> Pack:
        sections = [self.participation(), self.support(), *self.changes(), self.plan()]
        if self.group is None:
            sections.insert(4, self.safeguarding())
        return Pack(self.period, self.group, sections, self.now)

    def participation(self) -> Section:
        section = Section("participation", note=_l("Each person is counted once in each period, however often they took part. Equality answers are given by choice, so many people are “not answered”."))
        taking = sources.taking_part(self.session, self.start, self.end)
        roles = sources.roles_of(self.session, {who for _when, _group, who in taking})
        section.tables.append(self.table("people_by_role", _l("People who took part, by role"), [(when, group, roles.get(who, sources.PARTICIPANT), who) for when, group, who in taking], ROLE_NAMES))
        section.tables.append(self.table("without_account", _l("People at meetings without an account (counted in the room)"), sources.without_account(self.session, self.start, self.end), {"present": _l("People")}))
        section.tables.extend(self.equality(taking))
        return section

    def equality(self, taking: list[tuple]) -> list[Table]:
        """Who took part by each equality question and by the plan's cohorts (in aggregate only)."""
        from portal.equality import labels
        from portal.equality.models import CODES, NOT_ANSWERED, Question

        answers, chosen = sources.answers_for_counting(self.session, self.start, self.end)
        tables = []
        heading_of = {code.value: f"heading_{index}" for index, (_name, codes) in enumerate(labels.ETHNIC_HEADINGS) for code in codes}
        for question in Question:
            if question == Question.ethnicity:
                names = {f"heading_{index}": name for index, (name, _codes) in enumerate(labels.ETHNIC_HEADINGS)}
                names |= {"prefer_not_to_say": labels.PREFER_NOT_TO_SAY}

                def category(code, heading_of=heading_of):
                    return heading_of.get(code, code)
            else:
                names = {code.value: labels.ANSWER_NAMES[question][code] for code in CODES[question]}

                def category(code):
                    return code
            names[NOT_ANSWERED] = labels.NOT_ANSWERED_NAME
            rows = []
            for when, group, who in taking:
                answer = answers.get(who)
                code = getattr(answer, question.value) if answer is not None else None
                rows.append((when, group, NOT_ANSWERED if code is None else category(code), who))
            tables.append(self.table(f"equality_{question.value}", labels.QUESTIONS[question][0], rows, names))
        cohorts = {str(cohort.id): cohort.name for cohort in self.session.execute(sa.select(Cohort).order_by(Cohort.name)).scalars()}
        if cohorts:
            rows = [(when, group, cohort_id, who) for when, group, who in taking for cohort_id in chosen.get(who, [])]
            tables.append(self.table("plan_cohorts", _l("People who said a cohort of the plan describes them"), rows, cohorts, exclusive=False))
        return tables

    def support(self) -> Section:
        section = Section("support")
        held = sources.meetings_held(self.session, self.start, self.end, self.now)
        section.tables.append(
            self.table("meetings", _l("Meetings held, and the support they offered"), held, {"held": _l("Meetings held"), "venues": _l("Different places people met in"), **SUPPORT_NAMES}, exclusive=False)
        )
        rungs = {f"rung:{rung.value}": name for rung, name in RUNG_NAMES.items()} | {"rung:not_said": _l("Not decided yet")}
        section.tables.append(self.table("rungs", _l("How much say people have"), held, rungs))
        section.tables.append(self.table("support_given", _l("People given support to take part"), sources.support_given(self.session, self.start, self.end), SUPPORT_NAMES, exclusive=False))
        rows, pence = sources.claims(self.session, self.start, self.end)
        names = {**{kind.value: name for kind, name in CLAIM_KIND_NAMES.items()}, "declined": _l("Payments people turned down")}
        claims = self.table("claims", _l("Claims paid, by kind"), rows, names)
        first, last = self.period.bounds()
        money: dict[int, int] = {}
        for index, kind in enumerate(names):
            if kind != "declined" and claims.rows[index][1]:
                money[index] = sum(
                    pence.get(who, 0) for when, group_id, category, who in rows
                    if category == kind and first <= when < last and (self.group is None or group_id == self.group.id)
                )
        claims.money = money
        section.tables.append(claims)
        if self.group is None:
            section.tables.append(self.table("help", _l("People a community connector helped, by what with"), sources.help_from_connectors(self.session, self.start, self.end), HELP_NAMES, exclusive=False))
        return section

    def _changes_in_period(self) -> list[Change]:
        first, last = self.period.bounds()
        query = sa.select(Change).where(Change.id.in_(sa.select(ChangeUpdate.change_id).where(ChangeUpdate.created_at >= first, ChangeUpdate.created_at < last)))
        if self.group is not None:
            query = query.where(Change.group_id == self.group.id)
        return list(self.session.execute(query.order_by(Change.updated_at.desc()).limit(200)).scalars())

    def changes(self) -> list[Section]:
        changed = self._changes_in_period()
        preload(changed)  # their titles and words in the reader's language, in one query
        ids = [change.id for change in changed]
        section = Section("changes", items=changed)
        names = {status.value: name for status, name in CHANGE_STATUS_NAMES.items()}
        section.tables.append(self.table("change_status", _l("Changes reaching each step"), sources.change_steps(self.session, self.start, self.end), names, exclusive=False))
        touchpoints = {touchpoint.value: name for touchpoint, name in TOUCHPOINT_NAMES.items()}
        section.tables.append(self.table("change_touchpoint", _l("Changes by where in people's care"), sources.changes_by_touchpoint(self.session, self.start, self.end), touchpoints))
        measures = list(self.session.execute(sa.select(ImpactMeasure).where(ImpactMeasure.change_id.in_(ids)).order_by(ImpactMeasure.change_id, ImpactMeasure.created_at)).scalars()) if ids else []
        titles = {change.id: change for change in changed}
        impact = Section("impact", items=[(titles[measure.change_id], measure, _shown_value(measure.baseline, measure.unit), _shown_value(measure.latest, measure.unit)) for measure in measures])
        first, last = self.period.bounds()
        checks_query = sa.select(AssuranceCheck, Change).join(Change, Change.id == AssuranceCheck.change_id).where(
            AssuranceCheck.checked_on >= first.date(), AssuranceCheck.checked_on < last.date()
        )
        if self.group is not None:
            checks_query = checks_query.where(Change.group_id == self.group.id)
        checks = Section("assurance", items=[(check, change, METHOD_NAMES[check.method], CONSISTENCY_NAMES[check.consistency]) for check, change in self.session.execute(checks_query.order_by(AssuranceCheck.checked_on)).all()])
        return [section, impact, checks]

    def safeguarding(self) -> Section:
        by_category, by_deadline = sources.cases(self.session, self.start, self.end, self.now)
        section = Section("safeguarding", note=_l("Counts only: nothing about any person or what they said."))
        categories = {category.value: name for category, name in CATEGORY_NAMES.items()} | {"not_triaged": _l("Not yet sorted into a category")}
        section.tables.append(self.table("cases_by_category", _l("Safeguarding cases opened, by category"), by_category, categories))
        section.tables.append(self.table("cases_by_deadline", _l("Whether the first response met its deadline"), by_deadline, DEADLINE_NAMES))
        return section

    def plan(self) -> Section:
        query = sa.select(Objective).order_by(Objective.created_at)
        if self.group is not None:
            query = query.where(Objective.id.in_(sa.select(ObjectiveGroup.objective_id).where(ObjectiveGroup.group_id == self.group.id)))
        _first, last = self.period.bounds()
        latest = self.session.execute(
            sa.select(MaturityAssessment).where(MaturityAssessment.assessed_on < last.date()).order_by(MaturityAssessment.assessed_on.desc(), MaturityAssessment.created_at.desc()).limit(1)
        ).scalar_one_or_none()
        names = stage_names()
        section = Section("plan", items=[(objective, OBJECTIVE_STATUS_NAMES[objective.status]) for objective in self.session.execute(query).scalars()])
        section.maturity = (latest, names.get(latest.stage, latest.stage)) if latest else None
        return section


def _shown_value(value: float, unit: Unit) -> str:
    """An impact figure as the pack shows it: a count of people through the small-number rule."""
    if unit == Unit.count:
        shown = rounded(int(value))
        return "*" if shown is None else impact_value(shown, unit)
    return impact_value(value, unit)


def build(session: Session, period: Period, group: Group | None, now: datetime) -> Pack:
    return Builder(session, period, group, now).build()
