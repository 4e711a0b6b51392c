"""The websocket handshake's Origin check: the whole origin, exactly as the site is configured.

Channels' AllowedHostsOriginValidator compares only the host with ALLOWED_HOSTS, so
`http://localhost:9999` passed. Its OriginValidator can compare scheme and port, but
it reads a pattern with a leading dot as every subdomain and one without a scheme as
any scheme and port, keeps the last of several Origin headers, and raises ValueError
(a failed handshake in the server's log, not a refusal) on a port out of range such as
`http://127.0.0.1:99999`. A browser sends one Origin, `scheme://host[:port]`, so an
exact comparison is both simpler and stricter.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str, *, path_allowed: bool = False) -> str | None:
    """`scheme://host[:port]` in lower case without the default port, or None if not an origin.

    Configured addresses (SITE_URL) may carry a path; a browser's Origin header never does.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment:
        return None
    if not path_allowed and parts.path not in ("", "/"):
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if port is None or port == DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def allowed_origins() -> set[str]:
    """The site's origins from settings.WEBSOCKET_ALLOWED_ORIGINS, normalised.

    Wildcard entries such as `https://*.example.jp` (allowed in CSRF_TRUSTED_ORIGINS)
    match no browser's origin here: websockets accept only exact origins.
    """
    origins = (origin_of(url, path_allowed=True) for url in settings.WEBSOCKET_ALLOWED_ORIGINS)
    return {origin for origin in origins if origin}


class ExactOriginValidator:
    """ASGI middleware: let a websocket handshake through only from one configured origin."""

    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket" and self.allowed(scope):
            return await self.application(scope, receive, send)
        # Refused before the application runs: HTTP 403 to the handshake.
        return await WebsocketDenier()(scope, receive, send)

    def allowed(self, scope) -> bool:
        """Whether the handshake carries exactly one Origin header naming a configured origin."""
        values = [value for name, value in scope.get("headers", []) if name == b"origin"]
        if len(values) != 1:
            return False
        origin = origin_of(values[0].decode("latin1"))
        return origin is not None and origin in allowed_origins()
