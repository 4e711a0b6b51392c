"""Planning's models, one module per part: the committee, the plan, training days and meetings."""

from planning.models.calendars import *  # noqa: F403
from planning.models.committee import *  # noqa: F403
from planning.models.meetings import *  # noqa: F403
from planning.models.plans import *  # noqa: F403
from planning.models.retrospective import *  # noqa: F403
from planning.models.seats import *  # noqa: F403
from planning.models.training import *  # noqa: F403
from planning.models.waiting import *  # noqa: F403
