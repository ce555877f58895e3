import pytest

from claims.models import ApiToken


@pytest.fixture
def token_for():
    """The plain key of a new token for `user` (what the admin shows once)."""

    def issue(user, name: str = "script") -> str:
        return ApiToken(user=user, name=name).issue()

    return issue


@pytest.fixture
def api(client, token_for):
    """A client that calls the API with a user's token: api.as_(user), then
    api.get(path, ...) / api.post(path, json) with paths under /api/."""

    class Api:
        headers: dict = {}

        def as_(self, user):
            self.headers = {"Authorization": f"Bearer {token_for(user)}"}
            return self

        def get(self, path: str, params=None, **kwargs):
            return client.get(f"/api/{path}", params or {}, headers=self.headers, **kwargs)

        def post(self, path: str, data=None, **kwargs):
            return client.post(f"/api/{path}", data or {}, content_type="application/json", headers=self.headers,
                               **kwargs)

    return Api()
