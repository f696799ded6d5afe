"""Forms of the official-documents pages: the edition's document settings, the
"issue" buttons, and the parsing of the prize-money table of the set-up."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import FloatField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Regexp

from contest.forms_base import BaseForm, as_choices
from contest.models import DocumentKind

MAX_AMOUNT = 10**12  # one thousand billion đồng: far above any prize
KIND_LABELS = {
    DocumentKind.PLAN: _l("Launch plan, with the rules"),
    DocumentKind.COMMITTEE_DECISION: _l("Decision forming the organizing committee"),
    DocumentKind.JURY_DECISION: _l("Decision forming the jury"),
    DocumentKind.REMINDER_LETTER: _l("Reminder letter to units without entries"),
    DocumentKind.AWARD_DECISION: _l("Decision on the awards, with its annex"),
    DocumentKind.CERTIFICATES: _l("Certificates of the winners"),
    DocumentKind.PAYMENT_LIST: _l("Payment list of the prize money"),
    DocumentKind.FINAL_REPORT: _l("Final report, compared with the previous edition"),
}
SETUP_KINDS = (
    DocumentKind.PLAN,
    DocumentKind.COMMITTEE_DECISION,
    DocumentKind.JURY_DECISION,
    DocumentKind.REMINDER_LETTER,
)
CLOSING_KINDS = (DocumentKind.FINAL_REPORT,)
CERTIFICATE_KINDS = (
    ("gcn", _l("Certificate (Giấy chứng nhận)")),
    ("giay_khen", _l("Commendation (Giấy khen)")),
)
SETTINGS_FIELDS = (
    "parent_body",
    "issuer_name",
    "short_name",
    "symbol",
    "place",
    "authority_title",
    "signer_authority",
    "signer_position",
    "signer_name",
    "grounds",
    "recipients",
    "certificate_kind",
    "offset_x_mm",
    "offset_y_mm",
    "preparer_name",
    "accountant_name",
)


def _text(label, limit: int, required: bool = False) -> StringField:
    checks = [DataRequired()] if required else []
    return StringField(label, validators=[*checks, Length(max=limit)])


class DocumentSettingsForm(BaseForm):
    """Issuer, signer, wording and certificate blanks of the edition's documents."""

    parent_body = _text(_l("Body above the issuer (e.g. UBND THÀNH PHỐ HÀ NỘI)"), 200)
    issuer_name = _text(_l("Issuing body"), 200, required=True)
    short_name = _text(_l("Issuing body in a sentence"), 200, required=True)
    symbol = StringField(
        _l("Symbol after the number (e.g. BTC in 05/QĐ-BTC)"),
        validators=[
            DataRequired(),
            Regexp(
                r"^[A-ZĐ0-9]{1,10}(-[A-ZĐ0-9]{1,10})?$",
                message=_l("Use capital letters and digits, e.g. BTC or BTC-TĐKT."),
            ),
        ],
    )
    place = _text(_l("Place (as in “Hà Nội, ngày …”)"), 120, required=True)
    authority_title = _text(
        _l("Authority that decides (before the grounds)"), 300, True
    )
    signer_authority = _text(_l("Signing on behalf of (e.g. TM. BAN TỔ CHỨC)"), 120)
    signer_position = _text(_l("Signer's position"), 120, required=True)
    signer_name = _text(
        _l("Signer's name (empty: the chair who approved the award list)"), 200
    )
    grounds = TextAreaField(
        _l("Legal grounds (one “Căn cứ …” per line)"), validators=[Length(max=5000)]
    )
    recipients = TextAreaField(
        _l("Recipients (one per line; empty: “Như Điều 3”, “Lưu: VT”)"),
        validators=[Length(max=3000)],
    )
    certificate_kind = SelectField(
        _l("Certificates are"), choices=as_choices(CERTIFICATE_KINDS)
    )
    offset_x_mm = FloatField(
        _l("Blanks: move the text right by (mm, negative: left)"),
        default=0.0,
        validators=[NumberRange(min=-50, max=50)],
    )
    offset_y_mm = FloatField(
        _l("Blanks: move the text down by (mm, negative: up)"),
        default=0.0,
        validators=[NumberRange(min=-50, max=50)],
    )
    preparer_name = _text(_l("Payment list prepared by"), 200)
    accountant_name = _text(_l("Accountant"), 200)


class IssueForm(BaseForm):
    """The "issue" button of one kind of document."""

    kind = HiddenField(validators=[DataRequired()])

    def document_kind(self) -> DocumentKind | None:
        """The kind asked for, or None for an unknown value."""
        try:
            return DocumentKind(self.kind.data)
        except ValueError:
            return None


_PLAIN = re.compile(r"[0-9]+")
# Thousands split by one separator style per amount. A comma is also the Vietnamese
# decimal mark, so one comma group ("1,500": 1.5 or 1500?) is refused as ambiguous;
# "5,000,000" is not.
_GROUPED = re.compile(r"[0-9]{1,3}([.,_ \u00a0])[0-9]{3}(\1[0-9]{3})*")


def parse_amount(text: str) -> int | None:
    """ "5.000.000", "5 000 000" or "5000000" → 5000000; None when not an amount
    (letters, a sign, a comma, mixed separators, or separators that do not split
    thousands, as in "5.5")."""
    typed = (text or "").strip()
    if typed == "":
        return 0
    grouped = _GROUPED.fullmatch(typed)
    if not (_PLAIN.fullmatch(typed) or grouped):
        return None
    if grouped and grouped.group(1) == "," and typed.count(",") == 1:
        return None
    digits = re.sub(r"[^0-9]", "", typed)
    if len(digits) > 13:
        return None
    value = int(digits)
    return value if value <= MAX_AMOUNT else None
