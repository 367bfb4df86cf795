"""`make bench` (issue 14): every page of the issue's table against a seeded PostgreSQL, served by
gunicorn on loopback, with 1 and N concurrent users for a bounded time. Each user alternates the page
with a trivial signed-in view (the session status), so the ratio is measured side by side in the same
run. Prints page, p50, p95, the ratio of p95s and the queries per page; writes the results as JSON.
Never part of `make test`: speed is measured here, never asserted.

    DATABASE_URL=postgres://… .venv/bin/python tests/perf/bench.py [--children 100000] [--users 20]
        [--seconds 10] [--skip-seed] [--json bench-results.json]
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

BASELINE = ("baseline (session status)", "north.socialworker", "/account/session/status/")


def pages() -> list[tuple[str, str, str]]:
    """(label, username, path) for every page in the issue's table, on a scale child where one is needed."""
    from django.urls import reverse

    from portal.models import Child
    from portal.scale import MARK

    child = (
        Child.objects.filter(other_names=MARK, allocated_worker__username="north.socialworker").order_by("pk").first()
    )
    if child is None:
        raise SystemExit("No scale data: run `manage.py seed_scale` first (or leave out --skip-seed).")
    return [
        ("team manager dashboard", "north.cinmanager", reverse("portal:dashboard")),
        ("practitioner home", "north.socialworker", reverse("portal:home")),
        ("MAST screening queue", "north.mastmanager", reverse("referrals:queue")),
        ("transfers list", "south.cinmanager", reverse("transfers:home")),
        ("child list (heavy worker)", "north.socialworker", reverse("portal:child_list")),
        ("child list (manager)", "north.cinmanager", reverse("portal:child_list")),
        ("family view", "north.socialworker", reverse("portal:child_family", args=[child.pk])),
        ("timeline", "north.socialworker", reverse("portal:child_timeline", args=[child.pk])),
        ("review queue", "north.caldicott", reverse("portal:review_queue")),
        ("child page", "north.socialworker", reverse("portal:child_detail", args=[child.pk])),
        ("who can see", "north.socialworker", reverse("portal:child_access", args=[child.pk])),
        ("sharing log CSV (organisation)", "north.caldicott", reverse("sharing:organisation_log") + "?format=csv"),
        # The queues issues 16 and 17 added.
        ("intelligence triage queue", "north.ceworker", reverse("intelligence:queue")),
        ("intelligence trends", "north.cemanager", reverse("intelligence:trends")),
        ("professionals meetings", "north.socialworker", reverse("meetings:list")),
        ("subject access requests", "north.infolead", reverse("subject_rights:list")),
        ("retention review", "north.infolead", reverse("retention:review")),
    ]


def sweeps_measured() -> list[dict]:
    """Every registered sweep run as the dispatcher runs them, twice: the first run over the seeded
    data, then a repeat that should find nothing left to do. Each is timed with its queries. Both
    are then rolled back, so the bench can be run again over the same data and measure the same."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext, override_settings

    from portal import sweeps

    rows = []
    quiet = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    with override_settings(MAILERS=quiet), transaction.atomic():
        for run in ("first", "repeat"):
            for name in sweeps.registered_names():
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    result = sweeps.run(name)
                    elapsed = (time.perf_counter() - started) * 1000
                rows.append(
                    {"sweep": name, "run": run, "ms": round(elapsed), "queries": len(captured), "did": result.counts}
                )
        transaction.set_rollback(True)
    return rows


def sweeps_printed(rows: list[dict]) -> None:
    print(f"\n{'sweep':<44} {'first ms':>9} {'queries':>8} {'repeat ms':>10} {'queries':>8}  first run did")
    first = {row["sweep"]: row for row in rows if row["run"] == "first"}
    repeat = {row["sweep"]: row for row in rows if row["run"] == "repeat"}
    for name, row in first.items():
        did = ", ".join(f"{k} {v}" for k, v in row["did"].items() if v) or "nothing"
        again = repeat[name]
        print(f"{name:<44} {row['ms']:>9} {row['queries']:>8} {again['ms']:>10} {again['queries']:>8}  {did}")
    totals = [sum(r[key] for r in part.values()) for part in (first, repeat) for key in ("ms", "queries")]
    print(f"{'all sweeps':<44} {totals[0]:>9} {totals[1]:>8} {totals[2]:>10} {totals[3]:>8}")


def session_cookie(username: str) -> str:
    """A signed-in session for the user, made as `Client.force_login` makes one (no password, no code)."""
    from django.conf import settings
    from django.test import Client

    from portal.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def queries_for(username: str, path: str) -> tuple[int, dict]:
    """How many queries the page costs, and the plan of its slowest SELECT (EXPLAIN ANALYZE): which
    indexes it uses, and any sequential scan."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get(path)  # per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    selects = [q for q in captured.captured_queries if q["sql"].lstrip("(").upper().startswith("SELECT")]
    slowest = max(selects, key=lambda q: float(q["time"]), default=None)
    plan: dict = {}
    if slowest is not None:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + slowest["sql"])
            lines = [row[0] for row in cursor.fetchall()]
        plan = {
            "slowest_ms": round(float(slowest["time"]) * 1000, 1),
            "sql": slowest["sql"][:300],
            "indexes": sorted({line.split(" using ")[1].split()[0] for line in lines if " using " in line}),
            "seq_scans": sorted({line.split("Seq Scan on ")[1].split()[0] for line in lines if "Seq Scan on " in line}),
            "execution": next((line.strip() for line in lines if line.strip().startswith("Execution Time")), ""),
        }
    return len(captured), plan


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str, cookie: str) -> float:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    while response.read(65536):
        pass
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def measure(port: int, path: str, cookie: str, base_cookie: str, *, users: int, seconds: float) -> dict:
    """Each user alternates the baseline and the page until the time is up."""
    page_ms: list[float] = []
    base_ms: list[float] = []
    errors: list[str] = []
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _ in range(2):  # each worker's caches warm, and the page's first render, before the clock starts
        get(warm, BASELINE[2], base_cookie)
        get(warm, path, cookie)
    warm.close()
    deadline = time.monotonic() + seconds

    def user() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            while time.monotonic() < deadline:
                base_ms.append(get(conn, BASELINE[2], base_cookie))
                page_ms.append(get(conn, path, cookie))
        except Exception as error:  # a failed request ends that user and is reported
            errors.append(str(error))
        finally:
            conn.close()

    threads = [threading.Thread(target=user) for _ in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    def pct(samples: list[float], q: float) -> float:
        if not samples:
            return float("nan")
        if len(samples) == 1:
            return samples[0]
        return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]

    p95, base_p95 = pct(page_ms, 95), pct(base_ms, 95)
    return {
        "users": users,
        "requests": len(page_ms),
        "p50_ms": round(pct(page_ms, 50), 1),
        "p95_ms": round(p95, 1),
        "baseline_p50_ms": round(pct(base_ms, 50), 1),
        "baseline_p95_ms": round(base_p95, 1),
        "ratio_p95": round(p95 / base_p95, 1) if base_p95 else None,
        "throughput_per_s": round(len(page_ms) / elapsed, 1),
        "errors": errors[:3],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=int(os.environ.get("BENCH_CHILDREN", 100_000)))
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_USERS", 20)))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 2)))
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--json", default=os.environ.get("BENCH_JSON", "bench-results.json"))
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("make bench needs DATABASE_URL pointing at PostgreSQL (the scale data is seeded there).")

    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], check=True, cwd=ROOT)  # noqa: S603 (our own manage.py)
    if not args.skip_seed:
        subprocess.run([*manage, "seed_scale", "--children", str(args.children)], check=True, cwd=ROOT)  # noqa: S603

    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1", "testserver"]
    targets = pages()
    cookies = {username: session_cookie(username) for _, username, _ in [*targets, BASELINE]}
    measured = {label: queries_for(username, path) for label, username, path in targets}
    queries = {label: count for label, (count, _) in measured.items()}
    plans = {label: plan for label, (_, plan) in measured.items()}
    print("\nThe slowest query of each page, EXPLAIN ANALYZE on the scale data:")
    for label, plan in plans.items():
        if plan:
            print(
                f"  {label:<32} {plan['slowest_ms']:>7} ms  {plan['execution']}\n"
                f"  {'':<32} indexes: {', '.join(plan['indexes']) or '-'}; "
                f"sequential scans: {', '.join(plan['seq_scans']) or 'none'}"
            )
    swept = sweeps_measured()
    sweeps_printed(swept)
    from django.db import connections

    connections.close_all()

    # Served as in production (DEBUG off), so the static files are collected, hashed, once.
    env = {**os.environ, "DEBUG": "0", "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "portal-bench-static")}
    subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], check=True, cwd=ROOT, env=env)  # noqa: S603
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (gunicorn from this virtualenv)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    results = []
    try:
        for _ in range(100):  # up to 10 s for gunicorn to listen
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        base_cookie = cookies[BASELINE[1]]
        print(f"\n{'page':<32} {'users':>5} {'p50 ms':>8} {'p95 ms':>8} {'p95 ÷ base':>10} {'req/s':>7} {'queries':>7}")
        for label, username, path in targets:
            for users in (1, args.users):
                row = measure(port, path, cookies[username], base_cookie, users=users, seconds=args.seconds)
                row |= {"page": label, "path": path, "queries": queries[label], "slowest_query": plans[label]}
                results.append(row)
                # Written after every row, so a run stopped part-way keeps what it measured.
                Path(args.json).write_text(
                    json.dumps({"children": args.children, "results": results, "sweeps": swept}, indent=2)
                )
                flag = "  ERRORS: " + "; ".join(row["errors"]) if row["errors"] else ""
                print(
                    f"{label:<32} {users:>5} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['ratio_p95']!s:>10} "
                    f"{row['throughput_per_s']:>7} {row['queries']:>7}{flag}",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    Path(args.json).write_text(json.dumps({"children": args.children, "results": results, "sweeps": swept}, indent=2))
    # A download is measured for how long the whole file takes, not as a page.
    shown = [r for r in results if "format=csv" not in r["path"]]
    worst = {users: max(r["ratio_p95"] or 0 for r in shown if r["users"] == users) for users in (1, args.users)}
    print(
        f"\nWorst page p95 ÷ baseline: {worst[1]} with 1 user, {worst[args.users]} with {args.users} users. With more users"
        f" than the {args.workers} workers, the baseline request waits in the same queue as the page, so the"
        f" {args.users}-user ratio tends to 1: the 1-user ratio is each page's own cost."
    )
    print(f"Results written to {args.json}")


if __name__ == "__main__":
    main()
