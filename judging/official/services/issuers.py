"""Which verb issues each kind of document (the view's one entry point)."""

from __future__ import annotations

from contest.models import DocumentKind
from judging.official.services import award_issue, setup_issue

ISSUERS = {
    DocumentKind.PLAN: setup_issue.issue_plan,
    DocumentKind.COMMITTEE_DECISION: setup_issue.issue_committee,
    DocumentKind.JURY_DECISION: setup_issue.issue_jury,
    DocumentKind.REMINDER_LETTER: setup_issue.issue_reminder,
    DocumentKind.FINAL_REPORT: setup_issue.issue_final_report,
    DocumentKind.AWARD_DECISION: award_issue.issue_award_decision,
    DocumentKind.CERTIFICATES: award_issue.issue_certificates,
    DocumentKind.PAYMENT_LIST: award_issue.issue_payment_list,
}
