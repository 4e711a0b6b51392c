"""Planning's writes, one module per part; every refusal is a PlanningError."""

from planning.services.errors import PlanningError

__all__ = ["PlanningError"]
