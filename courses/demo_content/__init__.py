"""The demo programs seed_demo publishes, in catalogue order, one module per program."""

from .hikikomori import PROGRAM as HIKIKOMORI
from .shunin_koki import PROGRAM as SHUNIN_KOKI
from .shuro_koki import PROGRAM as SHURO_KOKI
from .soudan_koki import PROGRAM as SOUDAN_KOKI
from .zenki_common import PROGRAM as ZENKI_COMMON

PROGRAMS = [ZENKI_COMMON, SHUNIN_KOKI, SOUDAN_KOKI, SHURO_KOKI, HIKIKOMORI]
