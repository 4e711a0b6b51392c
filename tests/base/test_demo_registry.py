"""The demo seeders run as the apps' floors go, and base never imports the apps above it."""

import ast
from pathlib import Path

from base import demo_registry

FLOORS = [
    "base",
    "accounts",
    "courses",
    "casestudies",
    "workshops",
    "assessments",
    "certificates",
    "planning",
]


def test_every_app_registers_its_demo_and_they_run_from_the_lowest_floor_up():
    names = [seeder.name for seeder in demo_registry.seeders()]
    assert names == FLOORS


def test_registering_twice_keeps_one_seeder():
    before = len(demo_registry.seeders())
    first = demo_registry.seeders()[0]
    demo_registry.register(first.name, first.seed, first.order)
    assert len(demo_registry.seeders()) == before


def test_base_imports_no_app_above_it_at_module_level():
    above = set(FLOORS) - {"base", "accounts"}
    for path in Path("base").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in above, f"{path} imports {node.module}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] not in above, f"{path} imports {alias.name}"
