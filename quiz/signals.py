"""Renew a question's content version whenever what it shows changes.

The version names the question's HTML kept by quiz/fragments.py, so a new version makes
every worker build it afresh. Edits come from the admin (a question with its choices and
matching items) and from loading the release's passages; the builder never edits a
question in place, it adds a new one.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Choice, MatchItem, Passage, Question, new_content_version


@receiver(pre_save, sender=Question)
def renew_on_question_save(sender, instance, update_fields=None, **kwargs):
    # A save of chosen fields (the builder's is_active and position) changes nothing shown.
    if update_fields is None:
        instance.content_version = new_content_version()


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
