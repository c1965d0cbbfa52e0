"""The annual report's charts, drawn on the server so the page and the document match.

Members at the end of each of the last years, and admissions against the plan. SVG for the
web page (shown through an <img> with a data: address, which the CSP allows), PNG for Word.
DejaVu Sans ships with matplotlib and has every Vietnamese letter.
"""

from __future__ import annotations

import io
from typing import Any, Literal

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FuncFormatter

from dangvu.lib.vnformat import fmt_number
from dangvu.reports.annual import AnnualReport

Format = Literal["svg", "png"]

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "dangvu",  # the same SVG for the same figures
}
_BAR = "#9b1c1c"
_PLAN = "#1f4e79"


def _save(fig: MplFigure, fmt: Format) -> bytes:
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight", metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()


def _thousands(x: float, _pos: int) -> str:
    return fmt_number(x)


def _from_first_record(points: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """The points from the first year with a figure: the years before records began would
    show zeros nobody counted."""
    while points and not points[0][1]:
        points = points[1:]
    return points


def members_chart(report: AnnualReport, fmt: Format = "svg") -> bytes | None:
    """Members at the end of each year (the running year: at the report's last day)."""
    points = _from_first_record([(y, v) for y, v in report.members_history if v is not None])
    if not points:
        return None
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.0, 2.4))
        years = [str(y) for y, _ in points]
        counts = [v for _, v in points]
        bars = ax.bar(range(len(points)), counts, color=_BAR, width=0.6)
        ax.set_xticks(range(len(points)), years)
        ax.bar_label(bars, labels=[fmt_number(v) for v in counts], padding=2, fontsize=8)
        ax.set_title(f"Số đảng viên cuối năm, {years[0]}–{years[-1]}", fontsize=10)
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.set_ylim(0, max(counts) * 1.15)
        ax.set_ylabel("đảng viên")
        return _save(fig, fmt)


def admissions_chart(report: AnnualReport, fmt: Format = "svg") -> bytes | None:
    """New members admitted each year, beside the plan where one was recorded."""
    points = [(y, a or 0, p) for y, a, p in report.admissions_history]
    # Years before anything was recorded are left out: no bar shows a zero nobody counted.
    while points and not points[0][1] and points[0][2] is None:
        points.pop(0)
    if not points:
        return None
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.0, 2.4))
        xs = list(range(len(points)))
        has_plan = any(p is not None for _, _, p in points)
        width = 0.38 if has_plan else 0.6
        admitted = [a for _, a, _ in points]
        offset = width / 2 if has_plan else 0
        bars = ax.bar([x - offset for x in xs], admitted, width, color=_BAR, label="Kết nạp")
        ax.bar_label(bars, labels=[fmt_number(a) for a in admitted], padding=2, fontsize=8)
        top = max(admitted) if admitted else 0
        if has_plan:
            planned = [p or 0 for _, _, p in points]
            plan_bars = ax.bar(
                [x + offset for x in xs], planned, width, color=_PLAN, label="Kế hoạch"
            )
            ax.bar_label(
                plan_bars,
                labels=[fmt_number(p) if p is not None else "" for _, _, p in points],
                padding=2,
                fontsize=8,
            )
            top = max(top, *planned)
            ax.legend(frameon=False, fontsize=8, loc="upper left", ncols=2)
        ax.set_xticks(xs, [str(y) for y, _, _ in points])
        ax.set_ylim(0, (top or 1) * 1.25)
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
        title = "Kết nạp đảng viên so với kế hoạch" if has_plan else "Kết nạp đảng viên mới"
        ax.set_title(f"{title}, {points[0][0]}–{points[-1][0]}", fontsize=10)
        ax.set_ylabel("đảng viên")
        return _save(fig, fmt)
