"""How case studies take part in site search."""

from django.utils.translation import pgettext_lazy

from base.search import Searchable
from casestudies.models import SECTIONS, CaseStudyPage

CASE_STUDIES = Searchable(
    model=CaseStudyPage,
    kind=pgettext_lazy("search result kind", "事例"),
    public=lambda page: " ".join(getattr(page, name) for name, _h in SECTIONS),
    summary=lambda page: page.summary,
)
