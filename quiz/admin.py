"""The admin's three rooms: the content, to read; the results, to review; and the
training's administration: groups, assignments, trainees, reminders and the mail sent;
and learning's records, to read."""

from django.contrib import admin

from .content import admin as content_admin  # noqa: F401 - registers the content models
from .learning import admin as learning_admin  # noqa: F401 - refreshers, practice, gains
from .lti import admin as lti_admin  # noqa: F401 - courses from an LMS, launches, grades
from .organisations import admin as organisations_admin  # noqa: F401 - groups, assignments
from .outbox import admin as outbox_admin  # noqa: F401 - the mail queued and sent
from .results import admin as results_admin  # noqa: F401 - registers the results models
from .scorm import admin as scorm_admin  # noqa: F401 - SCORM packages, made and downloaded
from .xapi import admin as xapi_admin  # noqa: F401 - the statements owed to an LRS

# The sidebar repeats the home page's list of models and takes 300 px from every page: at
# 1280 px the attempts list then hid its dates and time taken behind the filters.
admin.site.enable_nav_sidebar = False
