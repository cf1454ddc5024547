"""The report's charts: matplotlib, rendered to SVG and put inline in the page.

Why matplotlib: it is a plain pip dependency (no Node at report time), has the heat map
built in, and writes SVG whose glyphs are paths, so the Chinese labels render on a machine
without a CJK font and the page needs no script and no network. Charts carry both
languages in their labels (there is no switch inside an image); their titles are in the page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager

from walkthrough.report.names import both

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

PASS, FAIL, TARGET, LINE, WEIGHTED, OTHER = ("#2e7d32", "#c62828", "#555555", "#1565c0",
                                             "#6a1b9a", "#9e9e9e")
CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC",
             "Microsoft YaHei", "SimHei", "PingFang SC")
# red below the target, amber near it, green at it: the colour says the verdict
HEAT = LinearSegmentedColormap.from_list("compliance", ["#c62828", "#f9a825", "#2e7d32"])


def _style() -> dict[RcKeyType, Any]:
    installed = {f.name for f in fontManager.ttflist}
    cjk = [f for f in CJK_FONTS if f in installed]
    # the CJK font first: matplotlib's glyph fallback does not reach SVG paths everywhere
    return {"font.family": "sans-serif", "font.sans-serif": [*cjk, "DejaVu Sans"],
            "font.size": 9, "svg.fonttype": "path", "axes.spines.top": False,
            "axes.spines.right": False, "axes.titlesize": 10}


def cjk_font_found() -> bool:
    installed = {f.name for f in fontManager.ttflist}
    return any(f in installed for f in CJK_FONTS)


def _svg(fig: Figure, name: str) -> str:
    buffer = io.StringIO()
    FigureCanvasSVG(fig)
    with rc_context({"svg.hashsalt": name}):  # ids stay apart between charts on one page
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    text = text[text.index("<svg"):]  # drop the XML prolog and doctype: it goes inline
    return re.sub(r"<metadata>.*?</metadata>", "", text, count=1, flags=re.S)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _or_nan(value: float | None) -> float:
    """A cell not walked: left blank by the heat map."""
    return float("nan") if value is None else value


def bars(values: dict[str, float | None], target: float, name: str) -> str:
    """Horizontal bars of compliance, one per name, against the target line."""
    labels = list(values)
    with rc_context(_style()):
        fig = Figure(figsize=(4.6, 0.42 * max(len(labels), 1) + 0.7))
        ax = fig.add_subplot()
        given = [values[k] for k in labels]
        shown = [0.0 if v is None else v for v in given]
        colors = [OTHER if v is None else PASS if v >= target else FAIL for v in given]
        y = list(range(len(labels)))[::-1]
        ax.barh(y, [v * 100 for v in shown], color=colors, height=0.6, gid=f"{name}-bars")
        ax.axvline(target * 100, color=TARGET, linestyle="--", linewidth=1)
        ax.set_yticks(y, [both(k) for k in labels])
        ax.set_xlim(0, 112)
        ax.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100%"])
        for yy, key in zip(y, labels, strict=True):
            ax.text((values[key] or 0) * 100 + 1.5, yy, _pct(values[key]), va="center",
                    fontsize=8)
        ax.tick_params(axis="y", length=0)
        return _svg(fig, name)


def heatmap(heat: dict[str, dict[str, float | None]], stages: Sequence[str],
            target: float) -> str:
    """Product line × stage: each cell's compliance, coloured by how far from the target."""
    lines = list(heat)
    with rc_context(_style()):
        fig = Figure(figsize=(6.2, 0.55 * max(len(lines), 1) + 1.0))
        ax = fig.add_subplot()
        grid = [[_or_nan(heat[line][s]) for s in stages] for line in lines]
        # the colour scale runs from 30 points under the target to 100 %: what matters is
        # near the target, and everything far below is simply red
        ax.imshow(grid, cmap=HEAT, vmin=max(target - 0.3, 0), vmax=1.0, aspect="auto",
                  gid="heatmap-cells")
        ax.set_xticks(range(len(stages)), [both(s, "\n") for s in stages])
        ax.set_yticks(range(len(lines)), [both(line) for line in lines])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        for i, line in enumerate(lines):
            for j, stage in enumerate(stages):
                value = heat[line][stage]
                ax.text(j, i, _pct(value) if value is not None else "未穿越\nnot walked",
                        ha="center", va="center", fontsize=8,
                        color="white" if value is not None else "#616161")
        return _svg(fig, "heatmap")


def trend(points: list[dict[str, Any]], target: float) -> str:
    """Compliance and weighted compliance over the past runs, against the target."""
    with rc_context(_style()):
        fig = Figure(figsize=(11, 2.6))
        ax = fig.add_subplot()
        x = list(range(len(points)))
        plain = [p["compliance"] * 100 if p["compliance"] is not None else float("nan")
                 for p in points]
        weighted = [p["weighted"] * 100 if p["weighted"] is not None else float("nan")
                    for p in points]
        ax.plot(x, weighted, color=WEIGHTED, linestyle=":", marker="s", markersize=3,
                label="加权 weighted", gid="trend-weighted")
        ax.plot(x, plain, color=LINE, marker="o", markersize=5, label="达标率 compliance",
                gid="trend-compliance")
        incomplete = [i for i, p in enumerate(points) if not p["complete"]]
        if incomplete:
            ax.plot(incomplete, [plain[i] for i in incomplete], linestyle="none", marker="o",
                    markersize=9, markerfacecolor="none", markeredgecolor=FAIL,
                    label="未完成 incomplete")
        ax.axhline(target * 100, color=TARGET, linestyle="--", linewidth=1,
                   label=f"目标 target {target * 100:.0f}%")
        ticks = [p["started"].strftime("%m-%d %H:%M") + (f"\n{p['release']}" if p["release"]
                                                         else "") for p in points]
        step = max(len(points) // 12, 1)  # at most a dozen labels stay readable
        ax.set_xticks(x[::step], ticks[::step], fontsize=7)
        low = min([v for v in plain + weighted if v == v] + [target * 100])
        ax.set_ylim(max(min(low - 5, 90), 0), 101)
        ax.set_ylabel("%")
        ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
        ax.legend(loc="lower left", fontsize=7, frameon=False, ncol=4)
        return _svg(fig, "trend")


def comparison(rows: list[dict[str, Any]], a: str, b: str, target: float) -> str:
    """Two runs' compliance side by side, overall and by stage."""
    shown = [r for r in rows if r["dimension"] in ("overall", "by_stage")]
    labels = [("达标率 overall" if r["name"] == "compliance" else "加权 weighted")
              if r["dimension"] == "overall" else both(r["name"]) for r in shown]
    with rc_context(_style()):
        fig = Figure(figsize=(5.2, 0.36 * len(shown) + 0.9))
        ax = fig.add_subplot()
        y = list(range(len(shown)))[::-1]
        for offset, key, color, label in ((0.2, "a", LINE, a), (-0.2, "b", OTHER, b)):
            values = [(r[key] or 0) * 100 for r in shown]
            ax.barh([v + offset for v in y], values, height=0.38, color=color, label=label,
                    gid=f"compare-{key}")
            for yy, r in zip(y, shown, strict=True):
                ax.text((r[key] or 0) * 100 + 1, yy + offset, _pct(r[key]), va="center",
                        fontsize=7)
        ax.axvline(target * 100, color=TARGET, linestyle="--", linewidth=1)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 115)
        ax.tick_params(axis="y", length=0)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), fontsize=7, frameon=False,
                  ncol=2)
        return _svg(fig, "comparison")
