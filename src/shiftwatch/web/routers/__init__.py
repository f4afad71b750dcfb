"""Routers by resource: the JSON API (``api_*``) and the HTML pages (``pages``)."""
