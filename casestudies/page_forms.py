"""The case-study page editor's form (apart from the models, which name it as their form)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class CaseStudyPageForm(WagtailAdminPageForm):
    """The page editor's form: publishing is refused, with the reasons, while the gate is shut."""

    def clean(self):
        cleaned = super().clean()
        if "action-publish" in self.data and self.instance.pk:
            from casestudies.gate import publish_blockers
            from casestudies.models import PUBLIC_FIELDS

            fields = {name: cleaned.get(name, "") for name in PUBLIC_FIELDS}
            blockers = publish_blockers(self.instance, fields=fields)
            if blockers:
                raise ValidationError(
                    [_("公開できません。匿名化の確認を終えてください。"), *blockers]
                )
        return cleaned
