"""Matching keys of featured people: one spelling of a name and of a place (pure).

Entries about one person spell them differently: "Bà Nguyễn Thị Hoa", "nguyễn thị
hoà", "Đồng chí  Nguyễn Thị Hòa". The key keeps the Vietnamese letters and tones (Hoa
and Hòa are different names) but folds case, Unicode form, tone-mark placement,
spacing and punctuation (``contest.textnorm.fold``), and drops the courtesy titles and
ranks that precede a name ("ông", "bà", "đồng chí", "Đại tá" …). A person's key is the
name key plus the place key (their unit, else their locality), so that two people of
the same name in different places stay apart until an organizer merges them.
"""

from __future__ import annotations

from contest.textnorm import fold

# Titles written before a name, folded; the longest match is removed first, again and
# again ("Đồng chí Đại tá Nguyễn Văn A"). Family names never look like these.
TITLES: tuple[str, ...] = tuple(
    sorted(
        {
            fold(title)
            for title in (
                "ông",
                "bà",
                "anh",
                "chị",
                "cô",
                "chú",
                "bác",
                "cụ",
                "em",
                "cháu",
                "thầy",
                "đồng chí",
                "cô giáo",
                "thầy giáo",
                "nhà giáo",
                "bác sĩ",
                "nghệ nhân",
                "cựu chiến binh",
                "thương binh",
                "mẹ việt nam anh hùng",
                "đại tướng",
                "thượng tướng",
                "trung tướng",
                "thiếu tướng",
                "đại tá",
                "thượng tá",
                "trung tá",
                "thiếu tá",
                "đại úy",
                "thượng úy",
                "trung úy",
                "thiếu úy",
            )
        },
        key=lambda title: (-len(title.split()), title),
    )
)
SEPARATOR = "|"


def name_key(name: str) -> str:
    """The folded name without leading titles ("Bà  NGUYỄN Thị Hoà" → "nguyễn thị hòa").

    A name made only of a title ("Bà") keeps it: an empty key would merge everybody.
    """
    words = fold(name).split()
    stripped = True
    while stripped:
        stripped = False
        for title in TITLES:
            size = len(title.split())
            if len(words) > size and " ".join(words[:size]) == title:
                words = words[size:]
                stripped = True
                break
    return " ".join(words)


def place_key(unit: str, locality: str = "") -> str:
    """The folded unit, else the folded locality ("" when neither is known)."""
    return fold(unit) or fold(locality)


def person_key(name: str, unit: str = "", locality: str = "") -> str:
    """One person's matching key: ``name_key|place_key``."""
    return f"{name_key(name)}{SEPARATOR}{place_key(unit, locality)}"


def name_part(key: str) -> str:
    """The name key of a person key."""
    return key.split(SEPARATOR, 1)[0]
