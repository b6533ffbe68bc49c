"""De-duplication without Scrapy: exact text fingerprints, near-duplicate stories, the registry.

``fingerprint`` tells which bodies are the same text, ``near`` which texts are
copies of the same story (syndication, edits, truncation), ``registry`` what is
already stored. URL identity is ``search.urls`` (the CLI finds articles by it
too). The dedupe pipeline is the only caller that knows Scrapy.
"""
