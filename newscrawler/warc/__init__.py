"""Web archive (WARC, ISO 28500) support: capture what the crawl fetched, read archives back as a source."""
