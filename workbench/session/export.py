"""Exports of a recorded session: JSON lines (the same objects ``serve --json`` printed live)."""

from __future__ import annotations

import json
import os
from typing import IO

from workbench.session.reader import SessionReader


def export_jsonl(path: str | os.PathLike[str], out: IO[str]) -> int:
    """Write one JSON object per event to ``out``; returns how many."""
    count = 0
    with SessionReader(path) as reader:
        lines: list[str] = []
        for ev in reader.events():
            lines.append(json.dumps(ev.to_dict(), separators=(",", ":")))
            count += 1
            if len(lines) >= 4096:
                out.write("\n".join(lines) + "\n")
                lines.clear()
        if lines:
            out.write("\n".join(lines) + "\n")
    out.flush()
    return count
