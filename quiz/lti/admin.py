"""LTI in the admin. django-lti registers the platforms (LTI registrations, with their
deployments inline); here are the courses, with "fill a training group from the roster",
and the launches and grades, to read, each showing a coordinator only their people."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from lti_tool.models import LtiContext

from .. import scope
from ..models import Grade, Launch, UsedNonce
from ..outbox.admin import DELIVERY_FIELDS, DeliveryAdmin
from ..readonly_admin import ReadOnlyAdmin
from . import services, tasks


@admin.register(LtiContext)
class CourseAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["title", "label", "deployment", "memberships_url"]
    list_select_related = ["deployment__registration"]
    search_fields = ["title", "label", "id_on_platform"]
    fields = ["title", "label", "id_on_platform", "deployment", "memberships_url", "lineitems_url"]
    readonly_fields = fields
    actions = ["fill_groups"]

    def get_queryset(self, request):
        # Courses are only seen by who may make training groups from them.
        queryset = super().get_queryset(request)
        return queryset if self.has_fill_permission(request) else queryset.none()

    def has_view_permission(self, request, obj=None):
        return self.has_fill_permission(request)

    def has_fill_permission(self, request):
        """Who makes groups and sees every one (managers): a roster's people may be in
        anyone's groups, and the group it fills is nobody's yet."""
        user = request.user
        return (
            user.has_perm("quiz.add_traininggroup")
            and user.has_perm("quiz.change_traininggroup")
            and scope.sees_every_group(user)
        )

    @admin.action(
        description=_("Fill a training group from each course's roster"), permissions=["fill"]
    )
    def fill_groups(self, request, queryset):
        for context in queryset.select_related("deployment__registration"):
            try:
                group = services.fill_group_from_roster(context=context)
            except Exception as error:  # noqa: BLE001 - the platform's answer, said to the admin
                self.message_user(
                    request,
                    _("The roster of %(course)s could not be read: %(error)s")
                    % {"course": context, "error": error},
                    messages.ERROR,
                )
                continue
            count = group.memberships.count()
            self.message_user(
                request,
                ngettext(
                    "%(group)s now has %(count)d trainee, from the course roster.",
                    "%(group)s now has %(count)d trainees, from the course roster.",
                    count,
                )
                % {"group": group, "count": count},
            )


class TheirPeopleAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    person = "user"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return scope.only_their_people(queryset, request.user, person=self.person)


@admin.register(Launch)
class LaunchAdmin(TheirPeopleAdmin):
    list_display = ["user", "quiz", "resource_link", "launched_at"]
    list_filter = ["quiz"]
    list_select_related = ["user", "quiz", "resource_link"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "lti_user", "quiz", "resource_link", "lineitem_url", "launched_at"]
    readonly_fields = fields


@admin.register(Grade)
class GradeAdmin(DeliveryAdmin):
    person = "attempt__user"
    list_display = ["attempt", "state", "tries", "created_at", "sent_at", "error_"]
    list_filter = ["state"]
    list_select_related = ["attempt__user", "attempt__quiz"]
    search_fields = ["attempt__user__username"]
    fields = ["attempt", "launch", *DELIVERY_FIELDS]
    readonly_fields = fields

    def enqueue(self, ids: list[int]) -> None:
        """The platform keeps the latest score by its time stamp: one posted twice is one."""
        tasks.enqueue(ids)


@admin.register(UsedNonce)
class UsedNonceAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Launches used once: a launch posted again with one of these is refused."""

    list_display = ["nonce", "used_at"]
    fields = list_display
    readonly_fields = fields
