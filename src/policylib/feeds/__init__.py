"""Feeds and discovery: Atom and RSS feeds, the sitemap, robots.txt and OpenSearch.

Everything here speaks to readers who are not signed in (feed readers, crawlers, a browser
adding a search engine), so everything here shows only what an anonymous reader may see.
"""
