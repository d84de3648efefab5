"""Certificates: issued on a pass inside the submit, private to the trainee, checkable by code."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from quiz.models import Attempt, Certificate
from quiz.taking import services
from quiz.taking.answers import Answers
from quiz.taking.sheet import keyed_sheet
from tests.factories import answer_form, make_quiz, make_user

CODE = re.compile(r"^[A-Za-z0-9_-]{22}$")


def submit(client, attempt, *, right: bool):
    response = client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=right))
    assert response.status_code == 302
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def passed(content, start, trainee_client):
    return submit(trainee_client, start("release-facts"), right=True)


def test_passing_issues_one_certificate_with_a_random_code(passed, trainee):
    certificate = Certificate.objects.get(attempt=passed)
    assert CODE.match(certificate.code)
    assert certificate.name == trainee.username  # no full name given
    assert certificate.issued_at == passed.submitted_at


def test_codes_differ_between_certificates(content, trainee_client, start):
    for _ in range(3):
        submit(trainee_client, start("release-facts"), right=True)
    codes = set(Certificate.objects.values_list("code", flat=True))
    assert len(codes) == 3


def test_the_certificate_carries_the_full_name_when_there_is_one(content, trainee, start):
    trainee.first_name, trainee.last_name = "Ana", "Lima"
    trainee.save()
    client = Client()
    client.force_login(trainee)
    attempt = submit(client, start("release-facts"), right=True)
    assert attempt.certificate.name == "Ana Lima"


def test_not_passing_issues_no_certificate(content, start, trainee_client):
    attempt = submit(trainee_client, start("release-facts"), right=False)
    assert attempt.passed is False
    assert not Certificate.objects.exists()
    assert trainee_client.get(f"/attempts/{attempt.pk}/certificate/").status_code == 404


def test_a_second_submit_issues_no_second_certificate(passed):
    sheet = keyed_sheet(passed)
    with pytest.raises(services.AttemptClosed):
        services.submit_attempt(attempt=passed, sheet=sheet, answers=Answers())
    assert Certificate.objects.filter(attempt=passed).count() == 1


def test_a_failing_certificate_write_undoes_the_whole_submit(db, monkeypatch):
    quiz = make_quiz(4)
    user = make_user("unlucky")
    attempt = services.start_attempt(user=user, quiz=quiz)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "issue_certificate", broken)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    assert client.post(f"/attempts/{attempt.pk}/", answer_form(attempt)).status_code == 500
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS and attempt.score is None
    assert not attempt.responses.filter(selections__isnull=False).exists()


def test_result_and_history_link_the_certificate(passed, trainee_client):
    link = f'href="/attempts/{passed.pk}/certificate/"'
    assert link in trainee_client.get(f"/attempts/{passed.pk}/result/").content.decode()
    assert link in trainee_client.get("/history/").content.decode()


def test_certificate_page_shows_name_quiz_date_score_and_how_to_verify(passed, trainee_client):
    html = trainee_client.get(f"/attempts/{passed.pk}/certificate/").content.decode()
    code = passed.certificate.code
    assert "Certificate of completion" in html
    assert passed.certificate.name in html
    assert passed.quiz.title in html
    assert passed.submitted_at.strftime("%B %-d, %Y") in html
    assert "100% (pass mark 80%)" in html
    assert f"http://testserver/certificates/{code}/" in html
    assert "<script>" not in html and "onclick" not in html  # a strict CSP is coming


def test_certificate_page_is_the_trainees_own(passed):
    other = make_user("other")
    client = Client()
    client.force_login(other)
    assert client.get(f"/attempts/{passed.pk}/certificate/").status_code == 404
    anonymous = Client().get(f"/attempts/{passed.pk}/certificate/")
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")


def test_verification_page_is_public_and_shows_name_quiz_and_date_only(passed, trainee):
    certificate = passed.certificate
    response = Client().get(f"/certificates/{certificate.code}/")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert certificate.name in main
    assert passed.quiz.title in main
    assert passed.submitted_at.strftime("%B %-d, %Y") in main
    for secret in ("100", "%", "score", "Score", trainee.email, f"/attempts/{passed.pk}/"):
        assert secret not in main, secret


def test_unknown_or_mangled_codes_answer_404(passed):
    code = passed.certificate.code
    for wrong in ("nope", code[:-1], code.upper() if code.upper() != code else code.lower()):
        assert Client().get(f"/certificates/{wrong}/").status_code == 404
    assert Client().get("/certificates/not a code/").status_code == 404


def test_certificate_pages_run_a_fixed_number_of_queries(
    passed, trainee_client, django_assert_num_queries
):
    # User, then certificate with attempt and quiz; the session is read from the cache.
    with django_assert_num_queries(2):
        trainee_client.get(f"/attempts/{passed.pk}/certificate/")
    url = f"/certificates/{passed.certificate.code}/"
    with django_assert_num_queries(1):
        Client().get(url)


@pytest.mark.django_db(transaction=True)
def test_migrating_gives_attempts_passed_before_certificates_existed_theirs():
    executor = MigrationExecutor(connection)
    executor.migrate([("quiz", "0002_one_open_attempt_per_quiz")])
    old = executor.loader.project_state([("quiz", "0002_one_open_attempt_per_quiz")]).apps
    user = old.get_model("auth", "User").objects.create(username="early", first_name="Eve")
    release = old.get_model("quiz", "Release").objects.create(
        slug="r", title="R", publisher="P", published_on="2014-01-14", url="https://example.org/"
    )
    quiz = old.get_model("quiz", "Quiz").objects.create(
        slug="q", title="Q", release=release, source="release_facts"
    )
    Attempt = old.get_model("quiz", "Attempt")
    common = {"user": user, "quiz": quiz, "seed": 1, "max_score": 1, "status": "submitted"}
    when = timezone.now()
    passed = Attempt.objects.create(**common, passed=True, percent=100, submitted_at=when)
    Attempt.objects.create(**common, passed=False, percent=0, submitted_at=when)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    certificate = Certificate.objects.get()
    assert certificate.attempt_id == passed.pk
    assert certificate.name == "Eve" and certificate.issued_at == when
    assert CODE.match(certificate.code)
