"""Writes. Each service is one transaction: it records all of its work or none of it."""

import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import builder, grading
from .answers import Answers
from .models import (
    Attempt,
    Certificate,
    Choice,
    Component,
    ComponentRole,
    Fact,
    MatchItem,
    Passage,
    Question,
    Quiz,
    Response,
    Selection,
)
from .selectors import SheetQuestion, attempt_order


class AttemptAlreadySubmitted(Exception):
    """The attempt was graded already; a second submit changes nothing."""


# --- Attempts ---------------------------------------------------------------------


def open_attempt(*, user, quiz: Quiz) -> Attempt | None:
    return Attempt.objects.filter(user=user, quiz=quiz, status=Attempt.Status.IN_PROGRESS).first()


def start_attempt(*, user, quiz: Quiz) -> Attempt:
    """Resume the trainee's open attempt at this quiz, or start one with its own order."""
    existing = open_attempt(user=user, quiz=quiz)
    if existing:
        return existing
    try:
        return create_attempt(user=user, quiz=quiz)
    except IntegrityError:
        # Another request started it a moment ago: the database allows one open attempt.
        return open_attempt(user=user, quiz=quiz)


@transaction.atomic
def create_attempt(*, user, quiz: Quiz) -> Attempt:
    questions = list(Question.objects.filter(quiz=quiz, is_active=True).order_by("position"))
    attempt = Attempt.objects.create(
        user=user, quiz=quiz, seed=secrets.randbelow(2**31), max_score=Decimal(len(questions))
    )
    ordered = attempt_order(attempt, questions, salt="questions")
    Response.objects.bulk_create(
        Response(attempt=attempt, question=question, position=position)
        for position, question in enumerate(ordered, start=1)
    )
    return attempt


def grade_question(sq: SheetQuestion, answers: Answers) -> Decimal:
    if sq.question.kind == Question.Kind.MATCHING:
        return grading.grade_matching(sq.answer_key, answers.matched.get(sq.question.pk, {}))
    return grading.grade_choices(sq.correct_ids, answers.chosen.get(sq.question.pk, frozenset()))


def selections_for(sq: SheetQuestion, answers: Answers) -> list[Selection]:
    chosen = answers.chosen.get(sq.question.pk, frozenset())
    matched = answers.matched.get(sq.question.pk, {})
    return [Selection(response=sq.response, choice_id=c) for c in sorted(chosen)] + [
        Selection(response=sq.response, item_id=item, choice_id=c) for item, c in matched.items()
    ]


@transaction.atomic
def submit_attempt(*, attempt: Attempt, sheet: list[SheetQuestion], answers: Answers) -> Attempt:
    """Grade and record an attempt once, with a certificate if it passed.

    Unanswered questions earn nothing. The status change is a conditional UPDATE, so of
    two submits racing for the same attempt exactly one records its answers and issues
    the certificate; the other raises AttemptAlreadySubmitted.
    """
    for sq in sheet:
        sq.response.points = grade_question(sq, answers)
    score = sum((sq.response.points for sq in sheet), Decimal(0))
    percent = grading.percent_of(score, attempt.max_score)
    fields = {
        "status": Attempt.Status.SUBMITTED,
        "submitted_at": timezone.now(),
        "score": score,
        "percent": percent,
        "passed": grading.has_passed(percent, attempt.quiz.pass_mark),
    }
    claimed = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
        **fields
    )
    if not claimed:
        raise AttemptAlreadySubmitted
    Selection.objects.filter(response__attempt=attempt).delete()
    Selection.objects.bulk_create(s for sq in sheet for s in selections_for(sq, answers))
    Response.objects.bulk_update([sq.response for sq in sheet], ["points"])
    for name, value in fields.items():
        setattr(attempt, name, value)
    if attempt.passed:
        issue_certificate(attempt=attempt)
    return attempt


def certificate_name(user) -> str:
    """The trainee's full name if they gave one, else their username."""
    return user.get_full_name() or user.get_username()


def new_certificate_code() -> str:
    """128 random bits, URL-safe: nobody can guess a certificate's address."""
    return secrets.token_urlsafe(16)


def issue_certificate(*, attempt: Attempt) -> Certificate:
    """Called inside submit_attempt's transaction, so a pass and its certificate go together."""
    return Certificate.objects.create(
        attempt=attempt,
        code=new_certificate_code(),
        name=certificate_name(attempt.user),
        issued_at=attempt.submitted_at,
    )


# --- Content: fixtures -> questions -----------------------------------------------


def component_role_specs() -> list[builder.QuestionSpec]:
    components = [
        builder.ComponentInfo(c.slug, c.abbreviation, c.name)
        for c in Component.objects.filter(kind=Component.Kind.COMPONENT).order_by("position")
    ]
    claims = [
        builder.RoleClaim(
            cr.component.slug, cr.role.key, cr.role.phrase, cr.passage.key, cr.passage.text
        )
        for cr in ComponentRole.objects.select_related("component", "role", "passage").order_by(
            "role__position", "component__position"
        )
    ]
    return builder.component_role_questions(components, claims)


def release_fact_specs(quiz: Quiz) -> list[builder.QuestionSpec]:
    facts = [
        builder.FactInfo(
            f.key,
            f.kind,
            f.prompt,
            f.answer,
            tuple(f.distractors),
            f.passage.key,
            f.passage.text,
            f.quote,
        )
        for f in Fact.objects.filter(release=quiz.release).select_related("passage")
    ]
    return builder.release_fact_questions(facts)


def specs_for(quiz: Quiz) -> list[builder.QuestionSpec]:
    if quiz.source == Quiz.Source.COMPONENT_ROLES:
        return component_role_specs()
    return release_fact_specs(quiz)


def link_components(question: Question, spec: builder.QuestionSpec, components: dict) -> None:
    """Make a kept question's links to components what the spec says.

    Questions built before these links existed get them on the next build.
    """
    question.components.set([components[slug] for slug in spec.about])
    for position, item in enumerate(spec.items, start=1):
        MatchItem.objects.filter(question=question, position=position).exclude(
            component=components[item.component]
        ).update(component=components[item.component])


def create_question(
    quiz: Quiz, spec: builder.QuestionSpec, position: int, components: dict
) -> Question:
    question = Question.objects.create(
        quiz=quiz,
        key=spec.key,
        fingerprint=spec.fingerprint,
        kind=spec.kind,
        prompt=spec.prompt,
        explanation=spec.explanation,
        passage=Passage.objects.get(release=quiz.release, key=spec.passage_key),
        position=position,
    )
    choices = Choice.objects.bulk_create(
        Choice(question=question, position=i, text=c.text, is_correct=c.is_correct)
        for i, c in enumerate(spec.choices, start=1)
    )
    MatchItem.objects.bulk_create(
        MatchItem(
            question=question,
            position=i,
            label=item.label,
            correct_choice=choices[item.answer],
            component=components[item.component],
        )
        for i, item in enumerate(spec.items, start=1)
    )
    question.components.set([components[slug] for slug in spec.about])
    return question


@transaction.atomic
def sync_questions(*, quiz: Quiz, specs: list[builder.QuestionSpec]) -> dict[str, int]:
    """Make the quiz's active questions exactly `specs`.

    An unchanged question is kept; a changed one is retired and replaced by a new
    version, so attempts that asked the old version still show what they asked.
    """
    counts = {"kept": 0, "added": 0, "retired": 0}
    components = {c.slug: c for c in Component.objects.all()}
    existing = {(q.key, q.fingerprint): q for q in Question.objects.filter(quiz=quiz)}
    wanted = set()
    for position, spec in enumerate(specs, start=1):
        wanted.add((spec.key, spec.fingerprint))
        question = existing.get((spec.key, spec.fingerprint))
        if question is None:
            create_question(quiz, spec, position, components)
            counts["added"] += 1
        else:
            if not question.is_active or question.position != position:
                question.is_active, question.position = True, position
                question.save(update_fields=["is_active", "position"])
            link_components(question, spec, components)
            counts["kept"] += 1
    stale = [q.pk for ident, q in existing.items() if ident not in wanted and q.is_active]
    counts["retired"] = Question.objects.filter(pk__in=stale).update(is_active=False)
    return counts


@transaction.atomic
def build_all_questions() -> dict[str, dict[str, int]]:
    """Rebuild every quiz from the content; all quizzes change together or none does."""
    return {
        quiz.slug: sync_questions(quiz=quiz, specs=specs_for(quiz)) for quiz in Quiz.objects.all()
    }
