"""The weight real pages carry around their article: inline theme CSS, a script with the
site's configuration, an SVG icon sprite and a footer.

A real page of these sources is tens of kilobytes of HTML, most of it not the article:
WordPress and DNN themes inline their critical CSS, menus and translations as JSON, and
an icon sprite. The HTTP Archive's Web Almanac (2024, page weight chapter) puts the
median HTML document at about 18 KB as transferred (compressed). Replica pages without
that weight are about 2 KB compressed, which makes every per-record overhead of the
archive (ids, digests, headers) look ten times larger than it is on the real sites.

`chrome(key)` returns the pieces for one site template, the same bytes on every page of
that template and in every round (as a theme is), built from a generator seeded by the
key so the text has the variety of real CSS, JSON and path data: it compresses about as
well as the real thing (roughly 4:1), not like repeated filler. Everything is inline (a
browser render fetches nothing more), hidden or in the footer, outside `<main>`, with no
links to the site itself (the crawl follows nothing new) and no prose (parsers and text
extraction see nothing of it).
"""
from __future__ import annotations

import functools
import json
import random
from dataclasses import dataclass

# Component and property vocabularies of theme CSS; no words a parser looks for.
_BLOCKS = ("header", "nav", "menu", "item", "link", "logo", "search", "toggle", "drawer",
           "card", "teaser", "grid", "col", "row", "btn", "icon", "badge", "tabs", "panel",
           "modal", "overlay", "hero", "byline", "meta", "tag", "share", "footer", "widget",
           "sidebar", "pager", "crumbs", "media", "figure", "caption", "form", "input",
           "label", "dropdown", "submenu", "banner", "notice", "skip", "wrapper", "inner")
_MODS = ("active", "open", "dark", "light", "sm", "md", "lg", "xl", "primary", "secondary",
         "sticky", "hidden", "visible", "rtl", "compact", "wide", "muted", "accent")
_PROPS = ("margin", "padding", "font-size", "line-height", "width", "max-width", "height",
          "top", "left", "right", "bottom", "gap", "border-radius", "letter-spacing")
_KEYWORDS = {"display": ("flex", "block", "none", "inline-block", "grid", "inline-flex"),
             "position": ("relative", "absolute", "fixed", "sticky"),
             "text-align": ("left", "center", "right", "start"),
             "font-weight": ("400", "500", "600", "700"),
             "overflow": ("hidden", "auto", "visible"),
             "justify-content": ("space-between", "center", "flex-start", "flex-end"),
             "align-items": ("center", "flex-start", "stretch", "baseline")}
_UNITS = ("px", "rem", "em", "%", "vw")
_LABEL_SYLLABLES = ("ka", "ro", "mi", "ten", "sa", "lo", "ve", "dan", "ri", "po", "nu", "sel",
                    "ta", "mor", "li", "ga", "be", "fin", "do", "ce")


@dataclass(frozen=True)
class Chrome:
    head: str    # inside <head>: the theme's inline CSS and configuration script
    top: str     # first in <body>: the icon sprite
    footer: str  # last in <body>


def _css(rng: random.Random, prefix: str, rules: int) -> str:
    palette = [f"#{rng.randrange(0x1000000):06x}" for _ in range(14)]
    scale = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 8, 12, 16, 24, 32, 48]
    out = []
    for i in range(rules):
        block = rng.choice(_BLOCKS)
        sel = f".{prefix}-{block}"
        if rng.random() < 0.6:
            sel += f"__{rng.choice(_BLOCKS)}"
        if rng.random() < 0.4:
            sel += f"--{rng.choice(_MODS)}"
        if rng.random() < 0.3:
            sel += rng.choice((":hover", ":focus", " > a", " svg", "::before", ":not(:last-child)"))
        decls = []
        for _ in range(rng.randint(2, 6)):
            if rng.random() < 0.35:
                prop = rng.choice(tuple(_KEYWORDS))
                decls.append(f"{prop}:{rng.choice(_KEYWORDS[prop])}")
            elif rng.random() < 0.3:
                decls.append(rng.choice(("color", "background-color", "border-color", "fill"))
                             + f":{rng.choice(palette)}")
            else:  # themes size things on a scale, with the odd one-off value
                value = rng.choice(scale) if rng.random() < 0.7 else round(rng.uniform(0, 48), 2)
                decls.append(f"{rng.choice(_PROPS)}:{value:g}{rng.choice(_UNITS)}")
        rule = f"{sel}{{{';'.join(decls)}}}"
        if i % 23 == 22:
            rule = f"@media (min-width:{rng.choice((480, 768, 992, 1200))}px){{{rule}}}"
        out.append(rule)
    return "".join(out)


def _label(rng: random.Random) -> str:
    return "".join(rng.choice(_LABEL_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _config(rng: random.Random, prefix: str, entries: int) -> str:
    """The JSON a theme prints for its scripts: menu ids, translation keys, build hashes."""
    menu = [{"id": rng.randrange(10_000, 99_999), "slug": _label(rng).lower(),
             "order": i, "parent": rng.choice((0, 0, rng.randrange(10_000, 99_999))),
             "classes": [f"{prefix}-{rng.choice(_BLOCKS)}" for _ in range(rng.randint(1, 3))]}
            for i in range(entries)]
    strings = {f"{rng.choice(_BLOCKS)}_{rng.choice(_MODS)}_{i}": _label(rng) for i in range(entries)}
    assets = {f"{rng.choice(_BLOCKS)}.{rng.getrandbits(32):08x}": f"{rng.getrandbits(64):016x}"
              for _ in range(entries // 2)}
    config = {"theme": prefix, "version": f"{rng.randint(1, 9)}.{rng.randint(0, 30)}",
              "menu": menu, "strings": strings, "assets": assets}
    return f"window.__{prefix}Config={json.dumps(config, separators=(',', ':'))};"


def _sprite(rng: random.Random, prefix: str, icons: int) -> str:
    symbols = []
    for i in range(icons):
        x, y = rng.uniform(2, 22), rng.uniform(2, 22)
        path = [f"M{x:.2f} {y:.2f}"]
        for _ in range(rng.randint(8, 30)):
            path.append(f"{rng.choice('clsqLC')}{rng.uniform(-12, 12):.1f} {rng.uniform(-12, 12):.1f}"
                        f" {rng.uniform(-12, 12):.1f} {rng.uniform(-12, 12):.1f}")
        symbols.append(f'<symbol id="{prefix}-icon-{i}" viewBox="0 0 24 24">'
                       f'<path d="{"".join(path)}z"/></symbol>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true" style="display:none">'
            + "".join(symbols) + "</svg>")


@functools.cache
def chrome(key: str) -> Chrome:
    """The chrome of the site template `key` (seeded by it: stable across calls and runs)."""
    rng = random.Random(f"civcas-replica-chrome:{key}")
    prefix = "".join(ch for ch in key.lower() if ch.isalnum())[:6] or "site"
    css = _css(rng, prefix, rng.randint(330, 400))
    config = _config(rng, prefix, rng.randint(80, 110))
    sprite = _sprite(rng, prefix, rng.randint(22, 30))
    head = f'<style id="{prefix}-critical-css">{css}</style>\n<script>{config}</script>'
    footer = (f'<div class="{prefix}-footer__legal" aria-hidden="true">'
              f'<svg class="{prefix}-icon"><use href="#{prefix}-icon-0"></use></svg></div>')
    return Chrome(head=head, top=sprite, footer=footer)
