"""A package's zip, made in memory: imsmanifest.xml and the launch page the LMS opens.

The manifest and index.html are templates (templates/scorm/package/), filled with the
quiz and the package's signed launch token; the script and the style sheet beside them
(package_files/) go in as they are. Nothing in the zip loads anything from elsewhere but
this site's launch and outcome addresses."""

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import ScormPackage
from .links import launch_token

FILES = Path(__file__).resolve().parent / "package_files"
STATIC_FILES = ["launch.js", "launch.css"]
TEMPLATES = {
    "imsmanifest.xml": "scorm/package/imsmanifest.xml",
    "index.html": "scorm/package/index.html",
}
LAUNCH_PAGE = "index.html"


def file_name(package: ScormPackage) -> str:
    return f"scorm-{package.quiz.slug}.zip"


def package_context(package: ScormPackage, site_url: str) -> dict:
    token = launch_token(package)
    return {
        "package": package,
        "quiz": package.quiz,
        "identifier": f"quiz-{package.quiz.slug}-{package.key}",
        "launch_url": site_url + reverse("scorm:launch", args=[token]),
        "outcome_url": site_url + reverse("scorm:outcome", args=[token]),
        "launch_page": LAUNCH_PAGE,
        "files": [*TEMPLATES, *STATIC_FILES],
    }


def package_files(package: ScormPackage, site_url: str) -> dict[str, bytes]:
    """Each file of the zip by its name in it."""
    context = package_context(package, site_url)
    files = {name: render_to_string(path, context).encode() for name, path in TEMPLATES.items()}
    files.update({name: (FILES / name).read_bytes() for name in STATIC_FILES})
    return files


def build_zip(package: ScormPackage, site_url: str | None = None) -> bytes:
    """The zip to load into an LMS. Its links point at site_url, settings.SITE_URL unless
    given: the address trainees reach this site at."""
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    # The package's own date on every entry, so the same package gives the same bytes.
    stamp = package.created_at.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_files(package, site_url).items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    return buffer.getvalue()
