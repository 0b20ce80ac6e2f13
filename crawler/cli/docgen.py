"""Write the command-line reference (docs/cli.md) from the commands' own --help, so the
docs cannot drift from the code: `python -m crawler.cli.docgen > docs/cli.md`."""

from __future__ import annotations

import click

from crawler.cli.app import main


def cli_reference() -> str:
    out = [
        "# Command-line reference",
        "",
        "Generated from `civcas COMMAND --help` by `python -m crawler.cli.docgen`; do not edit.",
        "",
    ]
    ctx = _context(main, "civcas")
    out += ["## civcas", "", "```", main.get_help(ctx), "```", ""]
    for name, command in sorted(main.commands.items()):
        sub = _context(command, name, parent=ctx)
        out += [f"## civcas {name}", "", "```", command.get_help(sub), "```", ""]
    return "\n".join(out)


def _context(command: click.Command, name: str, parent: click.Context | None = None) -> click.Context:
    """The same width and help options for every page, whatever the terminal."""
    return click.Context(command, info_name=name, parent=parent, terminal_width=100,
                         help_option_names=["-h", "--help"])


if __name__ == "__main__":
    print(cli_reference(), end="")
