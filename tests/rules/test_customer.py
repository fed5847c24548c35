"""The customer's details for the slip: every field's boundaries, and properties of normalisation."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vb_renew.rules import customer
from vb_renew.rules.customer import (
    FIELDS,
    LABELS,
    PREFECTURES,
    CustomerDetails,
    normalise_customer,
    normalise_field,
    validate_customer,
    validate_field,
)
from vb_renew.rules.errors import Violation

VALID = {
    "family_name": "山田",
    "given_name": "太郎",
    "family_kana": "ヤマダ",
    "given_kana": "タロウ",
    "postal_code": "163-0044",
    "prefecture": "東京都",
    "city": "新宿区",
    "address_line": "西新宿3-22-1",
    "building": "東京オペラシティタワー",
    "phone": "03-1234-5678",
    "email": "taro@example.co.jp",
}


def code_of(field: str, value: object) -> str | None:
    violation = validate_field(field, value)
    if violation is not None:
        assert violation.field == field
        assert violation.code.startswith(f"customer.{field}.")
        assert LABELS[field].source in violation.message
    return None if violation is None else violation.code


# --- the API's shape -------------------------------------------------------------------------------


def test_fields_in_display_order_with_labels():
    assert FIELDS == (
        "family_name", "given_name", "family_kana", "given_kana", "postal_code", "prefecture",
        "city", "address_line", "building", "phone", "email",
    )  # fmt: skip
    assert set(LABELS) == set(FIELDS)
    assert [f.name for f in CustomerDetails.__dataclass_fields__.values()] == list(FIELDS)


def test_valid_example_passes_and_is_already_normal():
    details, violations = validate_customer(VALID)
    assert violations == []
    assert details is not None
    assert details.as_dict() == VALID
    assert normalise_customer(VALID) == VALID


def test_details_are_frozen():
    details, _ = validate_customer(VALID)
    with pytest.raises(AttributeError):
        details.family_name = "田中"  # type: ignore[misc]


def test_unknown_field_key_is_a_programming_error():
    with pytest.raises(KeyError):
        validate_field("nickname", "x")
    with pytest.raises(KeyError):
        normalise_field("nickname", "x")


# --- names (姓, 名) ----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["family_name", "given_name"])
@pytest.mark.parametrize("value", ["", "   ", "\u3000\u3000", "\t\n", None])
def test_names_required(field, value):
    assert code_of(field, value) == f"customer.{field}.required"


def test_name_required_messages_name_the_field():
    assert validate_field("family_name", "").message == "お名前（姓）を入力してください。"
    assert validate_field("given_name", " ").message == "お名前（名）を入力してください。"


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("  山田 ", "山田"),
        ("ﾔﾏﾀﾞ", "ヤマダ"),  # half-width katakana to full width, voiced mark joined
        ("ﾊﾟﾝ", "パン"),
        ("ＡＢＣ商事", "ABC商事"),  # full-width ASCII to half width
        ("トレンド\u3000\u3000マイクロ", "トレンド マイクロ"),  # spaces collapsed
        ("か\u3099", "が"),  # decomposed kana composed (NFC)
        ("\ufa19田", "神田"),  # compatibility ideograph with a canonical equivalent (NFC)
        ("渡邊", "渡邊"),  # kanji kept as typed
        ("齋藤", "齋藤"),
    ],
)
def test_name_normalisation(raw, normal):
    assert normalise_field("family_name", raw) == normal
    assert validate_field("family_name", raw) is None


@pytest.mark.parametrize("field", ["family_name", "given_name"])
@pytest.mark.parametrize("char", ["①", "髙", "﨑", "㈱", "ⅱ", "∑", "☺", "𠮷"])
def test_names_not_in_jis_x_0208_rejected_naming_the_char(field, char):
    # ①, 髙 and 﨑 are cp932 (NEC/IBM extensions) but not Shift_JIS / JIS X 0208.
    violation = validate_field(field, f"山{char}")
    assert violation is not None
    assert violation.code == f"customer.{field}.not_printable"
    assert f"「{char}」" in violation.message
    assert LABELS[field].source in violation.message


def test_unprintable_message_text():
    violation = validate_field("family_name", "髙橋")
    assert violation.message == "お名前（姓）の「髙」は振込用紙に印字できない文字です。別の文字で入力してください。"
    assert violation.text.context == "Rules"


def test_invisible_character_is_shown_as_code_point():
    violation = validate_field("given_name", "太\u200b郎")
    assert violation.code == "customer.given_name.not_printable"
    assert "U+200B" in violation.message


def test_cp932_wave_dash_and_minus_are_folded_not_refused():
    # Windows IMEs type U+FF5E and U+FF0D, which Shift_JIS lacks; they fold to ASCII.
    assert normalise_field("address_line", "1－2～3") == "1-2~3"
    assert validate_field("address_line", "1－2～3") is None


@pytest.mark.parametrize("field", ["family_name", "given_name"])
def test_name_length_limit(field):
    assert validate_field(field, "山" * 30) is None
    assert code_of(field, "山" * 31) == f"customer.{field}.too_long"


def test_company_only_name_from_the_seed_is_accepted():
    raw = dict(VALID, family_name="トレンドマイクロ", given_name="株式会社",
               family_kana="トレンドマイクロ", given_kana="カブシキガイシャ")  # fmt: skip
    details, violations = validate_customer(raw)
    assert violations == []
    assert (details.family_name, details.given_name) == ("トレンドマイクロ", "株式会社")
    assert (details.family_kana, details.given_kana) == ("トレンドマイクロ", "カブシキガイシャ")


def test_company_kana_typed_in_hiragana():
    assert normalise_field("given_kana", "かぶしきがいしゃ") == "カブシキガイシャ"


# --- フリガナ -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["family_kana", "given_kana"])
@pytest.mark.parametrize("value", ["", "  ", "\u3000", None])
def test_kana_required(field, value):
    assert code_of(field, value) == f"customer.{field}.required"


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("やまだ", "ヤマダ"),  # hiragana to katakana
        ("ﾔﾏﾀﾞ", "ヤマダ"),  # half-width to full width
        ("ﾊﾟｰﾄﾅｰ", "パートナー"),
        ("ヤマダ タロウ", "ヤマダタロウ"),  # spaces removed
        ("ヤ　マ ダ", "ヤマダ"),
        ("コーヒー", "コーヒー"),  # long vowel mark
        ("ゔぁ", "ヴァ"),
        ("か゛", "ガ"),  # spacing voiced mark
        ("ヽヾ", "ヽヾ"),
    ],
)
def test_kana_normalisation(raw, normal):
    assert normalise_field("family_kana", raw) == normal
    assert validate_field("family_kana", raw) is None


@pytest.mark.parametrize("field", ["family_kana", "given_kana"])
@pytest.mark.parametrize(("value", "bad"), [("山田", "山"), ("ヤマ田", "田"), ("Yamada", "Y"),
                                            ("ヤマダ1", "1"), ("ヤマ・ダ", "・"), ("ヤマダ-", "-")])  # fmt: skip
def test_kana_rejects_non_katakana_naming_it(field, value, bad):
    violation = validate_field(field, value)
    assert violation.code == f"customer.{field}.not_katakana"
    assert f"「{bad}」" in violation.message


def test_kana_message():
    assert validate_field("given_kana", "太郎").message == "フリガナ（メイ）はカタカナで入力してください（「太」は使えません）。"


def test_kana_length_limit():
    assert validate_field("family_kana", "ア" * 60) is None
    assert code_of("family_kana", "ア" * 61) == "customer.family_kana.too_long"


# --- postal code ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["163-0044", "1630044", "１６３－００４４", "１６３００４４", " 163-0044 ", "〒163-0044",
     "〒 163 0044", "163ー0044", "163−0044", "163‐0044"],
)  # fmt: skip
def test_postal_code_forms_accepted_and_normalised(raw):
    assert normalise_field("postal_code", raw) == "163-0044"
    assert validate_field("postal_code", raw) is None


@pytest.mark.parametrize(
    "raw",
    ["163-004", "163004", "16300444", "163-00444", "1630-044", "163--0044", "abc-defg", "163_0044",
     "16-30044", "١٦٣٠٠٤٤"],
)  # fmt: skip
def test_postal_code_wrong_shape(raw):
    assert code_of("postal_code", raw) == "customer.postal_code.format"


def test_postal_code_messages():
    assert validate_field("postal_code", "").message == "郵便番号を入力してください。"
    assert validate_field("postal_code", "123").message == "郵便番号は7桁の数字で入力してください（例: 160-0023）。"
    assert code_of("postal_code", "  ") == "customer.postal_code.required"


# --- prefecture -------------------------------------------------------------------------------------


def test_47_prefectures_in_jis_order():
    assert len(PREFECTURES) == len(set(PREFECTURES)) == 47
    assert PREFECTURES[0] == "北海道"
    assert PREFECTURES[12] == "東京都"
    assert PREFECTURES[25:27] == ("京都府", "大阪府")
    assert PREFECTURES[46] == "沖縄県"
    assert all(p[-1] in "都道府県" for p in PREFECTURES)


@pytest.mark.parametrize("prefecture", PREFECTURES)
def test_each_prefecture_accepted(prefecture):
    assert validate_field("prefecture", prefecture) is None
    assert validate_field("prefecture", f" {prefecture}\u3000") is None


@pytest.mark.parametrize("value", ["東京", "大阪", "京都", "神奈川", "Tokyo", "東京都 新宿区", "13"])
def test_prefecture_short_or_other_forms_rejected(value):
    # Decision: no guessing 東京 → 東京都; the UI offers the list and the API takes full names.
    assert code_of("prefecture", value) == "customer.prefecture.unknown"


def test_prefecture_required():
    assert code_of("prefecture", "") == "customer.prefecture.required"
    assert validate_field("prefecture", "").message == "都道府県を選択してください。"


# --- city, address line, building -----------------------------------------------------------------


@pytest.mark.parametrize("field", ["city", "address_line"])
@pytest.mark.parametrize("value", ["", " ", "\u3000", None])
def test_address_required(field, value):
    assert code_of(field, value) == f"customer.{field}.required"


@pytest.mark.parametrize("value", ["", "  ", None])
def test_building_optional(value):
    assert validate_field("building", value) is None
    assert normalise_field("building", value) == ""


@pytest.mark.parametrize("field", ["city", "address_line", "building"])
def test_address_length_limit(field):
    assert validate_field(field, "あ" * 50) is None
    assert code_of(field, "あ" * 51) == f"customer.{field}.too_long"


@pytest.mark.parametrize("field", ["city", "address_line", "building"])
def test_address_printable(field):
    violation = validate_field(field, "ハイツ①号")
    assert violation.code == f"customer.{field}.not_printable"
    assert "「①」" in violation.message


def test_address_full_width_digits_folded():
    assert normalise_field("address_line", "西新宿３丁目２２－１") == "西新宿3丁目22-1"
    assert normalise_field("building", "ﾋﾞﾙ　１０１") == "ビル 101"


# --- phone ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("03-1234-5678", "03-1234-5678"),  # fixed line, Tokyo
        ("0312345678", "03-1234-5678"),
        ("(03)1234-5678", "03-1234-5678"),
        ("０３（１２３４）５６７８", "03-1234-5678"),
        ("06 6123 4567", "06-6123-4567"),  # Osaka
        ("0476-12-3456", "0476-12-3456"),  # four-digit area code
        ("090-1234-5678", "090-1234-5678"),  # mobile
        ("08012345678", "080-1234-5678"),
        ("070 1234 5678", "070-1234-5678"),
        ("050-1234-5678", "050-1234-5678"),  # IP phone
        ("0120-123-456", "0120-123-456"),  # toll free
        ("0800-123-4567", "0800-123-4567"),
        ("+81 90 1234 5678", "090-1234-5678"),  # international form of a Japanese number
        ("＋８１３１２３４５６７８", "03-1234-5678"),
    ],
)
def test_phone_accepted_kinds(raw, normal):
    assert normalise_field("phone", raw) == normal
    assert validate_field("phone", raw) is None


@pytest.mark.parametrize("raw", ["0990-123-456", "0570-012-345", "020-1234-5678"])
def test_phone_premium_navi_dial_pager_not_accepted(raw):
    assert code_of("phone", raw) == "customer.phone.not_accepted"


@pytest.mark.parametrize(
    "raw",
    ["110", "117", "03-1234", "090-1234-567", "090-1234-56789", "+1 650-253-0000", "+44 20 7946 0958",
     "03-1234-5678 内線12", "0312345678 ext. 12", "abc", "03-xxxx-5678", "0"],
)  # fmt: skip
def test_phone_short_foreign_malformed_invalid(raw):
    assert code_of("phone", raw) == "customer.phone.invalid"


def test_phone_messages():
    assert validate_field("phone", "").message == "電話番号を入力してください。"
    assert code_of("phone", " ") == "customer.phone.required"
    assert "電話番号" in validate_field("phone", "0990-123-456").message


# --- e-mail -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("taro@example.co.jp", "taro@example.co.jp"),
        ("  Taro.Yamada@Example.CO.JP ", "Taro.Yamada@example.co.jp"),  # local part kept as typed
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"),  # full width folded
        ("taro+renew@mail.example.com", "taro+renew@mail.example.com"),
        ("taro..yamada.@docomo.ne.jp", "taro..yamada.@docomo.ne.jp"),  # old Japanese mobile style
        ("a@xn--eckwd4c7c.xn--zckzah", "a@xn--eckwd4c7c.xn--zckzah"),
    ],
)
def test_email_accepted(raw, normal):
    assert normalise_field("email", raw) == normal
    assert validate_field("email", raw) is None


@pytest.mark.parametrize(
    "raw",
    ["taro", "taro@", "@example.jp", "taro@example", "taro@@example.jp", "ta@ro@example.jp", "taro yamada@example.jp",
     "taro@exa mple.jp", "たろう@example.jp", "taro@例え.jp", "taro@-example.jp", "taro@example..jp", "taro@example.j",
     "taro@example.123", "taro@.example.jp", "a" * 65 + "@example.jp"],
)  # fmt: skip
def test_email_invalid(raw):
    assert code_of("email", raw) == "customer.email.invalid"


def test_email_required_and_length():
    assert code_of("email", "") == "customer.email.required"
    assert code_of("email", "   ") == "customer.email.required"
    long_domain = ".".join(["a" * 60] * 4) + ".jp"  # 246 characters
    assert validate_field("email", "abcdefg@" + long_domain) is None  # 254
    assert code_of("email", "abcdefgh@" + long_domain) == "customer.email.too_long"  # 255


# --- the whole form ---------------------------------------------------------------------------------


def test_validate_customer_lists_every_violation_in_field_order():
    raw = {"prefecture": "東京", "email": "nope", "given_kana": "太郎", "unknown_key": "ignored"}
    details, violations = validate_customer(raw)
    assert details is None
    assert [v.code for v in violations] == [
        "customer.family_name.required",
        "customer.given_name.required",
        "customer.family_kana.required",
        "customer.given_kana.not_katakana",
        "customer.postal_code.required",
        "customer.prefecture.unknown",
        "customer.city.required",
        "customer.address_line.required",
        "customer.phone.required",
        "customer.email.invalid",
    ]
    assert all(isinstance(v, Violation) and LABELS[v.field].source in v.message for v in violations)


def test_validate_customer_normalises():
    raw = {
        "family_name": " ﾄﾚﾝﾄﾞﾏｲｸﾛ ",
        "given_name": "株式会社",
        "family_kana": "とれんど まいくろ",
        "given_kana": "ｶﾌﾞｼｷｶﾞｲｼｬ",
        "postal_code": "１６００００１",
        "prefecture": "東京都",
        "city": "新宿区",
        "address_line": "大久保１－２－３",
        "phone": "０９０１２３４５６７８",
        "email": "Info@Example.JP",
        "extra": "dropped",
    }
    details, violations = validate_customer(raw)
    assert violations == []
    assert details.as_dict() == {
        "family_name": "トレンドマイクロ",
        "given_name": "株式会社",
        "family_kana": "トレンドマイクロ",
        "given_kana": "カブシキガイシャ",
        "postal_code": "160-0001",
        "prefecture": "東京都",
        "city": "新宿区",
        "address_line": "大久保1-2-3",
        "building": "",
        "phone": "090-1234-5678",
        "email": "Info@example.jp",
    }
    assert normalise_customer(raw) == details.as_dict()


def test_normalise_customer_never_raises_on_odd_values():
    odd = {"family_name": None, "given_name": 42, "postal_code": 1630044, "phone": b"03", "email": object()}
    result = normalise_customer(odd)
    assert list(result) == list(FIELDS)
    assert result["given_name"] == "42"
    assert result["postal_code"] == "163-0044"


def test_every_message_names_its_field():
    for (field, _problem), text in customer._MESSAGES.items():
        assert LABELS[field].source in text.source, text
        assert text.context == "Rules"


# --- properties -------------------------------------------------------------------------------------

# Text that looks like what people type: kana of both widths, kanji, digits of both widths,
# ASCII, spaces of both kinds, dashes, combining marks, and anything else now and then.
_typed_chars = st.one_of(
    st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),  # hiragana, katakana, marks
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFFEF),  # full-width ASCII, half-width kana
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),  # some kanji
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),  # compatibility ideographs
    st.sampled_from(list(" \u3000\t-ー－‐−〒@.+()０１２３４５６７８９0123456789\u3099\u309a\u309b\u0301¨")),
    st.characters(),
)
typed_text = st.text(_typed_chars, max_size=40)

_digits = st.text(st.sampled_from(list("0123456789")), min_size=1, max_size=13)
phone_like = st.builds(lambda p, d: p + d, st.sampled_from(["0", "03", "090", "050", "0120", "0990", "+81", "０"]), _digits)
postal_like = st.builds(lambda a, s, b: a + s + b, _digits, st.sampled_from(["", "-", "ー", "－", " "]), _digits)
email_like = st.builds(
    lambda a, b, c: f"{a}@{b}.{c}",
    st.text(st.sampled_from(list("abcXYZ09.+_-")), max_size=8),
    st.text(st.sampled_from(list("abcXYZ09-.")), max_size=8),
    st.text(st.sampled_from(list("jpcomCOM")), max_size=4),
)


def values_for(field: str) -> st.SearchStrategy[str]:
    extra = {
        "phone": phone_like,
        "postal_code": postal_like,
        "email": email_like,
        "prefecture": st.sampled_from(PREFECTURES),
    }.get(field)
    return typed_text if extra is None else st.one_of(typed_text, extra)


field_and_value = st.sampled_from(FIELDS).flatmap(lambda f: st.tuples(st.just(f), values_for(f)))

_PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(field_and_value)
@example(("family_kana", "カ ゙"))
@example(("family_name", "ｶ\u3000ﾞ"))
@example(("email", "a@\u00a8B.jp"))
@example(("phone", "+81 3 1234 5678"))
def test_normalisation_is_idempotent(case):
    field, value = case
    once = normalise_field(field, value)
    assert normalise_field(field, once) == once


@_PROPERTY
@given(field_and_value)
def test_valid_values_stay_valid_and_normal(case):
    field, value = case
    if validate_field(field, value) is None:
        normal = normalise_field(field, value)
        assert validate_field(field, normal) is None
        assert normalise_field(field, normal) == normal


@_PROPERTY
@given(st.sampled_from(FIELDS), st.one_of(st.text(), typed_text))
def test_validate_field_never_raises_and_names_the_field(field, value):
    violation = validate_field(field, value)
    if violation is not None:
        assert violation.field == field
        assert violation.code.startswith(f"customer.{field}.")
        assert LABELS[field].source in violation.message


@_PROPERTY
@given(st.dictionaries(st.sampled_from([*FIELDS, "other"]), st.one_of(typed_text, st.none()), max_size=12))
def test_normalise_customer_is_idempotent_and_validation_agrees_with_fields(raw):
    once = normalise_customer(raw)
    assert normalise_customer(once) == once
    details, violations = validate_customer(raw)
    per_field = [v for f in FIELDS if (v := validate_field(f, raw.get(f))) is not None]
    assert violations == per_field
    assert (details is None) == bool(violations)
    if details is not None:
        assert details.as_dict() == once


@_PROPERTY
@given(st.sampled_from(["family_name", "given_name", "city", "address_line", "building"]), typed_text)
def test_valid_printed_text_encodes_in_shift_jis(field, value):
    if validate_field(field, value) is None:
        normalise_field(field, value).encode("shift_jis")


@_PROPERTY
@given(st.sampled_from(["family_kana", "given_kana"]), typed_text)
def test_valid_kana_is_full_width_katakana(field, value):
    if validate_field(field, value) is None:
        normal = normalise_field(field, value)
        assert all("\u30a1" <= c <= "\u30fe" for c in normal)
        normal.encode("shift_jis")
