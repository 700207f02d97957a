"""`make bench`: build the large dataset on SQLite and on PostgreSQL, serve the portal with
gunicorn on loopback, drive each key page with wrk, and print the figures beside the ceiling
(the same server returning a stored copy of the page), sign-ins per second, first-load and
later-page transfer sizes, and a Lighthouse mobile run.

Only loopback addresses are ever sent traffic. Every run is bounded in time.
"""

from __future__ import annotations

import argparse
import gzip
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PORT = 8131
CONNECTIONS = 8
SECONDS = 10
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "portal_bench"
TARGETS = {"ratio": 0.25, "p99_ms": 100.0, "first_kb": 75.0, "later_kb": 20.0, "performance": 95, "accessibility": 100}


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(text: str) -> float:
    """A wrk duration ("850.00us", "12.3ms", "1.02s", "1.50m") in milliseconds; anything else
    (wrk prints "-nan" when nothing came back) counts as too slow."""
    found = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not found:
        return float("inf")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _latency(output: str, percent: int) -> float:
    # The latency distribution's own lines ("     99%   12.34ms"), not a share such as
    # "80.50%" in the thread statistics above them.
    found = re.search(rf"^\s*{percent}%\s+(\S+)", output, re.MULTILINE)
    return _ms(found.group(1)) if found else float("inf")


def wrk(url: str, *, script: Path | None = None, seconds: int = SECONDS) -> Load:
    """Drive one address with wrk: 2 threads, 8 connections, after a one-second warm-up (every
    worker has opened its connections and, for a public page, kept its copy), so the figures
    are for a service in use rather than one just started."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", str(script)]
    subprocess.run([*command, "-d1s", url], capture_output=True, timeout=60, check=True)
    command.append(f"-d{seconds}s")
    output = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50, p99 = _latency(output, 50), _latency(output, 99)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return Load(rate, p50, p99, errors)


class Client:
    """A tiny cookie-keeping HTTP client for loopback."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar(_LoopbackPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def get(self, path: str, initiator: str | None = None) -> tuple[int, bytes, dict]:
        """GET a path; with `initiator`, as a browser would ask (gzip accepted, Sec-Fetch-Site
        saying who started the request: "none" when typed, "same-origin" for a link followed)."""
        headers = {"Accept-Encoding": "gzip", "Sec-Fetch-Site": initiator} if initiator else {}
        request = urllib.request.Request(self.base + path, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


class _LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
    """The portal's cookies are Secure; on loopback the benchmark sends them over plain HTTP."""

    def return_ok_secure(self, cookie, request):
        return True

    def set_ok(self, cookie, request):
        return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _token(html: bytes) -> str:
    return re.search(rb'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1).decode()


def _environment(database_url: str, ceiling: Path) -> dict:
    return {
        **os.environ, "PORTAL_ENV": "production", "DATABASE_URL": database_url, "SECRET_KEY": "bench-only-secret-key-not-for-use-anywhere-else",
        "BENCH_CEILING_DIR": str(ceiling),
    }


def _flask(env: dict, *args: str) -> str:
    return subprocess.run([str(VENV / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=3600).stdout


def _ids(env: dict) -> dict:
    """The rows the key pages are about: a group, a proposal and a member of its group, a change."""
    code = (
        "import json, sqlalchemy as sa\n"
        "from portal import create_app\nfrom portal.extensions import db\n"
        "from portal.proposals.models import Proposal\nfrom portal.groups.models import Membership\nfrom portal.changes.models import Change\n"
        "from portal.accounts.models import Account\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    proposal = db.session.execute(sa.select(Proposal).order_by(Proposal.created_at).limit(1)).scalar_one()\n"
        "    member = db.session.execute(sa.select(Account.pseudonym).join(Membership, Membership.account_id == Account.id).where(Membership.group_id == proposal.group_id).limit(1)).scalar_one()\n"
        "    change = db.session.execute(sa.select(Change.id).limit(1)).scalar_one()\n"
        "    print(json.dumps({'group': str(proposal.group_id), 'proposal': str(proposal.id), 'member': member, 'change': str(change)}))\n"
    )
    return json.loads(subprocess.run([str(VENV / "python"), "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])


def _serve(env: dict, log: Path) -> subprocess.Popen:
    """gunicorn with four workers; its request log goes to `log`, not between the figures."""
    with log.open("ab") as output:
        server = subprocess.Popen(
            [str(VENV / "gunicorn"), "--workers", "4", "--bind", f"{HOST}:{PORT}", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output,
        )
    for _attempt in range(100):
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def _transfer(client: Client, path: str) -> tuple[float, float]:
    """KB transferred for a first load (the address typed: HTML, CSS and JS, compressed as
    served) and for a later page (a link followed within the portal: HTML only, since
    fingerprinted files are cached for a year)."""
    _status, body, headers = client.get(path, initiator="none")
    html = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
    total = len(body)
    for asset in re.findall(rb'(?:href|src)="(/(?:assets|static)/[^"]+\.(?:css|js))"', html):
        _status, asset_body, _headers = client.get(asset.decode(), initiator="same-origin")
        total += len(asset_body)
    _status, later, _headers = client.get(path, initiator="same-origin")
    return total / 1024, len(later) / 1024


def _lighthouse(url: str) -> tuple[int, int] | None:
    cli = ROOT / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
    chromium = shutil.which("chromium")
    if not cli.exists() or not chromium:
        return None
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            ["node", str(cli), url, f"--chrome-path={chromium}", "--chrome-flags=--headless=new --no-sandbox", "--only-categories=performance,accessibility",
             "--form-factor=mobile", "--output=json", f"--output-path={report}", "--quiet"],
            capture_output=True, timeout=180, check=False,
        )
        if not report.exists():
            return None
        categories = json.loads(report.read_text())["categories"]
        scores = categories["performance"]["score"], categories["accessibility"]["score"]
        # Lighthouse gives no score when its run failed (it says why in runtimeError): 0.
        return tuple(round((score or 0) * 100) for score in scores)


def bench(engine: str, database_url: str, *, small: bool, seconds: int) -> list[str]:
    """Build, serve, drive, and return the printed lines for one database engine."""
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        ceiling = Path(folder)
        env = _environment(database_url, ceiling)
        started = time.perf_counter()
        _flask(env, "db", "upgrade")
        _flask(env, "bench", "build", *(["--small"] if small else []))
        print(f"\n== {engine}: dataset built in {time.perf_counter() - started:.0f} s")
        ids = _ids(env)
        server = _serve(env, ceiling / "server.log")
        try:
            base = f"http://{HOST}:{PORT}"
            pages = {
                "home": "/", "group": f"/groups/{ids['group']}", "ideas": "/ideas", "proposal": f"/proposals/{ids['proposal']}",
                "board": "/changes", "change": f"/changes/{ids['change']}",
            }
            visitor = Client(base)
            for name, path in pages.items():
                status, body, _headers = visitor.get(path)
                if status != 200:
                    raise SystemExit(f"{path} answered {status}")
                (ceiling / f"{name}.html").write_bytes(body)
            print("Signed-out visitors (public pages are kept per worker until the data behind them changes):")
            print(f"{'page':<12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ceiling':>10}{'c p99':>8}{'ratio':>8}  target")
            for name, path in pages.items():
                page, top = wrk(base + path, seconds=seconds), wrk(f"{base}/__bench/ceiling/{name}", seconds=seconds)
                ratio = page.requests_per_second / top.requests_per_second
                met = ratio >= TARGETS["ratio"] and page.p99_ms < TARGETS["p99_ms"] and not page.errors
                failures += [] if met else [f"{engine} {name}"]
                print(f"{name:<12}{page.requests_per_second:>9.0f}{page.p50_ms:>9.1f}{page.p99_ms:>9.1f}{top.requests_per_second:>10.0f}{top.p99_ms:>8.1f}{ratio:>8.2f}  {'met' if met else 'MISSED'}")
            member = Client(base)
            _status, html, _headers = member.get("/sign-in")
            sign_in = {"csrf_token": _token(html), "pseudonym": ids["member"], "password": "bench teapot river"}
            if member.post("/sign-in", sign_in) != 303:
                raise SystemExit("the benchmark member could not sign in")
            print("Signed in (every page rendered afresh; figures for information, the targets are for the table above):")
            print(f"{'page':<12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
            for name, path in pages.items():
                fresh = wrk(base + path, script=_script(folder, f"get_{name}", member.cookie_header()), seconds=seconds)
                print(f"{name:<12}{fresh.requests_per_second:>9.0f}{fresh.p50_ms:>9.1f}{fresh.p99_ms:>9.1f}")
            _status, html, _headers = member.get(pages["proposal"])
            vote = _script(folder, "vote", member.cookie_header(), urllib.parse.urlencode({"csrf_token": _token(html), "choice": "support"}))
            cast = wrk(f"{base}/proposals/{ids['proposal']}/vote", script=vote, seconds=seconds)
            met = cast.p99_ms < TARGETS["p99_ms"] and not cast.errors
            failures += [] if met else [f"{engine} vote"]
            print(f"{'vote':<12}{cast.requests_per_second:>9.0f}{cast.p50_ms:>9.1f}{cast.p99_ms:>9.1f}{'':>10}{'':>8}{'':>8}  {'met' if met else 'MISSED'}")
            stranger = Client(base)
            _status, html, _headers = stranger.get("/sign-in")
            signing = _script(folder, "sign_in", stranger.cookie_header(), urllib.parse.urlencode({**sign_in, "csrf_token": _token(html)}))
            signed = wrk(f"{base}/sign-in", script=signing, seconds=seconds)
            print(f"sign-in: {signed.requests_per_second:.1f} sign-ins per second, p50 {signed.p50_ms:.0f} ms (password hashing, by design)")
            print(f"{'page':<12}{'first KB':>10}{'later KB':>10}  target")
            for name, path in pages.items():
                first, later = _transfer(Client(base), path)
                met = first < TARGETS["first_kb"] and later < TARGETS["later_kb"]
                failures += [] if met else [f"{engine} {name} size"]
                print(f"{name:<12}{first:>10.1f}{later:>10.1f}  {'met' if met else 'MISSED'}")
            if engine == "sqlite":
                for name, path in pages.items():
                    scores = _lighthouse(base + path)
                    if scores is not None and 0 in scores:
                        scores = _lighthouse(base + path)  # one more try after a failed run
                    if scores is None:
                        print("lighthouse: not installed (npm ci --prefix bench)")
                        break
                    met = scores[0] >= TARGETS["performance"] and scores[1] >= TARGETS["accessibility"]
                    failures += [] if met else [f"lighthouse {name}"]
                    print(f"lighthouse {name:<12} performance {scores[0]:>3}  accessibility {scores[1]:>3}  {'met' if met else 'MISSED'}")
        finally:
            _stop(server)
    return failures


def _script(folder: str, name: str, cookie: str, body: str | None = None) -> Path:
    """A wrk Lua script sending one person's cookie: a GET, or a form POST when there is a body."""
    lines = [f'wrk.headers["Cookie"] = "{cookie}"']
    if body is not None:
        lines += ['wrk.method = "POST"', f'wrk.body = "{body}"', 'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"']
    path = Path(folder) / f"{name}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


def _fresh_postgres() -> str:
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {PG_DATABASE}"))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{PG_DATABASE}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="a small dataset, to try the benchmark out")
    parser.add_argument("--seconds", type=int, default=SECONDS, help="how long each load lasts")
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        if options.engine in ("sqlite", "both"):
            failures += bench("sqlite", f"sqlite:///{folder}/bench.sqlite3", small=options.small, seconds=options.seconds)
        if options.engine in ("postgresql", "both"):
            failures += bench("postgresql", _fresh_postgres(), small=options.small, seconds=options.seconds)
    print("\nevery target met" if not failures else "\ntargets missed: " + ", ".join(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
