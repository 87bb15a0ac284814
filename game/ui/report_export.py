"""Writing the after-action report from a screen (the debrief and the control seat).

The report takes a second or two on the flagship (the outcome-space analysis and the charts),
so it is built on a worker thread from a copy of the log; the screen polls for the one-line
result and shows it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from game.session.session import Session


class ReportExport:
    """One export at a time; `poll()` returns the result line once, when it is ready."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._result: list[str] = []

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, session: Session, folder: Path) -> bool:
        """Write HTML, Markdown and CSV into a new folder under `folder` (never one an earlier
        export made); False if busy."""
        if self.busy:
            return False
        scenario, header, records = session.scenario, dict(session.header), list(session.records)
        done = self._result

        def work() -> None:
            from game.core.log import LogError
            from game.report.after_action import build_report, report_folder_name, write_reports
            from game.session.places import unique_path
            from game.session.store import write_atomic
            try:
                report = build_report(scenario, header, records)
                out = unique_path(folder / report_folder_name(report))
                write_reports(report, write=write_atomic, html=out / "report.html",
                              md_file=out / "report.md", csv_dir=out)
                done.append(f"Report saved in {out}")
            except (LogError, OSError) as exc:
                done.append(f"The report could not be written: {exc}")

        self._thread = threading.Thread(target=work, name="report-export", daemon=True)
        self._thread.start()
        return True

    def poll(self) -> str:
        """The result line once the export has finished (then ""), else ""."""
        if not self._result or self._thread is None:
            return ""
        self._thread.join(1.0)  # it has just appended its last word
        return self._result.pop()

    def join(self, timeout: float = 30.0) -> None:
        """Wait for the export to finish (for tests and scripts); `poll` then has the result."""
        if self._thread is not None:
            self._thread.join(timeout)
