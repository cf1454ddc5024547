"""The walkthrough report as one self-contained HTML file: inline CSS, inline SVG charts, a
few lines of script for the language switch, and nothing fetched from anywhere."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from walkthrough.masking import mask_text
from walkthrough.report import charts, names
from walkthrough.report.data import ReportData
from walkthrough.standards import STAGES, Catalogue

PROBLEMS_FIRST = 12  # rows shown before the rest fold away: the page stays a two-minute read
DIMENSIONS = {"overall": ("总体", "overall"), "by_product_line": ("产品线", "product line"),
              "by_channel": ("渠道", "channel"), "by_stage": ("环节", "stage")}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _pp(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.1f} pp"


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("walkthrough.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(
        pct=_pct, pct0=lambda v: f"{v * 100:.0f} %", pp=_pp, when=_when,
        day=lambda v: v.strftime("%Y-%m-%d") if v else "—", mask=mask_text, zh=names.zh,
        en=names.en)
    return env


def _lead(d: ReportData, open_count: int) -> dict[str, str]:
    """The report in one sentence, for the manager who reads nothing else."""
    s = d.current.summary
    c = s["checkpoints"]
    comp = _pct(s["compliance"])
    target = f"{s['target'] * 100:.0f} %"
    if s["verdict"] == "pass":
        zh_v, en_v = f"达到目标 {target}", f"meeting the {target} target"
    elif s["verdict"] == "below target":
        zh_v, en_v = f"低于目标 {target}", f"below the {target} target"
        failed = [r["standard"] for r in s.get("rates", []) if r["verdict"] == "fail"]
        if failed and s["compliance"] is not None and s["compliance"] >= s["target"]:
            zh_v, en_v = (f"但比率类标准 {'、'.join(failed)} 未达标",
                          f"but the rate standard{'s' if len(failed) > 1 else ''} "
                          f"{', '.join(failed)} fail{'' if len(failed) > 1 else 's'}")
    elif s["verdict"] == "incomplete":
        zh_v, en_v = "但运行没有走完,没有结论", "but the run did not finish, so there is no verdict"
    else:
        zh_v = "但有环境或测试工具错误,结果不完整"
        en_v = "but the environment or the harness broke, so it is incomplete"
    owners: dict[str, int] = {}
    for p in d.problems:
        if p["status"] != "fixed":
            owners[p["department"]] = owners.get(p["department"], 0) + 1
    zh = (f"本次在 {s['walks']['total']} 次穿越中检查了 {c['total']} 个检查点,"
          f"达标率 {comp},{zh_v}。")
    walks = s["walks"]["total"]
    en = (f"This run made {c['total']} checkpoints in {walks} walk{'s' if walks != 1 else ''}: "
          f"compliance {comp}, {en_v}.")
    if open_count:
        who_zh = "、".join(f"{d.departments.get(k, {}).get('zh', k)} {n} 个"
                          for k, n in sorted(owners.items(), key=lambda x: -x[1]))
        who_en = ", ".join(f"{d.departments.get(k, {}).get('en', k)} {n}"
                           for k, n in sorted(owners.items(), key=lambda x: -x[1]))
        zh += f" 待整改问题 {open_count} 个({who_zh})"
        en += (f" {open_count} problem{'s await' if open_count != 1 else ' awaits'} "
               f"rectification ({who_en})")
        if d.overdue:
            zh += f",其中 {d.overdue} 个已逾期"
            en += f", {d.overdue} of them overdue"
        zh += "。"
        en += "."
    else:
        zh += " 没有待整改的问题。"
        en += " No problem awaits rectification."
    fixed_now = sum(1 for p in d.problems if p["status"] == "fixed"
                    and p["fixed_run"] == d.current.id)
    if fixed_now:
        zh += f" 本次验证已整改 {fixed_now} 个。"
        en += f" This run verified {fixed_now} fixed."
    return {"zh": zh, "en": en}


def make_charts(d: ReportData) -> dict[str, str]:
    """The SVG charts (the slow part of a report: made while Allure still works)."""
    s = d.current.summary
    target = s["target"]

    def rates(key: str) -> dict[str, float | None]:
        return {k: v["compliance"] for k, v in s[key].items()}

    made = {
        "by_product_line": charts.bars(rates("by_product_line"), target, "by-product-line"),
        "by_channel": charts.bars(rates("by_channel"), target, "by-channel"),
        "by_stage": charts.bars(rates("by_stage"), target, "by-stage"),
        "heatmap": charts.heatmap(d.heat, STAGES, target) if d.heat else "",
        "trend": charts.trend(d.trend, target) if d.trend else "",
        "comparison": "",
    }
    if d.comparison:
        made["comparison"] = charts.comparison(d.comparison.rows, f"A {d.comparison.a.label}",
                                               f"B {d.comparison.b.label}", target)
    return made


def render(d: ReportData, catalogue: Catalogue, made: dict[str, str] | None = None) -> str:
    s = d.current.summary
    made = made if made is not None else make_charts(d)
    for p in d.problems:
        standard = catalogue.standards.get(p["standard"])
        p["title_zh"] = standard.title_zh if standard else p["title"]
        p["title_en"] = standard.title_en if standard else p["title"]
    open_count = sum(d.problem_counts[k] for k in ("new", "open", "regressed"))
    comparison = d.comparison
    delta = None
    if comparison and s["compliance"] is not None and \
            comparison.b.summary["compliance"] is not None:
        delta = round(s["compliance"] - comparison.b.summary["compliance"], 4)
    return _environment().get_template("walkthrough.html.j2").render(
        d=d, charts=made, weights=catalogue.weights, lead=_lead(d, open_count),
        standards=list(catalogue.standards.values()), departments=catalogue.departments,
        open_count=open_count, delta=delta, dims=DIMENSIONS, problems_first=PROBLEMS_FIRST)


def write(html: str, path: Path) -> None:
    """Write atomically: a manager opening the file mid-write sees the old one, not half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)

