"""Settings of bench.assessments' server: the project's, plus the Server-Timing of completion."""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

MIDDLEWARE = ["bench.assessments_timing.CompletionTimingMiddleware", *MIDDLEWARE]
