"""Demo programs for seed_demo, rewritten for learning from the national training lecture."""

from .koki import HIKIKOMORI, SHUNIN, SHURO, SOUDAN
from .zenki_common import PROGRAM as ZENKI_COMMON

PROGRAMS = [ZENKI_COMMON, SHUNIN, SOUDAN, SHURO, HIKIKOMORI]
