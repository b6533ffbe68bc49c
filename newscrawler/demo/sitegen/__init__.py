"""Generator of the demo site (``python -m newscrawler.demo.sitegen``); not used at crawl time.

Run it after editing ``articles.txt`` or the templates, and commit its output in
``newscrawler/demo/site/`` together with the change.
"""
