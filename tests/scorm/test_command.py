"""manage.py scorm_package: a new package for a quiz, its zip written where asked."""

import zipfile

import pytest
from django.core.management import CommandError, call_command

from quiz.models import ScormPackage
from tests.factories import QuizFactory


def test_the_command_makes_a_package_and_writes_its_zip(db, tmp_path, capsys):
    quiz = QuizFactory(slug="dhs-roles")
    path = tmp_path / "roles.zip"

    call_command("scorm_package", "dhs-roles", "-o", str(path))

    assert capsys.readouterr().out.strip() == str(path)
    package = ScormPackage.objects.get()
    assert package.quiz == quiz and package.created_by is None
    assert "imsmanifest.xml" in zipfile.ZipFile(path).namelist()


def test_the_zip_is_named_for_the_quiz_by_default(db, tmp_path, monkeypatch, capsys):
    QuizFactory(slug="dhs-roles")
    monkeypatch.chdir(tmp_path)

    call_command("scorm_package", "dhs-roles")

    assert (tmp_path / "scorm-dhs-roles.zip").exists()
    assert capsys.readouterr().out.strip() == str(tmp_path / "scorm-dhs-roles.zip")


@pytest.mark.parametrize("slug", ["nope", "draft"])
def test_an_unknown_or_unpublished_quiz_makes_nothing(db, tmp_path, slug):
    QuizFactory(slug="dhs-roles")
    QuizFactory(slug="draft", is_published=False)

    message = f"No published quiz '{slug}'. Quizzes: dhs-roles."
    with pytest.raises(CommandError, match=message):
        call_command("scorm_package", slug, "-o", str(tmp_path / "x.zip"))

    assert not ScormPackage.objects.exists()


def test_a_zip_that_cannot_be_written_leaves_no_package(db, tmp_path):
    QuizFactory(slug="dhs-roles")

    with pytest.raises(CommandError, match="could not be written"):
        call_command("scorm_package", "dhs-roles", "-o", str(tmp_path / "no-such-dir" / "x.zip"))

    assert not ScormPackage.objects.exists()
