"""Times the completion decisions of each request and says so in a Server-Timing header.

Only bench.assessments' server loads it (bench/assessments_settings.py), so the
decision is measured inside the request that made it, as the issue asks.
"""

import time

from assessments.services.completion import decision_timings


class CompletionTimingMiddleware:
    """Server-Timing: app;dur=<ms> for the whole view, completion;dur=<ms> for each decision.

    `app` is the time inside Django, so the bench can tell the server's work from the
    time a request waited in the queue of a 200-client burst.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timings: list[float] = []
        token = decision_timings.set(timings)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            decision_timings.reset(token)
        entries = [f"app;dur={(time.perf_counter() - started) * 1000:.3f}"]
        entries += [f"completion;dur={ms:.3f}" for ms in timings]
        response["Server-Timing"] = ", ".join(entries)
        return response
