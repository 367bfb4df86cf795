"""A URLconf that serves uploads from disk: what the `portal.E002` deploy check refuses."""

from django.conf import settings
from django.urls import path
from django.views.static import serve

urlpatterns = [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
