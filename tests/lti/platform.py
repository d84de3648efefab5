"""A learning platform for the tests, doing what an LMS does in LTI 1.3 with real keys:
it starts the OIDC login, signs launch and deep-linking tokens with its own RSA key,
serves its key set, issues access tokens (checking the tool's signed request against the
tool's key set) and records the scores posted to its gradebook, and lists a course's
roster. Its web services run on a real HTTP server on 127.0.0.1, so pylti1p3's own
fetching and checking run unmocked. For a browser it also serves a course page that
shows the tool in a frame, and answers the tool's login with a signed launch posted
back, as an LMS's authorization endpoint does."""

import html
import json
import secrets
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from django.test import Client
from jwcrypto.jwk import JWK
from lti_tool.models import Key, LtiDeployment, LtiRegistration

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"


def new_key(kid: str) -> JWK:
    return JWK.generate(kty="RSA", size=2048, kid=kid)


class Platform:
    client_id = "quiz-tool"
    deployment_id = "deployment-1"
    course = {"id": "course-1", "title": "Anti-trafficking basics", "label": "ATB-101"}

    def __init__(self):
        self.key = new_key("platform-key-1")
        self.tool_keys = {"keys": []}  # the tool's key set, as its admin gave the URL
        self.tokens: set[str] = set()
        self.scores: list[dict] = []  # what the gradebook received, in order
        self.roster: list[dict] = []
        self.down = False  # the gradebook answers 503 while True
        self.key_set_delay = 0.0  # seconds the key set takes to answer
        self.tool = ""  # the tool's address, for the course page's frame
        self.quiz = ""  # the quiz the course page's link launches
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    # --- Where the tool's admin points the registration -----------------------------
    @property
    def issuer(self):
        return self.base

    @property
    def auth_url(self):
        return f"{self.base}/auth"

    @property
    def token_url(self):
        return f"{self.base}/token"

    @property
    def keyset_url(self):
        return f"{self.base}/jwks"

    @property
    def lineitem_url(self):
        return f"{self.base}/lineitems/1"

    # --- Messages to the tool ---------------------------------------------------------
    def login_parameters(self, target_link_uri="http://testserver/lti/launch/") -> dict:
        """What the platform sends to start the OIDC login."""
        return {
            "iss": self.issuer,
            "login_hint": "hint",
            "target_link_uri": target_link_uri,
            "client_id": self.client_id,
            "lti_deployment_id": self.deployment_id,
        }

    def login(self, client, target_link_uri="http://testserver/lti/launch/", **extra):
        """The OIDC login initiation; the tool answers with a redirect to auth_url
        carrying its state and nonce."""
        params = {**self.login_parameters(target_link_uri), **extra}
        response = client.get("/lti/login/", params)
        assert response.status_code == 302, response.content
        query = parse_qs(urlsplit(response["Location"]).query)
        return query["state"][0], query["nonce"][0]

    def claims(self, nonce: str, *, sub="learner-1", roles=(LEARNER,), quiz=None, **changes):
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "given_name": "Dana",
            "family_name": "Reyes",
            "name": "Dana Reyes",
            "email": f"{sub}@agency.example",
            LTI + "deployment_id": self.deployment_id,
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "version": "1.3.0",
            LTI + "target_link_uri": "http://testserver/lti/launch/",
            LTI + "resource_link": {"id": "link-1", "title": "Trafficking quiz"},
            LTI + "roles": list(roles),
            LTI + "context": self.course,
            LTI + "launch_presentation": {"return_url": f"{self.base}/course/1"},
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": [SCORE_SCOPE, LINEITEM_SCOPE],
                "lineitems": f"{self.base}/lineitems",
                "lineitem": self.lineitem_url,
            },
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": f"{self.base}/memberships",
                "service_versions": ["2.0"],
            },
        }
        if quiz is not None:
            body[LTI + "custom"] = {"quiz": quiz}
        body.update(changes)
        return {name: value for name, value in body.items() if value is not None}

    def deep_linking_claims(self, nonce: str, *, roles=(INSTRUCTOR,), **changes):
        body = self.claims(nonce, roles=roles, **changes)
        del body[LTI + "resource_link"]
        body[LTI + "message_type"] = "LtiDeepLinkingRequest"
        body["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
            "deep_link_return_url": f"{self.base}/deep-link-return",
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"],
            "data": "platform-data",
        }
        return body

    def sign(self, body: dict, key: JWK | None = None) -> str:
        key = key or self.key
        pem = key.export_to_pem(private_key=True, password=None)
        return jwt.encode(body, pem, algorithm="RS256", headers={"kid": key.kid})

    def post_launch(self, client, state: str, token: str):
        return client.post("/lti/launch/", {"state": state, "id_token": token})

    def launch(self, client, **claims):
        """A whole launch as a browser makes it: login, then the signed launch."""
        state, nonce = self.login(client)
        return self.post_launch(client, state, self.sign(self.claims(nonce, **claims)))

    def read_deep_link_answer(self, token: str) -> dict:
        """What the platform reads from the tool's signed deep-linking answer, checked
        against the tool's key set."""
        header = jwt.get_unverified_header(token)
        key = next(k for k in self.tool_keys["keys"] if k["kid"] == header["kid"])
        pem = JWK(**key).export_to_pem()
        return jwt.decode(token, pem, algorithms=["RS256"], audience=self.issuer)

    # --- Its pages, for a browser -----------------------------------------------------
    def course_page(self, frame: str = "") -> str:
        """The course page: the tool in a frame, started by the platform's OIDC login, or
        any other address given as `frame`."""
        login = self.login_parameters(f"{self.tool}/lti/launch/")
        src = html.escape(frame or f"{self.tool}/lti/login/?{urlencode(login)}")
        return (
            "<!doctype html><title>Course</title><h1>Anti-trafficking basics</h1>"
            f'<iframe title="Quiz" src="{src}" width="1000" height="700"></iframe>'
        )

    def authorization_page(self, query: dict) -> str:
        """The answer to the tool's login redirect: the launch, signed, posted back to
        the tool's redirect_uri by a form the page sends at once."""
        nonce, state = query["nonce"][0], query["state"][0]
        redirect_uri = query["redirect_uri"][0]
        claims = self.claims(nonce, quiz=self.quiz, **{LTI + "target_link_uri": redirect_uri})
        fields = {"state": state, "id_token": self.sign(claims)}
        inputs = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
            for name, value in fields.items()
        )
        return (
            f'<!doctype html><form method="post" action="{html.escape(redirect_uri)}">'
            f"{inputs}</form><script>document.forms[0].submit()</script>"
        )

    # --- Its web services -------------------------------------------------------------
    def issue_token(self, form: dict) -> tuple[int, dict]:
        assertion = form.get("client_assertion", [""])[0]
        try:
            header = jwt.get_unverified_header(assertion)
            key = next(k for k in self.tool_keys["keys"] if k["kid"] == header["kid"])
            jwt.decode(
                assertion,
                JWK(**key).export_to_pem(),
                algorithms=["RS256"],
                audience=self.token_url,
                issuer=self.client_id,
            )
        except (jwt.InvalidTokenError, StopIteration, KeyError) as error:
            return 401, {"error": "invalid_client", "error_description": str(error)}
        token = secrets.token_urlsafe(16)
        self.tokens.add(token)
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}


def handler_for(platform: Platform):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet test output
            pass

        def answer(self, status: int, body: dict, content_type="application/json"):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def page(self, text: str):
            data = text.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length", 0)))

        def authorised(self) -> bool:
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            return token in platform.tokens

        def do_GET(self):
            path, query = urlsplit(self.path).path, parse_qs(urlsplit(self.path).query)
            if path == "/course":
                return self.page(platform.course_page(query.get("frame", [""])[0]))
            if path == "/auth":
                return self.page(platform.authorization_page(query))
            if path == "/jwks":
                time.sleep(platform.key_set_delay)
                return self.answer(200, {"keys": [json.loads(platform.key.export_public())]})
            if path == "/memberships" and self.authorised():
                container = {"id": f"{platform.base}/memberships", "context": platform.course}
                return self.answer(
                    200,
                    {**container, "members": platform.roster},
                    "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
                )
            return self.answer(404, {})

        def do_POST(self):
            path = urlsplit(self.path).path
            data = self.body()
            if path == "/token":
                return self.answer(*platform.issue_token(parse_qs(data.decode())))
            if path == "/lineitems/1/scores":
                if platform.down:
                    return self.answer(503, {"error": "down for maintenance"})
                if not self.authorised():
                    return self.answer(401, {"error": "no token"})
                platform.scores.append(json.loads(data))
                return self.answer(200, {})
            return self.answer(404, {})

    return Handler


def register(platform: Platform) -> LtiRegistration:
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
