"""LTI 1.3: launches from an LMS course, deep linking, grades and rosters (django-lti)."""
