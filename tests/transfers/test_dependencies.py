"""Where transfers sits among the apps (DESIGN §3): it may use `portal` and `sharing` (it records
consent and sharing decisions), and no other workflow app."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = {"config", "portal", "sharing", "referrals", "transfers", "early_intervention"}


def test_transfers_uses_only_the_core_and_sharing():
    used: dict[str, set[str]] = {}
    for path in (ROOT / "transfers").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = {node.module}
            else:
                continue
            for name in names:
                used.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    assert {app: paths for app, paths in used.items() if app in FIRST_PARTY - {"portal", "sharing", "transfers"}} == {}
