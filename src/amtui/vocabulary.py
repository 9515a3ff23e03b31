"""The words of the trade: every status, kind and stage a record can take.

Plain enumerations, shared by the store, the domain rules, the cockpit and the
command line; this module imports nothing of amtui.
"""

from __future__ import annotations

import enum


class AccountTier(enum.StrEnum):
    KEY = "key"
    STANDARD = "standard"


class AccountPhase(enum.StrEnum):
    CONQUEST = "conquest"
    LOYALTY = "loyalty"


class AccountStatus(enum.StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    AT_RISK = "at_risk"
    CHURNED = "churned"


class InteractionKind(enum.StrEnum):
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    VISIT = "visit"
    NOTE = "note"
    GIFT = "gift"


class Sentiment(enum.StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class OpportunityStage(enum.StrEnum):
    LEAD = "lead"
    QUALIFIED = "qualified"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    WON = "won"
    LOST = "lost"


class AgendaKind(enum.StrEnum):
    FOLLOW_UP = "follow_up"
    MEETING = "meeting"
    DEADLINE = "deadline"
    REVIEW = "review"
    OTHER = "other"


class Recurrence(enum.StrEnum):
    NONE = "none"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class HandoffStatus(enum.StrEnum):
    DRAFT = "draft"
    HANDED_OFF = "handed_off"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    DELIVERED = "delivered"
    CLOSED = "closed"
    BLOCKED = "blocked"


class ObjectiveMetric(enum.StrEnum):
    REVENUE = "revenue"
    MEETINGS = "meetings"
    NEW_ACCOUNTS = "new_accounts"
    CUSTOM = "custom"


class ObjectiveStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    ACHIEVED = "achieved"
    MISSED = "missed"
