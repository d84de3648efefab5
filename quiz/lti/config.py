"""Where pylti1p3 finds the platforms: django-lti's registrations, with one change."""

from lti_tool.models import LtiDeployment
from lti_tool.utils import DjangoToolConfig, _prepare_deployment


class RegisteredOnly(DjangoToolConfig):
    """django-lti's configuration, except that a launch from a deployment nobody
    registered is refused. django-lti would add it (inactive) on the first launch; here
    an unknown deployment writes nothing, and an administrator adds deployments in the
    registration's admin page."""

    def find_deployment(self, iss, deployment_id):
        return self.registered(issuer=iss, deployment_id=deployment_id)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        return self.registered(issuer=iss, deployment_id=deployment_id, client_id=client_id)

    def registered(self, *, issuer, deployment_id, client_id=None):
        lookups = {
            "registration__issuer": issuer,
            "registration__is_active": True,
            "deployment_id": deployment_id,
            "is_active": True,
        }
        if client_id is not None:
            lookups["registration__client_id"] = client_id
        self.deployment = LtiDeployment.objects.filter(**lookups).first()
        return _prepare_deployment(self.deployment) if self.deployment else None
