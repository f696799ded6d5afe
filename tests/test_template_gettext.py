"""The templates' `_()` finds the request's catalog once, and still follows the
language: a page in English that sends an email in Vietnamese (``force_locale``)
gets a Vietnamese email and English text after it; placeholders stay escaped."""

from __future__ import annotations

from types import SimpleNamespace

from flask import render_template_string, session
from flask_babel import force_locale


def test_a_forced_language_inside_a_page_and_back(app):
    """English page, a Vietnamese block inside it (an email), English again after."""
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert render_template_string("{{ _('Rules') }}") == "Rules"
        with force_locale("vi"):
            assert render_template_string("{{ _('Rules') }}") == "Thể lệ"
        assert render_template_string("{{ _('Rules') }}") == "Rules"


def test_the_language_of_each_request(app):
    """Two requests in two languages: each page in its own (nothing kept across)."""
    with app.test_request_context("/"):
        assert render_template_string("{{ _('Log in') }}") == "Đăng nhập"
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert render_template_string("{{ _('Log in') }}") == "Log in"


def test_placeholders_are_escaped_and_percent_signs_kept(app):
    """A value put into a message is HTML-escaped; `%%` is one percent sign."""
    with app.test_request_context("/"):
        page = render_template_string(
            "{{ _('Hello %(name)s,', name=name) }} {{ _('%(share)s%% similar', share=5) }}",
            name="<b>An</b>",
        )
    assert page == "Xin chào &lt;b&gt;An&lt;/b&gt;, giống 5%"


def test_emails_render_in_their_readers_language(app):
    """The mail renderer forces the reader's language over the page's, and the page
    goes on in its own."""
    from contest.mail import render_email

    with app.test_request_context("/"):
        session["lang"] = "en"
        assert render_template_string("{{ _('Rules') }}") == "Rules"
        subject, _body = render_email(
            "entry_returned",
            locale="vi",
            entry=SimpleNamespace(
                number="A-1", title="Mẹ tôi", owner=SimpleNamespace(full_name="An")
            ),
        )
        assert render_template_string("{{ _('Rules') }}") == "Rules"
    assert subject == "Bài dự thi A-1 của bạn đã được trả lại"
