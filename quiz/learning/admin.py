"""Learning's records in the admin, to read: the refreshers mailed, the questions asked
outside graded attempts, the gain rows and who asked for no more refreshers. Each list
shows a coordinator only their own people (quiz/scope.py)."""

from django.contrib import admin

from .. import scope
from ..models import Gain, Practice, Refresher, RefresherOptOut
from ..readonly_admin import ReadOnlyAdmin


class TheirPeopleAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    def get_queryset(self, request):
        return scope.only_their_people(super().get_queryset(request), request.user)


@admin.register(Refresher)
class RefresherAdmin(TheirPeopleAdmin):
    list_display = ["user", "quiz", "stage", "passed_at", "mailed_at", "answered_at"]
    list_filter = ["stage", "quiz", "assignment__group"]
    list_select_related = ["user", "quiz"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "quiz", "assignment", "stage", "passed_at", "mailed_at", "answered_at"]
    readonly_fields = fields


@admin.register(Practice)
class PracticeAdmin(TheirPeopleAdmin):
    list_display = ["user", "purpose", "objective", "question", "asked_at", "correct"]
    list_filter = ["purpose", "objective__quiz"]
    list_select_related = ["user", "objective", "question"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "purpose", "objective", "question", "asked_at", "answered_at", "correct"]
    readonly_fields = fields


@admin.register(Gain)
class GainAdmin(TheirPeopleAdmin):
    list_display = ["user", "quiz", "objective", "before", "after", "measured_at"]
    list_filter = ["quiz"]
    list_select_related = ["user", "quiz", "objective"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "quiz", "objective", "before", "after", "measured_at", "after_attempt"]
    readonly_fields = fields


@admin.register(RefresherOptOut)
class RefresherOptOutAdmin(TheirPeopleAdmin):
    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "created_at"]
    readonly_fields = fields
