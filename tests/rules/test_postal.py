"""Offline postal-code lookup: the bundled Japan Post data, and the table's parsing."""

from __future__ import annotations

import gzip
import threading
from pathlib import Path

import pytest

from vb_renew.resources import resource_path
from vb_renew.rules import postal
from vb_renew.rules.customer import PREFECTURES
from vb_renew.rules.postal import PostalAddress, PostalTable, lookup

DATA = resource_path(*postal.DATA_FILE)


def test_data_file_is_small_enough_to_bundle():
    assert DATA.is_file()
    assert DATA.stat().st_size < 3_000_000


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("100-0001", ("東京都", "千代田区", "千代田")),
        ("100-0005", ("東京都", "千代田区", "丸の内")),
        ("105-0011", ("東京都", "港区", "芝公園")),
        ("150-0001", ("東京都", "渋谷区", "神宮前")),
        ("530-0001", ("大阪府", "大阪市北区", "梅田")),
        ("060-0001", ("北海道", "札幌市中央区", "北一条西")),
        ("907-1801", ("沖縄県", "八重山郡与那国町", "与那国")),
        ("163-8001", ("東京都", "新宿区", "西新宿")),  # business code (東京都庁)
    ],
)
def test_well_known_codes(code, expected):
    assert lookup(code) == PostalAddress(*expected)


@pytest.mark.parametrize("form", ["100-0001", "1000001", "１００－０００１", "〒100-0001", " 100 0001 ", "100ー0001"])
def test_accepts_the_validators_input_forms(form):
    assert lookup(form) == PostalAddress("東京都", "千代田区", "千代田")


@pytest.mark.parametrize("code", ["", "   ", "100", "100-00011", "abc-defg", "000-0000", "999-9999", None])
def test_malformed_or_unknown_codes(code):
    assert lookup(code) is None


def test_code_without_a_town_gives_prefecture_and_city():
    # 「以下に掲載がない場合」
    assert lookup("100-0000") == PostalAddress("東京都", "千代田区", "")


def test_code_for_several_towns_leaves_town_empty():
    assert lookup("452-0961") == PostalAddress("愛知県", "清須市", "")


def test_code_for_several_cities_leaves_city_empty():
    assert lookup("004-0000") == PostalAddress("北海道", "", "")


def test_descriptions_are_not_given_as_towns():
    # KEN_ALL's 「小菅村の次に１〜６６３番地がくる場合」 is a note, not a town.
    assert lookup("409-0142") == PostalAddress("山梨県", "北都留郡小菅村", "")


def test_bundled_table_covers_every_prefecture_and_is_well_formed():
    table = postal.default_table()
    assert len(table) > 140_000
    seen: set[int] = set()
    previous = ""
    with gzip.open(DATA, "rt", encoding="utf-8") as stream:
        for line in stream:
            if line.startswith("#"):
                continue
            code, prefecture, city, town = line.rstrip("\n").split("\t")
            assert len(code) == 7 and code.isdigit() and code > previous
            assert 0 <= int(prefecture) < len(PREFECTURES)
            assert town == "" or city != ""
            seen.add(int(prefecture))
            previous = code
    assert seen == set(range(47))


def test_loaded_once_across_threads(monkeypatch):
    calls = []
    real = PostalTable.from_file

    def counting(path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(postal, "_table", None)
    monkeypatch.setattr(PostalTable, "from_file", staticmethod(counting))
    results = []
    threads = [threading.Thread(target=lambda: results.append(lookup("1000001"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert results == [PostalAddress("東京都", "千代田区", "千代田")] * 8


def test_table_from_a_small_file(tmp_path: Path):
    path = tmp_path / "sample.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        # out of order on purpose: the table sorts what it is given
        stream.write("# comment\n9071801\t46\t八重山郡与那国町\t与那国\n0600001\t0\t札幌市中央区\t北一条西\n")
    table = PostalTable.from_file(path)
    assert len(table) == 2
    assert table.lookup("060-0001") == PostalAddress("北海道", "札幌市中央区", "北一条西")
    assert table.lookup("９０７１８０１") == PostalAddress("沖縄県", "八重山郡与那国町", "与那国")
    assert table.lookup("100-0001") is None


def test_every_looked_up_address_is_valid_for_the_form():
    # The form fills 都道府県 and 市区町村 (city + town) from a lookup: what it fills must pass
    # the form's own rules (printable on the slip, within the length limit).
    from vb_renew.rules.customer import validate_field

    filled: set[tuple[str, str]] = set()
    with gzip.open(DATA, "rt", encoding="utf-8") as stream:
        for line in stream:
            if not line.startswith("#"):
                _code, prefecture, city, town = line.rstrip("\n").split("\t")
                filled.add((PREFECTURES[int(prefecture)], city + town))
    for prefecture, city in filled:
        assert validate_field("prefecture", prefecture) is None
        if city:
            assert validate_field("city", city) is None, city
