"""Websocket routes of every app, gathered in one list for the ASGI application."""

from django.conf import settings
from django.urls import path

from accounts.consumers import SessionConsumer
from workshops.consumers import WorkshopConsumer

websocket_urlpatterns = [
    path("ws/session/", SessionConsumer.as_asgi()),
    path("ws/workshops/<id:workshop_id>/", WorkshopConsumer.as_asgi()),
]

# The live benchmark's bare baseline; never routed in production.
if settings.BENCH_BASELINE_SOCKET and not settings.PRODUCTION:
    from bench.baseline_consumer import BroadcastBaselineConsumer

    websocket_urlpatterns.append(
        path("ws/bench/broadcast/<slug:group>/", BroadcastBaselineConsumer.as_asgi())
    )
