"""Demo case studies for seed_demo: the three seed reports, rewritten for learning, before anonymisation."""

from .chofu import CASE as CHOFU
from .tokushima import CASE as TOKUSHIMA
from .uto_uki import CASE as UTO_UKI

CASES = [TOKUSHIMA, UTO_UKI, CHOFU]
