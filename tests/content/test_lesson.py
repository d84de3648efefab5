"""The lesson: the quiz's objectives, the names its questions use, and the release as
passages with stable anchors, linked from every explanation."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from quiz.models import Component, Fact, Objective, Passage, Quiz, Role
from tests.factories import QuizFactory, answer_form, make_quiz

LESSON = "/quizzes/component-roles/lesson/"


def test_lesson_shows_every_passage_in_order_with_its_anchor(content, trainee_client):
    html = trainee_client.get(LESSON).content.decode()
    passages = list(Passage.objects.order_by("position"))
    anchors = re.findall(r'id="passage-([\w-]+)"', html)
    assert anchors == [p.key for p in passages]
    # The words as the release has them once links are set aside (see the link test).
    words = re.sub(
        r'<a href="[^"]*">|</a>|<span class="visually-hidden"> \([^)]*\)</span>', "", html
    )
    for passage in passages:
        # Numbered for a screen reader, as the objectives' links name them.
        hidden = f'<span class="visually-hidden">Passage {passage.position}: </span>'
        assert hidden + escape(passage.text) in words


def blocks_of(html: str) -> dict[str, str]:
    """Each objective's block of the lesson, by objective key, in page order."""
    found = re.findall(r'<section [^>]*id="block-([\w-]+)"[^>]*>(.*?)</section>', html, re.S)
    return dict(found)


def test_lesson_has_a_block_per_objective_in_order_each_quoting_and_linking_its_passages(
    content, trainee_client
):
    html = trainee_client.get(LESSON).content.decode()
    blocks = blocks_of(html)
    objectives = list(Objective.objects.filter(quiz__slug="component-roles").order_by("position"))
    assert len(objectives) == 10
    assert list(blocks) == [o.key for o in objectives]
    for objective in objectives:
        assert escape(objective.text) in blocks[objective.key]
    # Protecting victims: both owners' passages, in release order, each an anchor below.
    protects = blocks["protects"]
    assert re.findall(r'href="#passage-([\w-]+)"', protects) == ["ice-hsi", "cbp"]
    assert "both the U.S. Immigration and Customs Enforcement" in protects
    for key in re.findall(r'href="#passage-([\w-]+)"', "".join(blocks.values())):
        assert f'id="passage-{key}"' in html
    assert html.index('id="objectives"') < html.index('id="passage-')


def test_lesson_of_facts_links_each_objective_to_the_passage_of_its_facts(content, trainee_client):
    html = trainee_client.get("/quizzes/release-facts/lesson/").content.decode()
    blocks = blocks_of(html)
    assert len(blocks) == 7
    month = blocks["prevention-month"]
    assert re.findall(r'href="#passage-([\w-]+)"', month) == ["prevention-month"]
    assert "January is National Human Trafficking and Slavery Prevention Month." in month


def test_lesson_names_each_part_of_dhs_by_the_short_name_the_questions_use(content, trainee_client):
    html = trainee_client.get(LESSON).content.decode()
    names = re.search(r'<section [^>]*id="names">(.*?)</section>', html, re.S).group(1)
    assert "Names the questions use" in names
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt><dd[^>]*>(.*?)</dd>", names)
    assert [abbreviation for abbreviation, _ in pairs] == [
        escape(c.abbreviation) for c in Component.objects.order_by("position")
    ]
    assert ("CBP", "U.S. Customs and Border Protection") in pairs
    assert ("Blue Campaign", "DHS Blue Campaign (an initiative, not a component)") in pairs
    assert html.index('id="names"') < html.index('id="passage-')


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


def test_lesson_is_public_and_asks_a_visitor_to_log_in_to_take_the_quiz(content):
    html = Client().get(LESSON).content.decode()

    assert 'id="passage-ice-hsi"' in html and 'id="summary"' in html
    assert f'href="/accounts/login/?next={LESSON}"' in html
    assert 'action="/quizzes/component-roles/start/"' not in html


def test_lesson_needs_a_published_quiz(content, trainee_client):
    Quiz.objects.filter(slug="component-roles").update(is_published=False)
    assert trainee_client.get(LESSON).status_code == 404
    assert Client().get(LESSON).status_code == 404
    assert trainee_client.get("/quizzes/no-such-quiz/lesson/").status_code == 404


def test_lesson_tables_who_does_what_as_the_release_credits_it(content, trainee_client):
    html = trainee_client.get(LESSON).content.decode()
    summary = html[html.index('id="summary"') : html.index('id="names"')]
    rows = re.findall(r'<th scope="row">([^<]+)</th><td>(.*?)</td>', summary)

    credited = {name: re.findall(r"<li>([^<]+)</li>", cell) for name, cell in rows}
    assert list(credited) == ["HSI", "CBP", "USCIS", "FLETC", "Blue Campaign"]
    assert "Interdicting traffickers" in credited["CBP"]
    assert "Protecting victims" in credited["HSI"] and "Protecting victims" in credited["CBP"]
    assert credited["USCIS"] == ["Long-term immigration relief through the T and U visas"]


def test_lesson_links_the_web_addresses_of_the_release(content, trainee_client):
    html = trainee_client.get(LESSON).content.decode()

    assert '<a href="https://www.dhs.gov/bluecampaign">www.dhs.gov/bluecampaign</a>' in html
    release_url = "https://www.dhs.gov/archive/news/2014/01/14/working-together-help-victims-human-trafficking"
    assert re.search(rf'read the Federal Strategic Action Plan <a href="{release_url}">here', html)


def test_every_explanation_links_to_its_passage_in_the_lesson(content, start, trainee_client):
    attempt = start("component-roles")
    trainee_client.post(f"/attempts/{attempt.pk}/", answer_form(attempt, right=False))
    result = trainee_client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    links = re.findall(r'href="/quizzes/component-roles/lesson/#passage-([\w-]+)"', result)
    questions = [r.question for r in attempt.responses.select_related("question__passage")]
    assert len(links) == len(questions) == 10  # one question per objective
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
    # user, quiz, objectives (none here), components, passages; for a trainee, the quiz's
    # questions with what they have seen, their lesson checks and their pre-check
    assert lesson_queries(trainee_client, quiz.slug) == few == 9


def test_lesson_queries_do_not_grow_with_objectives_roles_or_facts(content, trainee_client):
    quiz = QuizFactory(slug="objectives", release=Passage.objects.first().release)
    roles, facts = list(Role.objects.all()), list(Fact.objects.all())

    def add_objective(position: int, roles: list, facts: list) -> None:
        objective = Objective.objects.create(
            quiz=quiz, key=f"o{position}", position=position, text=f"Objective {position}."
        )
        objective.roles.set(roles)
        objective.facts.set(facts)

    add_objective(1, roles[:1], facts[:1])
    few = lesson_queries(trainee_client, quiz.slug)
    for position in range(2, 12):
        add_objective(position, roles, facts)
    # user, quiz, objectives, their roles, the roles' claims with passages and components,
    # their facts with passages, components, passages; for a trainee, the quiz's questions
    # with what they have seen, their lesson checks and their pre-check
    assert lesson_queries(trainee_client, quiz.slug) == few == 12
