"""Login that holds a crowd: failed-login limits, logout, and password hashing bounded to the CPUs.

The limits' window runs on an injected real clock (``create_app(real_time=...)``), moved by the test: nothing
here waits for real seconds. The bound on hashing is observed through the hasher's own counters, not timing.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import secrets
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from server_api import HANAKO, TARO, Api, error_code

from vb_renew.resources import resource_path
from vb_renew.server.embedded import EmbeddedServer
from vb_renew.server.service.auth import (
    HASHER,
    SCRYPT_N,
    LoginLimiter,
    LoginLimits,
    PasswordHasher,
    TooManyAttempts,
    hash_password,
    load_login_limits,
    needs_rehash,
    verify_password,
)

ACCOUNT_FAILURES, ADDRESS_FAILURES, WINDOW = 3, 6, 600.0
WRONG = "not-the-password"


class Clock:
    """Real seconds as the server sees them (tokens' expiry, the limits' window): moved by the test only."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory: pytest.TempPathFactory, clock: Clock) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer(tmp_path_factory.mktemp("limits") / "backend.sqlite3", seconds_per_day=None,
                            login_limits=LoginLimits(ACCOUNT_FAILURES, ADDRESS_FAILURES, WINDOW), real_time=clock)
    server.start()
    assert server.wait_ready(15)
    yield server
    server.stop()


@pytest.fixture()
def limited(limited_server: EmbeddedServer, clock: Clock) -> Api:
    """The server with small limits, a new world (which forgets every failure) and the clock at now."""
    clock.now = time.time()
    client = Api(limited_server.url, limited_server.sim_token)
    client.load("vb_cloud_in_term")
    return client


def login(api: Api, who: tuple[str, str]) -> requests.Response:
    return api.post("/auth/login", {"email": who[0], "password": who[1]})


def refused(answer: requests.Response) -> int:
    """The ``Retry-After`` of a 429 ``auth.too_many_attempts`` (which it must be)."""
    assert answer.status_code == 429 and error_code(answer) == "auth.too_many_attempts", answer.text
    return int(answer.headers["Retry-After"])


def fail(api: Api, times: int, email: str = TARO[0]) -> None:
    for _ in range(times):
        answer = login(api, (email, WRONG))
        assert answer.status_code == 401 and error_code(answer) == "auth.bad_credentials", answer.text


# --- per account ------------------------------------------------------------------------------------

def test_an_account_is_refused_after_its_failures_until_the_window_passes(limited: Api, clock: Clock) -> None:
    fail(limited, ACCOUNT_FAILURES)
    assert refused(login(limited, (TARO[0], WRONG))) == WINDOW
    assert refused(login(limited, TARO)) == WINDOW  # the right password too: nothing is hashed
    clock.now += WINDOW - 100
    assert refused(login(limited, TARO)) == 100
    assert login(limited, HANAKO).status_code == 200  # another account is not concerned
    clock.now += 100
    assert limited.ok(login(limited, TARO))["account"]["email"] == TARO[0]


def test_the_window_slides_over_the_failures(limited: Api, clock: Clock) -> None:
    fail(limited, 1)
    clock.now += 200
    fail(limited, ACCOUNT_FAILURES - 1)
    assert refused(login(limited, TARO)) == WINDOW - 200
    clock.now += WINDOW - 200  # the first failure has left the window: one more try
    fail(limited, 1)
    assert refused(login(limited, TARO)) == 200


def test_a_successful_login_clears_the_accounts_failures(limited: Api) -> None:
    fail(limited, ACCOUNT_FAILURES - 1)
    assert login(limited, TARO).status_code == 200
    fail(limited, ACCOUNT_FAILURES - 1)  # counted from zero again: still 401s
    assert login(limited, TARO).status_code == 200


def test_an_unknown_email_is_limited_like_an_account(limited: Api) -> None:
    """Whether an account has the e-mail address or not, the answers are the same: nothing tells them apart."""
    fail(limited, ACCOUNT_FAILURES, "nobody@example.jp")
    refused(login(limited, ("nobody@example.jp", WRONG)))
    fail(limited, ACCOUNT_FAILURES, " TARO@Example.JP ")  # the account's address, however written
    refused(login(limited, TARO))


def test_loading_a_scenario_starts_with_no_failure(limited: Api) -> None:
    fail(limited, ACCOUNT_FAILURES)
    refused(login(limited, TARO))
    limited.load("vb_cloud_in_term")
    assert login(limited, TARO).status_code == 200


# --- per client address ------------------------------------------------------------------------------

def test_an_address_is_refused_after_its_failures_whatever_the_account(limited: Api, clock: Clock) -> None:
    for n in range(ADDRESS_FAILURES):  # never more than the account limit on any one address
        fail(limited, 1, f"guess{n}@example.jp")
    assert refused(login(limited, HANAKO)) == WINDOW  # a right password from this address, too
    assert refused(login(limited, ("someone@example.jp", WRONG))) == WINDOW
    clock.now += WINDOW
    assert login(limited, HANAKO).status_code == 200


def login_from(base: str, source: str, who: tuple[str, str]) -> int:
    """POST /auth/login over a connection from ``source`` (another loopback address); its status."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10, source_address=(source, 0))
    try:
        conn.request("POST", "/api/v1/auth/login", body=json.dumps({"email": who[0], "password": who[1]}),
                     headers={"Content-Type": "application/json"})
    except OSError as exc:
        pytest.skip(f"cannot connect from {source}: {exc}")
    try:
        return conn.getresponse().status
    finally:
        conn.close()


def test_another_address_is_not_refused(limited: Api) -> None:
    for n in range(ADDRESS_FAILURES):
        fail(limited, 1, f"guess{n}@example.jp")
    refused(login(limited, HANAKO))
    assert login_from(limited.root, "127.0.0.2", HANAKO) == 200


def test_right_passwords_do_not_count_against_an_address(limited: Api) -> None:
    for _ in range(3 * ADDRESS_FAILURES):
        assert login(limited, TARO).status_code == 200
    fail(limited, ACCOUNT_FAILURES - 1)
    assert login(limited, HANAKO).status_code == 200


def test_the_limiter_counts_addresses_and_accounts_apart() -> None:
    now = [0.0]
    limiter = LoginLimiter(LoginLimits(2, 3, 10.0), lambda: now[0])
    for email in ("a@x", "b@x", "c@x"):
        limiter.check(email, "10.0.0.1")
        limiter.failed(email, "10.0.0.1")
    with pytest.raises(TooManyAttempts) as refusal:
        limiter.check("d@x", "10.0.0.1")
    assert refusal.value.status == 429 and refusal.value.headers == {"Retry-After": "10"}
    limiter.check("d@x", "10.0.0.2")
    limiter.failed("a@x", None)
    with pytest.raises(TooManyAttempts):
        limiter.check("A@X", "10.0.0.2")
    limiter.succeeded("a@x")
    limiter.check("a@x", "10.0.0.2")
    now[0] = 10.0
    limiter.check("d@x", "10.0.0.1")


def test_the_limiter_remembers_a_bounded_number_of_keys() -> None:
    now = [0.0]
    limiter = LoginLimiter(LoginLimits(1, 1, 10.0, tracked=50), lambda: now[0])
    for n in range(1000):
        now[0] = n / 100
        limiter.failed(f"user{n}@x", f"10.0.{n // 250}.{n % 250}")
    assert len(limiter._accounts) <= 50 and len(limiter._addresses) <= 50
    with pytest.raises(TooManyAttempts):
        limiter.check("user999@x", None)  # the most recent are the ones kept


# --- the limits' numbers -----------------------------------------------------------------------------

def test_the_limits_come_from_the_simulation_data_file(tmp_path: Path) -> None:
    data = json.loads(resource_path("simulation.json").read_text(encoding="utf-8"))
    raw = data["login_limits"]
    assert all(node["source"] == "sim" for node in raw.values())
    assert load_login_limits() == LoginLimits(raw["account_failures"]["value"], raw["address_failures"]["value"],
                                              raw["window_seconds"]["value"])
    raw["account_failures"]["value"] = 9
    path = tmp_path / "simulation.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_login_limits(path).account_failures == 9
    with pytest.raises(ValueError):
        LoginLimits(0, 1, 1.0)


# --- logout ------------------------------------------------------------------------------------------

def test_logout_revokes_the_token(api: Api) -> None:
    taro, other = api.login(), api.login()
    assert taro.get("/licences").status_code == 200
    answer = taro.post("/auth/logout")
    assert answer.status_code == 204 and answer.content == b""
    for after in (taro.get("/licences"), taro.post("/auth/logout")):
        assert after.status_code == 401 and error_code(after) == "auth.invalid_token"
        assert after.headers["WWW-Authenticate"].startswith("Bearer")
    assert other.get("/licences").status_code == 200  # the account's other sign-ins stay
    product = api.login_product()
    assert product.post("/auth/logout").status_code == 204
    assert product.get("/licences").status_code == 401


def test_logout_needs_a_token(api: Api) -> None:
    answer = api.post("/auth/logout")
    assert answer.status_code == 401 and error_code(answer) == "auth.required"
    answer = api.post("/auth/logout", headers={"Authorization": "Bearer not-a-token"})
    assert answer.status_code == 401 and error_code(answer) == "auth.invalid_token"


# --- hashing, bounded ----------------------------------------------------------------------------------

class GatedHasher(PasswordHasher):
    """A hasher whose hashes wait, slot held, until the test opens the gate."""

    def __init__(self, bound: int) -> None:
        super().__init__(bound)
        self.gate = threading.Event()

    @contextmanager
    def slot(self) -> Iterator[None]:
        with super().slot():
            assert self.gate.wait(20), "the test never opened the gate"
            yield


def wait_for(condition, what: str, timeout: float = 15.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_concurrent_logins_never_hash_more_than_the_bound_at_once(tmp_path: Path) -> None:
    with EmbeddedServer(tmp_path / "bound.sqlite3", seconds_per_day=None) as server:
        hasher = GatedHasher(bound=1)
        server.app.state.service.auth.hasher = hasher
        api = Api(server.url, server.sim_token)
        with ThreadPoolExecutor(20) as pool:
            answers = [pool.submit(lambda: login(Api(server.url, None), TARO).status_code) for _ in range(20)]
            wait_for(lambda: hasher.active == 1 and hasher.waiting >= 1, "a login hashing and another waiting")
            # Held in hashing: the event loop and the thread pool still answer everything else.
            assert api.get("/health").status_code == 200
            assert api.ok(api.get("/sim/installation", sim=True))["serial"]
            assert hasher.active == 1 and hasher.peak == 1
            hasher.gate.set()
            assert [answer.result(30) for answer in answers] == [200] * 20
        assert hasher.peak == 1 and hasher.active == 0 and hasher.waiting == 0


def test_50_concurrent_right_logins_all_succeed(api: Api) -> None:
    def one(who: tuple[str, str]) -> requests.Response:
        return login(Api(api.root, None), who)

    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(one, [TARO, HANAKO] * 25))
    assert [answer.status_code for answer in answers] == [200] * 50, [a.text for a in answers if a.status_code != 200]
    assert len({answer.json()["token"] for answer in answers}) == 50
    assert HASHER.peak <= HASHER.bound


# --- the stored hashes -------------------------------------------------------------------------------

def old_hash(password: str, n: int = 2**14) -> str:
    """A hash as an earlier version wrote it (N = 2**14: 16 MiB)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    return f"scrypt${n}$8$1${salt.hex()}${digest.hex()}"


def test_a_hash_made_with_older_parameters_verifies_and_is_renewed(api: Api, server: EmbeddedServer) -> None:
    db = server.app.state.db
    with db.transaction() as conn:
        conn.execute("UPDATE accounts SET password_hash = ? WHERE email = ?", (old_hash(TARO[1]), TARO[0]))
    assert login(api, (TARO[0], WRONG)).status_code == 401
    assert login(api, TARO).status_code == 200
    renewed = db.query_one("SELECT password_hash FROM accounts WHERE email = ?", (TARO[0],))["password_hash"]
    assert renewed.startswith(f"scrypt${SCRYPT_N}$") and not needs_rehash(renewed)
    assert verify_password(TARO[1], renewed) and login(api, TARO).status_code == 200


def test_a_stored_hash_past_the_memory_bound_or_malformed_does_not_verify() -> None:
    assert verify_password("pw", hash_password("pw")) and not verify_password("other", hash_password("pw"))
    assert verify_password("pw", old_hash("pw"))
    huge = old_hash("pw", n=2**4).replace("scrypt$16$8$", "scrypt$1048576$8$")  # 1 GiB: refused unhashed
    for stored in (huge, "scrypt$3$8$1$00$00", "bcrypt$x", "", "scrypt$16$8$1$zz$00", "scrypt$16$0$1$00$00"):
        assert not verify_password("pw", stored), stored
