"""Make each quiz's questions what the content says: fixtures -> specs -> question rows."""

from django.db import transaction

from ..models import Choice, Component, ComponentRole, Fact, MatchItem, Passage, Question, Quiz
from . import builder


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
