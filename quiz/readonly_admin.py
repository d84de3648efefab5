"""The one read-only admin: records shown to whoever may view them, and changed by nobody.

The content (owned by the fixtures), the results (a score is never edited after the fact),
the trainees' page and the reminders all use it.
"""


class ReadOnlyAdmin:
    """Mix into a ModelAdmin or an inline: nothing is added or changed here. Deleting is
    left to the model's permissions unless `deletable` is False."""

    deletable = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)
