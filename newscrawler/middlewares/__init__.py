"""Downloader and spider middlewares for cron-grade crawling; each is listed in settings and can be switched off."""
