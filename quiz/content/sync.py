"""Make each quiz's questions what the content says: fixtures -> specs -> question rows."""

from pathlib import Path

from django.db import transaction

from ..models import (
    Choice,
    Component,
    ComponentRole,
    Fact,
    MatchItem,
    Objective,
    Passage,
    Question,
    Quiz,
    Release,
)
from . import builder, item_rules, shapes, source, truth


def objective_infos(quiz: Quiz) -> list[shapes.ObjectiveInfo]:
    objectives = Objective.objects.filter(quiz=quiz).prefetch_related("roles", "facts")
    return [
        shapes.ObjectiveInfo(
            o.key,
            o.text,
            roles=tuple(r.key for r in sorted(o.roles.all(), key=lambda r: r.position)),
            facts=tuple(f.key for f in sorted(o.facts.all(), key=lambda f: f.position)),
        )
        for o in objectives.order_by("position")
    ]


def component_infos() -> list[shapes.ComponentInfo]:
    return [
        shapes.ComponentInfo(c.slug, c.abbreviation, c.name)
        for c in Component.objects.filter(kind=Component.Kind.COMPONENT).order_by("position")
    ]


def role_claims() -> list[shapes.RoleClaim]:
    return [
        shapes.RoleClaim(
            cr.component.slug,
            cr.role.key,
            cr.role.phrase,
            cr.role.label,
            cr.role.asked_as,
            tuple(cr.role.scenarios),
            cr.passage.key,
            cr.passage.text,
        )
        for cr in ComponentRole.objects.select_related("component", "role", "passage").order_by(
            "role__position", "component__position"
        )
    ]


def fact_infos(quiz: Quiz) -> list[shapes.FactInfo]:
    return [
        shapes.FactInfo(
            f.key,
            f.kind,
            f.prompt,
            f.answer,
            tuple((d.get("text", ""), d.get("why", "")) for d in f.distractors),
            f.passage.key,
            f.passage.text,
            f.quote,
            claim=f.claim,
            why=f.why,
            false_term=f.false_term,
            true_term=f.true_term,
        )
        for f in Fact.objects.filter(objectives__quiz=quiz).select_related("passage").distinct()
    ]


def release_text(quiz: Quiz) -> str:
    return "\n".join(Passage.objects.filter(release=quiz.release).values_list("text", flat=True))


def names_in(text: str, components: list[shapes.ComponentInfo]) -> dict[str, str]:
    """Every abbreviation a trainee may meet, with the name it stands for: the parts of DHS
    and what the release itself defines ("Department of Justice (DOJ)")."""
    return source.abbreviations(text) | {c.abbreviation: c.name for c in components}


def specs_for(quiz: Quiz) -> list[shapes.QuestionSpec]:
    """The quiz's bank, built from its objectives and checked against the release and the
    item-writing rules."""
    components, claims, facts = component_infos(), role_claims(), fact_infos(quiz)
    specs = builder.quiz_questions(objective_infos(quiz), components, claims, facts)
    text = release_text(quiz)
    truth.check_bank(
        specs,
        release_text=text,
        names=names_in(text, components),
        components=components,
        claims=claims,
        facts=facts,
    )
    item_rules.check_guessing(specs, quiz.slug, quiz.pass_mark)
    return specs


def release_info(release: Release) -> source.ReleaseInfo:
    passages = release.passages.order_by("position").values_list("key", "text")
    return source.ReleaseInfo(
        release.slug,
        release.title,
        release.published_on,
        release.source_file,
        release.source_sha256,
        tuple(passages),
    )


def published_texts(fixture_dir: Path, quizzes) -> list[str]:
    """The published text of each release the quizzes are built from, checked to be what
    its records quote."""
    texts = []
    for release in Release.objects.filter(quizzes__in=quizzes).distinct():
        info = release_info(release)
        texts.append(source.read_source(info, fixture_dir))
        source.check_release(info, texts[-1])
    return texts


def check_credits(texts: list[str]) -> None:
    """Every credit of the releases is a role, and some objective asks about it."""
    components, claims = component_infos(), role_claims()
    asked = set(Objective.roles.through.objects.values_list("role__key", flat=True))
    for text in texts:
        source.check_credit_clauses(text, components, claims, asked)


def link_components(question: Question, spec: shapes.QuestionSpec, components: dict) -> None:
    """Make a kept question's links to components what the spec says.

    Questions built before these links existed get them on the next build.
    """
    question.components.set([components[slug] for slug in spec.about])
    for position, item in enumerate(spec.items, start=1):
        MatchItem.objects.filter(question=question, position=position).exclude(
            component=components[item.component]
        ).update(component=components[item.component])


def create_question(
    quiz: Quiz, spec: shapes.QuestionSpec, position: int, components: dict, objectives: dict
) -> Question:
    question = Question.objects.create(
        quiz=quiz,
        objective=objectives.get(spec.objective),
        key=spec.key,
        fingerprint=spec.fingerprint,
        kind=spec.kind,
        prompt=spec.prompt,
        explanation=spec.explanation,
        passage=Passage.objects.get(release=quiz.release, key=spec.passage_key),
        position=position,
    )
    choices = Choice.objects.bulk_create(
        Choice(
            question=question, position=i, text=c.text, is_correct=c.is_correct, feedback=c.feedback
        )
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
def sync_questions(*, quiz: Quiz, specs: list[shapes.QuestionSpec]) -> dict[str, int]:
    """Make the quiz's active questions exactly `specs`.

    An unchanged question is kept; a changed one is retired and replaced by a new
    version, so attempts that asked the old version still show what they asked.
    """
    counts = {"kept": 0, "added": 0, "retired": 0}
    components = {c.slug: c for c in Component.objects.all()}
    objectives = {o.key: o for o in Objective.objects.filter(quiz=quiz)}
    existing = {(q.key, q.fingerprint): q for q in Question.objects.filter(quiz=quiz)}
    wanted = set()
    for position, spec in enumerate(specs, start=1):
        wanted.add((spec.key, spec.fingerprint))
        question = existing.get((spec.key, spec.fingerprint))
        if question is None:
            create_question(quiz, spec, position, components, objectives)
            counts["added"] += 1
        else:
            objective = objectives.get(spec.objective)
            if (question.is_active, question.position, question.objective) != (
                True,
                position,
                objective,
            ):
                question.is_active, question.position = True, position
                question.objective = objective
                question.save(update_fields=["is_active", "position", "objective"])
            link_components(question, spec, components)
            counts["kept"] += 1
    stale = [q.pk for ident, q in existing.items() if ident not in wanted and q.is_active]
    counts["retired"] = Question.objects.filter(pk__in=stale).update(is_active=False)
    return counts


@transaction.atomic
def build_all_questions(fixture_dir: Path, slugs: set[str]) -> dict[str, dict[str, int]]:
    """Check the content against the published release, then rebuild the quizzes `slugs`
    from it; all of them change together or none does. fixture_dir: where the release's
    source file is found."""
    quizzes = list(Quiz.objects.filter(slug__in=slugs).order_by("position", "slug"))
    texts = published_texts(fixture_dir, quizzes)
    banks = {quiz: specs_for(quiz) for quiz in quizzes}
    check_credits(texts)
    return {quiz.slug: sync_questions(quiz=quiz, specs=specs) for quiz, specs in banks.items()}
