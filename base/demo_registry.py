"""Demo content, seeded by `seed_demo`: each app registers its own seeder from its ready().

A registry rather than imports in the command, so `base` never imports the apps above it.
"""

from collections.abc import Callable
from dataclasses import dataclass

#: A seeder takes the demo password and returns the (email, prefecture, role) rows it made.
Seeder = Callable[..., list | None]


@dataclass(frozen=True)
class DemoSeeder:
    """One app's demo seeder; lower `order` runs first, as the floors of the apps go."""

    name: str
    seed: Seeder
    order: int


_seeders: list[DemoSeeder] = []


def register(name: str, seed: Seeder, order: int) -> None:
    """Add an app's demo seeder; apps call this from AppConfig.ready()."""
    if all(s.name != name for s in _seeders):
        _seeders.append(DemoSeeder(name=name, seed=seed, order=order))


def seeders() -> list[DemoSeeder]:
    """The seeders in the order they run."""
    return sorted(_seeders, key=lambda s: s.order)
