"""Progress of a long command on its output: one line per stage, and on a terminal a counter
rewritten in place while the stage runs.

    [3/9] Đảng viên và lý lịch… 1.200/4.700        (a terminal, while it runs)
    [3/9] Đảng viên và lý lịch: 4.700 (12,3 giây)   (when the stage ends, anywhere)

Seeders take it as an optional argument and call `tick`; they never print themselves.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from dangvu.lib.vnformat import fmt_number

# A terminal's counter is rewritten at most this often (seconds).
REFRESH = 0.2


@dataclass
class Stage:
    number: int
    name: str
    started: float
    seconds: float = 0.0
    done: int | None = None


def _raw(out: Any) -> TextIO:
    """The stream under Django's OutputWrapper(s), written to without their line endings."""
    while hasattr(out, "_out"):
        out = out._out
    return out


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


class Progress:
    """Stages of a command, numbered out of `total`, written to `out`."""

    def __init__(
        self,
        out: Any,
        total: int,
        *,
        tty: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out = _raw(out)
        self.total = total
        isatty = getattr(self.out, "isatty", None)
        self.tty = bool(isatty and isatty()) if tty is None else tty
        self.clock = clock
        self.stages: list[Stage] = []
        self._current: Stage | None = None
        self._shown = 0.0
        self._width = 0

    def stage(self, name: str) -> None:
        """End the stage in progress, if any, and start the next one."""
        self.end()
        self._current = Stage(len(self.stages) + 1, name, self.clock())
        self.stages.append(self._current)
        if self.tty:
            self._show(f"[{self._current.number}/{self.total}] {name}…")

    def tick(self, done: int, total: int | None = None) -> None:
        """`done` items of the stage written (out of about `total`, when known)."""
        stage = self._current
        if stage is None:
            return
        stage.done = done
        if not self.tty:
            return
        now = self.clock()
        if now - self._shown < REFRESH:
            return
        self._shown = now
        counter = fmt_number(done) + (f"/{fmt_number(total)}" if total else "")
        self._show(f"[{stage.number}/{self.total}] {stage.name}… {counter}")

    def end(self) -> None:
        """End the stage in progress: one plain line with what it wrote and its time."""
        stage = self._current
        if stage is None:
            return
        self._current = None
        stage.seconds = self.clock() - stage.started
        done = f": {fmt_number(stage.done)}" if stage.done is not None else ""
        line = f"[{stage.number}/{self.total}] {stage.name}{done} ({_seconds(stage.seconds)} giây)"
        if self.tty:
            self._show(line)
            self.out.write("\n")
            self._width = 0
        else:
            self.out.write(line + "\n")
        self.out.flush()

    def _show(self, text: str) -> None:
        pad = max(0, self._width - len(text))
        self.out.write("\r" + text + " " * pad)
        self.out.flush()
        self._width = len(text)
