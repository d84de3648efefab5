"""The training's administration: groups, assignments and their completion reports,
trainees (imported in bulk, each with a page of their record) and the reminders sent.

Who may do what comes from model permissions (migrations 0010 and 0020): the "Training
manager" group adds and changes groups and assignments, imports and corrects trainees;
the "Training reviewer" group reads the reports; both see every group. The "Training
coordinator" group may do what a manager does for the groups it coordinates only
(quiz/scope.py). Nobody changes a result or a reminder here.

One module per part: groups, assignments (with their reports and extensions), trainees,
reminders, the audit trail's display, and the users admin.
"""

from . import assignments, groups, reminders, trainees, users  # noqa: F401 - they register
