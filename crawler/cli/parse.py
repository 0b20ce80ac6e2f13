"""`civcas parse`: one document's rows and checks, with no crawl and no store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.cli.common import UserError, _default_config
from crawler.config import ConfigError, load_config


@click.command("parse")
@click.argument("target", metavar="PATH|URL")
@click.option("--kind", required=True, metavar="KIND",
              help="The document's kind: civcas_report, strike_release, news_release, "
                   "monitor_post, news_article, incident, or auto (decided from the content).")
@click.option("--published", metavar="DATE",
              help="The publication date (YYYY-MM-DD) the parser dates the text by; "
                   "default: the one the page gives, if any.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Plain tables or JSON.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              default=_default_config,
              help="A sources file merged over the shipped one (for the User-Agent).")
def parse_command(target, kind, published, fmt, config_file):
    """Parse one document (an HTML, PDF or text file, or a URL fetched once with the
    crawl's User-Agent) and print the rows its kind's parser reads and the checks of
    those rows against the figures the document prints. Nothing is archived or stored.

    Exits 0 when the rows were read, 1 when the parser read none, 2 on a usage error (a
    missing file, an unknown kind, a bad date, an unreadable document).
    """
    from crawler.reading import parse_one

    if kind != "auto" and kind not in parse_one.KINDS:
        raise UserError(f"unknown kind {kind!r}: use one of {', '.join(parse_one.KINDS)} or auto")
    try:
        published = parse_one.check_date(published)
        if parse_one.is_url(target):
            from crawler.runtime.settings import _user_agent

            try:
                crawl = load_config(config_file).crawl
            except ConfigError as exc:
                raise UserError(str(exc)) from exc
            body, ctype = parse_one.fetch(target, _user_agent(crawl), crawl.timeout)
        else:
            body, ctype = parse_one.read_file(Path(target))
        doc = parse_one.document(target, body, ctype)
    except parse_one.InputError as exc:
        raise UserError(str(exc)) from exc
    if kind == "auto":
        kind = parse_one.kind_of(doc)
    parsed = parse_one.parse(doc, kind, published)
    if fmt == "json":
        click.echo(json.dumps(parse_one.as_json(parsed, doc), indent=2, ensure_ascii=False))
    else:
        click.echo(parse_one.as_table(parsed, doc))
    if parsed.failure:
        click.echo(f"civcas parse: no rows read: {parsed.failure}", err=True)
        sys.exit(1)
