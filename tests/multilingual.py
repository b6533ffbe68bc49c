"""Short news articles in ten languages, written for the multilingual search tests."""

from __future__ import annotations

from tests.searchhelpers import record

ARTICLES = {
    "ja-districts": ("ja", "衆院選挙区の区割り見直し案を公表",
                     "政府は衆院選挙区の区割りを見直す案を公表した。経済成長を重視する与党は、地方の定数削減に慎重な姿勢を示している。"),
    "ja-boj": ("ja", "日銀、金融政策の現状維持を決定",
               "日本銀行は金融政策決定会合で、大規模な金融緩和の維持を決めた。物価の上昇は続いているが、賃金の伸びは鈍い。"),
    "zh-growth": ("zh", "国家统计局：前三季度经济增长百分之五",
                  "国家统计局周五公布数据，前三季度国内生产总值同比增长百分之五，经济增长保持稳定。消费对经济的拉动作用明显增强。"),
    "zh-autoshow": ("zh", "北京举行国际汽车展览会",
                    "第十八届北京国际汽车展览会今天开幕，来自全球的一千多家企业参展，新能源汽车成为最大亮点。"),
    "ko-budget": ("ko", "대통령은 오늘 국회에서 예산안을 설명했다",
                  "대통령이 국회 시정연설에서 내년도 예산안의 방향을 설명했다. 대통령의 연설은 약 30분 동안 이어졌다."),
    "ko-housing": ("ko", "서울 아파트 가격 3주 연속 상승",
                   "서울의 아파트 가격이 3주 연속 올랐다고 한국부동산원이 밝혔다. 전문가들은 금리 인하 기대가 영향을 줬다고 분석했다."),
    "de-bavaria": ("de", "Die Wahl in Bayern bringt eine Überraschung",
                   "Bei der Landtagswahl in Bayern haben die Wähler der Regierung einen Denkzettel verpasst. "
                   "Die Wahlbeteiligung stieg deutlich."),
    "de-thuringia": ("de", "Neue Wahlen in Thüringen angekündigt",
                     "Der Landtag in Erfurt hat sich aufgelöst, Neuwahlen sollen im Frühjahr stattfinden."),
    "fr-municipal": ("fr", "Les élections municipales auront lieu en mars",
                     "Le gouvernement a confirmé la date des élections municipales. Les candidats préparent déjà "
                     "leurs campagnes dans les grandes villes."),
    "fr-metro": ("fr", "Une nouvelle ligne de métro inaugurée à Lyon",
                 "La ligne relie le centre-ville à l'aéroport en vingt minutes. Les premiers voyageurs se sont dit satisfaits."),
    "es-budget": ("es", "El Gobierno aprueba los presupuestos para el próximo año",
                  "El Consejo de Ministros aprobó los presupuestos generales. La oposición criticó el aumento del gasto público."),
    "es-floods": ("es", "Las lluvias torrenciales inundan varias calles de Valencia",
                  "Una fuerte tormenta dejó inundaciones en el centro de la ciudad. Los servicios de emergencia "
                  "rescataron a varios vecinos."),
    "ru-mayor": ("ru", "В Москве прошли выборы мэра",
                 "Жители столицы проголосовали на выборах мэра. Явка составила почти сорок процентов, сообщила "
                 "избирательная комиссия."),
    "ru-fuel": ("ru", "Цены на бензин снова выросли",
                "Стоимость топлива на заправках выросла третью неделю подряд. Правительство обсуждает меры по сдерживанию цен."),
    "tr-istanbul": ("tr", "İstanbul'da yerel seçimler için hazırlıklar sürüyor",
                    "Yüksek Seçim Kurulu, İstanbul'daki seçimlerin takvimini açıkladı. Partiler adaylarını önümüzdeki "
                    "hafta duyuracak."),
    "tr-rates": ("tr", "Merkez Bankası faiz oranını sabit tuttu",
                 "Merkez Bankası, politika faizini yüzde kırk beşte sabit bıraktı. Ekonomistler kararın piyasalarda "
                 "olumlu karşılandığını belirtti."),
    "ar-election": ("ar", "الانتخابات الرئاسية تنطلق الأسبوع المقبل",
                    "أعلنت اللجنة العليا للانتخابات أن التصويت في الانتخابات الرئاسية سيبدأ يوم الأحد. "
                    "ويتنافس في الانتخابات خمسة مرشحين."),
    "ar-oil": ("ar", "ارتفاع أسعار النفط في الأسواق العالمية",
               "ارتفعت أسعار النفط بنسبة ثلاثة في المئة بعد قرار خفض الإنتاج. وقال محللون إن الأسعار قد تواصل الصعود."),
    # Irregular forms that only a dictionary lemma joins (starb/sterben, half/helfen, iront/aller,
    # hizo/hacer, людей/человек, أهداف/هدف).
    "de-obituary": ("de", "Früherer Bürgermeister starb mit 90 Jahren",
                    "Der Politiker regierte die Stadt zwei Jahrzehnte lang. Er half bis zuletzt dem örtlichen Sportverein."),
    "de-clinic": ("de", "Weniger Menschen sterben an der Grippe",
                  "Die Kliniken helfen älteren Patienten mit einer kostenlosen Impfung."),
    "fr-summit": ("fr", "Les ministres iront à Bruxelles mardi",
                  "Ils négocieront le budget européen avec leurs partenaires."),
    "es-speech": ("es", "El alcalde hizo un anuncio sobre el transporte",
                  "Dijo que los autobuses serán gratuitos durante el verano."),
    "ru-protest": ("ru", "Тысячи людей вышли на площадь",
                   "Горожане требовали снизить тарифы на отопление."),
    "ar-plan": ("ar", "الحكومة تعلن أهداف الخطة الجديدة",
                "أوضح الوزير أن الخطة تسعى إلى خفض البطالة خلال عامين."),
    "en-vote": ("en", "Voters head to the polls in the state elections",
                "Polling stations opened early as voters queued to elect a new state assembly."),
    "hi-vote": ("hi", "राज्य में चुनाव के लिए मतदान शुरू",
                "राज्य विधानसभा चुनाव के लिए सुबह से मतदान केंद्रों पर लंबी कतारें लगी रहीं।"),
}


def url(name: str) -> str:
    return f"https://{name.split('-')[0]}.example/{name}"


def records() -> list[dict]:
    return [record(url(name), title, body, language=language, source=f"{language} news")
            for name, (language, title, body) in ARTICLES.items()]
