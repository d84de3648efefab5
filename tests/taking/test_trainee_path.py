"""The whole trainee path through Django's test client, as a browser without JavaScript would."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from quiz.models import Attempt, Quiz, Selection
from quiz.taking.sheet import attempt_sheet
from tests.factories import PASSWORD, answer_form, make_quiz, make_user
from tests.worker import delivered


def test_sign_up_take_the_quiz_see_the_result_and_history(content):
    client = Client()
    response = client.post(
        "/accounts/signup/",
        {
            "username": "ana",
            "email": "ana@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response.url == "/accounts/signup/done/"
    link = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", delivered()[0].body).group(1)
    assert client.get(link).url == "/accounts/login/"  # confirmed; logging in is the next step
    assert (
        client.post("/accounts/login/", {"username": "ana", "password": PASSWORD}).status_code
        == 302
    )
    ana = User.objects.get(username="ana")

    quiz_list = client.get("/quizzes/").content.decode()
    assert "DHS components and their anti-trafficking roles" in quiz_list
    assert "Not started" in quiz_list

    # Starting answers with the questions at once, one per learning objective; the
    # attempt's own address shows them too.
    start = client.post("/quizzes/component-roles/start/")
    attempt = Attempt.objects.get(user=ana)
    assert start.status_code == 200
    assert start.content.decode().count("<fieldset") == attempt.responses.count() == 10
    assert f'action="/attempts/{attempt.pk}/"' in start.content.decode()
    take = client.get(f"/attempts/{attempt.pk}/")
    assert take.status_code == 200
    assert take.content.decode().count("<fieldset") == 10
    assert "In progress" in client.get("/quizzes/").content.decode()

    response = client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=True))
    assert response.url == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.percent == 100 and attempt.passed
    assert attempt.submitted_at is not None
    assert Selection.objects.filter(response__attempt=attempt).count() >= 10

    # Passed: every objective met, no mistakes, and all questions with their answers.
    result = client.get(response.url).content.decode()
    assert "Passed: 100%" in result
    assert "10 of 10 points" in result
    assert result.count("objective-met") == 10 and "objective-missed" not in result
    assert 'id="no-mistakes"' in result
    result = client.get(response.url + "?show=all").content.decode()
    assert result.count("Right answer:") == 10 and "held back" not in result
    # Every question of the "disrupts" objective quotes CBP's passage.
    assert "U.S. Customs and Border Protection interdicts traffickers, protects victims" in result

    quiz_list = client.get("/quizzes/").content.decode()
    assert "Passed" in quiz_list and "100%" in quiz_list

    history = client.get("/history/").content.decode()
    assert f"/attempts/{attempt.pk}/result/" in history


def wrong_result_page(start, trainee_client) -> str:
    """The result page of a release-facts attempt answered wrong throughout."""
    attempt = start("release-facts")
    trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=False))
    return trainee_client.get(f"/attempts/{attempt.pk}/result/?show=all").content.decode()


@pytest.mark.usefixtures("whole_bank")
def test_result_page_says_why_each_answer_is_wrong_shows_the_right_one_and_quotes(
    content, start, trainee_client
):
    page = wrong_result_page(start, trainee_client)  # no attempt limit: may try again

    assert "Not passed: 0%" in page
    assert page.count("Your answer:") == page.count("(wrong)") == 28
    assert page.count("objective-missed") == 7 and "objective-met" not in page
    assert page.count("Right answer:") == 28 and "held back" not in page
    assert page.count('class="d-block feedback"') == 28
    assert "Right answer: January" in page
    assert "The release says January, not" in page
    assert "Right answer: The Department of Justice and the Department of Health and" in page
    assert '<blockquote class="explanation"><p>January is National Human Trafficking' in page
    assert page.count('href="/quizzes/release-facts/lesson/#passage-') == 28


def test_take_page_keeps_its_order_on_reload(content, start, trainee_client):
    attempt = start()
    first = trainee_client.get(f"/attempts/{attempt.pk}/").content.decode()
    second = trainee_client.get(f"/attempts/{attempt.pk}/").content.decode()
    order = re.compile(r'name="(q\d+(?:-m\d+)?)"[^>]*value="(\d+)"|name="(q\d+-m\d+)"')
    assert order.findall(first) == order.findall(second)
    assert len(order.findall(first)) >= 2 * attempt.responses.count()  # two or more inputs each


def test_starting_again_resumes_the_open_attempt(content, start):
    assert start() == start()


def test_history_lists_attempts_newest_first(content, start, trainee_client, trainee):
    first = start("component-roles")
    second = start("release-facts")
    page = trainee_client.get("/history/").content.decode()
    assert page.index(f"/attempts/{second.pk}/") < page.index(f"/attempts/{first.pk}/")


def test_quiz_list_shows_length_pass_mark_best_score_and_status(content, start, trainee_client):
    attempt = start("release-facts")
    trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=False))
    page = trainee_client.get("/quizzes/").content.decode()
    # The questions asked per attempt: one per learning objective.
    assert re.search(r"Questions</dt><dd[^>]*>10<", page)  # component-roles, 40 in its bank
    assert re.search(r"Questions</dt><dd[^>]*>7<", page)  # release-facts, 28 in its bank
    assert page.count("80%") == 2
    assert 'data-status="not_passed"' in page
    assert 'data-status="not_started"' in page
    assert "0%" in page


def sign_up_with(password: str, username: str = "bob"):
    data = {"username": username, "email": f"{username}@example.org"}
    return Client().post("/accounts/signup/", data | {"password1": password, "password2": password})


@pytest.mark.parametrize("password", ["123", "eleven-char", "password1234"])
def test_sign_up_refuses_a_password_shorter_than_12_or_common(db, password):
    response = sign_up_with(password)

    assert response.status_code == 200
    html = response.content.decode()
    assert "This password is too short" in html or "This password is too common" in html
    assert not User.objects.filter(username="bob").exists()


@pytest.mark.parametrize(
    "password",
    ["twelve chars", "only lowercase letters here", "9" * 7 + "0" * 5 + "31", "é" * 12, "x" * 200],
    ids=["twelve", "lowercase", "digits", "accents", "200 characters"],
)
def test_sign_up_takes_any_password_of_12_or_more_without_composition_rules(db, password):
    assert sign_up_with(password, username="ada").status_code == 302
    assert User.objects.get(username="ada").check_password(password)


def test_sign_up_needs_an_email(db):
    response = Client().post(
        "/accounts/signup/", {"username": "bob", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="bob").exists()


def test_log_in_and_log_out(db):
    make_user("carol")
    client = Client()
    response = client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/quizzes/"
    assert client.get("/quizzes/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/quizzes/").status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(db):
    make_user("dave")
    client = Client()
    client.post("/accounts/password_reset/", {"email": "dave@example.org"})
    assert len(delivered()) == 1
    link = re.search(r"/accounts/reset/\S+/", delivered()[0].body).group(0)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "another-long-passphrase-42"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.url == "/accounts/reset/done/"
    login = Client().post("/accounts/login/", {"username": "dave", "password": new})
    assert login.status_code == 302 and login.url == "/quizzes/"


def test_pages_use_local_bootstrap_and_no_cdn(content, trainee_client):
    page = trainee_client.get("/quizzes/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in page
    assert not re.search(r"(src|href)=\"https?://", page)


def test_footer_names_the_release_and_the_reporting_lines(db):
    page = Client().get("/").content.decode()
    assert "Working Together to Help Victims of Human Trafficking" in page
    assert "January 14, 2014" in page
    assert "1-866-347-2423" in page and "1-888-373-7888" in page
    assert "not an official government website" in page


def test_bootstrap_css_is_served_by_the_app_from_the_installed_package(db, settings):
    settings.WHITENOISE_USE_FINDERS = (
        True  # as in development; production serves collectstatic's copy
    )
    response = Client().get("/static/bootstrap/css/bootstrap.min.css")
    assert response.status_code == 200
    assert b"Bootstrap" in b"".join(response.streaming_content)[:200]


@pytest.mark.usefixtures("whole_bank")
def test_true_false_questions_show_true_before_false(db, start):
    attempt = start(make_quiz(8, slug="every-kind").slug)
    shown = [[c.text for c in sq.choices] for sq in attempt_sheet(attempt)]
    true_false = [texts for texts in shown if set(texts) == {"True", "False"}]
    assert len(true_false) == 2
    assert all(texts == ["True", "False"] for texts in true_false)


def test_a_quiz_without_questions_cannot_be_started(trainee_client, trainee):
    quiz = make_quiz(0, slug="empty")
    response = trainee_client.post(f"/quizzes/{quiz.slug}/start/", follow=True)
    assert "This quiz has no questions yet" in response.content.decode()
    assert not Attempt.objects.filter(user=trainee).exists()
    assert Quiz.objects.filter(slug="empty").exists()


def test_home_page_explains_the_training_in_three_steps_and_links_the_lessons(content):
    page = Client().get("/").content.decode()

    steps = re.search(r'<ol class="steps[^"]*">(.*?)</ol>', page, re.S).group(1)
    assert len(re.findall(r"<li><strong>", steps)) == 3
    assert 'href="/quizzes/component-roles/lesson/"' in steps
    assert 'href="/quizzes/release-facts/lesson/"' in steps
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    assert "official website of the United States government" not in page
