"""The contest's data model (SQLAlchemy 2.x typed models), split by area."""

from contest.models.audit import AuditLog
from contest.models.edition import (
    FILE_TYPES,
    AwardTier,
    Edition,
    EditionStaff,
    Field,
    Track,
)
from contest.models.entry import (
    EDITABLE_STATUSES,
    Attachment,
    Entry,
    EntryAuthor,
    EntryVersion,
    FeaturedPerson,
)
from contest.models.enums import (
    AttachmentKind,
    EditionStatus,
    EntryChannel,
    EntryStatus,
    Role,
    RoundKind,
    StaffRole,
    TrackKind,
    UnitKind,
)
from contest.models.job import Job, JobStatus
from contest.models.official import (
    DocumentKind,
    DocumentSettings,
    IssuedDocument,
    PrizeAmount,
)
from contest.models.outbox import OutboxMessage, OutboxStatus
from contest.models.types import utcnow
from contest.models.unit import Cluster, Unit
from contest.models.user import User, UserRole

__all__ = [
    "EDITABLE_STATUSES",
    "FILE_TYPES",
    "Attachment",
    "AttachmentKind",
    "AuditLog",
    "AwardTier",
    "Cluster",
    "DocumentKind",
    "DocumentSettings",
    "Edition",
    "EditionStaff",
    "EditionStatus",
    "Entry",
    "EntryAuthor",
    "EntryChannel",
    "EntryStatus",
    "EntryVersion",
    "FeaturedPerson",
    "Field",
    "IssuedDocument",
    "Job",
    "JobStatus",
    "OutboxMessage",
    "OutboxStatus",
    "PrizeAmount",
    "Role",
    "RoundKind",
    "StaffRole",
    "Track",
    "TrackKind",
    "Unit",
    "UnitKind",
    "User",
    "UserRole",
    "utcnow",
]
