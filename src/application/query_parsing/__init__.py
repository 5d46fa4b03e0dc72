"""The local query parser's parts: word tables (words, phrases), the token scanner, the rules for
times (spans) and for everything else (rules). The parser itself is src/application/query_parser.py."""
