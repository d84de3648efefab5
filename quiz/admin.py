"""The admin's two rooms: the content, to read, and the results, to review."""

from django.contrib import admin

from .content import admin as content_admin  # noqa: F401 - registers the content models
from .review import admin as review_admin  # noqa: F401 - registers the results models

# The sidebar repeats the home page's list of models and takes 300 px from every page: at
# 1280 px the attempts list then hid its dates and time taken behind the filters.
admin.site.enable_nav_sidebar = False
