"""Django's users admin, scoped to a coordinator's own people."""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import User

from ... import scope


class UserAdmin(auth_admin.UserAdmin):
    """Django's, showing a coordinator only the members of their groups (managers pick
    members by searching users)."""

    def get_queryset(self, request):
        return scope.only_their_people(super().get_queryset(request), request.user, person="pk")


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
