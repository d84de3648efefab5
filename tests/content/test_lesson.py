"""The lesson: the release as passages with stable anchors, linked from every explanation."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quiz.models import Passage, Quiz
from tests.factories import answer_form, make_quiz

LESSON = "/quizzes/component-roles/lesson/"


def test_lesson_shows_every_passage_in_order_with_its_anchor(content, trainee_client):
    html = trainee_client.get(LESSON).content.decode()
    passages = list(Passage.objects.order_by("position"))
    anchors = re.findall(r'id="passage-([\w-]+)"', html)
    assert anchors == [p.key for p in passages]
    for passage in passages:
        assert passage.text in html


def test_lesson_shows_bullets_as_one_list(content, trainee_client):
    html = trainee_client.get(LESSON).content.decode()
    bullets = Passage.objects.filter(kind="bullet").order_by("position")
    lists = re.findall(r"<ul>(.*?)</ul>", html, re.S)
    assert [re.findall(r'id="passage-([\w-]+)"', body) for body in lists] == [
        [p.key for p in bullets]
    ]


def test_lesson_shows_the_release_title_date_and_archived_note(content, trainee_client):
    html = trainee_client.get(LESSON).content.decode()
    assert "Working Together to Help Victims of Human Trafficking" in html
    assert 'datetime="2014-01-14"' in html and "January 14, 2014" in html
    assert "In an effort to keep DHS.gov current, the archive contains outdated" in html


def test_lesson_ends_with_a_form_that_starts_the_quiz(content, trainee_client, trainee):
    html = trainee_client.get(LESSON).content.decode()
    last_passage = html.rindex('id="passage-')
    form = html.index('action="/quizzes/component-roles/start/"')
    assert last_passage < form
    assert "Take the quiz" in html[form:]
    response = trainee_client.post("/quizzes/component-roles/start/")
    assert response.status_code == 200
    assert trainee.attempts.count() == 1
    assert f'action="/attempts/{trainee.attempts.get().pk}/"' in response.content.decode()


def test_quiz_list_links_each_lesson(content, trainee_client):
    html = trainee_client.get("/quizzes/").content.decode()
    assert 'href="/quizzes/component-roles/lesson/"' in html
    assert 'href="/quizzes/release-facts/lesson/"' in html


def test_lesson_needs_a_login_and_a_published_quiz(content, trainee_client):
    assert Client().get(LESSON).status_code == 302
    Quiz.objects.filter(slug="component-roles").update(is_published=False)
    assert trainee_client.get(LESSON).status_code == 404
    assert trainee_client.get("/quizzes/no-such-quiz/lesson/").status_code == 404


def test_every_explanation_links_to_its_passage_in_the_lesson(content, start, trainee_client):
    attempt = start("component-roles")
    trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=False))
    result = trainee_client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    links = re.findall(r'href="/quizzes/component-roles/lesson/#passage-([\w-]+)"', result)
    questions = [r.question for r in attempt.responses.select_related("question__passage")]
    assert len(links) == len(questions) == 21
    assert sorted(links) == sorted(q.passage.key for q in questions)
    lesson = trainee_client.get(LESSON).content.decode()
    for key in set(links):
        assert f'id="passage-{key}"' in lesson


def lesson_queries(client, slug: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/quizzes/{slug}/lesson/")
    assert response.status_code == 200
    return len(captured)


def test_lesson_queries_do_not_grow_with_passages(trainee_client):
    quiz = make_quiz(1, slug="short")
    few = lesson_queries(trainee_client, quiz.slug)
    for n in range(2, 40):
        Passage.objects.create(
            release=quiz.release, key=f"p{n}", position=n, kind="bullet", text=f"Bullet {n}."
        )
    assert lesson_queries(trainee_client, quiz.slug) == few == 3  # user, quiz, passages
