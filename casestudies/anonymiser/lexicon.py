"""Word lists: general knowledge about Japanese names, places and institution types.

Nothing here comes from a particular case: these are public, generic words that decide
what is a name and what is a type of institution that must stay readable.
"""

from __future__ import annotations

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
    "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
    "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
    "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
    "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
    "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
    "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip

# The prefecture without its 都/道/府/県, as people often write it (香川, 京都).
PREFECTURE_STEMS = frozenset("北海道" if p == "北海道" else p[:-1] for p in PREFECTURES)

# Suffixes an administrative place name ends with; 都/道/府 are shown as 県 in aliases
# because 東京都 or 北海道 would otherwise be recognisable from the suffix alone.
PLACE_SUFFIXES = ("都", "道", "府", "県", "市", "区", "町", "村", "郡")
PREFECTURE_SUFFIX_ALIAS = {"都": "県", "道": "県", "府": "県", "県": "県"}

# Places at the national level or above: they identify nobody.
NATIONAL_PLACES = frozenset(
    {"日本", "日本国", "全国", "国", "国内", "海外", "世界", "アジア", "欧米", "米国"}
)

# Generic words that contain a place suffix but are not places.
NOT_PLACES = frozenset(
    {
        "市町村", "区市町村", "市区町村", "都道府県", "政令市", "中核市", "指定都市",
        "政令指定都市", "特別区", "都市", "地区", "市域", "市内", "町内", "村内", "区内",
        "両市", "各市", "当市", "本市", "同市", "全市", "近隣市", "市町", "町村",
        "町村部", "市部", "郡部", "区部", "都市部", "山間部", "沿岸部",
        "中央", "東部", "西部", "南部", "北部", "中部", "県北", "県南", "県央", "県東", "県西",
    }
)  # fmt: skip

HONORIFICS = frozenset({"さん", "氏", "様", "さま", "君", "くん", "ちゃん", "殿", "先生"})

# Titles that may follow a surname directly (平野職業相談員, 吉岡所長).
PERSON_TITLES = (
    "主任相談支援員", "相談支援員", "就労支援員", "職業相談員", "相談支援専門員", "相談員",
    "支援員", "専門員", "指導員", "調整官", "企画調整官", "主任", "所長", "課長", "係長",
    "部長", "室長", "局長", "次長", "理事長", "副理事長", "理事", "会長", "副会長", "代表",
    "園長", "施設長", "センター長", "館長", "院長", "校長", "教授", "准教授", "講師",
    "医師", "弁護士", "司法書士", "保健師", "看護師", "社会福祉士", "精神保健福祉士",
    "ケアマネジャー", "ケアマネ", "ワーカー", "コーディネーター", "委員長", "委員", "議員",
    "市長", "町長", "村長", "知事", "課長補佐", "補佐", "担当", "事務局長", "管理者",
)  # fmt: skip

# Legal-form words that precede (or follow) an organisation's own name. They stay; the
# name next to them is masked.
LEGAL_FORMS = (
    "特定非営利活動法人", "社会福祉法人", "一般社団法人", "一般財団法人", "公益社団法人",
    "公益財団法人", "医療法人社団", "医療法人財団", "社会医療法人", "医療法人", "学校法人",
    "宗教法人", "独立行政法人", "社団法人", "財団法人", "NPO法人", "ＮＰＯ法人",
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "生活協同組合",
    "（株）", "(株)", "（有）", "(有)", "（福）", "(福)", "(社福)", "（社福）", "㈱", "㈲",
)  # fmt: skip

# Words an organisation's name can end with; they are kept after the alias letter.
ORG_TAILS = (
    "社会福祉協議会", "協議会", "連絡会", "家族会", "当事者会", "協会", "福祉会", "事業団",
    "財団", "会", "センター", "事業所", "相談室", "相談所", "支援室", "作業所", "診療所",
    "クリニック", "病院", "医院", "学園", "園", "苑", "荘", "寮", "ホーム", "ハウス",
    "ネット", "ネットワーク", "カフェ", "サロン", "クラブ", "グループ", "食堂", "工房",
    "の家", "舎", "塾", "室",
)  # fmt: skip

# Type words after which a kana name is often written (相談支援センターひまわり).
TYPES_BEFORE_NAME = (
    "センター", "事業所", "ホーム", "クリニック", "相談室", "作業所", "ハウス", "サロン",
    "カフェ", "支援室", "グループホーム", "こども食堂", "子ども食堂", "コミュニティカフェ",
    "フードバンク", "居場所", "傾聴ボランティア",
)  # fmt: skip

# Type words that, right before 「name」 or 『name』, mark the bracket as a proper name.
TYPES_BEFORE_BRACKET = (
    *ORG_TAILS,
    "事業", "施設", "団体", "法人", "会社", "機関", "教室", "広場", "ひろば", "拠点",
    "居場所", "窓口", "部会", "チーム", "プロジェクト", "愛称", "名称", "通称",
)  # fmt: skip

# Common words that can sit inside an organisation's name without identifying it: the
# generic tail of 香川県社会福祉事業団 or 地域生活定着支援センター.
GENERIC_ORG_WORDS = frozenset(
    {
        "社会", "福祉", "社会福祉", "地域", "生活", "自立", "就労", "相談", "支援", "障害",
        "障害者", "障がい", "障がい者", "高齢", "高齢者", "子ども", "こども", "子供", "児童",
        "家族", "家庭", "総合", "基幹", "包括", "介護", "訪問", "医療", "保健", "精神",
        "定着", "活動", "事業", "協議", "推進", "居住", "権利", "擁護", "後見", "成年",
        "市民", "住民", "若者", "女性", "母子", "父子", "多機関", "協働", "ボランティア",
        "子育て", "健康", "発達", "教育", "学習", "文化", "交流", "連携", "調整", "保育",
        "老人", "養護", "特別", "共同", "継続", "移行", "準備", "訓練", "更生", "保護",
        "生活困窮者", "困窮", "医療福祉", "ケア", "サポート", "ライフ", "地域福祉", "機能",
        "強化", "型", "本部", "支部", "事務局", "法人", "センター", "会", "協議会", "公益",
        "一般", "社団", "財団", "非営利", "特定", "団", "業", "所", "員", "課", "部", "係",
    }
)  # fmt: skip

# Hiragana words that name a theme, not an organisation (ひきこもり家族会 is generic).
GENERIC_KANA = frozenset(
    {
        "ひきこもり", "ひとり", "ひとり親", "こども", "おとな", "まち", "まちづくり", "くらし",
        "しごと", "すまい", "いのち", "こころ", "からだ", "ふくし", "みんな", "おもちゃ",
        "いじめ", "ごみ", "ひと", "もの", "こと", "ところ", "とき", "ため", "よう", "ほう",
        "みなさん", "みな", "あなた", "わたし", "ほか", "など",
    }
)  # fmt: skip

# Katakana loanwords that follow a type word without being its name (センタースタッフ).
GENERIC_KATAKANA = frozenset(
    {
        "スタッフ", "メンバー", "サービス", "ケース", "ネットワーク", "コーディネーター",
        "ワーカー", "チーム", "システム", "プログラム", "スペース", "ルーム", "フロア",
        "ケア", "サポート", "ミーティング", "カンファレンス", "プラン", "リーダー", "マネジャー",
    }
)  # fmt: skip

# Words that end an organisation name taken after a legal form (…ネット代表, …会職員).
ORG_NAME_STOPS = frozenset(PERSON_TITLES) | {
    "職員",
    "所属",
    "主催",
    "内",
    "事務所",
    "地域福祉課",
    "担当者",
    "利用者",
    "会員",
}

# Generic institution types and other words that must never be masked.
KEEP_TERMS = frozenset(
    {
        "ハローワーク", "社会福祉協議会", "社協", "地域生活定着支援センター",
        "基幹相談支援センター", "自立相談支援機関", "地域包括支援センター", "市役所",
        "町役場", "村役場", "区役所", "県庁", "都庁", "府庁", "道庁", "福祉事務所",
        "保健所", "児童相談所", "家庭裁判所", "刑務所", "保護観察所", "警察署", "病院",
        "社会福祉法人", "NPO法人", "生活自立相談センター", "受入先センター",
        "重層的支援体制整備事業", "住居確保給付金", "日本", "国", "全国",
    }
)  # fmt: skip

# Family relations and other common nouns that take さん but are not names.
NOT_NAMES = frozenset(
    {
        "息子", "娘", "母", "父", "お母", "お父", "奥", "嫁", "兄", "姉", "弟", "妹", "皆",
        "祖母", "祖父", "おばあ", "おじい", "大家", "同", "両", "各", "本人", "当人", "孫",
        "客", "夫", "妻", "神", "仏", "婿", "主", "先", "俺", "僕", "私", "親", "子",
    }
)  # fmt: skip

# Words that tie a date in the same sentence to one person (birth, admission, a visit).
PERSONAL_DATE_CUES = (
    "生まれ", "生年月日", "誕生", "出生", "入院", "退院", "入所", "退所", "出所", "釈放",
    "入居", "退去", "転居", "死亡", "逝去", "訪問", "面談", "来所", "来談", "受診", "逮捕",
    "相談者", "利用者", "本人", "対象者", "当事者", "患者", "世帯", "長男", "長女", "次男",
    "次女", "夫", "妻", "母", "父", "息子", "娘", "満期", "判決", "結婚", "離婚", "退職",
    "解雇", "失職", "入学", "卒業", "保護開始", "申請", "生活保護", "受給",
)  # fmt: skip
