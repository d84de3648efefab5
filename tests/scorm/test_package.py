"""The zip an LMS takes: a SCORM 1.2 manifest, and a launch page that carries the signed
token and nothing from anywhere else."""

import io
import re
import zipfile
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core import signing

from quiz.scorm import links
from quiz.scorm.package import build_zip
from quiz.scorm.services import make_package
from tests.factories import QuizFactory

SITE = "https://training.example.org"
IMSCP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


def files_of(package) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(build_zip(package, SITE))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def manifest_of(package) -> ElementTree.Element:
    return ElementTree.fromstring(files_of(package)["imsmanifest.xml"])


def test_the_manifest_is_scorm_1_2_with_one_sco_launching_a_page_in_the_zip(package):
    files = files_of(package)
    manifest = ElementTree.fromstring(files["imsmanifest.xml"])

    assert manifest.tag == f"{IMSCP}manifest"
    assert manifest.findtext(f"{IMSCP}metadata/{IMSCP}schema") == "ADL SCORM"
    assert manifest.findtext(f"{IMSCP}metadata/{IMSCP}schemaversion") == "1.2"
    organizations = manifest.find(f"{IMSCP}organizations")
    [organization] = organizations.findall(f"{IMSCP}organization")
    assert organizations.get("default") == organization.get("identifier")
    [item] = organization.findall(f"{IMSCP}item")
    assert item.findtext(f"{IMSCP}title") == "DHS roles"
    assert item.findtext(f"{ADLCP}masteryscore") == "80"  # the quiz's pass mark
    [resource] = manifest.findall(f"{IMSCP}resources/{IMSCP}resource")
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{ADLCP}scormtype") == "sco"
    assert resource.get("href") == "index.html" and "index.html" in files
    listed = {file.get("href") for file in resource.findall(f"{IMSCP}file")}
    assert listed == set(files) - {"imsmanifest.xml"}


def test_a_title_with_markup_characters_keeps_the_manifest_valid(db):
    package = make_package(quiz=QuizFactory(title='Roles & "parts" <of> DHS'))

    manifest = manifest_of(package)

    title = manifest.findtext(f"{IMSCP}organizations/{IMSCP}organization/{IMSCP}title")
    assert title == 'Roles & "parts" <of> DHS'


def test_the_launch_page_carries_a_token_that_opens_this_package(package):
    page = files_of(package)["index.html"].decode()

    launch = re.search(rf'data-launch-url="{SITE}/scorm/([^/"]+)/launch/"', page)
    assert launch, page
    assert links.read_launch_token(launch.group(1)) == package.key
    assert f'data-outcome-url="{SITE}/scorm/{launch.group(1)}/outcome/"' in page
    assert "<h1>DHS roles</h1>" in page
    assert '<script src="launch.js"></script>' in page


@pytest.mark.parametrize("name", ["index.html", "launch.js", "launch.css"])
def test_the_launch_page_loads_nothing_from_elsewhere(package, name):
    text = files_of(package)[name].decode()

    addresses = re.findall(r"https?://[^\s\"'<>]+", text)

    assert all(address.startswith(f"{SITE}/scorm/") for address in addresses), addresses


def test_the_same_package_gives_the_same_zip_on_any_day(package, time_machine):
    first = build_zip(package, SITE)
    time_machine.move_to(package.created_at + timedelta(days=400))

    assert build_zip(package, SITE) == first


def test_a_changed_or_foreign_token_is_refused(package):
    token = links.launch_token(package)
    other_key = str(make_package(quiz=package.quiz).key)

    for bad in [
        token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature changed
        other_key + token[token.index(":") :],  # another package's key, this signature
        signing.Signer(salt="quiz.learning.unsubscribe").sign(str(package.key)),  # other use
        "guessed-token",
        "",
    ]:
        with pytest.raises(links.TokenInvalid):
            links.read_launch_token(bad)
