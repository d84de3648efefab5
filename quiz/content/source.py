"""The release as published is data: its text ships with the fixtures (fixtures/source/),
named by the release record with its SHA-256, and the content is held to it word for word.

build_questions reads the file, refuses one whose SHA-256 is not the one recorded, and
checks that the release's title, date and every passage stand in it as written, and that
every clause by which it credits a part of DHS is a role of that part that some objective
asks about.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .shapes import ComponentInfo, InvalidContent, RoleClaim

# "Department of Justice (DOJ)": how the release defines an abbreviation.
DEFINED = re.compile(
    r"((?:[A-Z][\w.]*\s+)(?:(?:of|and|for|the)\s+|[A-Z][\w.]*\s+)*?[A-Z][\w.]*)\s+\(([A-Z]{2,})\)"
)
BULLET = re.compile(r"^\s*•\s*(.+?)\s*$", re.M)


@dataclass(frozen=True)
class ReleaseInfo:
    slug: str
    title: str
    published_on: date
    source_file: str
    source_sha256: str
    passages: tuple[tuple[str, str], ...]  # (key, text), in order


def read_source(release: ReleaseInfo, fixture_dir: Path) -> str:
    """The release's text, from the file it names under the fixtures, if it is that file."""
    where = f"Release {release.slug!r}"
    path = (fixture_dir / release.source_file).resolve()
    if not release.source_file or fixture_dir.resolve() not in path.parents:
        raise InvalidContent(f"{where}: its source_file must name a file under {fixture_dir}.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidContent(f"{where}: its source file cannot be read ({error}).") from error
    digest = hashlib.sha256(data).hexdigest()
    if digest != release.source_sha256:
        raise InvalidContent(
            f"{where}: its source file's SHA-256 is {digest}, not the {release.source_sha256!r} "
            "the fixture records: the content is checked against the release as published, "
            "never a changed copy."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidContent(f"{where}: its source file is not UTF-8 text.") from error


def spoken_date(day: date) -> str:
    """2014-01-14 as the release writes it: "January 14, 2014"."""
    return f"{day:%B} {day.day}, {day.year}"


def check_release(release: ReleaseInfo, text: str) -> None:
    """The title, the date and every passage stand in the source word for word."""
    where = f"Release {release.slug!r}"
    if release.title not in text.splitlines():
        raise InvalidContent(f"{where}: its title {release.title!r} is not the source's.")
    if f"Release Date: {spoken_date(release.published_on)}" not in text:
        raise InvalidContent(
            f"{where}: the source was released on another day than {release.published_on}."
        )
    for key, passage in release.passages:
        if not passage or passage not in text:
            raise InvalidContent(
                f"{where}, passage {key!r}: it is not in the source word for word."
            )


def abbreviations(text: str) -> dict[str, str]:
    """The abbreviations the release defines, with what they stand for."""
    return {short: " ".join(name.split()) for name, short in DEFINED.findall(text)}


def credit_clauses(text: str, components: list[ComponentInfo]) -> list[tuple[str, str]]:
    """(component slug, clause) for each clause of the release's bullets that credits a
    part of DHS: "investigates incidents of human trafficking", "arrests traffickers" ..."""
    found = []
    for line in BULLET.findall(text):
        owner = next(
            (c for c in components if re.match(rf"(The )?{re.escape(c.name)}\b", line)), None
        )
        if owner is None:
            raise InvalidContent(f"The source's bullet {line[:60]!r}… names no component.")
        rest = re.sub(rf"^(The )?{re.escape(owner.name)}\s+", "", line)
        rest = re.sub(r"[;,.]?\s*(and,?)?\s*$", "", rest)
        for clause in re.split(r",\s+(?:and\s+)?", rest):
            found.append((owner.slug, clause.strip()))
    return found


def check_credit_clauses(
    text: str,
    components: list[ComponentInfo],
    claims: list[RoleClaim],
    asked_roles: set[str],
) -> None:
    """Every credit clause of the release is a role of its component, and asked about."""
    roles = {(c.component, c.phrase): c.role_key for c in claims}
    for slug, clause in credit_clauses(text, components):
        role = roles.get((slug, clause))
        if role is None:
            raise InvalidContent(
                f"The release credits {slug!r} with {clause!r}, and no role of {slug!r} says "
                "so word for word."
            )
        if role not in asked_roles:
            raise InvalidContent(
                f"Role {role!r}: the release credits {slug!r} with it, and no objective asks "
                "about it. Every credit of the release is taught and tested."
            )
