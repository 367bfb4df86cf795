"""Where intelligence sits among the apps (DESIGN §3): it uses `portal` (and `sharing`'s CSV cell
escaping) and nothing else; no other app imports it — the core shows its part through the plugin."""

import pytest

from tests.early_intervention.test_dependencies import imported_modules, top_level


@pytest.mark.parametrize("app", ["portal", "sharing", "referrals", "transfers", "early_intervention", "config"])
def test_no_other_app_imports_intelligence(app):
    offenders = {path for path, names in imported_modules(app).items() if "intelligence" in top_level(names)}
    assert not offenders


def test_intelligence_uses_only_the_core_and_sharing():
    first_party = {"portal", "sharing", "referrals", "transfers", "config", "early_intervention", "intelligence"}
    used = set().union(*(top_level(names) for names in imported_modules("intelligence").values()))
    assert used & first_party == {"portal", "sharing", "intelligence"}
