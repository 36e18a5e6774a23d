"""Which files a run reads: inputs expanded into files with unique doc ids.

Folders are searched recursively (hidden files and folders left out).  A
saved web page brings its assets along (``page.html`` with ``page_files/``
holding scripts, style sheets, images and fonts): those are no bulletins and
no failures, so a folder run skips them and says how many in one line.  Any
other file of a type the pipeline does not read is an error of its own.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .ingest import SUPPORTED_SUFFIXES
from .records import ErrorRecord

# Files a browser's "save page" writes beside the page: scripts, style sheets,
# source maps, images, icons and fonts.
PAGE_ASSET_SUFFIXES = frozenset((
    ".js", ".mjs", ".css", ".map",
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".bmp", ".tif", ".tiff",
    ".woff", ".woff2", ".ttf", ".otf", ".eot",
))
PAGE_FILES_FOLDER = "_files"  # page_files/ (Chrome, Firefox), page-Dateien/ is not handled


@dataclass
class InputFile:
    path: Path
    doc_id: str
    sha256: str | None = None


@dataclass
class Discovery:
    """The files found, the errors met, the page assets skipped, the paths missing."""

    items: list[InputFile] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def skipped_line(self) -> str | None:
        """One line for the assets skipped (None when there were none)."""
        if not self.skipped:
            return None
        return (f"skipped {len(self.skipped)} file(s) of saved web pages (scripts, style sheets, "
                f"images, fonts, *{PAGE_FILES_FOLDER}/ folders)")


def is_page_asset(relative: Path) -> bool:
    """A file of a saved web page that is no bulletin: inside a ``*_files`` folder, or
    a script, style sheet, image or font."""
    return (relative.suffix.lower() in PAGE_ASSET_SUFFIXES
            or any(part.endswith(PAGE_FILES_FOLDER) for part in relative.parts[:-1]))


def discover(inputs: Iterable[str | Path]) -> Discovery:
    """Expand files and folders into inputs with unique, deterministic doc ids."""
    found = Discovery()
    paths: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if not f.is_file() or any(part.startswith(".") for part in rel.parts):
                    continue
                if f.suffix.lower() in SUPPORTED_SUFFIXES and not is_page_asset(rel):
                    paths.append(f)
                elif is_page_asset(rel):
                    found.skipped.append(f)
                else:
                    found.errors.append(ErrorRecord(
                        str(f), "discover", "unsupported", f"{f}: unsupported file type "
                        f"{f.suffix or '(none)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}"))
        elif p.is_file():
            paths.append(p)
        else:
            found.missing.append(str(p))
    seen: set[str] = set()
    unique = [p for p in paths if not (str(p.resolve()) in seen or seen.add(str(p.resolve())))]
    found.items = assign_doc_ids(unique)
    return found


def assign_doc_ids(paths: list[Path]) -> list[InputFile]:
    """The stem is the id; when stems collide, the first path in sorted order keeps
    it and each other gets ``stem~<6 hex digits of its path>``."""
    by_stem: dict[str, list[Path]] = {}
    for p in paths:
        by_stem.setdefault(p.stem, []).append(p)
    ids: dict[Path, str] = {}
    for stem, group in by_stem.items():
        for i, p in enumerate(sorted(group, key=str)):
            ids[p] = stem if i == 0 else f"{stem}~{hashlib.sha1(str(p).encode()).hexdigest()[:6]}"
    return [InputFile(p, ids[p]) for p in paths]
