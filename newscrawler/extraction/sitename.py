"""What a site calls itself, to tell it apart from a headline's words or an author's name.

Titles end in the site's name ("Story | Daily Planet") and bylines often give the
site instead of a person ("By Daily Planet"); both modules ask here.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_WORD = re.compile(r"\w+")
# Host labels that name a service, not the publisher ("news.example.com", "www.example.co.uk").
_GENERIC_LABELS = frozenset({"www", "www2", "news", "amp", "mobile", "edition", "english", "hindi", "beta", "home",
                             "co", "com", "org", "net", "gov", "ac", "edu", "m"})
_SHORT = 3  # a host label this short (faz, nzz, bbc) names the site only spelt out or as the initials


def norm(text: str) -> str:
    """Lower-case words only: "Daily-Planet.com" and "daily planet com" compare equal."""
    return " ".join(_WORD.findall(text.casefold()))


def site_names(site_name: str | None, url: str) -> set[str]:
    """Normalised names the site may go by: its declared name and the distinctive labels of its host."""
    names = {norm(site_name)} if site_name else set()
    labels = (urlsplit(url).hostname or "").split(".")[:-1]  # the last label is the TLD
    names.update(label for label in labels if len(label) >= 2 and not label.isdigit() and label not in _GENERIC_LABELS)
    names.discard("")
    return names


def is_site_name(text: str, names: set[str]) -> bool:
    """Whether ``text`` is one of ``names``, possibly with a word more ("ETV Bharat English", "STERN.de")."""
    normed = norm(text)
    squashed = normed.replace(" ", "")
    if len(squashed) < 3:
        return False
    words = normed.split()
    for name in names:
        name_squashed = name.replace(" ", "")
        if squashed == name_squashed:
            return True
        if len(name_squashed) <= _SHORT:
            # "Frankfurter Allgemeine Zeitung" on faz.net, "Neue Zürcher Zeitung" on nzz.ch
            if len(words) == len(name_squashed) and "".join(w[0] for w in words) == name_squashed:
                return True
            continue
        if name.startswith(normed + " s "):
            continue  # "Jane Doe's Blog": the site is named after its author, who is a person
        # "ETV Bharat English" for site "ETV Bharat"; "ETV" for host etvbharat.com
        if len(name_squashed) > 3 and len(normed.split()) <= 5 and (name in normed or squashed in name_squashed):
            return True
    return False
