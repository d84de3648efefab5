"""The lesson: the quiz's objectives, the names its questions use, and the release's
passages in order, paragraphs and runs of bullets."""

import re
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import Component, ComponentRole, Fact, Objective, Passage, Quiz


@dataclass
class LessonBlock:
    """A paragraph, or a run of bullets shown as one list."""

    kind: str
    passages: list[Passage]


@dataclass
class LessonObjective:
    """An objective, the passages of the release that teach it, in release order, and what
    they mean in a sentence or two, made of the release's own facts."""

    objective: Objective
    passages: list[Passage]
    meaning: list[str]


def lesson_blocks(passages) -> list[LessonBlock]:
    return [
        LessonBlock(kind, list(group)) for kind, group in groupby(passages, key=lambda p: p.kind)
    ]


def passages_of(objective: Objective) -> list[Passage]:
    cited = [cr.passage for role in objective.roles.all() for cr in role.component_roles.all()]
    cited += [fact.passage for fact in objective.facts.all()]
    return sorted({p.pk: p for p in cited}.values(), key=lambda p: p.position)


def names(components: list[Component]) -> str:
    names = [f"the {c.name} ({c.abbreviation})" for c in components]
    if len(names) == 1:
        return names[0]
    return "both " + ", ".join(names[:-1]) + " and " + names[-1]


def meaning_of(objective: Objective) -> list[str]:
    """One or two plain sentences: which part of DHS the release credits with each role
    (by the fixtures' role claims), or the release's own sentences of the facts (their
    `claim`, each one true sentence in the release's words)."""
    sentences = []
    for role in objective.roles.all():
        claims = sorted(role.component_roles.all(), key=lambda cr: cr.component.position)
        label = role.label[:1].lower() + role.label[1:]
        who = names([cr.component for cr in claims])
        sentences.append(f"The release credits {who} with {label.rstrip('.')}.")
    claims = dict.fromkeys(fact.claim for fact in objective.facts.all() if fact.claim)
    sentences += list(claims)[: max(0, 2 - len(sentences))]
    return sentences


def lesson_objectives(quiz: Quiz) -> list[LessonObjective]:
    """Five queries, however many objectives, roles and facts."""
    claims = ComponentRole.objects.select_related("passage", "component")
    objectives = Objective.objects.filter(quiz=quiz).prefetch_related(
        Prefetch("roles__component_roles", queryset=claims),
        Prefetch("facts", queryset=Fact.objects.select_related("passage").order_by("pk")),
    )
    return [
        LessonObjective(o, passages_of(o), meaning_of(o)) for o in objectives.order_by("position")
    ]


@dataclass
class ComponentRoles:
    """A row of the lesson's summary: a part of DHS and what the release credits it with."""

    component: Component
    labels: list[str]


def component_roles() -> list[ComponentRoles]:
    """One query: each component with the labels of its roles, in release order."""
    claims = ComponentRole.objects.select_related("component", "role").order_by(
        "component__position", "role__position"
    )
    rows: dict[int, ComponentRoles] = {}
    for claim in claims:
        row = rows.setdefault(claim.component_id, ComponentRoles(claim.component, []))
        row.labels.append(claim.role.label)
    return list(rows.values())


WEB_ADDRESS = re.compile(r"\bwww\.[a-z0-9.-]+\.[a-z]{2,}(?:/[\w/-]*)?", re.IGNORECASE)


def passage_html(passage: Passage, release_url: str) -> SafeString:
    """The passage's words, escaped, with its web addresses as links. A passage that ends
    "... here" pointed to a document from the release's page: the link goes there, the
    one place that is sure to hold it."""
    html = WEB_ADDRESS.sub(
        lambda m: f'<a href="https://{m.group(0)}">{m.group(0)}</a>', escape(passage.text)
    )
    if passage.text.rstrip().endswith(" here"):
        at = html.rstrip().rfind(" here")
        link = format_html(
            '<a href="{}">here<span class="visually-hidden"> ({})</span></a>',
            release_url,
            "the original release, which links the plan",
        )
        html = f"{html[:at]} {link}"
    return mark_safe(html)


def lesson_for(*, slug: str):
    """A published quiz with its release, its objectives, the components by name, and the
    release's passages in order. A fixed number of queries."""
    quiz = get_object_or_404(Quiz.objects.select_related("release"), slug=slug, is_published=True)
    passages = list(Passage.objects.filter(release=quiz.release).order_by("position"))
    for passage in passages:
        passage.html = passage_html(passage, quiz.release.url)
    return {
        "quiz": quiz,
        "objectives": lesson_objectives(quiz),
        "components": list(Component.objects.order_by("position")),
        "component_roles": component_roles(),
        "release_blocks": lesson_blocks(passages),
    }
