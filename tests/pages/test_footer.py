"""The footer of every page links the certificate check, the accessibility statement and
the privacy page, and keeps its text about the release and the hotlines."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import logged_in
from tests.factories import make_user

FOOTER_LINKS = ["quiz:find_certificate", "pages:accessibility", "pages:privacy"]


def footer_of(html: str) -> str:
    return html[html.index("<footer") : html.index("</footer>")]


@pytest.mark.parametrize(
    "url", ["/", "/accounts/login/", "/certificates/", "/accessibility/", "/no-such-page/"]
)
def test_the_footer_links_the_certificate_check_and_both_pages(db, url):
    footer = footer_of(Client().get(url).content.decode())

    for name in FOOTER_LINKS:
        assert f'href="{reverse(name)}"' in footer, name
    assert "1-888-373-7888" in footer  # the text it had stays


def test_a_trainees_pages_have_the_same_footer(db):
    footer = footer_of(logged_in(make_user("rosa")).get("/accounts/profile/").content.decode())

    for name in FOOTER_LINKS:
        assert f'href="{reverse(name)}"' in footer, name
