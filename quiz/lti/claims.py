"""The LTI 1.3 claims the tool reads, by their full names."""

ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"
CUSTOM = "https://purl.imsglobal.org/spec/lti/claim/custom"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
PRESENTATION = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"

# Roles that may pick a quiz for a course (deep linking) and fill a group from its roster.
TEACHING_ROLES = ("#Instructor", "#Administrator", "#ContentDeveloper", "#TeachingAssistant")

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"


def is_teaching(roles: list[str]) -> bool:
    """Whether any role is a teaching one, in the full or the short form platforms send."""
    return any(role.endswith(TEACHING_ROLES) for role in roles)
