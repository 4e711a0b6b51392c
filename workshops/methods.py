"""Method templates: the phases a GSV, 事例検討 or 意見交換 session starts with."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    """How the group works on the case."""

    GSV = "gsv", _("GSV（グループスーパービジョン）")
    CASE_REVIEW = "case_review", _("事例検討")
    EXCHANGE = "exchange", _("意見交換")


@dataclass(frozen=True)
class PhaseTemplate:
    """One phase as the method proposes it; the facilitator may edit the copy."""

    name: str
    minutes: int
    instructions: str
    prompts: tuple[str, ...] = ()


TEMPLATES: dict[str, tuple[PhaseTemplate, ...]] = {
    Method.GSV: (
        PhaseTemplate(
            "事例提示",
            10,
            "事例提供者が事例の概要と、検討してほしいことを説明します。ほかの人は聞くことに集中します。",
            ("検討してほしいことは何ですか。",),
        ),
        PhaseTemplate(
            "質問・情報収集",
            15,
            "事例提供者に質問し、本人や世帯の状況、関係機関の動きを確かめます。助言はまだしません。",
            ("本人はどう感じているでしょうか。", "まだ分かっていない情報は何ですか。"),
        ),
        PhaseTemplate(
            "アセスメント",
            15,
            "集めた情報から、本人の強みと課題、課題の背景を見立てます。",
            ("本人の強みは何ですか。", "課題の背景には何がありますか。"),
        ),
        PhaseTemplate(
            "プラン検討",
            15,
            "見立てをもとに、目標と支援の方向性、つなぐ社会資源を考えます。",
            ("本人が望む暮らしに近づく一歩は何ですか。", "どの関係機関と一緒に動けますか。"),
        ),
        PhaseTemplate(
            "振り返り",
            5,
            "事例提供者が感想を述べ、全員で学んだことを確かめます。",
            ("明日からの支援に生かせることは何ですか。",),
        ),
    ),
    Method.CASE_REVIEW: (
        PhaseTemplate(
            "事例の読み込み",
            10,
            "事例を各自で読み、気づいたことを書き出します。",
            ("気になった言葉や場面はどこですか。",),
        ),
        PhaseTemplate(
            "論点の整理",
            15,
            "グループで気づきを出し合い、検討する論点を絞ります。",
            ("この事例で一番大切な論点は何ですか。",),
        ),
        PhaseTemplate(
            "支援の検討",
            20,
            "論点ごとに、取りうる支援と連携先を話し合います。",
            ("自分の地域ならどの社会資源が使えますか。",),
        ),
        PhaseTemplate(
            "全体共有",
            10,
            "グループの結論を全体で共有します。",
            ("ほかのグループと違った点は何ですか。",),
        ),
    ),
    Method.EXCHANGE: (
        PhaseTemplate(
            "自己紹介",
            5,
            "所属と担当している業務を紹介し合います。",
            (),
        ),
        PhaseTemplate(
            "意見交換",
            25,
            "テーマについて、自分の機関での取組みや悩みを出し合います。",
            ("うまくいっている工夫は何ですか。", "困っていることは何ですか。"),
        ),
        PhaseTemplate(
            "まとめ",
            10,
            "持ち帰りたい工夫と、つながりたい相手を書き出します。",
            ("明日から試したいことは何ですか。",),
        ),
    ),
}
