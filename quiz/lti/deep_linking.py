"""Deep linking: the answer to a teacher's "select content", a quiz as a signed link."""

from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from ..models import Quiz
from . import launches

SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


def link_to(quiz: Quiz, launch_url: str) -> DeepLinkResource:
    """The quiz as a link in the course, with a gradebook column out of 100. The quiz
    rides in a custom parameter, which the platform sends back in each launch."""
    column = LineItem().set_score_maximum(100).set_label(quiz.title).set_resource_id(quiz.slug)
    return (
        DeepLinkResource()
        .set_url(launch_url)
        .set_title(quiz.title)
        .set_custom_params({"quiz": quiz.slug})
        .set_lineitem(column)
    )


def answer(request, *, launch_id: str, quiz: Quiz, launch_url: str) -> tuple[str, str]:
    """The signed answer to the deep-linking launch `launch_id` (the JWT, signed with the
    tool's key), and the platform's address to post it to."""
    picking = launches.restored(request, launch_id)
    deep_link = picking.get_message_launch().get_deep_link()
    token = deep_link.get_response_jwt([link_to(quiz, launch_url)])
    return token, picking.get_claim(SETTINGS)["deep_link_return_url"]
