#!/usr/bin/env python3
"""Build rules/gazetteer/ and rules/surnames.txt from the jionlp wheel on PyPI.

Why a build step: the source (jionlp's ``china_location.txt``, 12 MB, province
to village) is too large and too loosely formatted to load at run time, so we
turn it once into compact files the entities stage reads in well under a second:

  rules/gazetteer/places.tsv     provinces, prefectures, counties, towns
                                 (id, parent id, level, name, short forms)
  rules/gazetteer/villages.tsv.gz villages and communities -> ids of their towns
  rules/surnames.txt             百家姓 surnames with a tier (strong/weak/rare)
  rules/common_words.txt         frequent 2-3 character words (guard for names)

Usage:
  tools/build_gazetteer.py                 # pip-downloads jionlp (no deps)
  tools/build_gazetteer.py --wheel PATH    # use a wheel already on disk

Source and licence: jionlp (https://pypi.org/project/jionlp/, Apache-2.0),
files jionlp/dictionary/china_location.zip, chinese_char_dictionary.zip,
word_distribution.zip and jionlp/rule/rule_pattern.py.  (Traditional to
Simplified characters come from OpenCC at run time: pipeline/view.py.)
"""
from __future__ import annotations

import argparse
import ast
import gzip
import io
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "gazetteer"
SURNAMES = ROOT / "rules" / "surnames.txt"
COMMON_WORDS = ROOT / "rules" / "common_words.txt"

LEVELS = {0: "province", 1: "prefecture", 2: "county", 3: "town", 4: "village"}
# jionlp aliases that are class words, not names (经开区 for every development zone...).
GENERIC_ALIASES = {"经开区", "高新区", "管理区", "市直辖", "省直辖", "郊区", "城区", "矿区",
                   "新区", "开发区", "市中", "市辖区"}
# Pseudo units: their children hang directly on the unit above.
PSEUDO = re.compile(r"^(省直辖|市直辖|自治区直辖|省直辖县级行政区划|省直辖行政区划)")
# Suffixes stripped to get a short form (岳阳市 -> 岳阳); longest first.
ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区",
                  "特区", "省", "市", "县", "区", "盟", "旗")
TOWN_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "苏木")
# Ethnic-name tail of autonomous units: 湘西土家族苗族自治州 -> stem 湘西.
ETHNIC = re.compile(r"^(.{2,}?)(?:[^族]{1,5}族)+自治(州|县|旗)$")


@dataclass
class Place:
    id: int
    parent: int
    level: int
    name: str
    short: list[str] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)


def fetch_wheel(path: str | None) -> Path:
    if path:
        return Path(path)
    tmp = Path(tempfile.mkdtemp(prefix="jionlp-"))
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                    "-d", str(tmp), "jionlp"], check=True)
    wheels = sorted(tmp.glob("jionlp-*.whl"))
    if not wheels:
        sys.exit("pip download jionlp gave no wheel")
    return wheels[-1]


def read_member(whl: zipfile.ZipFile, name: str) -> str:
    data = whl.read(name)
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            data = inner.read(inner.namelist()[0])
    return data.decode("utf-8")


def short_forms(name: str, alias: str, level: int, parent_name: str) -> list[str]:
    """Short forms: jionlp's alias plus suffix-stripped and autonomous-unit forms."""
    forms: list[str] = []
    for a in alias.split("/"):
        a = a.strip()
        if len(a) >= 2 and a not in GENERIC_ALIASES and a != name:
            forms.append(a)
    m = ETHNIC.match(name)
    if m:
        stem, kind = m.group(1), m.group(2)
        forms += [stem, stem + "自治" + kind]
        if kind == "州":
            forms.append(stem + "州")
    else:
        for suf in ADMIN_SUFFIXES:
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                forms.append(name[: -len(suf)])
                break
    if level == 3:
        for suf in TOWN_SUFFIXES:
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                forms.append(name[: -len(suf)])
                break
    out = []
    for f in forms:
        if f not in out and f != name and f not in GENERIC_ALIASES and len(f) >= 2:
            out.append(f)
    return out


def parse_locations(text: str) -> list[Place]:
    places: list[Place] = []
    stack: list[int | None] = [None] * 5  # current id per depth (None: pseudo unit)
    names: dict[int, str] = {}
    for raw in text.splitlines():
        if not raw.strip():
            continue
        depth = len(raw) - len(raw.lstrip("\t"))
        if depth > 4:
            continue
        cols = raw.strip().split("\t")
        name = cols[0].strip()
        alias = cols[2] if len(cols) >= 3 else ""
        parent = next((stack[d] for d in range(depth - 1, -1, -1) if stack[d] is not None), 0)
        for d in range(depth, 5):
            stack[d] = None
        if depth == 4:
            if parent:
                places[parent - 1].villages.append(name)
            continue
        if PSEUDO.match(name):
            continue  # children attach to the unit above
        pid = len(places) + 1
        pname = names.get(parent, "")
        long_name = None
        if depth == 2 and pname and name.startswith(pname) and len(name) - len(pname) >= 3:
            # jionlp writes some counties with their prefecture (岳阳市屈原管理区):
            # the unit's own name is the tail, the long form becomes an alias.
            long_name, name = name, name[len(pname):]
        short = short_forms(name, alias, depth, pname)
        if long_name:
            short.insert(0, long_name)
        places.append(Place(pid, parent or 0, depth, name, short))
        names[pid] = name
        stack[depth] = pid
    return places


def parse_surnames(rule_pattern: str) -> tuple[str, str, list[str]]:
    """百家姓 from jionlp: the full list (first assignment) and its 'unambiguous' subset."""
    tree = ast.parse(rule_pattern)
    singles: list[str] = []
    two = ""
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name == "SINGLE_CHINESE_FAMILY_NAME":
                singles.append(ast.literal_eval(node.value))
            elif name == "TWO_CHAR_CHINESE_FAMILY_NAME":
                two = ast.literal_eval(node.value)
    if len(singles) < 2 or not two:
        sys.exit("rule_pattern.py: surname lists not found")
    return singles[0], singles[1], two.split("|")


def dictionary_surnames(text: str) -> set[str]:
    """Characters whose Xinhua dictionary entry lists the sense '姓' (a surname)."""
    out = set()
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) >= 8 and re.search(r"(?:^|\d\.|\])姓。", cols[7]):
            out.add(cols[0])
    return out


def common_words(text: str, min_count: int = 10000) -> list[str]:
    """Frequent 2-3 character words of jionlp's jieba word-frequency list."""
    out = []
    for line in text.splitlines():
        try:
            word, count = json.loads(line)
        except (ValueError, TypeError):
            continue
        if (isinstance(word, str) and 2 <= len(word) <= 3 and count >= min_count
                and all("\u4e00" <= ch <= "\u9fff" for ch in word)):
            out.append(f"{word}\t{count}")
    return sorted(out)


def write_outputs(places: list[Place], surname_tiers: dict[str, str], words: list[str], wheel_name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    header = (f"# source: jionlp ({wheel_name}), jionlp/dictionary/china_location.zip; "
              "licence Apache-2.0; built by tools/build_gazetteer.py\n")
    with (OUT / "places.tsv").open("w", encoding="utf-8") as fh:
        fh.write(header)
        fh.write("# id\tparent\tlevel\tname\tshort_forms(comma-separated)\n")
        for p in places:
            fh.write(f"{p.id}\t{p.parent}\t{LEVELS[p.level]}\t{p.name}\t{','.join(p.short)}\n")
    by_name: dict[str, list[int]] = {}
    for p in places:
        for v in p.villages:
            by_name.setdefault(v, []).append(p.id)
    buf = io.StringIO()
    buf.write(header)
    buf.write("# village\ttown_id,town_id,... (the towns that have a village of that name)\n")
    for name in sorted(by_name):
        buf.write(f"{name}\t{','.join(map(str, by_name[name]))}\n")
    with gzip.GzipFile(OUT / "villages.tsv.gz", "wb", mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    with SURNAMES.open("w", encoding="utf-8") as fh:
        fh.write(f"# Chinese surnames. source: 百家姓 as shipped in jionlp ({wheel_name}),\n"
                 "# jionlp/rule/rule_pattern.py (strong: jionlp's unambiguous subset; weak: the\n"
                 "# rest of 百家姓 incl. compound surnames), plus 'rare': characters whose entry in\n"
                 "# jionlp's Xinhua character dictionary lists the sense 姓. Licence Apache-2.0.\n"
                 "# Built by tools/build_gazetteer.py. Format: surname<TAB>tier\n")
        for name, tier in surname_tiers.items():
            fh.write(f"{name}\t{tier}\n")
    with COMMON_WORDS.open("w", encoding="utf-8") as fh:
        fh.write(f"# Common 2-3 character words (a guard: 群众 is no given name). source: jionlp\n"
                 f"# ({wheel_name}) jionlp/dictionary/word_distribution.zip (jieba word counts over a\n"
                 "# large corpus), words counted >= 10000 times; licence Apache-2.0.\n"
                 "# Format: word<TAB>count\n"
                 "# Built by tools/build_gazetteer.py.\n")
        fh.write("\n".join(words) + "\n")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", help="path to a jionlp wheel (default: pip download)")
    args = ap.parse_args(argv)
    wheel = fetch_wheel(args.wheel)
    with zipfile.ZipFile(wheel) as whl:
        places = parse_locations(read_member(whl, "jionlp/dictionary/china_location.zip"))
        rules = read_member(whl, "jionlp/rule/rule_pattern.py")
        chardict = read_member(whl, "jionlp/dictionary/chinese_char_dictionary.zip")
        worddict = read_member(whl, "jionlp/dictionary/word_distribution.zip")
    words = common_words(worddict)
    full, strong, compound = parse_surnames(rules)
    tiers: dict[str, str] = {}
    for ch in strong:
        tiers.setdefault(ch, "strong")
    for ch in full:
        tiers.setdefault(ch, "weak")
    for name in compound:
        tiers.setdefault(name, "weak")
    for ch in sorted(dictionary_surnames(chardict)):
        tiers.setdefault(ch, "rare")
    write_outputs(places, tiers, words, wheel.name)
    counts = {LEVELS[i]: sum(1 for p in places if p.level == i) for i in range(4)}
    counts["village"] = sum(len(p.villages) for p in places)
    print(f"wrote {OUT} ({counts}) and {SURNAMES} ({len(tiers)} surnames)")


if __name__ == "__main__":
    main()
