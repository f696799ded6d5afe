"""Download names: ASCII names as they are, Vietnamese names per RFC 5987."""

from __future__ import annotations

from contest.responses import content_disposition


def test_an_ascii_name_is_sent_as_it_is():
    """The server-made names of today keep their exact header."""
    assert content_disposition("bien-nhan-HN2026-000001.pdf") == (
        'attachment; filename="bien-nhan-HN2026-000001.pdf"'
    )
    assert content_disposition("anh.jpg", inline=True) == 'inline; filename="anh.jpg"'


def test_a_vietnamese_name_is_utf8_with_an_accent_free_fallback():
    """Old clients see "Dang Bai viet.pdf"; others the name with its diacritics."""
    assert content_disposition('Đặng "Bài viết".pdf') == (
        'attachment; filename="Dang Bai viet.pdf"; '
        "filename*=UTF-8''%C4%90%E1%BA%B7ng%20%22B%C3%A0i%20vi%E1%BA%BFt%22.pdf"
    )
