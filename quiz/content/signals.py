"""Renew a question's content version whenever one of its parts changes.

A question renews its own version on every save (Question.save); the receivers here renew
it when its choices, its matching items or its passage are saved or deleted. The version
names the question's HTML kept by quiz/taking/fragments.py, so a new one makes every
worker read and render the question afresh (grading never reads what is kept there).
The changes come from loading the release's passages (build_questions); the builder adds
new questions rather than editing, and the admin shows content read-only.
Bulk writes (QuerySet.update, bulk_create) send no signals: code that changed what a
question shows that way would have to renew its version too. Nothing in the app does.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Choice, MatchItem, Passage, Question, new_content_version


@receiver(post_save, sender=Choice)
@receiver(post_delete, sender=Choice)
@receiver(post_save, sender=MatchItem)
@receiver(post_delete, sender=MatchItem)
def renew_on_part_change(sender, instance, **kwargs):
    Question.objects.filter(pk=instance.question_id).update(content_version=new_content_version())


@receiver(post_save, sender=Passage)
def renew_on_passage_save(sender, instance, **kwargs):
    # One new version for all of them is enough: a kept entry is named by id and version.
    Question.objects.filter(passage=instance).update(content_version=new_content_version())
