import pytest
from django.test import Client
from lti_tool.models import Key, LtiDeployment, LtiRegistration

from .platform import Platform


@pytest.fixture
def platform():
    running = Platform().start()
    yield running
    running.stop()


@pytest.fixture
def registered(db, platform):
    """The platform registered in the tool's admin, with its deployment, and the tool's
    key set given to the platform as its administrator would (the key-set URL)."""
    Key.objects.generate()
    registration = LtiRegistration.objects.create(
        name="Test LMS",
        issuer=platform.issuer,
        client_id=platform.client_id,
        auth_url=platform.auth_url,
        token_url=platform.token_url,
        keyset_url=platform.keyset_url,
    )
    LtiDeployment.objects.create(
        registration=registration, deployment_id=platform.deployment_id, is_active=True
    )
    platform.tool_keys = Client().get("/lti/jwks.json").json()
    return registration


@pytest.fixture
def browser():
    """A browser's cookies across the login and the launch."""
    return Client()
