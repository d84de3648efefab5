"""The admin's two rooms: content editing, and results review."""

from .content import admin as content_admin  # noqa: F401 - registers the content models
from .review import admin as review_admin  # noqa: F401 - registers the results models
