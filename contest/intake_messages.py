"""What the user is told when an upload or an entry is refused (one place for all views)."""

from flask_babel import lazy_gettext as _l

from contest.documents import IntakeError
from contest.services.entries import Problem

INTAKE_MESSAGES = {
    IntakeError.FILE_TOO_LARGE: _l(
        "The file is too large. Please send a smaller file (at most 20 MB)."
    ),
    IntakeError.EMPTY_DOCUMENT: _l(
        "The file has no text in it. Please check that you chose the right file."
    ),
    IntakeError.UNSUPPORTED_TYPE: _l(
        "This kind of file is not accepted. Please send a .docx, .odt, .pdf or .txt file."
    ),
    IntakeError.LEGACY_WORD_FORMAT: _l(
        "This is an old Word file (.doc). Please open it in Word and save it as .docx, then send it again."
    ),
    IntakeError.CORRUPT_FILE: _l(
        "The file is damaged and cannot be read. Please save it again and send the new copy."
    ),
    IntakeError.PASSWORD_PROTECTED: _l(
        "The file is protected by a password. Please remove the password and send it again."
    ),
    IntakeError.ZIP_BOMB: _l(
        "The file is abnormally large once unpacked and was refused for safety."
    ),
    IntakeError.UNSAFE_ARCHIVE: _l("The file contains unsafe parts and was refused."),
    IntakeError.TEXT_ENCODING: _l(
        "The text file is not in UTF-8 (it may be in an old Vietnamese encoding such as Windows-1258 or VNI). Please save it as UTF-8, or paste the text instead."
    ),
    IntakeError.NEEDS_TYPING: _l(
        "This PDF is a scan with no text in it. Please send the Word file, or paste the text."
    ),
    IntakeError.PARSE_CPU_LIMIT: _l(
        "The file took too long to read and was stopped. Please send a simpler copy, or paste the text."
    ),
    IntakeError.PARSE_MEMORY_LIMIT: _l(
        "The file needs too much memory to read and was stopped. Please send a simpler copy, or paste the text."
    ),
    IntakeError.PARSE_TIMEOUT: _l(
        "The file took too long to read and was stopped. Please send a simpler copy, or paste the text."
    ),
    IntakeError.WORKER_FAILED: _l(
        "The file could not be read. Please try again, or paste the text."
    ),
    IntakeError.NOT_AN_IMAGE: _l(
        "This is not a photo we can read. Please send a JPEG, PNG or WebP picture."
    ),
    IntakeError.IMAGE_TOO_MANY_PIXELS: _l(
        "The picture is too large. Please send a smaller photo."
    ),
    IntakeError.IMAGE_ANIMATED: _l(
        "Animated pictures are not accepted. Please send a still photo."
    ),
}

PROBLEM_MESSAGES = {
    Problem.NO_TITLE: _l("Please give the entry a title."),
    Problem.NO_TRACK: _l("Please choose a track."),
    Problem.NO_FIELD: _l("Please choose a field."),
    Problem.NO_AUTHOR: _l("Please give at least one author's full name."),
    Problem.NO_FEATURED: _l(
        "Please name the person or collective your story is about."
    ),
    Problem.NO_TEXT: _l("The entry has no text yet: paste it or upload a file."),
    Problem.TOO_LONG: _l(
        "The text is longer than the track's word limit. Please shorten it."
    ),
    Problem.NO_DECLARATION: _l("Please confirm the declaration."),
    Problem.PRESS_DETAILS: _l(
        "For a press work, give the outlet and the publication date or link."
    ),
    Problem.CLOSED: _l("Submissions are closed for this edition."),
    Problem.NO_LOCALITY: _l(
        "Please give the full address of every person the story is about (house number, street, ward or commune)."
    ),
}

VIDEO_MESSAGES = {
    "too_large": _l(
        "The video is too large. Please send a shorter or more compressed video, or give a link to it."
    ),
    "not_a_video": _l(
        "This is not a video we accept. Please send an MP4 or WebM file, or give a link to it."
    ),
}
