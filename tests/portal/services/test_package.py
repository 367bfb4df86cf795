"""Other apps call the core as `from portal import services as core; core.<name>`: every public
name of every module in the package answers there, whatever module it lives in."""

import importlib
import inspect
import pkgutil

from portal import services


def test_every_public_name_in_the_package_is_reexported_by_portal_services():
    public = {}
    for module_info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"{services.__name__}.{module_info.name}")
        public |= {
            f"{module_info.name}.{name}": value
            for name, value in vars(module).items()
            if not name.startswith("_")
            and (inspect.isfunction(value) or inspect.isclass(value))
            and value.__module__ == module.__name__
        }
    assert len(public) > 20
    missing = [path for path, value in public.items() if getattr(services, path.split(".")[-1], None) is not value]
    assert missing == []
    assert set(services.__all__) <= set(vars(services))


def test_the_names_other_apps_call_are_there():
    for name in [
        "ChildDetails",
        "InvalidTransition",
        "PersonDetails",
        "RelationshipDetails",
        "access_event_record",
        "child_access_grant",
        "child_access_revoke",
        "child_create",
        "child_responsibility_transfer",
        "child_update",
        "escalation_can_act",
        "escalation_raise",
        "escalation_resolve",
        "escalation_reviewers",
        "notify",
        "person_add_to_child",
    ]:
        assert callable(getattr(services, name)), name
