"""Cloning an edition brings its prize money and official-document settings along
(not its register of issued documents), on the real database."""

from __future__ import annotations

from sqlalchemy import select

from contest.extensions import db
from contest.models import DocumentSettings, Edition, PrizeAmount
from contest.services.editions import clone_edition


def test_clone_copies_prize_amounts_and_document_settings(app, make_edition):
    edition_id = make_edition()
    with app.app_context():
        source = db.session.get(Edition, make_edition(title="Nguồn", year=2026))
        first, second = source.tracks[0], source.tracks[1]
        db.session.add_all(
            [
                PrizeAmount(track_id=first.id, tier="nhat", amount=10_000_000),
                PrizeAmount(track_id=second.id, tier="nhi", amount=3_500_000),
            ]
        )
        db.session.add(
            DocumentSettings(
                edition_id=source.id,
                parent_body="UBND QUẬN BA ĐÌNH",
                issuer_name="BAN TỔ CHỨC CUỘC THI QUẬN",
                symbol="BTC-BĐ",
                place="Ba Đình",
                signer_name="Trần Văn Ký",
                offset_x_mm=2.5,
                offset_y_mm=-1.0,
            )
        )
        # Another edition's amounts and settings stay out of the copy.
        other = db.session.get(Edition, edition_id)
        db.session.add(PrizeAmount(track_id=other.tracks[0].id, tier="nhat", amount=1))
        db.session.commit()

        clone = clone_edition(None, source, year=2027, title="Năm sau")
        db.session.commit()
        names = {t.id: t.name for t in clone.tracks}
        amounts = {
            (names[r.track_id], r.tier, r.amount)
            for r in db.session.scalars(
                select(PrizeAmount).where(PrizeAmount.track_id.in_(names))
            )
        }
        assert amounts == {
            (first.name, "nhat", 10_000_000),
            (second.name, "nhi", 3_500_000),
        }
        settings = db.session.scalar(
            select(DocumentSettings).where(DocumentSettings.edition_id == clone.id)
        )
        assert settings is not None
        assert (
            settings.parent_body,
            settings.issuer_name,
            settings.symbol,
            settings.place,
            settings.signer_name,
            settings.offset_x_mm,
            settings.offset_y_mm,
        ) == (
            "UBND QUẬN BA ĐÌNH",
            "BAN TỔ CHỨC CUỘC THI QUẬN",
            "BTC-BĐ",
            "Ba Đình",
            "Trần Văn Ký",
            2.5,
            -1.0,
        )
        # The source keeps its own rows.
        assert (
            db.session.scalar(
                select(db.func.count())
                .select_from(PrizeAmount)
                .where(PrizeAmount.track_id.in_([first.id, second.id]))
            )
            == 2
        )


def test_clone_of_an_edition_without_document_settings_has_none(app, make_edition):
    with app.app_context():
        source = db.session.get(Edition, make_edition())
        clone = clone_edition(None, source, year=2027, title="Năm sau")
        db.session.commit()
        assert (
            db.session.scalar(
                select(DocumentSettings).where(DocumentSettings.edition_id == clone.id)
            )
            is None
        )
        assert not db.session.scalars(
            select(PrizeAmount).where(
                PrizeAmount.track_id.in_([t.id for t in clone.tracks])
            )
        ).all()
