"""Charts drawn offline with matplotlib (no browser, no network): PNG or SVG files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from rasid.errors import RasidError

FORMATS = (".png", ".svg")
SHOWN = 52  # periods on a chart: a year of weeks


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt

    return plt


def check_path(path: Path) -> None:
    """Fail before any work when the chart cannot be written where asked."""
    if path.suffix.lower() not in FORMATS:
        raise RasidError(f"cannot draw {path}: expected a file name ending in .png or .svg")
    if not path.parent.is_dir():
        raise RasidError(f"cannot draw {path}: folder {path.parent} does not exist")


def series_chart(
    path: Path,
    starts: Sequence[dt.date],
    lines: dict[str, Sequence[float]],
    *,
    title: str,
    ylabel: str,
) -> Path:
    """One line per unit over the periods starting at ``starts``; the latest is shaded."""
    check_path(path)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 4.2), dpi=110)
    try:
        shown = list(starts)[-SHOWN:]
        for name, values in lines.items():
            ax.plot(shown, list(values)[-SHOWN:], marker="o", markersize=2.5, linewidth=1.4,
                    label=name)  # fmt: skip
        if len(shown) >= 2:
            ax.axvspan(shown[-2], shown[-1], color="#f4d03f", alpha=0.25, lw=0)
        ax.set_title(title, fontsize=11, loc="left")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        if lines:
            ax.legend(fontsize=8, frameon=False, loc="upper left", ncol=2)
        fig.autofmt_xdate()
        fig.tight_layout()
        fig.savefig(path)
    except OSError as error:
        raise RasidError(f"cannot write {path} ({error.strerror or error})") from error
    finally:
        plt.close(fig)
    return path
