"""The web pages of ``newsgraph serve``: templates, static files and SVG charts."""
