"""The learning report: gain per objective and per group, equal to a recount from the
pre-check answers and the first graded attempt since; a notice under ten trainees; CSV;
a fixed number of queries; a coordinator sees only their own people."""

import random
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz.models import Attempt, Practice, Response
from quiz.results.learning import hake_gain
from tests.conftest import logged_in
from tests.factories import (
    AssignmentFactory,
    TrainingGroupFactory,
    answer_data,
    make_user,
    staff_in,
)

SLUG = "component-roles"


def precheck_and_attempt(user, seed: str) -> None:
    """Through the app: a pre-check and a graded attempt, each answered at random."""
    client = logged_in(user)
    rng = random.Random(seed)
    html = client.get(f"/quizzes/{SLUG}/precheck/").content.decode()
    from quiz.models import Question

    ids = [int(pk) for pk in dict.fromkeys(re.findall(r'name="q(\d+)', html))]
    known = [q for q in Question.objects.filter(pk__in=ids) if rng.random() < 0.4]
    client.post(f"/quizzes/{SLUG}/precheck/", answer_data(known))
    client.post(f"/quizzes/{SLUG}/start/")
    attempt = Attempt.objects.get(user=user, quiz__slug=SLUG)
    questions = [r.question for r in attempt.responses.order_by("position")]
    right = [q for q in questions if rng.random() < 0.8]
    wrong = [q for q in questions if q not in right]
    client.post(
        f"/attempts/{attempt.pk}/", {**answer_data(right), **answer_data(wrong, right=False)}
    )


def answers_of(users) -> list[tuple[str, bool, float]]:
    """(objective text, known at the pre-check, points in the first graded attempt) for
    each trainee and objective, from the answers themselves."""
    found = []
    for user in users:
        before = {
            p.objective.text: p.correct
            for p in Practice.objects.filter(user=user, purpose="precheck").select_related(
                "objective"
            )
        }
        first = Attempt.objects.filter(user=user, status="submitted").order_by("submitted_at")[0]
        for response in Response.objects.filter(attempt=first).select_related(
            "question__objective"
        ):
            text = response.question.objective.text
            found.append((text, before[text], float(response.points)))
    return found


def means(rows) -> tuple[str, str]:
    """Mean percent before and after, as the report writes them."""
    before = round(100 * sum(b for _, b, _ in rows) / len(rows), 1)
    after = round(100 * sum(a for _, _, a in rows) / len(rows), 1)
    return f"{before}%", f"{after}%"


def groups_with_trainees(content, sizes: dict[str, int]):
    groups = {}
    for name, size in sizes.items():
        group = TrainingGroupFactory(name=name)
        AssignmentFactory(group=group, quiz=content[SLUG])
        users = [make_user(f"{name}-{n}") for n in range(size)]
        group.members.add(*users)
        for n, user in enumerate(users):
            precheck_and_attempt(user, seed=f"{name}-{n}")  # the same answers on every run
        groups[name] = (group, users)
    return groups


def report_of(client, content, query: str = ""):
    return client.get(f"/admin/quiz/attempt/learning/{content[SLUG].pk}/{query}")


def table(html: str, caption: str) -> dict[str, list[str]]:
    body = re.search(rf"<caption>{caption}</caption>(.*?)</table>", html, re.S).group(1)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', body, re.S)
    return {label: re.findall(r"<td>(.*?)</td>", cells, re.S) for label, cells in rows}


def test_gain_by_objective_and_by_group_equals_a_recount(content, superuser_client):
    groups = groups_with_trainees(content, {"east": 3, "west": 2})
    html = report_of(superuser_client, content).content.decode()
    everyone = answers_of([u for _, users in groups.values() for u in users])
    by_objective = table(html, "Gain by objective")
    assert len(by_objective) == 10
    for text in {row[0] for row in everyone}:
        rows = [row for row in everyone if row[0] == text]
        cells = by_objective[text]
        assert cells[0].startswith(f"{len(rows)} ")
        assert tuple(cells[1:3]) == means(rows)
    by_group = table(html, "Gain by group")
    for name, (_group, users) in groups.items():
        cells = by_group[name]
        assert cells[0].startswith(f"{len(users)} ")
        assert tuple(cells[1:3]) == means(answers_of(users))
    assert "Fewer than 10 trainees" in html


def test_normalised_gain_is_hakes():
    assert hake_gain(40.0, 70.0) == 0.5
    assert hake_gain(100.0, 100.0) is None
    assert hake_gain(50.0, 25.0) == -0.5


def test_the_report_downloads_as_csv(content, superuser_client):
    groups_with_trainees(content, {"east": 2})
    response = report_of(superuser_client, content, "?format=csv")
    text = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert text.count("gain by objective,") == 10
    assert "gain by group,east,2," in text


def report_queries(client, content) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert report_of(client, content).status_code == 200
    return len(captured)


def test_the_report_runs_a_fixed_number_of_queries(content, superuser_client):
    groups_with_trainees(content, {"east": 1})
    few = report_queries(superuser_client, content)
    groups_with_trainees(content, {"west": 3, "north": 2})
    assert report_queries(superuser_client, content) == few


def test_a_coordinator_sees_only_their_groups_people(content):
    groups = groups_with_trainees(content, {"east": 2, "west": 1})
    coordinator = staff_in("Training coordinator", "coord")
    groups["west"][0].coordinators.add(coordinator)
    html = report_of(logged_in(coordinator), content).content.decode()
    assert "1 trainee(s)" in html
    assert list(table(html, "Gain by group")) == ["west"]
    east = groups["east"][0]
    response = report_of(logged_in(coordinator), content, f"?group={east.pk}")
    assert response.status_code == 302  # not theirs: back to their own people


def test_recall_by_objective_and_group_equals_a_recount(content, superuser_client):
    """Refresher answers at random, for trainees of two groups: the report's recall is
    the share right of each objective's (and group's) answers at each stage."""
    import uuid

    from quiz.models import Refresher

    groups = groups_with_trainees(content, {"east": 2, "west": 1})
    rng = random.Random(7)
    questions = list(content[SLUG].questions.filter(is_active=True))
    for _name, (_group, users) in groups.items():
        for user in users:
            for stage in (7, 30):
                refresher = Refresher.objects.create(
                    user=user,
                    quiz=content[SLUG],
                    stage=stage,
                    passed_at=Attempt.objects.filter(user=user).first().submitted_at,
                    run=uuid.uuid4(),
                )
                for question in rng.sample(questions, 3):
                    Practice.objects.create(
                        user=user,
                        question=question,
                        objective=question.objective,
                        purpose="refresher",
                        refresher=refresher,
                        answered_at=refresher.created_at,
                        correct=rng.random() < 0.6,
                    )
    html = report_of(superuser_client, content).content.decode()
    answered = Practice.objects.filter(purpose="refresher").select_related("objective")
    by_objective = table(html, "Recall by objective")
    stages = [2, 7, 30, 90]
    for text, cells in by_objective.items():
        for stage, cell in zip(stages, cells, strict=True):
            rows = [p for p in answered if p.objective.text == text and p.refresher.stage == stage]
            if not rows:
                assert cell == ""
                continue
            percent = round(100 * sum(p.correct for p in rows) / len(rows), 1)
            assert cell.startswith(f"{percent}% ")
            assert f"({len(rows)} answer" in cell
    by_group = table(html, "Recall by group")
    for name, (_group, users) in groups.items():
        rows = [p for p in answered if p.user in users and p.refresher.stage == 7]
        percent = round(100 * sum(p.correct for p in rows) / len(rows), 1)
        assert by_group[name][1].startswith(f"{percent}% ")
