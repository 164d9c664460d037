"""A small bounded load on loopback: 30 requests, 10 at a time, then a burst over the queue's
capacity. Every answer is a result or a 429 with JSON, nothing crashes, and the queue drains."""
import concurrent.futures as cf
import json
import threading
import time

from claimsrisk_browser import get, post

with open("Scenarios/abc-incorporated.yaml") as f:
    ABC = f.read()


def test_thirty_requests_ten_at_a_time():
    started = time.monotonic()
    with cf.ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda i: post(f"/api/simulate?trials=400&seed={i}", ABC), range(30)))
    elapsed = time.monotonic() - started
    statuses = [s for s, _ in answers]
    assert set(statuses) <= {200, 429}, statuses
    ok = [a for s, a in answers if s == 200]
    assert len(ok) >= 20, statuses
    assert all(a["trials"] == 400 and "metrics" in a for a in ok)
    for s, a in answers:
        if s == 429:
            assert "too many runs" in a["error"]
    assert elapsed < 240, elapsed
    assert json.loads(get("/api/runs")[1])["runs"] == []


def test_burst_over_capacity_is_refused_with_429():
    limits = json.loads(get("/api/limits")[1])
    capacity = limits["concurrent_runs"] + limits["queue_length"]
    n = capacity + 5
    barrier = threading.Barrier(n)

    def one(i):
        barrier.wait()
        return post("/api/simulate?trials=5000&method=claims&seed=1", ABC)

    with cf.ThreadPoolExecutor(max_workers=n) as pool:
        answers = list(pool.map(one, range(n)))
    statuses = sorted(s for s, _ in answers)
    assert statuses.count(429) >= 1, statuses
    assert statuses.count(200) >= limits["concurrent_runs"], statuses
    assert set(statuses) <= {200, 429}, statuses
    # Equal seeds, equal answers: every accepted run gave the same figures.
    means = {a["metrics"]["employer_cost"]["mean"] for s, a in answers if s == 200}
    assert len(means) == 1
    assert get("/api/limits")[0] == 200
