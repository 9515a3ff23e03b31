"""A deterministic, realistic synthetic book of any size, for demos and load tests.

`seed_book` fills an empty book batch by batch. One seeded `random.Random` drives the
whole book and every table gets sequential ids, so the same `accounts` and `today`
always give the same rows with the same ids, and children point at their parents
without round trips. Each batch is one transaction of executemany inserts.
"""

from __future__ import annotations

import gc
import random
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import count
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Dialect, Table, insert
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from amtui.domain.handoff_flow import FLOW
from amtui.errors import AmtuiError
from amtui.store import indexing
from amtui.store.database import Database, filled_table
from amtui.store.editing import follow_up_title
from amtui.store.models import (
    DERIVED,
    Account,
    AgendaItem,
    Base,
    Contact,
    Deliverable,
    Handoff,
    HandoffStatusChange,
    Interaction,
    Objective,
    Opportunity,
    name_key,
)
from amtui.vocabulary import (
    AccountPhase,
    AccountStatus,
    AccountTier,
    AgendaKind,
    HandoffStatus,
    InteractionKind,
    ObjectiveMetric,
    ObjectiveStatus,
    OpportunityStage,
    Recurrence,
    Sentiment,
)

__all__ = ["SeedSummary", "seed_book"]

SEED = 20_261_105
BATCH_ACCOUNTS = 1000
HISTORY_DAYS = 800  # nothing generated is older than this

T = TypeVar("T")
Row = dict[str, Any]

# The seeded tables, parents before children.
TABLES = tuple(
    Base.metadata.tables[model.__tablename__]
    for model in (
        Objective,
        Account,
        Contact,
        Handoff,
        Deliverable,
        HandoffStatusChange,
        Interaction,
        Opportunity,
        AgendaItem,
    )
)


@dataclass(frozen=True)
class SeedSummary:
    """How many rows `seed_book` wrote into each table."""

    objectives: int
    accounts: int
    contacts: int
    handoffs: int
    deliverables: int
    handoff_status_changes: int
    interactions: int
    opportunities: int
    agenda_items: int

    def __str__(self) -> str:
        return ", ".join(
            f"{count:,} {name.replace('_', ' ')}" for name, count in vars(self).items()
        )


SUMMARY_FIELDS = {  # table name -> SeedSummary field
    "objective": "objectives",
    "account": "accounts",
    "contact": "contacts",
    "handoff": "handoffs",
    "deliverable": "deliverables",
    "handoff_status_change": "handoff_status_changes",
    "interaction": "interactions",
    "opportunity": "opportunities",
    "agenda_item": "agenda_items",
}


def _words(text: str) -> tuple[str, ...]:
    """The comma-separated entries of `text`, stripped."""
    return tuple(word.strip() for word in text.split(","))


def _pool(weights: dict[T, int]) -> tuple[T, ...]:
    """Each key repeated by its weight, so that a uniform pick is a weighted pick."""
    return tuple(key for key, weight in weights.items() for _ in range(weight))


def ascii_slug(text: str) -> str:
    """`text` without accents, lowercased, with runs of other characters as `-`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).lower().split())


# --- Word lists -------------------------------------------------------------------

SECTORS = {
    "Logistics": _words("Logistique, Logistics, Transports, Freight, Cargo, Fret"),
    "Retail": _words("Retail, Distribution, Stores, Commerce, Boutiques, Market"),
    "Banking": _words("Banque, Bank, Capital, Finance, Crédit, Invest"),
    "Insurance": _words("Assurances, Insurance, Mutuelle, Prévoyance, Courtage"),
    "Energy": _words("Énergie, Energy, Power, Renewables, Solaire, Hydro"),
    "Healthcare": _words("Santé, Health, Medical, Pharma, Cliniques, Care"),
    "Software": _words("Software, Systems, Digital, Logiciels, Data, Labs"),
    "Industry": _words("Industries, Manufacturing, Mécanique, Steel, Composites"),
    "Public sector": _words("Services Publics, Agency, Régie, Authority, Habitat"),
    "Food": _words("Foods, Alimentaire, Fromageries, Brasseries, Bakeries"),
    "Telecom": _words("Telecom, Networks, Fibre, Connect, Réseaux, Mobile"),
    "Construction": _words("Construction, Bâtiment, Builders, Travaux, Génie Civil"),
    "Hospitality": _words("Hôtels, Hospitality, Resorts, Restauration, Catering"),
}
SECTOR_NAMES = tuple(SECTORS)
PREFIXES = _words("""
    Helios, Norrland, Atlas, Boréal, Cassiopée, Vega, Orion, Meridian, Lumen,
    Altitude, Northwind, Bluestone, Greenfield, Riverside, Oakridge, Silverline,
    Redwood, Horizon, Zénith, Azur, Armor, Provence, Alpina, Cobalt, Granite, Ivoire,
    Opale, Sirius, Aurora, Polaris, Kestrel, Falcon, Harbor, Summit, Pinecrest,
    Westbrook, Eastgate, Highland, Lakeside, Brightwater, Clearview, Stonebridge,
    Goldcrest, Mistral, Sirocco, Alizé, Calypso, Neptune, Solstice, Équinoxe,
    Nordique, Atlantique, Loire, Rhône, Garonne, Jura, Vosges, Cévennes, Arverne,
    Celtic""")
SURNAMES = _words("""
    Verdier, Moreau, Lefebvre, Garnier, Fontaine, Chevalier, Mercier, Dupont,
    Lambert, Bonnet, Girard, Rousseau, Blanchard, Marchand, Faure, Perrin, Gauthier,
    Roche, Morel, Laurent, Lemoine, Barbier, Renaud, Caron, Picard, Vidal, Arnaud,
    Brunet, Leclerc, Blackwood, Harrington, Whitmore, Fairbanks, Thornton, Ashford,
    Pemberton, Sinclair, Hawthorne, Caldwell, Prescott, Sterling, Langley, Whitfield,
    Bradshaw, Holloway, Middleton, Hartley, Lindqvist, Andersson, Müller, Schneider,
    Rossi, Bianchi, García, Fernández, Kowalski, Novak, de Vries, Jansen, O'Connor""")
FIRST_NAMES = _words("""
    Marie, Camille, Julie, Léa, Chloé, Manon, Sophie, Claire, Nathalie, Isabelle,
    Élodie, Céline, Anne, Pauline, Hélène, Pierre, Nicolas, Julien, Thomas, Antoine,
    Maxime, Alexandre, Sébastien, François, Olivier, Laurent, Mathieu, Guillaume,
    Romain, Vincent, James, Oliver, Emily, Sarah, Jessica, Daniel, Michael, Hannah,
    Charlotte, George, Harry, Amelia, Grace, William, Jack, Erik, Ingrid, Astrid,
    Lars, Giulia, Marco, Lucía, Javier, Anna, Katarzyna, Jan""")
FIRST_SLUGS = tuple(ascii_slug(name).replace("-", "") for name in FIRST_NAMES)
SURNAME_SLUGS = tuple(ascii_slug(name).replace("-", "") for name in SURNAMES)
COMPANY_LEADS = _words("""
    Atelier, Maison, Groupe, Établissements, Société, Compagnie, Laboratoires,
    Cabinet""")
FAMILY_SUFFIXES = _words("& Fils, & Associés, & Partners, & Sons, Frères, Brothers")
LEGAL_FORMS = _words("SA, SAS, SARL, Ltd, Inc., GmbH, plc, Group, AB, BV")
CITIES = _words("""
    Paris, Lyon, Marseille, Toulouse, Nantes, Bordeaux, Lille, Strasbourg, Rennes,
    Grenoble, Montpellier, Nice, Dijon, Rouen, Brest, Angers, Metz, Reims, Tours,
    Clermont, London, Manchester, Leeds, Bristol, Glasgow, Dublin, Brussels, Antwerp,
    Geneva, Lausanne, Luxembourg, Amsterdam, Rotterdam, Hamburg, Munich, Stockholm,
    Oslo, Copenhagen, Madrid, Milan""")
TOP_LEVEL_DOMAINS = _words(".fr, .com, .eu, .co.uk, .de, .be")
OWNERS = _pool(
    {
        "Claire Martin": 5,
        "Julien Petit": 1,
        "Sophie Bernard": 1,
        "Thomas Durand": 1,
        "Emma Wilson": 1,
        "Lucas Roux": 1,
    }
)
CADENCES = _pool({14: 1, 21: 1, 30: 4, 45: 2, 60: 1, 90: 1})
COMPETITORS = _words("""
    Concordia Solutions, Vertex Partners, Nexum, Altavia Group, Primus,
    Quadrant Systems, Sigma Conseil, Bluepeak, Ardent, Keystone Services""")
TAGS = _words("""
    strategic, upsell, tender, reference, multi-site, pilot, expansion,
    price-sensitive, international, exec-sponsor, renewal""")
ROLES = _words("""
    CEO, CFO, COO, IT Director, Head of Procurement, Purchasing Manager,
    Operations Director, Sales Director, Marketing Director, HR Director,
    General Counsel, Project Manager, Supply Chain Manager, DSI,
    Head of Customer Service, DAF, Responsable Achats""")
CONTACT_SIZES = _pool({1: 1, 2: 2, 3: 3, 4: 2, 5: 1})  # three on average
PHONE_PREFIXES = _words("+33 1, +33 2, +33 4, +33 6, +33 7, +44 20, +32 2")

ORGANISATION_NOTES = (
    "Head office in {city}, about {staff} employees across {sites} sites.",
    "Siège à {city}, {staff} salariés, {sites} implantations régionales.",
    "Family-owned group based in {city}; {sites} subsidiaries, {staff} staff.",
    "Subsidiary of an international group; French HQ in {city} ({staff} people).",
    "Decisions are centralised in {city}; {sites} business units buy separately.",
)
POSITIONING_NOTES = (
    "Premium positioning, strong brand, sensitive to service quality.",
    "Cost leader: every renewal is a price negotiation.",
    "Growing fast through acquisitions; needs tools that scale.",
    "Conservative buyer, values references and long-term partners.",
    "Digital transformation programme under way, sponsored by the CEO.",
    "Positionnement milieu de gamme, forte présence régionale.",
    "Regulated activity: compliance and audit trails come first.",
    "Export-oriented; half of the revenue is made outside France.",
)
ADVANTAGE_NOTES = (
    "They value our responsiveness and local support.",
    "Our integration with their ERP is the key differentiator.",
    "We win on total cost of ownership, not on list price.",
    "They are cheaper, we are more reliable: keep proving it.",
    "Notre avantage : la proximité et la connaissance du métier.",
    "Our references in their sector carry weight with the board.",
)
CONTACT_NOTES = (
    "Prefers e-mail to calls.",
    "Keen cyclist; ask about the Tour de France.",
    "Decision maker for anything above 50k.",
    "Former colleague of our CEO.",
    "Wants short meetings with a clear agenda.",
    "Very detail-oriented on invoices.",
    "Parle anglais et allemand ; préfère le français.",
)

SUMMARIES = {
    InteractionKind.CALL: (
        "Renewal call with the CFO",
        "Quick check-in call",
        "Call about the delayed delivery",
        "Pricing call with procurement",
        "Follow-up call on the proposal",
        "Introductory call with the new IT director",
        "Call to discuss their roadmap",
        "Escalation call about support tickets",
        "Call to confirm next year's budget",
        "Appel de suivi avec la DAF",
        "Discussed volumes for next quarter",
        "Left a voicemail, to call back",
        "Call about invoice discrepancies",
    ),
    InteractionKind.MEETING: (
        "Quarterly business review",
        "Kick-off meeting for the pilot",
        "Steering committee",
        "Contract renewal negotiation",
        "Product demo for the operations team",
        "Workshop on the new requirements",
        "Lunch with the CEO",
        "Executive sponsor meeting",
        "Annual account review",
        "Réunion de lancement avec les équipes",
        "Meeting with procurement on the tender",
        "Service level review",
    ),
    InteractionKind.EMAIL: (
        "Sent the renewal proposal",
        "Sent meeting notes and next steps",
        "Shared a customer case study",
        "Answered questions on the SLA",
        "Sent the updated price list",
        "Followed up on the unsigned order",
        "Shared the project timeline",
        "Introduced our new project manager",
        "Sent the satisfaction survey",
        "Envoi de la proposition commerciale",
        "Confirmed the visit date",
        "Replied to the security questionnaire",
    ),
    InteractionKind.VISIT: (
        "Site visit at the head office",
        "Visited the main warehouse",
        "Plant tour with the operations director",
        "Visit to the new regional office",
        "On-site training session",
        "Visite du site de production",
        "Attended their annual customer day",
    ),
    InteractionKind.NOTE: (
        "Org change: new CFO appointed",
        "Competitor pitched a lower price",
        "Budget freeze expected until next quarter",
        "They are opening a new site",
        "Our champion is leaving the company",
        "Tender announced for next year",
        "Satisfaction improving after the fixes",
        "Risk: key user unhappy with support",
        "Decision moved to group level",
        "Merger rumours with a competitor",
    ),
    InteractionKind.GIFT: (
        "Sent a bottle of champagne for the new year",
        "Birthday card and flowers",
        "Invited to the rugby match",
        "Sent a hamper after the signature",
        "Invitation to the wine tasting evening",
        "Thank-you gift after the reference call",
    ),
}
# (kind, its summaries), weighted by how often an AM logs each kind.
KIND_POOL = _pool(
    {
        (InteractionKind.CALL, SUMMARIES[InteractionKind.CALL]): 30,
        (InteractionKind.EMAIL, SUMMARIES[InteractionKind.EMAIL]): 30,
        (InteractionKind.MEETING, SUMMARIES[InteractionKind.MEETING]): 16,
        (InteractionKind.VISIT, SUMMARIES[InteractionKind.VISIT]): 8,
        (InteractionKind.NOTE, SUMMARIES[InteractionKind.NOTE]): 13,
        (InteractionKind.GIFT, SUMMARIES[InteractionKind.GIFT]): 3,
    }
)
DETAILS = (
    "They asked for a revised quote by the end of the month.",
    "Decision expected after their board meeting.",
    "Budget confirmed, but procurement wants a 5% discount.",
    "Main concern is the migration timeline.",
    "Positive feedback on the support team.",
    "Bring our technical expert next time.",
    "They are also talking to two competitors.",
    "Next step: a workshop with the operations team.",
    "Invoices paid late again; flagged to finance.",
    "Wants a monthly reporting pack.\nSend a draft before the next call.",
)
SENTIMENTS_CALM = _pool(
    {Sentiment.POSITIVE: 4, Sentiment.NEUTRAL: 4, Sentiment.NEGATIVE: 1, None: 1}
)
SENTIMENTS_TENSE = _pool(
    {Sentiment.POSITIVE: 2, Sentiment.NEUTRAL: 3, Sentiment.NEGATIVE: 4, None: 1}
)
# Working-hours clock times in UTC, every five minutes from 07:00 to 17:55.
CLOCK = tuple(timedelta(hours=7, minutes=5 * step) for step in range(132))
DUE_TIMES = tuple(time(hour, minute) for hour in range(8, 18) for minute in (0, 30))

PLANNED_ITEMS = (
    (AgendaKind.MEETING, "Quarterly business review"),
    (AgendaKind.MEETING, "Lunch with the CEO"),
    (AgendaKind.MEETING, "Steering committee"),
    (AgendaKind.REVIEW, "Account plan review"),
    (AgendaKind.REVIEW, "Contract renewal review"),
    (AgendaKind.DEADLINE, "Send the renewal proposal"),
    (AgendaKind.DEADLINE, "Submit the tender answer"),
    (AgendaKind.DEADLINE, "Price list update due"),
    (AgendaKind.FOLLOW_UP, "Chase the signed purchase order"),
    (AgendaKind.FOLLOW_UP, "Check satisfaction after go-live"),
    (AgendaKind.OTHER, "Update the org chart"),
    (AgendaKind.OTHER, "Prepare the end-of-year gift"),
)
CHORES = (
    (AgendaKind.REVIEW, "Weekly pipeline review", Recurrence.WEEKLY),
    (AgendaKind.DEADLINE, "Monthly forecast to the sales director", Recurrence.MONTHLY),
    (AgendaKind.MEETING, "Sales team meeting", Recurrence.WEEKLY),
    (AgendaKind.OTHER, "Expense report", Recurrence.MONTHLY),
    (AgendaKind.OTHER, "Update the territory plan", Recurrence.NONE),
)


HANDOFF_STATUSES = tuple(HandoffStatus)
HANDOFF_STATUS_POOL = _pool(
    {
        HandoffStatus.DRAFT: 2,
        HandoffStatus.HANDED_OFF: 2,
        HandoffStatus.ACCEPTED: 2,
        HandoffStatus.IN_PROGRESS: 5,
        HandoffStatus.DELIVERED: 2,
        HandoffStatus.CLOSED: 4,
        HandoffStatus.BLOCKED: 1,
    }
)
PROJECT_MANAGERS = _words("""
    Antoine Lefort, Sarah Benali, Marc Olsen, Nadia Haddad, Kevin O'Brien,
    Lucie Fabre, Paul Schmidt, Inès Carvalho, David Chen, Émilie Roussel""")
HANDOFF_TITLES = _words("""
    ERP migration, Customer portal redesign, Warehouse scanning roll-out,
    Data platform phase 2, Fleet telematics deployment, Payroll integration,
    CRM roll-out, Mobile app for field teams, Network upgrade across sites,
    Reporting automation, Cloud migration, E-invoicing compliance,
    Loyalty programme launch, Predictive maintenance pilot, Supplier portal,
    Energy monitoring dashboard, Claims processing automation""")
BRIEF_NEEDS = (
    "replace three legacy tools with one platform",
    "cut order-to-cash time by a third",
    "give field teams offline access to customer data",
    "consolidate reporting for the executive committee",
    "meet the coming e-invoicing obligations",
    "open a self-service portal for their own clients",
)
BRIEF_VISIONS = (
    "a single source of truth shared by every site",
    "become the reference player in their region within three years",
    "paperless operations by the end of next year",
    "data-driven decisions at every level of management",
    "a partnership with us beyond this first project",
)
BRIEF_CONSTRAINTS = (
    "no downtime during the peak season (November to January)",
    "the IT team is only four people",
    "budget voted annually; anything above it needs board approval",
    "strict data residency: hosting in the EU only",
    "unions must be consulted before any change on the shop floor",
    "their ERP vendor must certify every interface",
)
BRIEF_PROMISES = (
    "a dedicated project manager and a weekly status report",
    "go-live before the end of the quarter",
    "training for 40 key users included in the price",
    "no extra cost for the first two change requests",
    "the CFO gets a dashboard demo at the first steering committee",
    "on-site presence during the first week after go-live",
)
DELIVERABLES = _words("""
    Kick-off and planning, Functional specifications, Technical design,
    Security review, Integration with the ERP, Data migration, Pilot on one site,
    User acceptance testing, Training sessions, Roll-out to all sites,
    Reporting dashboards, Go-live, Documentation, Hypercare and handover""")

OPPORTUNITY_TITLES = _words("""
    Licence renewal, Multi-year framework agreement, Expansion to new sites,
    Support contract upgrade, Pilot project, Additional users, Consulting package,
    Managed services, Training package, New module: analytics, Hardware refresh,
    Annual maintenance, Tender response, Cross-sell: mobile app""")
OPPORTUNITIES_PER_ACCOUNT = _pool({0: 5, 1: 11, 2: 4})  # 0.95 on average
OPEN_STAGES = frozenset(
    {
        OpportunityStage.LEAD,
        OpportunityStage.QUALIFIED,
        OpportunityStage.PROPOSAL,
        OpportunityStage.NEGOTIATION,
    }
)
STAGES = tuple(OpportunityStage)
STAGE_POOLS = {
    AccountStatus.PROSPECT: _pool(
        {
            OpportunityStage.LEAD: 7,
            OpportunityStage.QUALIFIED: 5,
            OpportunityStage.PROPOSAL: 4,
            OpportunityStage.NEGOTIATION: 2,
            OpportunityStage.LOST: 2,
        }
    ),
    AccountStatus.ACTIVE: _pool(
        {
            OpportunityStage.LEAD: 2,
            OpportunityStage.QUALIFIED: 3,
            OpportunityStage.PROPOSAL: 4,
            OpportunityStage.NEGOTIATION: 3,
            OpportunityStage.WON: 6,
            OpportunityStage.LOST: 2,
        }
    ),
    AccountStatus.AT_RISK: _pool(
        {
            OpportunityStage.QUALIFIED: 1,
            OpportunityStage.PROPOSAL: 2,
            OpportunityStage.NEGOTIATION: 2,
            OpportunityStage.WON: 2,
            OpportunityStage.LOST: 3,
        }
    ),
    AccountStatus.CHURNED: _pool({OpportunityStage.WON: 2, OpportunityStage.LOST: 3}),
}
STATUS_POOLS = {
    AccountPhase.CONQUEST: _pool(
        {
            AccountStatus.PROSPECT: 14,
            AccountStatus.ACTIVE: 4,
            AccountStatus.AT_RISK: 1,
            AccountStatus.CHURNED: 1,
        }
    ),
    AccountPhase.LOYALTY: _pool(
        {
            AccountStatus.PROSPECT: 1,
            AccountStatus.ACTIVE: 13,
            AccountStatus.AT_RISK: 4,
            AccountStatus.CHURNED: 2,
        }
    ),
}


# --- The generator ----------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """The traits of one account that its children depend on."""

    id: int
    index: int
    status: AccountStatus
    created_days: int  # how many days before today the account was created
    created_at: datetime
    cadence: int


class _BookGenerator:
    """Generates a book's rows, batch after batch, from one seeded random stream."""

    def __init__(self, accounts: int, today: date) -> None:
        self.rng = random.Random(SEED)
        self.accounts = accounts
        self.today = today
        self.midnight = datetime.combine(today, time(), UTC)
        # Every working-hours instant of the history, built once: rows share these
        # objects, so the writer hashes each instant only once.
        self.instants = [
            self.midnight - timedelta(days=days_ago) + clock
            for days_ago in range(HISTORY_DAYS)
            for clock in CLOCK
        ]
        self.ids = {table.name: count(1) for table in TABLES}
        self.used_names: set[str] = set()
        self.numbers: dict[str, int] = {}  # the last number given to each name
        self.rows: dict[str, list[Row]] = {}

    def pick(self, choices: Sequence[T]) -> T:
        """A uniformly random element of `choices`."""
        return choices[int(self.rng.random() * len(choices))]

    def below(self, high: int) -> int:
        """A random integer from 0 to `high - 1`."""
        return int(self.rng.random() * high)

    def between(self, low: int, high: int) -> int:
        """A random integer from `low` to `high - 1`."""
        return low + int(self.rng.random() * (high - low))

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self.rng.random() < probability

    def next_id(self, table: str) -> int:
        """The next primary key of `table`: ids are sequential from 1."""
        return next(self.ids[table])

    def on(self, offset: int) -> date:
        """The date `offset` days after today (before it if negative)."""
        return self.today + timedelta(days=offset)

    def at(self, days_ago: int) -> datetime:
        """A working-hours instant `days_ago` days ago; today's first instant if 0."""
        if days_ago <= 0:
            return self.midnight
        return self.instants[
            days_ago * len(CLOCK) + int(self.rng.random() * len(CLOCK))
        ]

    def add(self, table: str, row: Row) -> None:
        """Queue `row` for insertion into `table` with the current batch."""
        self.rows[table].append(row)

    def batch(self, start: int, stop: int) -> dict[str, list[Row]]:
        """The rows of accounts `start` to `stop - 1` and of everything they own."""
        self.rows = {table.name: [] for table in TABLES}
        for index in range(start, stop):
            self.account(index)
        return self.rows

    # Objectives --------------------------------------------------------------------

    def objectives(self) -> dict[str, list[Row]]:
        """This month's, quarter's and year's objectives, scaled with the book.

        Targets are set a little above what the generated book achieves, so that the
        weekly review has a gap to analyse.
        """
        self.rows = {table.name: [] for table in TABLES}
        n, today = self.accounts, self.today
        month = f"{today:%Y-%m}"
        quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
        for period, revenue in ((month, 5), (quarter, 10), (str(today.year), 20)):
            self.objective(period, ObjectiveMetric.REVENUE, revenue * 1000 * n)
        for period, months in ((month, 1), (quarter, 3)):
            meetings, new_accounts = n * months * 4 // 5, n * months // 10
            self.objective(period, ObjectiveMetric.MEETINGS, max(4, meetings))
            self.objective(period, ObjectiveMetric.NEW_ACCOUNTS, max(1, new_accounts))
        target = max(2, n // 100)
        self.objective(
            month,
            ObjectiveMetric.CUSTOM,
            target,
            manual_actual=target // 2,
            text="Reference visits organised for prospects",
        )
        self.objective(
            quarter,
            ObjectiveMetric.CUSTOM,
            text="Meet the new procurement director at every key account",
            status=ObjectiveStatus.ON_TRACK,
        )
        self.objective(
            quarter,
            ObjectiveMetric.CUSTOM,
            text="Position the loyalty offer with every at-risk account",
            status=ObjectiveStatus.AT_RISK,
        )
        return self.rows

    def objective(
        self,
        period: str,
        metric: ObjectiveMetric,
        target: int | None = None,
        *,
        manual_actual: int | None = None,
        text: str | None = None,
        status: ObjectiveStatus | None = None,
    ) -> None:
        """One objective, set on the first day of the current month."""
        self.add(
            "objective",
            {
                "id": self.next_id("objective"),
                "period": period,
                "metric": metric,
                "target": None if target is None else Decimal(target),
                "manual_actual": (
                    None if manual_actual is None else Decimal(manual_actual)
                ),
                "text": text,
                "status": status,
                "created_at": self.at(self.today.day - 1),
            },
        )

    # Accounts ----------------------------------------------------------------------

    def account(self, index: int) -> None:
        """One account and everything it owns."""
        sector = self.pick(SECTOR_NAMES)
        phase = AccountPhase.LOYALTY if self.chance(0.55) else AccountPhase.CONQUEST
        status = self.pick(STATUS_POOLS[phase])
        created_days = self.created_days(index, status)
        plan = _Plan(
            id=self.next_id("account"),
            index=index,
            status=status,
            created_days=created_days,
            created_at=self.at(created_days),
            cadence=self.pick(CADENCES),
        )
        name = self.company_name(sector)
        contact_ids = self.contacts(plan, name)
        last_contact = self.interactions(plan, contact_ids) or plan.created_at
        self.add(
            "account",
            {
                "id": plan.id,
                "name": name,
                "name_key": name_key(name),
                "sector": sector,
                "tier": AccountTier.KEY if self.chance(0.15) else AccountTier.STANDARD,
                "phase": phase,
                "status": status,
                "owner": self.pick(OWNERS),
                "cadence_days": plan.cadence,
                "notes": self.account_notes(),
                "tags": self.tags(),
                "created_at": plan.created_at,
                "updated_at": max(plan.created_at, last_contact),
                "archived": status is AccountStatus.CHURNED and self.chance(0.3),
            },
        )
        self.opportunities(plan)
        self.handoffs(plan)
        self.planned_items(plan)

    def created_days(self, index: int, status: AccountStatus) -> int:
        """When an account was created: within two years, one in twenty this month."""
        if index % 20 == 7:
            return self.below(self.today.day)
        if status is AccountStatus.PROSPECT:
            return self.between(1, 240)
        return self.between(1, 730)

    def company_name(self, sector: str) -> str:
        """A believable company name, unique (case-insensitively) in the book."""
        pick, shape = self.pick, self.rng.random()
        if shape < 0.4:
            base = f"{pick(PREFIXES)} {pick(SECTORS[sector])}"
        elif shape < 0.6:
            base = f"{pick(PREFIXES)} {pick(SECTORS[sector])} {pick(LEGAL_FORMS)}"
        elif shape < 0.75:
            base = f"{pick(SURNAMES)} {pick(SECTORS[sector])}"
        elif shape < 0.9:
            base = f"{pick(COMPANY_LEADS)} {pick(SURNAMES)} {pick(LEGAL_FORMS)}"
        else:
            base = f"{pick(SURNAMES)} {pick(FAMILY_SUFFIXES)}"
        name = base
        if name_key(name) in self.used_names:
            name = f"{base} {pick(CITIES)}"
        while name_key(name) in self.used_names:  # bases never end with a number
            self.numbers[base] = self.numbers.get(base, 1) + 1
            name = f"{base} {self.numbers[base]}"
        self.used_names.add(name_key(name))
        return name

    def account_notes(self) -> str:
        """Organisation, positioning and competition, one paragraph each."""
        organisation = self.pick(ORGANISATION_NOTES).format(
            city=self.pick(CITIES),
            staff=50 * self.between(1, 400),
            sites=self.between(2, 40),
        )
        competition = (
            f"Main competitor: {self.pick(COMPETITORS)}. {self.pick(ADVANTAGE_NOTES)}"
        )
        return f"{organisation}\n\n{self.pick(POSITIONING_NOTES)}\n\n{competition}"

    def tags(self) -> str | None:
        """One to three comma-separated tags, or none."""
        if self.chance(0.2):
            return None
        return ", ".join(self.rng.sample(TAGS, self.between(1, 4)))

    # Contacts ----------------------------------------------------------------------

    def contacts(self, plan: _Plan, company: str) -> list[int]:
        """One to five people at the account, three on average; returns their ids."""
        rng, pick = self.rng, self.pick
        domain = ascii_slug(company) + pick(TOP_LEVEL_DOMAINS)
        ids = []
        for role in rng.sample(ROLES, pick(CONTACT_SIZES)):
            first, last = self.below(len(FIRST_NAMES)), self.below(len(SURNAMES))
            digits = f"{self.below(100_000_000):08d}"
            has_birthday = self.chance(0.85)
            contact_id = self.next_id("contact")
            ids.append(contact_id)
            self.add(
                "contact",
                {
                    "id": contact_id,
                    "account_id": plan.id,
                    "name": f"{FIRST_NAMES[first]} {SURNAMES[last]}",
                    "role": role,
                    "email": f"{FIRST_SLUGS[first]}.{SURNAME_SLUGS[last]}@{domain}",
                    "phone": f"{pick(PHONE_PREFIXES)} {digits[:2]} {digits[2:4]} "
                    f"{digits[4:6]} {digits[6:]}",
                    "birthday_month": self.between(1, 13) if has_birthday else None,
                    "birthday_day": self.between(1, 29) if has_birthday else None,
                    "birthday_year": (
                        self.between(1958, 1998)
                        if has_birthday and self.chance(0.6)
                        else None
                    ),
                    "notes": pick(CONTACT_NOTES) if self.chance(0.2) else None,
                    "created_at": plan.created_at,
                    "updated_at": plan.created_at,
                },
            )
        return ids

    # Interactions ------------------------------------------------------------------

    def contact_days(self, plan: _Plan) -> list[int]:
        """The days (before today, oldest first) on which the account was in touch.

        Most accounts were contacted within their cadence; some went quiet long ago
        (churned ones always), and a few are very busy. A young account has had
        about one contact every four days of its life at most.
        """
        rng = self.rng
        window = min(plan.created_days, 365)
        profile = rng.random()
        if plan.status is AccountStatus.CHURNED or profile < 0.12:
            total = self.between(0, 8)
            last = int(plan.cadence * (1.2 + 2 * rng.random()))
        elif profile < 0.22:
            total = self.between(40, 81)
            last = self.between(1, 4)
        else:
            total = self.between(10, 37)
            last = self.between(1, plan.cadence + 1)
        total = min(total, window // 4 + 1)  # a new account has a short history
        if total == 0 or window < 1:
            return []
        last = min(last, window)
        random, span = rng.random, window + 1 - last
        days = [last + int(random() * span) for _ in range(total - 1)]
        days.sort(reverse=True)
        days.append(last)
        return days

    def interactions(self, plan: _Plan, contact_ids: list[int]) -> datetime | None:
        """The account's timeline (the hot loop: picks are inlined); returns the last
        contact. One interaction in twenty asks for a follow-up."""
        random, instants, clocks = self.rng.random, self.instants, len(CLOCK)
        sentiments = (
            SENTIMENTS_TENSE
            if plan.status in (AccountStatus.AT_RISK, AccountStatus.CHURNED)
            else SENTIMENTS_CALM
        )
        contacts = len(contact_ids)
        append = self.rows["interaction"].append
        next_id = self.ids["interaction"].__next__
        occurred_at = None
        for days_ago in self.contact_days(plan):
            kind, summaries = KIND_POOL[int(random() * len(KIND_POOL))]
            summary = summaries[int(random() * len(summaries))]
            occurred_at = instants[days_ago * clocks + int(random() * clocks)]
            interaction_id = next_id()
            follow_up_on = None
            if random() < 0.05:
                follow_up_on = self.on(int(random() * 12) + 3 - days_ago)
                self.follow_up_item(plan, interaction_id, summary, follow_up_on)
            append(
                {
                    "id": interaction_id,
                    "account_id": plan.id,
                    "contact_id": (
                        contact_ids[int(random() * contacts)]
                        if random() < 0.7
                        else None
                    ),
                    "occurred_at": occurred_at,
                    "kind": kind,
                    "summary": summary,
                    "details": (
                        DETAILS[int(random() * len(DETAILS))]
                        if random() < 0.15
                        else None
                    ),
                    "sentiment": sentiments[int(random() * len(sentiments))],
                    "follow_up_on": follow_up_on,
                    "created_at": occurred_at,
                }
            )
        return occurred_at

    # Agenda ------------------------------------------------------------------------

    def agenda_item(
        self,
        due_on: date,
        title: str,
        kind: AgendaKind,
        *,
        account_id: int | None = None,
        handoff_id: int | None = None,
        interaction_id: int | None = None,
        done: bool = False,
        recurrence: Recurrence = Recurrence.NONE,
    ) -> None:
        """An agenda item, created before it was due; a done one was done that day."""
        days_ago = (self.today - due_on).days
        self.add(
            "agenda_item",
            {
                "id": self.next_id("agenda_item"),
                "account_id": account_id,
                "handoff_id": handoff_id,
                "interaction_id": interaction_id,
                "due_on": due_on,
                "due_time": self.pick(DUE_TIMES) if self.chance(0.4) else None,
                "title": title,
                "kind": kind,
                "done_at": self.at(days_ago) if done else None,
                "recurrence": recurrence,
                "created_at": self.at(max(days_ago, 0) + self.between(1, 30)),
            },
        )

    def follow_up_item(
        self, plan: _Plan, interaction_id: int, summary: str, due_on: date
    ) -> None:
        """The item an interaction's follow-up date created.

        Past ones are done, but for a few of the last three weeks: an AM's backlog is
        recent, not a year old.
        """
        late_days = (self.today - due_on).days
        self.agenda_item(
            due_on,
            follow_up_title(summary),
            AgendaKind.FOLLOW_UP,
            account_id=plan.id,
            interaction_id=interaction_id,
            done=late_days > 21 or (late_days > 0 and self.chance(0.7)),
        )

    def planned_items(self, plan: _Plan) -> None:
        """One planned item per account, due today, overdue, soon, later, or done.

        The slot cycles with the account's index, so that even a book of five accounts
        has items overdue, due today and due this week. Every 25th account also brings
        one of the AM's own chores, with no account.
        """
        slot = plan.index % 5
        recurrence = Recurrence.NONE
        if slot != 4 and self.chance(0.12):
            recurrence = self.pick(
                (Recurrence.MONTHLY, Recurrence.MONTHLY, Recurrence.WEEKLY)
            )
        kind, title = self.pick(PLANNED_ITEMS)
        self.agenda_item(
            self.on(self.planned_offset(slot)),
            title,
            kind,
            account_id=plan.id,
            done=slot == 4,
            recurrence=recurrence,
        )
        if plan.index % 25 == 0:
            kind, title, recurrence = self.pick(CHORES)
            due_on = self.on(self.between(-2, 7))
            self.agenda_item(due_on, title, kind, recurrence=recurrence)

    def planned_offset(self, slot: int) -> int:
        """Days from today to a planned item in `slot` (0 today, 1 overdue, 2 this
        week, 3 later, 4 past and done)."""
        if slot == 0:
            return 0
        if slot == 1:
            return -self.between(1, 21)
        if slot == 2:
            return self.between(1, 8)
        if slot == 3:
            return self.between(8, 60)
        return -self.between(1, 120)

    # Opportunities -----------------------------------------------------------------

    def opportunities(self, plan: _Plan) -> None:
        """About one deal per account; the first six accounts cover every stage."""
        forced = plan.index < len(STAGES)
        total = self.pick(OPPORTUNITIES_PER_ACCOUNT)
        for number in range(max(total, 1) if forced else total):
            if forced and number == 0:
                self.opportunity(plan, STAGES[plan.index], closed_recently=True)
            else:
                stage = self.pick(STAGE_POOLS[plan.status])
                self.opportunity(plan, stage, closed_recently=self.chance(0.1))

    def opportunity(
        self, plan: _Plan, stage: OpportunityStage, *, closed_recently: bool
    ) -> None:
        """One deal; a won or lost one has a closing date, this month if recent."""
        if stage in OPEN_STAGES:
            closed_on = None
            expected = self.on(self.between(-20, 180))
            changed_days = self.between(1, 90)
        else:
            closed_on = self.on(-self.closed_days(closed_recently))
            expected = closed_on + timedelta(days=self.between(-20, 30))
            changed_days = (self.today - closed_on).days
        created_days = min(plan.created_days, changed_days + self.between(0, 120))
        self.add(
            "opportunity",
            {
                "id": self.next_id("opportunity"),
                "account_id": plan.id,
                "title": self.pick(OPPORTUNITY_TITLES),
                "amount": Decimal(self.between(10, 400) * 50_000).scaleb(-2),  # cents
                "stage": stage,
                "expected_close_on": expected,
                "closed_on": closed_on,
                "created_at": self.at(created_days),
                "updated_at": self.at(min(changed_days, created_days)),
            },
        )

    def closed_days(self, recent: bool) -> int:
        """How many days ago a deal closed: this month if `recent`, else this quarter
        or year."""
        today = self.today
        if recent:
            return self.below(today.day)
        if self.chance(0.3):
            quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
            return self.below((today - quarter_start).days + 1)
        return self.below(365)

    # Handoffs ----------------------------------------------------------------------

    def handoffs(self, plan: _Plan) -> None:
        """Projects handed to a PM, mostly for running clients; the first seven
        accounts cover every status."""
        if plan.index < len(HANDOFF_STATUSES):
            self.handoff(plan, HANDOFF_STATUSES[plan.index])
            return
        running = plan.status in (AccountStatus.ACTIVE, AccountStatus.AT_RISK)
        if self.chance(0.3 if running else 0.05):
            self.handoff(plan, self.pick(HANDOFF_STATUS_POOL))

    def status_path(self, status: HandoffStatus) -> list[HandoffStatus]:
        """The statuses a handoff went through to reach `status`, from draft."""
        if status is HandoffStatus.BLOCKED:
            stuck = self.between(1, 4)  # after handed_off, accepted or in_progress
            return [*FLOW[: stuck + 1], HandoffStatus.BLOCKED]
        return list(FLOW[: FLOW.index(status) + 1])

    def change_days(self, path: list[HandoffStatus]) -> list[int]:
        """How many days ago each status of `path` was entered, oldest first."""
        closed = path[-1] is HandoffStatus.CLOSED
        days = [self.between(10, 200) if closed else self.between(1, 20)]
        for _ in path[1:]:
            days.append(days[-1] + self.between(2, 15))
        days.reverse()
        return days

    def handoff(self, plan: _Plan, status: HandoffStatus) -> None:
        """One handoff with its status history, deliverables and agenda checkpoint."""
        path = self.status_path(status)
        days = self.change_days(path)
        entered = dict(zip(path, days, strict=True))
        if HandoffStatus.IN_PROGRESS in entered:
            start_on = self.on(-entered[HandoffStatus.IN_PROGRESS])
        else:
            start_on = self.on(self.between(3, 45))
        if HandoffStatus.DELIVERED in entered:  # delivered around its due date
            delivered = self.on(-entered[HandoffStatus.DELIVERED])
            due_on = max(start_on, delivered + timedelta(days=self.between(-3, 10)))
        else:
            due_on = start_on + timedelta(days=self.between(30, 180))
        budget = None
        if status is not HandoffStatus.DRAFT or self.chance(0.5):
            budget = Decimal(self.between(10, 800) * 250_000).scaleb(-2)  # cents
        changed_at = [self.at(days_ago) for days_ago in days]
        handoff_id = self.next_id("handoff")
        self.add(
            "handoff",
            {
                "id": handoff_id,
                "account_id": plan.id,
                "title": self.pick(HANDOFF_TITLES),
                "project_manager": self.pick(PROJECT_MANAGERS),
                "brief": self.brief(),
                "budget": budget,
                "currency": "EUR",
                "start_on": start_on,
                "due_on": due_on,
                "status": status,
                "created_at": changed_at[0],
                "updated_at": changed_at[-1],
            },
        )
        self.history(handoff_id, path, changed_at)
        self.deliverables(handoff_id, status, start_on, due_on)
        self.checkpoint(plan, handoff_id, status, start_on, due_on)

    def brief(self) -> str:
        """What the PM must know: client needs, vision, constraints, promises made."""
        pick = self.pick
        return (
            f"Client needs: {pick(BRIEF_NEEDS)}.\n"
            f"Vision: {pick(BRIEF_VISIONS)}.\n"
            f"Constraints: {pick(BRIEF_CONSTRAINTS)}.\n"
            f"Promises made: {pick(BRIEF_PROMISES)}."
        )

    def history(
        self, handoff_id: int, path: list[HandoffStatus], changed_at: list[datetime]
    ) -> None:
        """One status change per step of `path`, the first from no status to draft."""
        steps = zip([None, *path[:-1]], path, changed_at, strict=True)
        for from_status, to_status, at in steps:
            self.add(
                "handoff_status_change",
                {
                    "id": self.next_id("handoff_status_change"),
                    "handoff_id": handoff_id,
                    "from_status": from_status,
                    "to_status": to_status,
                    "changed_at": at,
                },
            )

    def deliverables(
        self, handoff_id: int, status: HandoffStatus, start_on: date, due_on: date
    ) -> None:
        """Two to six deliverables spread up to the due date, done as far as the
        status says: all once delivered, most past-due ones while under way."""
        rng = self.rng
        chosen = sorted(rng.sample(range(len(DELIVERABLES)), self.between(2, 7)))
        span = (due_on - start_on).days
        for number, which in enumerate(chosen, start=1):
            deliverable_due = start_on + timedelta(days=span * number // len(chosen))
            if status in (HandoffStatus.DELIVERED, HandoffStatus.CLOSED):
                done = True
            elif status in (HandoffStatus.IN_PROGRESS, HandoffStatus.BLOCKED):
                done = deliverable_due < self.today and self.chance(0.8)
            else:
                done = False
            self.add(
                "deliverable",
                {
                    "id": self.next_id("deliverable"),
                    "handoff_id": handoff_id,
                    "title": DELIVERABLES[which],
                    "due_on": deliverable_due,
                    "done": done,
                },
            )

    def checkpoint(
        self,
        plan: _Plan,
        handoff_id: int,
        status: HandoffStatus,
        start_on: date,
        due_on: date,
    ) -> None:
        """The agenda item that follows a handoff until it is closed."""
        if status is HandoffStatus.CLOSED:
            return
        recurrence = Recurrence.NONE
        if status is HandoffStatus.DRAFT:
            kind, title = AgendaKind.DEADLINE, "Finish the handoff brief"
            due = self.on(self.between(0, 10))
        elif status in (HandoffStatus.HANDED_OFF, HandoffStatus.ACCEPTED):
            kind, title = AgendaKind.MEETING, "Kick-off with the project manager"
            due = start_on
        elif status is HandoffStatus.IN_PROGRESS:
            kind, title = AgendaKind.REVIEW, "Project checkpoint with the PM"
            due, recurrence = self.on(self.between(-3, 14)), Recurrence.WEEKLY
        elif status is HandoffStatus.DELIVERED:
            kind, title = AgendaKind.REVIEW, "Acceptance review with the client"
            due = due_on + timedelta(days=7)
        else:
            kind, title = AgendaKind.FOLLOW_UP, "Unblock the project with the PM"
            due = self.on(-self.between(0, 7))
        self.agenda_item(
            due,
            title,
            kind,
            account_id=plan.id,
            handoff_id=handoff_id,
            done=status is HandoffStatus.DELIVERED and due < self.today,
            recurrence=recurrence,
        )


# --- Writing ----------------------------------------------------------------------


class _Memo(dict[Any, Any]):
    """A bind processor's results, computed once per distinct value."""

    def __init__(self, process: Callable[[Any], Any]) -> None:
        super().__init__()
        self.process = process

    def __missing__(self, value: Any) -> Any:
        self[value] = result = self.process(value)
        return result


class _Converters:
    """Memoised bind processors, shared by every column of the same type.

    A book repeats the same instants, dates, amounts and enum values endlessly, so
    converting each distinct value once per type is most of the insert's speed.
    """

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.memos: dict[tuple[type, object], Callable[[Any], Any] | None] = {}

    def __call__(self, column_type: TypeEngine[Any]) -> Callable[[Any], Any] | None:
        """The memoised bind processor of `column_type`, if it has one."""
        key = (type(column_type), getattr(column_type, "enum_class", None))
        if key not in self.memos:
            impl = column_type.dialect_impl(self.dialect)
            process = impl.bind_processor(self.dialect)
            self.memos[key] = None if process is None else _Memo(process).__getitem__
        return self.memos[key]


class _BulkInsert:
    """An executemany INSERT into one table that skips SQLAlchemy's per-row work.

    Core compiles the statement for the engine's dialect (so nothing here is
    SQLite-specific) and each column's own bind processor converts its values,
    memoised; the DBAPI then gets plain parameter tuples (or dicts, for dialects
    with named parameters).
    """

    def __init__(self, table: Table, converters: _Converters) -> None:
        keys = [column.key for column in table.columns if not column.info.get(DERIVED)]
        compiled = insert(table).compile(dialect=converters.dialect, column_keys=keys)
        self.sql = str(compiled)
        self.positional = compiled.positional
        self.keys = list(compiled.positiontup or ()) if self.positional else keys
        self.columns = [
            (itemgetter(key), converters(table.c[key].type)) for key in self.keys
        ]

    def execute(self, session: Session, rows: list[Row]) -> None:
        """Insert `rows`, each a dict with a value for every column the book does not
        derive itself."""
        columns = [
            map(value_of, rows)
            if convert is None
            else map(convert, map(value_of, rows))
            for value_of, convert in self.columns
        ]
        params: list[Any] = list(zip(*columns, strict=True))
        if not self.positional:
            params = [dict(zip(self.keys, values, strict=True)) for values in params]
        session.connection().exec_driver_sql(self.sql, params)


class _Writer:
    """Writes batches of rows into a book, one transaction each, and counts them."""

    def __init__(self, db: Database) -> None:
        self.db = db
        converters = _Converters(db.engine.dialect)
        self.inserts = {table.name: _BulkInsert(table, converters) for table in TABLES}
        self.counts = dict.fromkeys(self.inserts, 0)

    def write(self, rows: dict[str, list[Row]], *, check_empty: bool = False) -> None:
        """Insert `rows` (by table name), parents first; refuse a non-empty book if
        `check_empty`, in the same transaction."""
        with self.db.write() as session:
            if check_empty:
                ensure_empty(session, self.db.path)
                indexing.drop_triggers(session.connection())  # see `finish`
                indexing.drop_lookup_indexes(session.connection())
            for name, table_rows in rows.items():
                if table_rows:
                    self.inserts[name].execute(session, table_rows)
                    self.counts[name] += len(table_rows)

    def finish(self) -> None:
        """Index the book in one pass, many times faster than row by row."""
        with self.db.write() as session:
            indexing.rebuild(session.connection())

    def summary(self) -> SeedSummary:
        """How many rows have been written, per table."""
        return SeedSummary(
            **{SUMMARY_FIELDS[name]: total for name, total in self.counts.items()}
        )


def seed_book(
    db: Database,
    accounts: int,
    *,
    today: date,
    progress: Callable[[int, int], None] | None = None,
) -> SeedSummary:
    """Fill the empty book `db` with `accounts` synthetic accounts and all they own.

    Deterministic: the same `accounts` and `today` give identical rows and ids.
    `progress(done, total)` is called after each committed batch of accounts. A seed
    interrupted half-way leaves the batches already committed, indexed when the book
    is next opened.
    """
    if accounts < 1:
        raise AmtuiError("the number of accounts to seed must be at least 1")
    generator = _BookGenerator(accounts, today)
    writer = _Writer(db)
    with collector_paused():
        writer.write(generator.objectives(), check_empty=True)
        for start, stop in batches(accounts):
            writer.write(generator.batch(start, stop))
            if progress is not None:
                progress(stop, accounts)
        writer.finish()
    return writer.summary()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, which millions of short-lived rows (none
    in a cycle) would otherwise trigger over and over: a tenth of the seed's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def batches(total: int) -> Iterator[tuple[int, int]]:
    """`(start, stop)` ranges of at most `BATCH_ACCOUNTS` covering `range(total)`."""
    for start in range(0, total, BATCH_ACCOUNTS):
        yield start, min(start + BATCH_ACCOUNTS, total)


def ensure_empty(session: Session, path: Path) -> None:
    """Refuse to seed a book that already holds rows."""
    if (table := filled_table(session)) is not None:
        raise AmtuiError(
            f"{path} is not empty ({table} has rows): seed only fills an empty book"
        )
