"""Packages in the admin: made for a quiz, downloaded as a zip, withdrawn; only for
those who see the whole training."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz.models import ScormPackage
from quiz.scorm.services import learner_for, make_package
from tests.conftest import logged_in
from tests.factories import QuizFactory, staff_in

CHANGELIST = "/admin/quiz/scormpackage/"


@pytest.fixture
def root(db):
    return logged_in(User.objects.create_superuser("root", "root@example.org", None))


def download_url(package) -> str:
    return f"{CHANGELIST}{package.pk}/download/"


def test_adding_a_package_names_the_quiz_and_who_made_it(root):
    quiz = QuizFactory(slug="dhs-roles")

    response = root.post(f"{CHANGELIST}add/", {"quiz": quiz.pk})

    assert response.status_code == 302
    package = ScormPackage.objects.get()
    assert package.quiz == quiz and package.is_active
    assert package.created_by.username == "root"


def test_the_download_is_the_zip_named_for_the_quiz(root, package):
    response = root.get(download_url(package))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="scorm-dhs-roles.zip"'
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {"imsmanifest.xml", "index.html", "launch.js"} <= set(names)


def test_the_list_counts_learners_without_a_query_per_package(root, package):
    for student_id in ("a", "b", "c"):
        learner_for(package=package, student_id=student_id)
    with CaptureQueriesContext(connection) as one:
        response = root.get(CHANGELIST)
    assert response.status_code == 200
    assert 'class="field-learner_count">3<' in response.content.decode()
    assert "Download the SCORM package" in response.content.decode()
    for _ in range(4):
        learner_for(package=make_package(quiz=QuizFactory()), student_id="a")

    with CaptureQueriesContext(connection) as five:
        root.get(CHANGELIST)

    assert len(five) == len(one)


def test_withdrawing_stops_launches_and_downloads(root, package):
    response = root.post(
        CHANGELIST, {"action": "withdraw", "_selected_action": [package.pk]}, follow=True
    )

    assert "1 package withdrawn." in response.content.decode()
    package.refresh_from_db()
    assert not package.is_active
    assert root.get(download_url(package)).status_code == 302  # back to the list, told why


def test_a_package_whose_quiz_was_unpublished_is_not_offered_for_download(root, package):
    package.quiz.is_published = False
    package.quiz.save()

    listed = root.get(CHANGELIST).content.decode()
    response = root.get(download_url(package), follow=True)

    assert "Download the SCORM package" not in listed
    assert response.redirect_chain == [(CHANGELIST, 302)]
    assert "quiz is not published: its zip would not launch" in response.content.decode()


def test_a_coordinator_sees_no_packages_or_learners_even_with_the_permissions(package):
    """A package's learners are in no training group a coordinator could be scoped to."""
    coordinator = staff_in("Training coordinator", "lead")
    coordinator.user_permissions.add(*Permission.objects.filter(codename__contains="_scorm"))
    client = logged_in(coordinator)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(download_url(package)).status_code == 403
    assert client.get("/admin/quiz/scormlearner/").status_code == 403


def test_a_reviewer_cannot_download_a_package(package):
    """A zip launches as anyone: viewing the list is not enough to get one."""
    reviewer = staff_in("Training reviewer", "rita")
    reviewer.user_permissions.add(Permission.objects.get(codename="view_scormpackage"))
    client = logged_in(reviewer)

    assert client.get(CHANGELIST).status_code == 200
    assert client.get(download_url(package)).status_code == 403


def test_the_learners_are_listed_to_read_with_their_trainee(root, package):
    learner = learner_for(package=package, student_id="lms-7", student_name="Lima, Ana")

    page = root.get("/admin/quiz/scormlearner/").content.decode()

    assert "lms-7" in page and learner.user.username in page
    assert root.get(f"/admin/quiz/scormlearner/{learner.pk}/change/").status_code == 200
    assert root.get(f"/admin/quiz/scormlearner/{learner.pk}/delete/").status_code == 403
    assert root.get("/admin/quiz/scormlearner/add/").status_code == 403


def test_a_manager_makes_and_downloads_packages(package):
    client = logged_in(staff_in("Training manager", "boss"))

    assert client.get(CHANGELIST).status_code == 200
    assert client.get(download_url(package)).status_code == 200
