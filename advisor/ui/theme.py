"""Theme and CSS of the Gradio app: system Japanese fonts, brand colour, readable contrast.

No web fonts: ``gr.themes.GoogleFont`` would make every visitor's browser fetch from Google, which
breaks offline installations and leaks visits to a third party. Plain font names make the browser
use whatever Japanese font the device has (Hiragino on Apple, Yu Gothic/Meiryo on Windows, Noto
Sans CJK on Android/Linux).
"""

from __future__ import annotations

import re

import gradio as gr

from advisor.config import Settings

JP_FONTS: tuple[str, ...] = (
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Yu Gothic UI",
    "Yu Gothic",
    "Meiryo",
    "system-ui",
    "sans-serif",
)
MONO_FONTS: tuple[str, ...] = ("ui-monospace", "Menlo", "Consolas", "Noto Sans Mono CJK JP", "monospace")

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_PRIMARY = "#1d4f91"


def safe_color(value: str, default: str = DEFAULT_PRIMARY) -> str:
    """A #rrggbb colour or the default: brand colours end up inside CSS, so nothing else passes."""
    return value if _HEX.match(value or "") else default


def _luminance(hex_color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """White or near-black text, whichever reads better on the background."""
    return "#ffffff" if contrast_ratio(background, "#ffffff") >= contrast_ratio(background, "#111827") else "#111827"


def brand_primary(settings: Settings) -> str:
    """The brand colour if white text on it meets WCAG AA (4.5:1); otherwise the default blue.

    Primary buttons carry white text, so a light prefectural colour would make them unreadable.
    """
    color = safe_color(settings.brand_primary_color)
    return color if contrast_ratio(color, "#ffffff") >= 4.5 else DEFAULT_PRIMARY


def build_theme(settings: Settings) -> gr.themes.Base:
    primary = brand_primary(settings)
    theme = gr.themes.Default(
        primary_hue="blue",
        neutral_hue="slate",
        font=list(JP_FONTS),
        font_mono=list(MONO_FONTS),
    )
    # Default primary buttons are blue-500 with white text (3.7:1, below WCAG AA); use the brand
    # colour, which brand_primary() guarantees to reach 4.5:1 with white.
    return theme.set(
        button_primary_background_fill=primary,
        button_primary_background_fill_hover=primary,
        button_primary_text_color="#ffffff",
        button_primary_border_color=primary,
        input_placeholder_color="*neutral_500",
        link_text_color=primary,
        link_text_color_visited=primary,
        body_text_color_subdued="*neutral_600",
        block_info_text_color="*neutral_600",
    )


CSS = """
/* Readable Japanese: a little more line height than Latin defaults. */
.gradio-container { line-height: 1.7; }
.ax-header h1 { font-size: 1.5rem; margin: 0.2em 0; }
.ax-header p { margin: 0; }
.ax-muted { color: #475569; font-size: 0.92rem; }
.ax-cite-list { list-style: none; padding: 0; margin: 0; }
.ax-cite { border-left: 4px solid var(--ax-primary); padding: 0.4em 0.8em; margin: 0 0 0.8em 0; background: #f8fafc; }
.ax-cite .ax-cite-head { font-weight: 600; }
.ax-cite .ax-cite-meta { color: #475569; font-size: 0.88rem; }
.ax-cite blockquote { margin: 0.3em 0 0 0; padding: 0; white-space: pre-wrap; color: #1e293b; }
.ax-cards { display: grid; gap: 0.8em; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
.ax-card { border: 1px solid #cbd5e1; border-radius: 8px; padding: 0.7em 0.9em; background: #ffffff; }
.ax-card h4 { margin: 0 0 0.3em 0; font-size: 1rem; }
.ax-badge { display: inline-block; border-radius: 999px; padding: 0 0.6em; font-size: 0.85rem; font-weight: 600; }
.ax-round { display: inline-block; font-size: 0.8rem; color: #334155; margin-left: 0.3em; }
.ax-round[data-round-status='締切済み'] { color: #9a3412; }
.ax-fit { background: #dcfce7; color: #14532d; }
.ax-needs_info { background: #fef3c7; color: #713f12; }
.ax-no_fit { background: #e2e8f0; color: #1e293b; }
.ax-card ul { padding-left: 1.2em; margin: 0.3em 0; }
.ax-card details summary { cursor: pointer; color: var(--ax-primary); }
.ax-evidence { color: #475569; font-size: 0.85rem; }
.ax-notice { color: #713f12; font-size: 0.88rem; }
.ax-card[data-recommended="1"] { border-color: var(--ax-primary); border-width: 2px; }
.ax-why { margin: 0.3em 0; font-size: 0.92rem; }
.ax-big table { font-size: 1.2rem; }
.ax-table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
.ax-table th, .ax-table td { border: 1px solid #cbd5e1; padding: 0.3em 0.5em; text-align: left; vertical-align: top; font-size: 0.92rem; }
.ax-table caption { text-align: left; font-weight: 600; }
.ax-code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 1.4rem; letter-spacing: 0.15em; }
/* Phones: the side panels go below the chat (Gradio rows wrap by min_width). */
.ax-h2 { font-size: 1.2rem; margin: 0.2em 0; }
/* Long answers cite many passages: the panels scroll instead of pushing the page on a phone. */
#ax-citations-panel, #ax-cards-panel { max-height: 75vh; overflow-y: auto; }
@media (max-width: 640px) {
  .ax-header h1 { font-size: 1.2rem; }
  /* Five short tab labels fit a 360px phone without the overflow menu. */
  #ax-tabs > .tab-wrapper button[role="tab"] { padding-left: 0.45em; padding-right: 0.45em; }
}
"""


def css_for(settings: Settings) -> str:
    return f":root {{ --ax-primary: {brand_primary(settings)}; }}\n{CSS}"


# Gradio's page says lang="en"; screen readers then read Japanese with an English voice.
JS_SET_LANG = "() => { document.documentElement.lang = 'ja'; }"
