"""Times the completion decisions of each request and says so in a Server-Timing header.

Only bench.assessments' server loads it (bench/assessments_settings.py), so the
decision is measured inside the request that made it, as the issue asks.
"""

from assessments.services.completion import decision_timings


class CompletionTimingMiddleware:
    """Server-Timing: completion;dur=<ms> for each completion decision the request took."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timings: list[float] = []
        token = decision_timings.set(timings)
        try:
            response = self.get_response(request)
        finally:
            decision_timings.reset(token)
        if timings:
            response["Server-Timing"] = ", ".join(f"completion;dur={ms:.3f}" for ms in timings)
        return response
