"""Benchmark: the child list and home page as the number of visible children grows.

Not part of `make test` (speed is measured here, never asserted in tests: these machines are
shared and noisy). Run with:  .venv/bin/python -m pytest tests/perf/bench_child_list.py -s
"""

import statistics
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_child


def timed(client: Client, url: str, repeat: int = 15) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


@pytest.mark.parametrize("children", [25, 500])
def test_bench_child_list(setup, children):
    for _ in range(children):
        make_child(worker=setup.north.social_worker, team=setup.north.cin)
    client = Client()
    client.force_login(setup.north.cin_manager)
    for name in ["portal:child_list", "portal:home"]:
        print(f"\n{name} with {children} children: median {timed(client, reverse(name)):.1f} ms")
