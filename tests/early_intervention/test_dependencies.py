"""Where Early Intervention sits among the apps (DESIGN §3): it may use `portal`, `sharing` and
`referrals`; nothing else imports it; and it learns that a referral was sent from the signal
`referrals` sends, not by listening to another app's model saves."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(app: str) -> dict[str, set[str]]:
    """Every module each of the app's files imports (migrations aside), wherever in the file."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize("app", ["portal", "sharing", "referrals", "transfers", "config"])
def test_no_other_app_imports_early_intervention(app):
    offenders = {path for path, names in imported_modules(app).items() if "early_intervention" in top_level(names)}
    assert offenders == set()


def test_early_intervention_uses_only_the_core_sharing_and_referrals():
    first_party = {"portal", "sharing", "referrals", "transfers", "config", "early_intervention"}
    used = set().union(*(top_level(names) for names in imported_modules("early_intervention").values()))
    assert used & first_party == {"portal", "sharing", "referrals", "early_intervention"}


def test_early_intervention_does_not_listen_to_model_saves():
    for path, names in imported_modules("early_intervention").items():
        assert "django.db.models.signals" not in names, path
