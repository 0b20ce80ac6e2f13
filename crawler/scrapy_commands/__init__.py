"""Commands of the `scrapy` tool for this project (scrapy.cfg -> COMMANDS_MODULE)."""
