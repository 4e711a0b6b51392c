"""The one refusal planning's services raise, with a code for tests and a Japanese message."""


class PlanningError(Exception):
    """A planning change refused, with a code and a message to show as it is."""

    def __init__(self, code: str, message) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = str(message)
