"""Project package: settings, URLs and the ASGI/WSGI entry points.

The design card calls this package `site/`, but Python imports its own `site`
module at start-up, so a package by that name could never be imported.
"""
