"""IPTC ninjs 2.2 (News in JSON), both ways: `export` makes an article a ninjs item for partners
and wire-style consumers, `parse` reads an agency's item into a story for the importer
(articles/ingest.py), and `schema` holds the standard's JSON Schema that both keep to."""

from articles.ninjs.export import to_ninjs

__all__ = ["to_ninjs"]
