"""The crawler's one spider lives in news.py."""
