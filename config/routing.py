"""Websocket routes of every app, gathered in one list for the ASGI application."""

from django.urls import path

from accounts.consumers import SessionConsumer

websocket_urlpatterns = [
    path("ws/session/", SessionConsumer.as_asgi()),
]
