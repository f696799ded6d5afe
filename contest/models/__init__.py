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
from contest.models.enums import (
    EditionStatus,
    Role,
    RoundKind,
    StaffRole,
    TrackKind,
    UnitKind,
)
from contest.models.types import utcnow
from contest.models.unit import Cluster, Unit
from contest.models.user import User, UserRole

__all__ = [
    "FILE_TYPES",
    "AuditLog",
    "AwardTier",
    "Cluster",
    "Edition",
    "EditionStaff",
    "EditionStatus",
    "Field",
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
