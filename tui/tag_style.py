"""How tags and block kinds look in the article pane and the sidebar: Rich styles only.

Tag colours are RGB. Textual turns the 16 ANSI names into its theme's RGB and a
16-colour terminal then gets the nearest of its own colours, which made yellow come
out red. These values are picked so that in 16 colours each lands on the bright ANSI
colour of the same name (checked in tests/test_app_terminal.py), and in 256 or true
colour they read as that hue with black text on top, in dark and light themes.
"""

from __future__ import annotations

from rich.style import Style

TAG_RGB = {
    "black": "#303030", "red": "#d75f5f", "green": "#5fd75f", "yellow": "#e8d44d",
    "blue": "#5f87d7", "magenta": "#d75fd7", "cyan": "#5fd7d7", "white": "#d0d0d0",
    "bright_black": "#6c6c6c", "bright_red": "#ff6e6e", "bright_green": "#87ff87",
    "bright_yellow": "#ffff87", "bright_blue": "#5f87ff", "bright_magenta": "#ff87ff",
    "bright_cyan": "#87ffff", "bright_white": "#ffffff",
}
_DARK_BACKGROUNDS = {"black", "bright_black"}

KIND_STYLES = {
    "title": Style(bold=True, underline=True),
    "standfirst": Style(italic=True),
    "heading": Style(bold=True),
    "blockquote": Style(italic=True),
    "code": Style(dim=True),
    "list_item": Style(),
    "furniture": Style(dim=True, italic=True),
    "body": Style(),
}
INLINE_STYLES = {
    "bold": Style(bold=True),
    "italic": Style(italic=True),
    "code": Style(dim=True, bold=True),
    "link": Style(underline=True),
}
PREFIX_STYLE = Style(dim=True)
CURSOR_STYLE = Style(reverse=True)
SELECTION_STYLE = Style(reverse=True, bold=True)
MATCH_STYLE = Style(underline=True, bold=True)
CURRENT_MATCH_STYLE = Style(bgcolor="bright_white", color="black", bold=True)
OVERLAP_STYLE = Style(underline=True, bold=True)


def tag_rgb(color: str) -> str:
    return TAG_RGB.get(color, color)


def tag_fill(color: str) -> Style:
    fg = "#ffffff" if color in _DARK_BACKGROUNDS else "#000000"
    return Style(bgcolor=tag_rgb(color), color=fg)


def tag_underline(color: str, light: bool = False) -> Style:
    """A suggestion: underlined text in the tag colour, dimmed. On a light background
    dimming a light colour (yellow) leaves it unreadable, so there it is darkened instead."""
    rgb = tag_rgb(color)
    if not light:
        return Style(color=rgb, underline=True, dim=True)
    if len(rgb) == 7 and rgb.startswith("#"):
        r, g, b = (int(rgb[i:i + 2], 16) * 11 // 20 for i in (1, 3, 5))
        rgb = f"#{r:02x}{g:02x}{b:02x}"
    return Style(color=rgb, underline=True)


def tag_chip(color: str) -> Style:
    """A tag's letter in the gutter: on its colour, so it reads in both themes."""
    return tag_fill(color) + Style(bold=True)
