"""The app's models, one module per part; Django and Wagtail find them through this package."""

from assessments.models.completion import *  # noqa: F403
from assessments.models.quizzes import *  # noqa: F403
from assessments.models.ratings import *  # noqa: F403
from assessments.models.surveys import *  # noqa: F403
from assessments.models.worksheets import *  # noqa: F403
