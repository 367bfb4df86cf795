"""Benchmark: the team dashboard and the Caldicott review queue at 10 and 500 records of each kind.

Not part of `make test`. Run with:  .venv/bin/python -m pytest tests/perf/bench_dashboard.py -s
"""

import statistics
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.portal.test_scale import bulk_records


def median_ms(client: Client, url: str, repeat: int = 10) -> float:
    client.get(url)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


@pytest.mark.parametrize("records", [10, 500])
def test_bench_dashboard(setup, records):
    bulk_records(setup, records, start=0)
    for user, name in [
        (setup.north.cin_manager, "portal:dashboard"),
        (setup.south.cin_manager, "portal:dashboard"),
        (setup.north.caldicott, "portal:review_queue"),
    ]:
        client = Client()
        client.force_login(user)
        print(f"\n{name} ({user.username}) with {records} records: median {median_ms(client, reverse(name)):.1f} ms")
