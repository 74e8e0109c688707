"""bloc: query the facts of one news article about the Central Asian bloc."""

__version__ = "0.1.0"
