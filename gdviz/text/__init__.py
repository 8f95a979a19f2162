"""Translation tables, one module per page plus ``common``: ``TEXT = {key: (english, chinese)}``."""
