"""Settings of bench.planning's server: the project's, plus the plain-template baseline's URL."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.planning_urls"
