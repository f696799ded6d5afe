"""Enumerations of roles, kinds and states used across the contest models."""

from enum import StrEnum


class Role(StrEnum):
    """What a user may do; one person may hold several roles."""

    WRITER = "writer"
    UNIT = "unit"  # unit focal point (đầu mối đơn vị)
    JUDGE = "judge"
    ORGANIZER = "organizer"
    ADMIN = "admin"
    CHAIR = "chair"  # chair of the awards council (Chủ tịch Hội đồng): signs off awards


class UnitKind(StrEnum):
    """Kinds of participating units (đơn vị)."""

    DISTRICT = "district"
    COMMUNE = "commune"
    DEPARTMENT = "department"
    MASS_ORGANISATION = "mass_organisation"
    PRESS = "press"
    SCHOOL = "school"
    ENTERPRISE = "enterprise"
    ARMED_FORCES = "armed_forces"
    OTHER = "other"


class TrackKind(StrEnum):
    """The two tracks of the contest."""

    WRITTEN = "written"  # bài viết: not yet published
    PRESS = "press"  # tác phẩm báo chí: already published


class EditionStatus(StrEnum):
    """Life cycle of a contest edition."""

    DRAFT = "draft"  # being set up, invisible to the public
    PUBLISHED = "published"  # visible on the public site
    CLOSED = "closed"  # finished and read-only


class RoundKind(StrEnum):
    """Judging rounds, in order."""

    PRELIMINARY = "preliminary"  # sơ khảo
    FINAL = "final"  # chung khảo


class StaffRole(StrEnum):
    """The part a person plays in one edition (such people may not enter it)."""

    JUDGE = "judge"
    ORGANIZER = "organizer"
    CHAIR = "chair"  # chair of the awards council: approves the award list


class EntryStatus(StrEnum):
    """Where an entry stands, as its writer sees it in "My entries"."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    FORWARDED = "forwarded"  # sent on to the city by a unit
    UNDER_REVIEW = "under_review"
    SHORTLISTED = "shortlisted"
    AWARDED = "awarded"
    NOT_ELIGIBLE = "not_eligible"
    WITHDRAWN = "withdrawn"


class EntryChannel(StrEnum):
    """How an entry reached the contest."""

    ONLINE = "online"  # the writer submitted it on the site
    UNIT = "unit"  # a unit focal point typed or uploaded it (paper entries)
    IMPORT = "import"  # bulk ZIP import by a unit


class AttachmentKind(StrEnum):
    """What a stored file is for."""

    DOCUMENT = "document"  # the uploaded text (.docx, .odt, .pdf, .txt)
    SCAN = "scan"  # a scanned paper entry with no text layer ("needs typing")
    PHOTO = "photo"  # photo of the featured person (metadata stripped)
    VIDEO = "video"  # radio/TV press work
