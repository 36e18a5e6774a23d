"""Which files a run reads: doc ids, folders walked, saved web pages' assets skipped."""
from __future__ import annotations

from pathlib import Path

from pipeline.discover import assign_doc_ids, discover, is_page_asset

GOOD = "标题\n\n全县14个乡镇全部召开了会议,收集意见建议100余条。\n"


def test_colliding_stems_get_deterministic_suffixes():
    items = assign_doc_ids([Path("b/x.txt"), Path("a/x.md"), Path("c/y.txt")])
    ids = {str(i.path): i.doc_id for i in items}
    assert ids["a/x.md"] == "x" and ids["c/y.txt"] == "y"
    assert ids["b/x.txt"].startswith("x~") and len(ids["b/x.txt"]) == 8
    assert assign_doc_ids([Path("a/x.md"), Path("b/x.txt")])[1].doc_id == ids["b/x.txt"]


def test_discover_walks_folders_and_reports_unsupported_files_and_missing_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(GOOD)
    (tmp_path / "b.md").write_text(GOOD)
    (tmp_path / "c.docx").write_bytes(b"PK")
    (tmp_path / ".hidden.txt").write_text(GOOD)
    found = discover([tmp_path, tmp_path / "missing.txt"])
    assert sorted(i.doc_id for i in found.items) == ["a", "b"]
    assert [e.error for e in found.errors] == ["unsupported"]
    assert found.missing == [str(tmp_path / "missing.txt")]


def test_a_saved_web_page_brings_assets_that_are_skipped_not_failed(tmp_path):
    (tmp_path / "news.html").write_text("<html><body><p>" + GOOD + "</p></body></html>")
    assets = tmp_path / "news_files"
    assets.mkdir()
    for name in ("jquery.min.js", "style.css", "logo.png", "photo.JPG", "font.woff2", "frame.html"):
        (assets / name).write_bytes(b"x")
    (tmp_path / "banner.gif").write_bytes(b"GIF89a")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    found = discover([tmp_path])
    assert [i.doc_id for i in found.items] == ["news"]
    assert len(found.skipped) == 7
    assert [e.error for e in found.errors] == ["unsupported"]  # a .docx is no page asset
    line = found.skipped_line()
    assert line.startswith("skipped 7 file(s) of saved web pages") and "\n" not in line
    assert discover([tmp_path / "news.html"]).skipped_line() is None


def test_page_assets_are_told_by_suffix_or_by_their_folder():
    assert is_page_asset(Path("a.css")) and is_page_asset(Path("x/b.js"))
    assert is_page_asset(Path("page_files/inner.htm"))
    assert not is_page_asset(Path("page.htm")) and not is_page_asset(Path("files/report.txt"))
