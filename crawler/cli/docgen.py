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
    fixed = {"terminal_width": 100, "help_option_names": ["-h", "--help"]}
    ctx = click.Context(main, info_name="civcas", **fixed)
    out += ["## civcas", "", "```", main.get_help(ctx), "```", ""]
    for name in sorted(main.list_commands(ctx)):
        command = main.get_command(ctx, name)
        sub = click.Context(command, info_name=name, parent=ctx, **fixed)
        out += [f"## civcas {name}", "", "```", command.get_help(sub), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(cli_reference(), end="")
