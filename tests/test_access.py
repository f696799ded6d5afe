"""Who may open what: every URL rule of the app, for every role, against one table.

A new route that is not in ACCESS fails this test until someone decides who may use it.
"""

import pytest

from contest.models import Role
from tests.access_fixtures import fill
from tests.archive_fixtures import archive_objects
from tests.award_fixtures import award_objects
from tests.conftest import csrf_token, login
from tests.grassroots_fixtures import register_objects
from tests.judging_fixtures import judging_objects
from tests.official_fixtures import official_objects
from tests.ops_fixtures import ops_objects
from tests.plagiarism_fixtures import plagiarism_objects

ANON = "anonymous"
EVERYONE = frozenset({ANON, *Role})
LOGGED_IN = frozenset(Role)
ORGANIZERS = frozenset({Role.ORGANIZER, Role.ADMIN})
# Object-level rules: the walker's users never own the sample entry and belong to no
# unit, so only organizers may see it; owners and unit focal points are covered in
# tests/test_entries.py.
OWNER = frozenset()
ENTRY_VIEWERS = ORGANIZERS

# endpoint -> roles that may use it
ACCESS = {
    "static": EVERYONE,
    "public.index": EVERYONE,
    "public.rules": EVERYONE,
    "public.set_language": EVERYONE,
    # The public record of past editions (judging.awards.views.public_editions).
    "public.editions": EVERYONE,
    "public.edition_record": EVERYONE,
    "public.edition_anthology": EVERYONE,
    "auth.login": EVERYONE,
    "auth.register": EVERYONE,
    "auth.forgot_password": EVERYONE,
    "auth.confirm_email": EVERYONE,
    "auth.resend_confirmation": EVERYONE,
    "auth.reset_password": EVERYONE,
    "auth.logout": LOGGED_IN,
    "account.dashboard": LOGGED_IN,
    "account.profile": LOGGED_IN,
    "account.change_password": LOGGED_IN,
    "writer.my_entries": LOGGED_IN,
    "writer.new_entry": LOGGED_IN,
    "writer.edit_entry": OWNER,
    "writer.review_entry": OWNER,
    "writer.receipt": ENTRY_VIEWERS,
    "writer.receipt_pdf": ENTRY_VIEWERS,
    "writer.withdraw_entry": OWNER,
    "writer.delete_photo": OWNER,
    "files.attachment": ENTRY_VIEWERS,
    "organizer.dashboard": ORGANIZERS,
    "organizer.new_edition": ORGANIZERS,
    "organizer.edit_general": ORGANIZERS,
    "organizer.edit_timeline": ORGANIZERS,
    "organizer.edit_tracks": ORGANIZERS,
    "organizer.edit_fields": ORGANIZERS,
    "organizer.edit_rubric": ORGANIZERS,
    "organizer.edit_rounds": ORGANIZERS,
    "organizer.set_status": ORGANIZERS,
    "organizer.units": ORGANIZERS,
    "organizer.new_unit": ORGANIZERS,
    "organizer.edit_unit": ORGANIZERS,
    "organizer.import_units": ORGANIZERS,
    "organizer.users": ORGANIZERS,
    "organizer.new_user": ORGANIZERS,
    "organizer.edit_user": ORGANIZERS,
    "organizer.entries": ORGANIZERS,
    "organizer.export_entries": ORGANIZERS,
    "organizer.entry_detail": ORGANIZERS,
    "organizer.entry_not_eligible": ORGANIZERS,
    "organizer.entry_eligible": ORGANIZERS,
    "organizer.participation": ORGANIZERS,
    "organizer.grassroots_setup": ORGANIZERS,
    "organizer.unit_targets": ORGANIZERS,
    "organizer.unit_reminder_preview": ORGANIZERS,
    "organizer.unit_reminders_send": ORGANIZERS,
    "organizer.register_home": ORGANIZERS,
    "organizer.register_statistics": ORGANIZERS,
    "organizer.register_sync": ORGANIZERS,
    "organizer.register_plan": ORGANIZERS,
    "organizer.register_person": ORGANIZERS,
    "organizer.register_standing": ORGANIZERS,
    "organizer.register_dossier_xlsx": ORGANIZERS,
    "organizer.register_profiles_pdf": ORGANIZERS,
    "organizer.register_profile_pdf": ORGANIZERS,
    "unit.unit_register": frozenset({Role.UNIT}),
    "unit.forward_batches": frozenset({Role.UNIT}),
    "unit.forward_batch": OWNER,  # only a focal point of the forwarding unit
    "unit.forward_letter": OWNER,
    "unit.forward_letter_docx": OWNER,
    "unit.return_entry": OWNER,
    # A unit's own award list: a focal point acts for their own unit (one without a
    # unit is sent back to the dashboard); organizers read every unit's list.
    "unit.unit_awards": frozenset({Role.UNIT}),
    "unit.unit_award_level": frozenset({Role.UNIT}),
    "unit.unit_award_level_remove": frozenset({Role.UNIT}),
    "unit.unit_award_entry": frozenset({Role.UNIT}),
    "unit.unit_award_sign": frozenset({Role.UNIT}),
    "unit.unit_award_reopen": frozenset({Role.UNIT}),
    "unit.unit_award_certificates": frozenset({Role.UNIT}),
    "unit.unit_award_sheet": frozenset({Role.UNIT}),
    "unit.unit_award_list_below": OWNER,  # only a focal point of a unit above it
    "organizer.unit_award_lists": ORGANIZERS,
    "organizer.unit_award_list": ORGANIZERS,
    # A unit's own rounds: the list for every focal point; a round only for a focal
    # point of its unit (the walker's round is the city's: 404). See
    # tests/test_unit_rounds.py for the unit rule.
    "unit.unit_rounds": frozenset({Role.UNIT}),
    "unit.unit_round": OWNER,
    "unit.unit_round_add_judge": OWNER,
    "unit.unit_round_invite_judge": OWNER,
    "unit.unit_round_remove_judge": OWNER,
    "unit.unit_round_assign": OWNER,
    "unit.unit_round_state": OWNER,
    "unit.unit_round_rubric": OWNER,
    "unit.unit_round_rubric_source": OWNER,
    "unit.unit_round_results": OWNER,
    "unit.unit_round_unlock_sheet": OWNER,
    "unit.unit_register_confirm": OWNER,  # only a focal point of the person's units
    "unit.confirm_entry_people": OWNER,  # a focal point of the entry's unit or above
    "unit.withdraw_entry_people": OWNER,
    "organizer.jobs": ORGANIZERS,
    "organizer.start_demo_job": ORGANIZERS,
    "organizer.job": ORGANIZERS,
    "organizer.job_status": ORGANIZERS,
    "organizer.retry": ORGANIZERS,
    "organizer.outbox": ORGANIZERS,
    "organizer.resend_email": ORGANIZERS,
    # Closing, reopening, export and import of editions (contest.organizer.archive).
    "organizer.edition_archive": ORGANIZERS,
    "organizer.close_edition": ORGANIZERS,
    "organizer.reopen_edition": frozenset({Role.ADMIN}),
    "organizer.export_edition": ORGANIZERS,
    "organizer.download_export": ORGANIZERS,
    "organizer.import_archive": frozenset({Role.ADMIN}),
    "health.healthz": EVERYONE,
    "health.readyz": EVERYONE,
    # Unit focal points; the walker's focal point has no unit, so it sees a message on
    # the list pages and 404 on entries (unit access is tested in test_unit_area.py).
    "unit.dashboard": frozenset({Role.UNIT}),
    "unit.forward": frozenset({Role.UNIT}),
    "unit.new_entry": frozenset({Role.UNIT}),
    "unit.import_entries": frozenset({Role.UNIT}),
    "unit.entry": OWNER,
    "unit.edit_entry": OWNER,
    "unit.submit_entry": OWNER,
    "unit.verify_entry": OWNER,
    "unit.delete_photo": OWNER,
    # Judging (organizers) and the judge area; judges reach entries only by the code
    # of one of their own readings, which the walker's judge has none of (404).
    "organizer.judging_home": ORGANIZERS,
    "organizer.judging_pool": ORGANIZERS,
    "organizer.judging_judge": ORGANIZERS,
    "organizer.judging_conflicts": ORGANIZERS,
    "organizer.judging_identity": ORGANIZERS,
    "organizer.judging_round": ORGANIZERS,
    "organizer.judging_preview": ORGANIZERS,
    "organizer.judging_commit": ORGANIZERS,
    "organizer.judging_move": ORGANIZERS,
    "organizer.judging_round_state": ORGANIZERS,
    # Duplicates and plagiarism (organizers only).
    "organizer.plagiarism_report": ORGANIZERS,
    "organizer.plagiarism_scan": ORGANIZERS,
    "organizer.plagiarism_pair": ORGANIZERS,
    "organizer.plagiarism_decide": ORGANIZERS,
    "organizer.plagiarism_reopen": ORGANIZERS,
    "organizer.plagiarism_groups": ORGANIZERS,
    "organizer.plagiarism_boilerplate": ORGANIZERS,
    "organizer.plagiarism_references": ORGANIZERS,
    "judge.queue": frozenset({Role.JUDGE}),
    "judge.declaration": frozenset({Role.JUDGE}),
    "judge.read": OWNER,
    "judge.photo": OWNER,
    "judge.recuse": OWNER,
    "judge.score": OWNER,
    # Scores of a round (organizers only).
    "organizer.scoring_results": ORGANIZERS,
    "organizer.scoring_basis": ORGANIZERS,
    "organizer.scoring_readings": ORGANIZERS,
    "organizer.scoring_unlock": ORGANIZERS,
    "organizer.scoring_calibration": ORGANIZERS,
    "organizer.scoring_extra_reader": ORGANIZERS,
    "organizer.scoring_remind": ORGANIZERS,
    "organizer.scoring_export_readings": ORGANIZERS,
    "organizer.scoring_export_results": ORGANIZERS,
    "organizer.scoring_advance": ORGANIZERS,
    # A round's own rubric (edition's, copy of the previous round's, or its own).
    "organizer.edit_round_rubric": ORGANIZERS,
    "organizer.round_rubric_source": ORGANIZERS,
    # Collective awards, featured people and the statistics report (organizers only).
    "organizer.collective_awards": ORGANIZERS,
    "organizer.collective_export": ORGANIZERS,
    "organizer.featured_people": ORGANIZERS,
    "organizer.featured_merge": ORGANIZERS,
    "organizer.featured_export": ORGANIZERS,
    "organizer.statistics": ORGANIZERS,
    "organizer.statistics_pdf": ORGANIZERS,
    # Publication of the results: the public results and read pages (the walker's
    # edition has a published list holding the sample entry), and the organizers'
    # winner notifications; judges reach none of the latter.
    "results.edition_results": EVERYONE,
    "results.read_entry": EVERYONE,
    "organizer.award_notifications": ORGANIZERS,
    "organizer.award_notice_template": ORGANIZERS,
    "organizer.award_notice_send": ORGANIZERS,
    # The award list and its sign-off (judging.awards.views.lists, awards_signoff): the
    # council chair opens the list of any edition and approves or returns it (a
    # non-chair organizer posting "approve" is refused with a message, not a 403).
    "organizer.award_lists": ORGANIZERS | {Role.CHAIR},
    "organizer.awards": ORGANIZERS | {Role.CHAIR},
    "organizer.awards_approve": ORGANIZERS | {Role.CHAIR},
    "organizer.awards_return": ORGANIZERS | {Role.CHAIR},
    "organizer.awards_start": ORGANIZERS,
    "organizer.awards_settings": ORGANIZERS,
    "organizer.awards_counts": ORGANIZERS,
    "organizer.awards_override": ORGANIZERS,
    "organizer.awards_tie": ORGANIZERS,
    "organizer.awards_revoke": ORGANIZERS,
    "organizer.awards_submit": ORGANIZERS,
    "organizer.awards_publish": ORGANIZERS,
    "organizer.awards_reopen": ORGANIZERS,
    "organizer.awards_documents": ORGANIZERS,
    "organizer.awards_xlsx": ORGANIZERS,
    "organizer.awards_annex": ORGANIZERS,
    "organizer.awards_certificates": ORGANIZERS,
    "organizer.awards_anthology_epub": ORGANIZERS,
    "organizer.awards_anthology_pdf": ORGANIZERS,
    # Official documents (judging.official.views.pages, setup_prizes).
    "organizer.official_documents": ORGANIZERS,
    "organizer.official_issue": ORGANIZERS,
    "organizer.official_download": ORGANIZERS,
    "organizer.official_calibration": ORGANIZERS,
    "organizer.edit_prizes": ORGANIZERS,
}


def test_every_route_is_in_the_access_table(app):
    """A route nobody has decided on is a failure, not a silent default."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ACCESS) == set(), "add the new routes to ACCESS"
    assert set(ACCESS) - endpoints == set(), "remove routes that no longer exist"


@pytest.mark.parametrize("role", [ANON, *Role], ids=str)
def test_each_role_reaches_exactly_what_the_table_allows(
    app, client, role, make_user, make_edition, make_unit, make_entry
):
    """Allowed pages answer; forbidden ones send to login (anonymous) or 403; never 500."""
    objects = {
        "edition_id": make_edition(),
        "unit_id": make_unit(),
        "user_id": make_user(Role.JUDGE).id,
    }
    entry = make_entry(with_document=True, with_photo=True)
    objects |= {"entry_id": entry.id, "attachment_id": entry.photo_id}
    objects |= ops_objects(app)  # a job and an email for the operations pages
    objects |= judging_objects(app, objects["edition_id"])  # a round, a photo index
    objects |= plagiarism_objects(app, entry.id)  # a suspicious pair
    objects |= archive_objects(app, objects["edition_id"])  # an export to download
    objects |= award_objects(app, objects["edition_id"], entry.id)  # published prizes
    objects |= official_objects(app, objects["edition_id"])  # an issued decision
    objects |= register_objects(app, objects["edition_id"])  # a person, a standing
    if role != ANON:
        person = make_user(role)
        assert login(client, person.email, person.password).status_code == 302
    token = csrf_token(client)
    # Logout last, so that every other rule is checked with the session alive.
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint == "auth.logout")
    for rule in rules:
        url = fill(rule, objects)
        allowed = role in ACCESS[rule.endpoint]
        if "GET" in rule.methods:
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        status = response.status_code
        assert status != 500, f"{role} {url}: 500"
        if allowed:
            assert status not in (401, 403, 404), (
                f"{role} should reach {url}, got {status}"
            )
            if rule.endpoint.startswith("auth.") and role != ANON and status == 302:
                continue  # logged-in users are sent on from the login/register pages
        elif role == ANON:
            assert status == 302 and "/auth/login" in response.headers["Location"], (
                f"{url}: {status}"
            )
        else:
            # 404 for objects the user may not even know exist
            assert status in (403, 404), f"{role} must not reach {url}, got {status}"
