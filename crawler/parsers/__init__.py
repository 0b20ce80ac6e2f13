"""Pure parsers: text (or PDF bytes) in, rows out. No network, no store, no Scrapy.

A parser that cannot read a page raises `ParseFailure` with a reason a person can act
on; it never guesses a number (unknown stays None).
"""


class ParseFailure(ValueError):
    """The page was stored, but its tables could not be read from it."""
