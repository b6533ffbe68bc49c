"""Notices a page shows instead of (or over) its story: cookie consent, paywall, reprint terms.

An extractor that finds no story keeps whatever prose is left, and on a paywalled or
consent-gated page that is the notice. Such a body is worse than none: it is indexed,
deduplicated across every page of the site and shown as the article. The patterns
describe the notice's wording in the languages news sites use most, never a site.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_NOTICE = re.compile(
    "|".join((
        # consent
        r"\bcookies?\b.{0,80}\b(consent|accept|agree|use|settings|preferences|policy|zustimm|einwillig|akzept|verwend)",
        r"\b(we|wir|nous)\b.{0,40}\b(use|verwenden|nutzen|utilisons)\b.{0,40}\b(cookies?|tracking|technolog)",
        r"\b(accept|agree|zustimmen|akzeptieren|accepter)\b.{0,30}\b(all|alle|tout)\b",
        r"\b(privacy|datenschutz)\s*(policy|settings|einstellungen|erklärung|hinweise)\b",
        r"\bmanage\b.{0,20}\b(consent|cookies|privacy)\b",
        # paywall
        r"\b(subscribe|subscription|subscriber|abonnieren|abonnement|abonnent|abo\b|s'abonner|abonné|suscr[ií]b)",
        r"\b(to continue reading|continue reading|weiterlesen|lire la suite|seguir leyendo)\b",
        r"\b(already (a )?(subscriber|member)|log ?in|sign ?in|anmelden|einloggen|se connecter)\b",
        r"\b(exclusive|only available|reserved|nur für|réservé)\b.{0,40}\b(subscribers|members|abonnenten|abonnés|plus)\b",
        r"\bpaywall\b",
        # reprint terms
        r"\b(reprints?|republish|republication|syndication|nachdruck|reproduction)\b.{0,60}\b(permission|rights|"
        r"licen[cs]|genehmigung|prohibited|untersagt|interdite|request)",
        r"\b(this (article|story|content)|dieser (artikel|beitrag))\b.{0,60}\b(originally|first|ursprünglich)?\s*"
        r"(published|appeared|reproduced|reprinted|erschienen)\b",
        # script gates
        r"\b(enable|activate|aktivieren)\b.{0,30}\bjavascript\b",
    )),
    re.IGNORECASE,
)
_NOTICE_SHARE = 0.6  # a body whose words are this much notice is a notice
_NOTICE_MAX_WORDS = 150  # longer bodies are stories that mention subscriptions or cookies


def is_notice_line(line: str) -> bool:
    return bool(_NOTICE.search(line))


def is_notice(paragraphs: list[str]) -> bool:
    """Whether a short body is mostly consent, paywall or reprint wording."""
    words = [len(_WORD.findall(p)) for p in paragraphs]
    total = sum(words)
    if not total or total > _NOTICE_MAX_WORDS:
        return False
    notice = sum(n for p, n in zip(paragraphs, words) if is_notice_line(p))
    return notice >= _NOTICE_SHARE * total
