"""The customer's details printed on the payment slip (振込用紙): validated and normalised.

Over 400 lines: eleven fields, each with its normalisation, its check and its Japanese message written out as a
literal (so that ``pyside6-lupdate`` finds every caption); split, a field's rule would sit apart from its message.

The slip needs the name (姓, 名) [seed]; furigana, postal address, phone and e-mail are the
simulator's choice of what such a form asks [sim]. A company-only customer splits the
company name over 姓 and 名, e.g. 姓 トレンドマイクロ, 名 株式会社 [seed], so nothing here
looks for a "personal" name.

How each kind of field is normalised (``normalise_field``; idempotent, never raises):

- printed text (names, city, 番地, building): canonical composition (NFC), full-width ASCII
  and half-width katakana folded to their usual width (``ＡＢＣ１２`` → ``ABC12``,
  ``ｶﾞ`` → ``ガ``), whitespace runs collapsed to one space, ends trimmed. This is the width
  part of NFKC only: full NFKC would silently turn ``①`` into ``1`` and ``㈱`` into ``(株)``
  and so change what gets printed; instead such characters are refused, by name. NFC maps a
  CJK compatibility ideograph with a canonical equivalent (``神`` U+FA19) to the unified one
  the slip prints; those without one (``﨑`` U+FA11) stay and are refused.
  Printed text must be encodable in Shift_JIS as JIS X 0208 (Python's ``shift_jis`` codec,
  not ``cp932``, which also takes the NEC/IBM extensions such as ``①`` ``髙`` ``﨑``).
- furigana: NFKC, hiragana → katakana, all whitespace removed; then katakana and ``ー`` only.
- postal code: NFKC, a leading 〒 and spaces dropped, any dash accepted; ``1234567`` →
  ``123-4567``.
- prefecture: NFKC and trimmed, then one of :data:`PREFECTURES` exactly. ``東京`` (without
  都) is refused rather than guessed: the UI offers a list, and the API takes the full name.
- phone: parsed by ``phonenumbers`` (region JP), shown in its national format with hyphens.
- e-mail: NFKC, trimmed, the domain's ASCII letters lower-cased.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType

import jaconv
import phonenumbers
from phonenumbers import PhoneNumberType

from vb_renew.i18n import QT_TRANSLATE_NOOP, Text
from vb_renew.rules.errors import Violation

# --- fields --------------------------------------------------------------------------------------

FIELDS: tuple[str, ...] = (
    "family_name",
    "given_name",
    "family_kana",
    "given_kana",
    "postal_code",
    "prefecture",
    "city",
    "address_line",
    "building",
    "phone",
    "email",
)
"""The field keys (stable API and automation names), in display order."""

LABELS: Mapping[str, Text] = MappingProxyType(
    {
        "family_name": QT_TRANSLATE_NOOP("Rules", "お名前（姓）"),
        "given_name": QT_TRANSLATE_NOOP("Rules", "お名前（名）"),
        "family_kana": QT_TRANSLATE_NOOP("Rules", "フリガナ（セイ）"),
        "given_kana": QT_TRANSLATE_NOOP("Rules", "フリガナ（メイ）"),
        "postal_code": QT_TRANSLATE_NOOP("Rules", "郵便番号"),
        "prefecture": QT_TRANSLATE_NOOP("Rules", "都道府県"),
        "city": QT_TRANSLATE_NOOP("Rules", "市区町村"),
        "address_line": QT_TRANSLATE_NOOP("Rules", "番地"),
        "building": QT_TRANSLATE_NOOP("Rules", "建物名"),
        "phone": QT_TRANSLATE_NOOP("Rules", "電話番号"),
        "email": QT_TRANSLATE_NOOP("Rules", "メールアドレス"),
    }
)
"""Each field's Japanese label, as the form shows it; every message names it."""

OPTIONAL_FIELDS: frozenset[str] = frozenset({"building"})

# Maximum lengths in characters, after normalisation [sim].
MAX_LENGTHS: Mapping[str, int] = MappingProxyType(
    {
        "family_name": 30,
        "given_name": 30,
        "family_kana": 60,
        "given_kana": 60,
        "city": 50,
        "address_line": 50,
        "building": 50,
        "email": 254,  # RFC 5321's path limit less the angle brackets
    }
)

PREFECTURES: tuple[str, ...] = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
    "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
    "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
    "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
    "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
    "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
    "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip
"""The 47 prefectures in JIS X 0401 order (index + 1 is the JIS code)."""

# Phone number kinds a slip's customer may give. Refused: premium rate (0990), navi dial
# (0570, UAN), pager (020), personal numbers (0600), shared cost and the like.
ACCEPTED_PHONE_TYPES: frozenset[int] = frozenset(
    {
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
        PhoneNumberType.VOIP,
        PhoneNumberType.TOLL_FREE,
    }
)

# --- messages ------------------------------------------------------------------------------------
# One literal per field and problem, so each can be translated whole. {char} is filled with
# str.format on the source text.

_MESSAGES: Mapping[tuple[str, str], Text] = MappingProxyType(
    {
        ("family_name", "required"): QT_TRANSLATE_NOOP("Rules", "お名前（姓）を入力してください。"),
        ("family_name", "too_long"): QT_TRANSLATE_NOOP("Rules", "お名前（姓）は30文字以内で入力してください。"),
        ("family_name", "not_printable"): QT_TRANSLATE_NOOP(
            "Rules", "お名前（姓）の「{char}」は振込用紙に印字できない文字です。別の文字で入力してください。"
        ),
        ("given_name", "required"): QT_TRANSLATE_NOOP("Rules", "お名前（名）を入力してください。"),
        ("given_name", "too_long"): QT_TRANSLATE_NOOP("Rules", "お名前（名）は30文字以内で入力してください。"),
        ("given_name", "not_printable"): QT_TRANSLATE_NOOP(
            "Rules", "お名前（名）の「{char}」は振込用紙に印字できない文字です。別の文字で入力してください。"
        ),
        ("family_kana", "required"): QT_TRANSLATE_NOOP("Rules", "フリガナ（セイ）を入力してください。"),
        ("family_kana", "too_long"): QT_TRANSLATE_NOOP("Rules", "フリガナ（セイ）は60文字以内で入力してください。"),
        ("family_kana", "not_katakana"): QT_TRANSLATE_NOOP(
            "Rules", "フリガナ（セイ）はカタカナで入力してください（「{char}」は使えません）。"
        ),
        ("given_kana", "required"): QT_TRANSLATE_NOOP("Rules", "フリガナ（メイ）を入力してください。"),
        ("given_kana", "too_long"): QT_TRANSLATE_NOOP("Rules", "フリガナ（メイ）は60文字以内で入力してください。"),
        ("given_kana", "not_katakana"): QT_TRANSLATE_NOOP(
            "Rules", "フリガナ（メイ）はカタカナで入力してください（「{char}」は使えません）。"
        ),
        ("postal_code", "required"): QT_TRANSLATE_NOOP("Rules", "郵便番号を入力してください。"),
        ("postal_code", "format"): QT_TRANSLATE_NOOP(
            "Rules", "郵便番号は7桁の数字で入力してください（例: 160-0023）。"
        ),
        ("prefecture", "required"): QT_TRANSLATE_NOOP("Rules", "都道府県を選択してください。"),
        ("prefecture", "unknown"): QT_TRANSLATE_NOOP(
            "Rules", "都道府県は一覧から選択してください（例: 東京都）。"
        ),
        ("city", "required"): QT_TRANSLATE_NOOP("Rules", "市区町村を入力してください。"),
        ("city", "too_long"): QT_TRANSLATE_NOOP("Rules", "市区町村は50文字以内で入力してください。"),
        ("city", "not_printable"): QT_TRANSLATE_NOOP(
            "Rules", "市区町村の「{char}」は振込用紙に印字できない文字です。別の文字で入力してください。"
        ),
        ("address_line", "required"): QT_TRANSLATE_NOOP("Rules", "番地を入力してください。"),
        ("address_line", "too_long"): QT_TRANSLATE_NOOP("Rules", "番地は50文字以内で入力してください。"),
        ("address_line", "not_printable"): QT_TRANSLATE_NOOP(
            "Rules", "番地の「{char}」は振込用紙に印字できない文字です。別の文字で入力してください。"
        ),
        ("building", "too_long"): QT_TRANSLATE_NOOP("Rules", "建物名は50文字以内で入力してください。"),
        ("building", "not_printable"): QT_TRANSLATE_NOOP(
            "Rules", "建物名の「{char}」は振込用紙に印字できない文字です。別の文字で入力してください。"
        ),
        ("phone", "required"): QT_TRANSLATE_NOOP("Rules", "電話番号を入力してください。"),
        ("phone", "invalid"): QT_TRANSLATE_NOOP(
            "Rules", "電話番号を正しく入力してください（例: 03-1234-5678、090-1234-5678）。"
        ),
        ("phone", "not_accepted"): QT_TRANSLATE_NOOP(
            "Rules",
            "この電話番号はご登録いただけません。電話番号には固定電話、携帯電話（070/080/090）、"
            "IP電話（050）、フリーダイヤル（0120/0800）の番号を入力してください。",
        ),
        ("email", "required"): QT_TRANSLATE_NOOP("Rules", "メールアドレスを入力してください。"),
        ("email", "too_long"): QT_TRANSLATE_NOOP("Rules", "メールアドレスは254文字以内で入力してください。"),
        ("email", "invalid"): QT_TRANSLATE_NOOP(
            "Rules", "メールアドレスを正しく入力してください（例: taro@example.co.jp）。"
        ),
    }
)


def _violation(field: str, problem: str, **values: str) -> Violation:
    # The text keeps its placeholder, so the UI can translate it and fill in the values after.
    return Violation(f"customer.{field}.{problem}", _MESSAGES[(field, problem)], field, tuple(values.items()))


def _shown(char: str) -> str:
    """A character as a message shows it: invisible ones as U+XXXX."""
    if unicodedata.category(char)[0] in "CZM":
        return f"U+{ord(char):04X}"
    return char


# --- normalisation -------------------------------------------------------------------------------

# Full-width ASCII, full-width signs (￠￡￢￣￤￥￦) and half-width katakana and marks.
_WIDTH_FORMS = re.compile("[\u3000\uff01-\uffee]")
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\uff70"
_POSTAL = re.compile(f"([0-9]{{3}})[{re.escape(_DASHES)}]?([0-9]{{4}})")
# What a phone number may be typed with (after NFKC): digits, a leading +, dashes, spaces,
# parentheses. No letters (phonenumbers would read "03-xxxx-…" as a vanity number) and no
# extensions (内線, ext.).
_PHONE_CHARS = re.compile(f"\\+?[0-9 ()\t{re.escape(_DASHES)}]*")
_ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _text(value: object) -> str:
    """Whatever came in, as a string (None as empty)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _collapse_spaces(value: str) -> str:
    return " ".join(value.split())


def _stable(step: Callable[[str], str], value: str) -> str:
    """Apply ``step`` until the value stops changing.

    Unicode normalisation and whitespace removal interact: NFKC can make spaces
    (U+00A8 → " ̈") and removing spaces can bring a combining mark next to a letter it then
    composes with. A few rounds settle every case; the bound keeps it total.
    """
    for _ in range(8):
        changed = step(value)
        if changed == value:
            break
        value = changed
    return value


def _nfkc_trimmed(value: str) -> str:
    return _stable(lambda v: unicodedata.normalize("NFKC", v).strip(), value)


def _printed_text_step(value: str) -> str:
    value = unicodedata.normalize("NFC", value)
    value = _WIDTH_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), value)
    return _collapse_spaces(unicodedata.normalize("NFC", value))


def _printed_text(value: str) -> str:
    """Width-fold and tidy text that is printed on the slip (see the module docstring)."""
    return _stable(_printed_text_step, value)


def _kana_step(value: str) -> str:
    value = jaconv.hira2kata(unicodedata.normalize("NFKC", value))
    return unicodedata.normalize("NFC", "".join(value.split()))


def _kana(value: str) -> str:
    return _stable(_kana_step, value)


def _postal_code_step(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value).split()).removeprefix("〒")


def _postal_code(value: str) -> str:
    value = _stable(_postal_code_step, value)
    match = _POSTAL.fullmatch(value)
    return f"{match[1]}-{match[2]}" if match else value


def _parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    if not _PHONE_CHARS.fullmatch(value):
        return None
    try:
        return phonenumbers.parse(value, "JP")
    except phonenumbers.NumberParseException:
        return None


def _phone(value: str) -> str:
    value = _nfkc_trimmed(value)
    number = _parse_phone(value)
    if number is None or not _is_japanese_number(number) or number.extension:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _is_japanese_number(number: phonenumbers.PhoneNumber) -> bool:
    return number.country_code == 81 and phonenumbers.is_valid_number_for_region(number, "JP")


def _email(value: str) -> str:
    value = _nfkc_trimmed(value)
    local, at, domain = value.rpartition("@")
    if not at:
        return value
    return f"{local}@{domain.translate(_ASCII_UPPER)}"


_NORMALISERS: Mapping[str, Callable[[str], str]] = MappingProxyType(
    {
        "family_name": _printed_text,
        "given_name": _printed_text,
        "family_kana": _kana,
        "given_kana": _kana,
        "postal_code": _postal_code,
        "prefecture": _nfkc_trimmed,
        "city": _printed_text,
        "address_line": _printed_text,
        "building": _printed_text,
        "phone": _phone,
        "email": _email,
    }
)


def _check_field(field: str) -> None:
    if field not in _NORMALISERS:
        raise KeyError(f"unknown customer field {field!r}; expected one of {', '.join(FIELDS)}")


def normalise_field(field: str, value: object) -> str:
    """The value as it would be stored and printed; returned as is (tidied) when it cannot be."""
    _check_field(field)
    return _NORMALISERS[field](_text(value))


def normalise_customer(raw: Mapping[str, object]) -> dict[str, str]:
    """Every field, normalised; missing keys become ``""``, unknown keys are dropped. Never raises."""
    return {field: _NORMALISERS[field](_text(raw.get(field))) for field in FIELDS}


# --- validation ----------------------------------------------------------------------------------


def _first_unprintable(value: str) -> str | None:
    for char in value:
        if unicodedata.category(char)[0] == "C":
            return char
        try:
            char.encode("shift_jis")
        except UnicodeEncodeError:
            return char
    return None


def _is_katakana(char: str) -> bool:
    # ァ..ヶ (all in JIS X 0208), the long vowel mark and the katakana iteration marks.
    return "\u30a1" <= char <= "\u30f6" or char in "ーヽヾ"


_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}")
_DOMAIN_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def _is_email(value: str) -> bool:
    # Pragmatic, not RFC 5322: one @, a dotted domain of letters, digits and hyphens. Dots in
    # the local part are allowed anywhere: old Japanese mobile addresses (taro..a.@…) exist.
    if not value.isascii() or value.count("@") != 1:
        return False
    local, domain = value.split("@")
    if not _EMAIL_LOCAL.fullmatch(local):
        return False
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        return False
    top = labels[-1]
    return len(top) >= 2 and not top.isdigit()


def _check(field: str, value: str) -> Violation | None:
    """The first problem of an already normalised value."""
    if not value:
        return None if field in OPTIONAL_FIELDS else _violation(field, "required")
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(value) > limit:
        return _violation(field, "too_long")
    kind = _NORMALISERS[field]
    if kind is _printed_text:
        bad = _first_unprintable(value)
        if bad is not None:
            return _violation(field, "not_printable", char=_shown(bad))
    elif kind is _kana:
        bad = next((char for char in value if not _is_katakana(char)), None)
        if bad is not None:
            return _violation(field, "not_katakana", char=_shown(bad))
    elif field == "postal_code":
        if not _POSTAL.fullmatch(value):
            return _violation(field, "format")
    elif field == "prefecture":
        if value not in PREFECTURES:
            return _violation(field, "unknown")
    elif field == "phone":
        number = _parse_phone(value)
        if number is None or number.extension or not _is_japanese_number(number):
            return _violation(field, "invalid")
        if phonenumbers.number_type(number) not in ACCEPTED_PHONE_TYPES:
            return _violation(field, "not_accepted")
    elif field == "email" and not _is_email(value):
        return _violation(field, "invalid")
    return None


def validate_field(field: str, value: object) -> Violation | None:
    """The first problem with one field's value on its own, or None (for inline errors).

    Raises ``KeyError`` only for an unknown field key; never for the value.
    """
    return _check(field, normalise_field(field, value))


@dataclass(frozen=True)
class CustomerDetails:
    """The customer's details, valid and normalised, as printed on the slip."""

    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    postal_code: str
    prefecture: str
    city: str
    address_line: str
    building: str
    phone: str
    email: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def validate_customer(raw: Mapping[str, object]) -> tuple[CustomerDetails | None, list[Violation]]:
    """The details if every field is valid, and every violation in field order.

    Missing keys count as empty, unknown keys are ignored.
    """
    values = normalise_customer(raw)
    violations = [v for field in FIELDS if (v := _check(field, values[field])) is not None]
    if violations:
        return None, violations
    return CustomerDetails(**values), []
