"""Certificates: issued on a pass inside the submit, private to the trainee, checkable by code,
with the name they were issued with, and as a PDF whose QR code opens the check page."""

import io
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from quiz.models import Attempt, Certificate
from quiz.taking import certificates, services
from quiz.taking.answers import Answers
from quiz.taking.sheet import keyed_sheet
from tests.accounts.test_rate_limits import assert_too_many
from tests.conftest import logged_in
from tests.factories import PASSWORD, answer_form, make_quiz, make_user
from tests.worker import delivered

CODE = re.compile(r"^[A-Za-z0-9_-]{22}$")


def submit(client, attempt, *, right: bool):
    response = client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=right))
    assert response.status_code == 302
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def passed(retakes_at_once, start, trainee_client):
    return submit(trainee_client, start("release-facts"), right=True)


def test_passing_issues_one_certificate_with_a_random_code(passed, trainee):
    certificate = Certificate.objects.get(attempt=passed)
    assert CODE.match(certificate.code)
    assert certificate.name == trainee.username  # no full name given
    assert certificate.issued_at == passed.submitted_at


def test_codes_differ_between_certificates(retakes_at_once, trainee_client, start):
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
    assert passed.submitted_at.strftime("%-d %B %Y") in html
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
    # Issued without a full name, it carries the username: a login name is not shown.
    assert certificate.name == trainee.username and trainee.username not in main
    assert "No full name was given for this certificate." in main
    assert passed.quiz.title in main
    assert passed.submitted_at.strftime("%-d %B %Y") in main
    for secret in ("100", "%", "score", "Score", trainee.email, f"/attempts/{passed.pk}/"):
        assert secret not in main, secret


def test_the_check_page_shows_the_full_name_a_certificate_was_issued_with(passed):
    Certificate.objects.filter(pk=passed.certificate.pk).update(name="Ana María da Silva")
    response = Client().get(f"/certificates/{passed.certificate.code}/")
    assert "Ana María da Silva" in response.content.decode()
    assert "No full name was given" not in response.content.decode()


def test_certificate_pdfs_are_limited_per_trainee(passed, trainee_client, lower_rate_limits):
    lower_rate_limits(certificate_pdf="2/h")
    url = f"/attempts/{passed.pk}/certificate.pdf"
    codes = [trainee_client.get(url).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


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
    quiz = old.get_model("quiz", "Quiz").objects.create(slug="q", title="Q", release=release)
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


# --- Names ------------------------------------------------------------------------


def test_the_full_name_given_at_sign_up_is_on_a_later_certificate(content):
    data = {"username": "ana", "full_name": "Ana María da Silva", "email": "ana@example.org"}
    Client().post("/accounts/signup/", data | {"password1": PASSWORD, "password2": PASSWORD})
    link = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", delivered()[0].body).group(1)
    client = Client()
    client.get(link)  # confirms the address
    client.post("/accounts/login/", {"username": "ana", "password": PASSWORD})
    client.post("/quizzes/release-facts/start/")

    attempt = submit(client, Attempt.objects.get(user__username="ana"), right=True)

    assert attempt.certificate.name == "Ana María da Silva"
    html = client.get(f"/attempts/{attempt.pk}/certificate/").content.decode()
    assert '<p class="certificate-name">Ana María da Silva</p>' in html


def test_a_certificate_keeps_the_name_it_was_issued_with(passed, trainee, trainee_client, start):
    trainee_client.post("/accounts/profile/", {"full_name": "Ana Lima", "email": trainee.email})

    later = submit(trainee_client, start("release-facts"), right=True)

    passed.certificate.refresh_from_db()
    assert passed.certificate.name == "trainee"
    assert later.certificate.name == "Ana Lima"
    url = f"/certificates/{passed.certificate.code}/"
    assert "Ana Lima" not in Client().get(url).content.decode()


# --- The PDF ----------------------------------------------------------------------


def pdf_text(response) -> str:
    """The text of the PDF's one page, lines joined by spaces."""
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def test_the_certificate_page_links_its_pdf(passed, trainee_client):
    html = trainee_client.get(f"/attempts/{passed.pk}/certificate/").content.decode()
    assert f'href="/attempts/{passed.pk}/certificate.pdf" download>Download PDF</a>' in html


def test_the_pdf_downloads_for_its_owner_with_name_quiz_date_code_and_check_url(
    passed, trainee, trainee_client
):
    trainee.first_name, trainee.last_name = "José", "Müller"  # not the certificate's name
    trainee.save()
    certificate = passed.certificate

    response = trainee_client.get(f"/attempts/{passed.pk}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-release-facts-{passed.pk}.pdf"'
    )
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    text = pdf_text(response)
    check_url = f"http://testserver/certificates/{certificate.code}/"
    for expected in (
        "Certificate of completion",
        "trainee",  # the name it was issued with
        passed.quiz.title,
        passed.submitted_at.strftime("%-d %B %Y"),
        "100% (pass mark 80%)",
        f"Verification code: {certificate.code}",
        check_url,
    ):
        assert expected in text, expected
    assert "José" not in text


def test_the_pdf_links_and_encodes_the_public_check_url(passed, trainee_client, monkeypatch):
    encoded = []
    widget = certificates.QrCodeWidget

    def spy(value, **kwargs):
        encoded.append(value)
        return widget(value, **kwargs)

    monkeypatch.setattr(certificates, "QrCodeWidget", spy)
    response = trainee_client.get(f"/attempts/{passed.pk}/certificate.pdf")

    check_url = f"http://testserver/certificates/{passed.certificate.code}/"
    assert encoded == [check_url]
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    links = [annotation.get_object()["/A"]["/URI"] for annotation in page["/Annots"]]
    assert links == [check_url]


def test_the_pdf_fits_a_long_name_and_keeps_latin_letters(db):
    quiz = make_quiz(4)
    user = make_user("long")
    attempt = services.start_attempt(user=user, quiz=quiz)
    name = "Zoë Ñúñez-Åström " * 9  # 153 characters: wrapped, not cut
    certificate = Certificate.objects.create(
        attempt=attempt, code="c" * 22, name=name.strip(), issued_at=timezone.now()
    )

    pdf = certificates.certificate_pdf(certificate, check_url="https://example.org/c/")

    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert name.strip() in text


def test_the_pdf_is_the_trainees_own(passed):
    url = f"/attempts/{passed.pk}/certificate.pdf"
    assert logged_in(make_user("other")).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")


def test_no_pdf_without_a_pass(content, start, trainee_client):
    attempt = submit(trainee_client, start("release-facts"), right=False)
    assert trainee_client.get(f"/attempts/{attempt.pk}/certificate.pdf").status_code == 404


def test_the_pdf_runs_the_same_queries_as_the_certificate_page(
    passed, trainee_client, django_assert_num_queries
):
    with django_assert_num_queries(2):
        trainee_client.get(f"/attempts/{passed.pk}/certificate.pdf")


# --- The public check form --------------------------------------------------------


def main_of(response) -> str:
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_the_check_form_is_public_and_labelled():
    response = Client().get("/certificates/")

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    main = main_of(response)
    assert "<h1>Check a certificate</h1>" in main
    assert 'method="get" action="/certificates/"' in main
    assert 'for="id_code"' in main and 'name="code"' in main
    assert "No certificate has this code" not in main


@pytest.mark.parametrize("typed", ["{code}", "  {code} ", "http://testserver/certificates/{code}/"])
def test_the_check_form_finds_a_code_typed_or_pasted(passed, typed):
    code = passed.certificate.code

    response = Client().get("/certificates/", {"code": typed.format(code=code)}, follow=True)

    assert response.redirect_chain == [(f"/certificates/{code}/", 302)]
    assert "Valid certificate." in response.content.decode()
    assert passed.quiz.title in main_of(response)


def test_an_unknown_code_answers_404_in_the_sites_layout_with_the_form(passed):
    response = Client().get("/certificates/", {"code": "no-such-code"}, follow=True)

    assert response.redirect_chain == [("/certificates/no-such-code/", 302)]
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex"
    html = response.content.decode()
    assert 'class="navbar' in html and "Skip to main content" in html
    main = main_of(response)
    assert "No certificate has this code." in main
    assert 'value="no-such-code"' in main  # to correct it
    assert passed.certificate.name not in main


def test_what_cannot_be_a_code_is_refused_on_the_form_page(passed):
    response = Client().get("/certificates/", {"code": "not a code!"})

    assert response.status_code == 200
    assert "A code has only letters, digits, - and _." in main_of(response)


@pytest.fixture
def three_lookups_a_minute(lower_rate_limits):
    lower_rate_limits(verify="3/m")


def test_lookups_through_the_form_count_against_the_rate_limit(passed, three_lookups_a_minute):
    here = Client(REMOTE_ADDR="198.51.100.7")
    code = passed.certificate.code
    answers = [
        here.get("/certificates/", {"code": typed}, follow=True).status_code
        for typed in (code, "guess-1", "guess-2")
    ]

    assert answers == [200, 404, 404]
    assert_too_many(here.get("/certificates/", {"code": code}, follow=True))
    assert_too_many(here.get(f"/certificates/{code}/"))
    assert here.get("/certificates/").status_code == 200  # the empty form looks nothing up


def test_the_pdf_embeds_a_font_that_prints_names_beyond_western_europe(db):
    quiz = make_quiz(4)
    attempt = services.start_attempt(user=make_user("intl"), quiz=quiz)
    name = "Antonín Dvořák, Nguyễn Thị Minh, Łukasz Żółć, Ελένη, Жанна"
    certificate = Certificate.objects.create(
        attempt=attempt, code="d" * 22, name=name, issued_at=timezone.now()
    )

    pdf = PdfReader(io.BytesIO(certificates.certificate_pdf(certificate, check_url="https://e/")))
    page = pdf.pages[0]

    assert name in " ".join(page.extract_text().split())
    fonts = {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any("SourceSansPro" in font for font in fonts)
