"""System checks for how the portal is deployed."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve


def _inside(folder: Path, roots) -> bool:
    folder = folder.resolve()
    return any(folder == Path(root).resolve() or Path(root).resolve() in folder.parents for root in roots if root)


def _serves_files(patterns) -> bool:
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and _serves_files(pattern.url_patterns):
            return True
        if isinstance(pattern, URLPattern) and pattern.callback is serve:
            return True
    return False


@register()
def uploads_are_not_served(app_configs, **kwargs) -> list[Error]:
    """Uploaded documents are only ever downloaded through views that check who may see them."""
    static_roots = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS, getattr(settings, "WHITENOISE_ROOT", None)]
    errors = []
    if _inside(Path(settings.MEDIA_ROOT), static_roots):
        errors.append(
            Error(
                "MEDIA_ROOT is inside a folder served as static files: uploaded documents would be public.",
                hint="Set MEDIA_ROOT to a folder outside STATIC_ROOT, STATICFILES_DIRS and WHITENOISE_ROOT.",
                id="portal.E001",
            )
        )
    if _serves_files(get_resolver().url_patterns):
        errors.append(
            Error(
                "A URL serves files straight from disk (django.views.static.serve).",
                hint="Serve uploaded documents only through views that check access.",
                id="portal.E002",
            )
        )
    return errors
