"""The demo home page, made the root of the default Wagtail site."""

from wagtail.models import Page, Site

from base.models import HomePage

HOME_LEAD = (
    "つなぐは、生活困窮者自立支援制度の相談支援員・主任相談支援員・就労支援員、"
    "地域生活定着支援センターや社会福祉協議会の職員のための伝達研修プラットフォームです。"
    "講義をオンラインで学び、匿名化された事例を読み、グループワークに参加できます。"
    "修了証の発行も準備しています。"
)
HOME_BODY = [
    ("heading", {"text": "伝達研修とは", "level": "h2"}),
    (
        "paragraph",
        "<p>国の研修を修了した人が、都道府県で同じ内容を伝える研修です。"
        "地域の実情に合わせた科目を加え、参加者同士の意見交換でネットワークを強めます。</p>",
    ),
    (
        "callout",
        {
            "kind": "point",
            "text": "<p>事例検討では、関係機関や個人が特定されないよう匿名性を担保します。</p>",
        },
    ),
]


def seed() -> HomePage:
    """Create the home page once and point the default site at it."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's install leaves a placeholder "Welcome" page under the root.
        for placeholder in root.get_children().filter(content_type__model="page"):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="つなぐ 伝達研修プラットフォーム", slug="home", lead=HOME_LEAD, body=HOME_BODY
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="つなぐ"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "つなぐ"
        site.save()
    return home
