"""The entry form of writers (and of units typing a paper entry in): its choices from
the edition (the featured people's social groups and movements come from the lists the
features keep, through contest.hooks.featured_lists), the featured people's localities
the edition requires, the plain data it carries to ``contest.services.entries``, and
the form filled from a saved entry.
"""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _

from contest import hooks
from contest.forms_base import as_choices
from contest.models import Entry
from contest.services import entries as service
from contest.writer.forms import EntryForm


def prepare_form(form: EntryForm, edition, entry: Entry | None = None) -> EntryForm:
    """Fill the choices that depend on the edition; an entry's genre that has since
    left the edition's list stays offered (marked), so saving never loses it."""
    form.track_id.choices = as_choices(
        [(0, _("— Choose a track —"))]
        + [
            (
                t.id,
                _(
                    "%(name)s (at most %(n)s words)",
                    name=t.name,
                    n=format_decimal(t.word_limit),
                ),
            )
            for t in edition.tracks
        ]
    )
    form.field_id.choices = as_choices(
        [(0, _("— Choose a field —"))] + [(f.id, f.name) for f in edition.fields]
    )
    genres = [("", _("— Choose a genre —"))] + [(g, g) for g in edition.genres]
    if entry is not None and entry.genre and entry.genre not in edition.genres:
        genres.append(
            (entry.genre, _("%(genre)s (no longer in the list)", genre=entry.genre))
        )
    form.genre.choices = as_choices(genres)
    lists = featured_lists(edition)
    for name, offered in lists.items():
        # A value the entry was saved with stays offered once it left the list.
        kept = sorted(
            {getattr(p, name) for p in (entry.featured if entry else [])}
            - set(offered)
            - {""}
        )
        choices = as_choices(
            [("", _("— Choose —"))]
            + [(v, v) for v in offered]
            + [(v, _("%(value)s (no longer in the list)", value=v)) for v in kept]
        )
        for person in form.featured:
            person.form[name].choices = choices
    return form


def featured_lists(edition) -> dict[str, list[str]]:
    """The edition's social groups and movements (empty: the question is hidden)."""
    answer = hooks.featured_lists.merged(edition)
    return {
        "social_group": list(answer.get("social_groups", [])),
        "movement": list(answer.get("movements", [])),
    }


def missing_localities(form: EntryForm, edition) -> bool:
    """When the edition requires it, mark each named featured person without a
    locality (the error shows under the field); True if one was marked."""
    if not edition.featured_locality_required:
        return False
    marked = False
    for person in form.featured:
        if (person.form.name.data or "").strip() and not (
            person.form.locality.data or ""
        ).strip():
            person.form.locality.errors = [
                *person.form.locality.errors,
                _(
                    "Please give the full address: house number, street, ward or commune."
                ),
            ]
            marked = True
    return marked


def form_data(form: EntryForm) -> service.EntryData:
    """What was typed, as plain data for the service."""
    return service.EntryData(
        title=form.title.data or "",
        track_id=form.track_id.data or None,
        field_id=form.field_id.data or None,
        genre=form.genre.data or "",
        text=form.text.data or "",
        outlet=form.outlet.data or "",
        published_on=form.published_on.data,
        link=form.link.data or "",
        authors=[
            service.AuthorData(**{k: v for k, v in sub.data.items()})
            for sub in form.authors
        ],
        featured=[
            service.FeaturedData(**{k: v for k, v in sub.data.items()})
            for sub in form.featured
        ],
    )


def form_from_entry(entry: Entry) -> EntryForm:
    """The form filled with a saved entry."""
    data = {
        "key": entry.idempotency_key,
        "title": entry.title,
        "track_id": entry.track_id or 0,
        "field_id": entry.field_id or 0,
        "genre": entry.genre,
        "text": entry.draft_text,
        "outlet": entry.outlet,
        "published_on": entry.published_on,
        "link": entry.link,
        "authors": [
            {
                k: getattr(a, k)
                for k in (
                    "full_name",
                    "birth_year",
                    "phone",
                    "email",
                    "address",
                    "pen_names",
                    "unit_name",
                )
            }
            for a in entry.authors
        ],
        "featured": [
            {
                k: getattr(p, k)
                for k in (
                    "name",
                    "subject_kind",
                    "birth_year",
                    "collective_type",
                    "unit_name",
                    "locality",
                    "field_name",
                    "contact",
                    "summary",
                    "social_group",
                    "movement",
                )
            }
            for p in entry.featured
        ],
    }
    return EntryForm(data=data)
