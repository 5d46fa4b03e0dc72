"""How well natural-language queries are understood (`cinemai eval queries`)."""
