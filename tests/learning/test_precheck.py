"""The pre-check: one item per objective before the first attempt of an assigned quiz, none
of them asked by the graded attempt, and "before and after" on the result."""

import re

from quiz.models import Gain, Practice, Question, Response
from tests.factories import AssignmentFactory, TrainingGroupFactory, answer_data, answer_form

PRECHECK = "/quizzes/component-roles/precheck/"


def assign(trainee, quiz, **fields):
    group = TrainingGroupFactory()
    group.members.add(trainee)
    return AssignmentFactory(group=group, quiz=quiz, **fields)


def precheck_questions(client):
    html = client.get(PRECHECK).content.decode()
    ids = dict.fromkeys(int(pk) for pk in re.findall(r'name="q(\d+)', html))
    return list(Question.objects.filter(pk__in=ids).select_related("objective"))


def test_an_assigned_quiz_asks_for_the_precheck_before_the_first_attempt(
    content, trainee, trainee_client
):
    assign(trainee, content["component-roles"])
    response = trainee_client.post("/quizzes/component-roles/start/")
    assert response.status_code == 302 and response["Location"] == PRECHECK
    questions = precheck_questions(trainee_client)
    assert sorted(q.objective.key for q in questions) == sorted(
        content["component-roles"].objectives.values_list("key", flat=True)
    )


def test_the_precheck_records_before_and_the_quiz_asks_none_of_its_items(
    content, trainee, trainee_client, start
):
    assign(trainee, content["component-roles"])
    questions = precheck_questions(trainee_client)
    known = questions[:4]  # four right, the rest left blank
    response = trainee_client.post(PRECHECK, answer_data(known))
    assert response["Location"] == "/quizzes/component-roles/lesson/"
    gains = {g.objective_id: g for g in Gain.objects.filter(user=trainee)}
    assert {pk for pk, g in gains.items() if g.before} == {q.objective_id for q in known}
    assert len(gains) == 10 and all(g.after is None for g in gains.values())
    assert Practice.objects.filter(user=trainee, purpose="precheck").count() == 10

    attempt = start()
    asked = set(Response.objects.filter(attempt=attempt).values_list("question__key", flat=True))
    assert not asked & {q.key for q in questions}
    missed = [r.question for r in attempt.responses.order_by("position")[:3]]
    form = {**answer_form(attempt, skip=3), **answer_data(missed, right=False)}
    trainee_client.post(f"/attempts/{attempt.pk}/", form)
    after = {g.objective_id: g.after for g in Gain.objects.filter(user=trainee)}
    assert sorted(after.values()) == [0] * 3 + [1] * 7
    points = dict(
        Response.objects.filter(attempt=attempt).values_list("question__objective", "points")
    )
    assert after == points
    result = trainee_client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    table = re.search(r'id="before-after"(.*?)</section>', result, re.S).group(1)
    assert table.count("✓ Knew it") == 4 and table.count("✗ Not yet") == 6
    assert table.count("✓ Met") == 7 and table.count("✗ Missed") == 3


def test_only_the_first_graded_attempt_after_the_precheck_is_after(
    content, retakes_at_once, trainee, trainee_client, start
):
    assign(trainee, content["component-roles"])
    trainee_client.post(PRECHECK, {})
    first = start()
    trainee_client.post(f"/attempts/{first.pk}/", answer_form(first, right=False))
    second = start()
    trainee_client.post(f"/attempts/{second.pk}/", answer_form(second))
    assert set(Gain.objects.values_list("after", flat=True)) == {0}
    assert set(Gain.objects.values_list("after_attempt", flat=True)) == {first.pk}
    first.delete()  # as in the admin: the next attempt since the pre-check takes its place
    assert set(Gain.objects.values_list("after", flat=True)) == {1}


def test_the_precheck_is_taken_once(content, trainee, trainee_client):
    questions = precheck_questions(trainee_client)
    trainee_client.post(PRECHECK, answer_data(questions))
    response = trainee_client.post(PRECHECK, {})
    assert response["Location"] == "/quizzes/component-roles/lesson/"
    assert Gain.objects.filter(before=True).count() == 10


def test_no_precheck_after_a_first_attempt(content, trainee, trainee_client, start):
    start()
    response = trainee_client.get(PRECHECK)
    assert response.status_code == 302
    assert not Gain.objects.exists()


def test_a_tampered_precheck_records_nothing_and_says_so(content, trainee, trainee_client):
    response = trainee_client.post(PRECHECK, {"q999999": "1"})
    assert response.status_code == 400
    assert "Nothing was recorded" in response.content.decode()
    assert not Gain.objects.exists() and not Practice.objects.exists()


def test_without_an_assignment_or_with_the_precheck_off_the_quiz_starts_at_once(
    content, trainee, trainee_client, start
):
    start()  # not assigned: the pre-check is offered on the lesson, not required
    assign(trainee, content["release-facts"], precheck=False)
    start("release-facts")


def test_a_quiz_without_objectives_starts_at_once_though_assigned_with_a_precheck(
    trainee, trainee_client
):
    from tests.factories import make_quiz

    quiz = make_quiz(3, slug="no-objectives")
    assign(trainee, quiz)
    response = trainee_client.post("/quizzes/no-objectives/start/")
    assert response.status_code == 200  # the questions, not a pre-check with none


def test_the_lesson_offers_the_precheck_only_before_a_first_attempt(content, trainee_client, start):
    offer = "First, check what you already know"
    assert offer in trainee_client.get("/quizzes/component-roles/lesson/").content.decode()
    start()
    assert offer not in trainee_client.get("/quizzes/component-roles/lesson/").content.decode()


def test_the_lesson_puts_an_assigned_precheck_first(content, trainee, trainee_client):
    lesson = "/quizzes/component-roles/lesson/"
    assert 'id="precheck-first"' not in trainee_client.get(lesson).content.decode()
    assign(trainee, content["component-roles"])
    html = trainee_client.get(lesson).content.decode()
    assert html.index('id="precheck-first"') < html.index('id="objectives"')
    trainee_client.post(PRECHECK, {})
    assert 'id="precheck-first"' not in trainee_client.get(lesson).content.decode()


def test_a_quiz_without_objectives_has_no_precheck_page(trainee, trainee_client):
    from tests.factories import make_quiz

    make_quiz(3, slug="no-objectives")
    response = trainee_client.get("/quizzes/no-objectives/precheck/")
    assert response["Location"] == "/quizzes/no-objectives/lesson/"
    assert not Practice.objects.exists()
