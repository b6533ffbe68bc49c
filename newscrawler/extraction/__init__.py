"""Article extraction from (url, html): body, metadata, language, page kind. Never imports Scrapy."""

from newscrawler.extraction.article import ExtractedArticle, extract_article

__all__ = ["ExtractedArticle", "extract_article"]
