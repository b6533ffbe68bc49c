"""De-duplication without Scrapy: URL identity, exact text fingerprints, near-duplicate stories.

``urls`` tells which URLs name the same article, ``fingerprint`` which bodies are
the same text, ``near`` which texts are copies of the same story (syndication,
edits, truncation). The dedupe pipeline is the only caller that knows Scrapy.
"""
