"""CMS screens of assessments: each program's completion rule, written by the content editors."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies.base import ModelPermissionPolicy

from accounts import scoping
from accounts.models import Role
from accounts.permissions import is_content_editor
from assessments.models import CompletionRule, QuizPage
from assessments.services.completion import (
    CompletionError,
    RuleChange,
    RuleNeedsConfirmation,
    completion_rule_save,
)
from base.forms import IdChoiceField, IdMultipleChoiceField
from courses.models import LessonPage, ProgramPage

# --- completion ---

#: The checkbox the change list shows; its value names the change that was seen.
CONFIRM_FIELD = "confirm_change"


class CompletionRulePolicy(ModelPermissionPolicy):
    """Programs are national content: their content editors (and superusers) write the rules.

    Nobody deletes a rule: that would change what finishing means without the
    confirmation an edit asks for. An editor sets it back to "every lesson" instead.
    """

    def user_has_permission(self, user, action: str) -> bool:
        return action != "delete" and is_content_editor(user)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_permission_for(self, user, action: str):
        queryset = self.model._default_manager.all()
        return queryset if self.user_has_permission(user, action) else queryset.none()

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        return queryset if self.user_has_any_permission(user, actions) else queryset.none()

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return self.user_has_any_permission(user, actions)


class ProgramPageChoiceField(IdMultipleChoiceField):
    """A page of a program, labelled with its program so editors tell them apart on create."""

    program_titles: dict[str, str] = {}

    def label_from_instance(self, obj) -> str:
        program = self.program_titles.get(obj.path[: -obj.steplen], "")
        return f"{program} / {obj.title}" if program else obj.title


class CompletionRuleForm(WagtailAdminModelForm):
    """修了の要件: what finishing a program takes; confirms when completions would be taken away."""

    class Meta:
        model = CompletionRule
        fields = [
            "program",
            "lesson_scope",
            "lessons",
            "reflections_required",
            "quiz_scope",
            "quizzes",
            "worksheets_required",
            "workshop_required",
            "ratings_required",
            "survey_required",
        ]
        widgets = {
            "lesson_scope": forms.RadioSelect,
            "quiz_scope": forms.RadioSelect,
            "lessons": forms.CheckboxSelectMultiple,
            "quizzes": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "program": IdChoiceField,
            "lessons": ProgramPageChoiceField,
            "quizzes": ProgramPageChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programs = ProgramPage.objects.order_by("path")
        if self.instance.pk:
            self.fields["program"].queryset = programs.filter(pk=self.instance.program_id)
            self.fields["program"].disabled = True
            program = self.instance.program
            self.fields["lessons"].queryset = LessonPage.objects.child_of(program).order_by("path")
            self.fields["quizzes"].queryset = QuizPage.objects.child_of(program).order_by("path")
        else:
            self.fields["program"].queryset = programs.filter(completion_rule__isnull=True)
            self.fields["lessons"].queryset = LessonPage.objects.order_by("path")
            self.fields["quizzes"].queryset = QuizPage.objects.order_by("path")
            titles = dict(ProgramPage.objects.values_list("path", "title"))
            for name in ("lessons", "quizzes"):
                self.fields[name].program_titles = titles

    def clean(self):
        cleaned = super().clean()
        program = cleaned.get("program") or (self.instance.pk and self.instance.program)
        if not program:
            return cleaned
        for name, label in (("lessons", _("講義")), ("quizzes", _("小テスト"))):
            for page in cleaned.get(name) or ():
                if page.path[: -page.steplen] != program.path:
                    self.add_error(
                        name,
                        _("%(kind)s「%(title)s」はこのプログラムのものではありません。")
                        % {"kind": label, "title": page.title},
                    )
        if cleaned.get("lesson_scope") == CompletionRule.LessonScope.CHOSEN and not cleaned.get(
            "lessons"
        ):
            self.add_error("lessons", _("完了が必要な講義を1つ以上選んでください。"))
        if cleaned.get("quiz_scope") == CompletionRule.QuizScope.CHOSEN and not cleaned.get(
            "quizzes"
        ):
            self.add_error("quizzes", _("合格が必要な小テストを1つ以上選んでください。"))
        return cleaned


def _change_context(change: RuleChange | None, user) -> dict | None:
    """Who the rule would change, by prefecture; names only where the editor administers."""
    if change is None:
        return None
    shown = None if user.is_superuser else scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    by_prefecture: dict[str, dict] = {}
    for kind, enrollments in (("losing", change.losing), ("gaining", change.gaining)):
        for enrollment in enrollments:
            prefecture = enrollment.cohort.prefecture
            entry = by_prefecture.setdefault(
                prefecture.name, {"name": prefecture.name, "losing": [], "gaining": []}
            )
            named = shown is None or prefecture.pk in shown
            entry[kind].append(
                {
                    "name": enrollment.trainee.full_name if named else None,
                    "cohort": enrollment.cohort.title,
                }
            )
    return {
        "field": CONFIRM_FIELD,
        "token": change.token,
        "losing": len(change.losing),
        "gaining": len(change.gaining),
        "prefectures": list(by_prefecture.values()),
    }


class CompletionRuleSaveMixin:
    """Save through completion_rule_save; a rule taking completion away asks to confirm first."""

    change: RuleChange | None = None
    log_action = "wagtail.edit"

    def save_instance(self):
        data = self.form.cleaned_data
        rule = self.form.save(commit=False)
        completion_rule_save(
            rule=rule,
            lessons=list(data.get("lessons") or []),
            quizzes=list(data.get("quizzes") or []),
            confirmed=self.request.POST.get(CONFIRM_FIELD, ""),
        )
        log(instance=rule, action=self.log_action, content_changed=True)
        return rule

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except RuleNeedsConfirmation as exc:
            self.change = exc.change
            form.add_error(None, str(exc))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)
        except CompletionError as exc:
            form.add_error(None, str(exc))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rule_change"] = _change_context(self.change, self.request.user)
        return context


class CompletionRuleCreateView(CompletionRuleSaveMixin, CreateView):
    log_action = "wagtail.create"
    template_name = "assessments/completion_rule_create.html"


class CompletionRuleEditView(CompletionRuleSaveMixin, EditView):
    template_name = "assessments/completion_rule_edit.html"


class CompletionRuleViewSet(ModelViewSet):
    """修了の要件: one rule per program."""

    model = CompletionRule
    icon = "tasks"
    menu_label = _("修了の要件")
    menu_order = 250
    add_to_admin_menu = True
    pk_path_converter = "id"
    permission_policy = CompletionRulePolicy(CompletionRule)
    add_view_class = CompletionRuleCreateView
    edit_view_class = CompletionRuleEditView
    list_display = ["program", "lesson_scope", "quiz_scope", "updated_at"]
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return CompletionRuleForm


@hooks.register("register_admin_viewset")
def register_completion_rule_viewset():
    return CompletionRuleViewSet("completion_rules")
