"""Article extraction from (url, html): body, metadata, language, page kind. Never imports Scrapy."""

from newscrawler.extraction.article import ExtractedArticle, extract_article
from newscrawler.extraction.version import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION", "ExtractedArticle", "extract_article"]
