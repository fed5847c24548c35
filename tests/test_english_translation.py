"""The English translation (``resources/i18n/vb_renew_en.ts``) is complete, fits the code, and builds.

- Every message of every context has a finished English translation; the slip's (context ``Slip``) stays Japanese on
  purpose: its "translation" is its own Japanese text (docs/i18n.md).
- Every caption on record (``resources/captions.json``) is translated.
- A translation has the placeholders of its source: ``{name}`` for ``str.format``, ``%(name)s``/``%s`` in argparse's
  words.
- The ``.ts`` is not stale: it holds exactly the captions the code marks (the scanner of tests/test_captions.py;
  ``python -m vb_renew.qa.translations update`` makes it so).
- No Japanese is left in an English text, but the words docs/i18n.md lists (product names, ...).
- ``python -m vb_renew.qa.translations build`` makes a ``.qm`` that Qt loads, with every translation.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.test_captions import load as captions_on_record
from tests.test_captions import scan
from vb_renew.qa import translations as command
from vb_renew.rules.catalogue import load_catalogue
from vb_renew.translations import _read_qm

REPO = Path(__file__).resolve().parent.parent
TS = REPO / "resources" / "i18n" / "vb_renew_en.ts"

# Contexts kept Japanese in English, and why (docs/i18n.md): their translation is their source, word for word.
KEPT_CONTEXTS = {"Slip": "the printed payment slip is a Japanese paper form (払込票), Japanese in every language"}
# Japanese words an English text may keep, and why (docs/i18n.md, "What stays Japanese").
KEPT_WORDS = {
    **{product.name: "a product name" for product in load_catalogue().products.values()},
    "ウイルスバスター": "the product family's name",
    "振込用紙": "the paper form's own name, beside its English one: Payment slip (振込用紙)",
    "タロウ": "an example of what a katakana name field takes",
    "ヤマダ": "an example of what a katakana name field takes",
    "東京都": "an example prefecture, as the list of Japanese prefectures offers it",
}
JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sr]|%[sr]")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    kind: str | None  # the <translation>'s type: None (finished), unfinished, vanished, obsolete


def messages(ts: Path = TS) -> list[Message]:
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            found.append(Message(name, message.findtext("source") or "", translation.text or "",
                                 translation.get("type")))
    return found


MESSAGES = messages()


def test_every_source_string_has_a_finished_english_translation() -> None:
    missing = [f"{m.context}: {m.source!r} ({m.kind or 'empty'})" for m in MESSAGES
               if m.kind is not None or not m.translation]
    assert missing == [], "translate them in Qt Linguist (docs/i18n.md)"


def test_the_slip_stays_japanese_word_for_word() -> None:
    slip = [m for m in MESSAGES if m.context in KEPT_CONTEXTS]
    assert slip, "the slip's captions are in the .ts"
    assert [m.source for m in slip if m.translation != m.source] == []


def test_every_caption_on_record_has_an_english_translation() -> None:
    finished = {(m.context, m.source) for m in MESSAGES if m.kind is None and m.translation}
    untranslated = [f"{context}: {text!r}" for context, texts in captions_on_record().items() for text in texts
                    if (context, text) not in finished]
    assert untranslated == []


def test_a_translation_has_the_placeholders_of_its_source() -> None:
    differ = [f"{m.context}: {m.source!r} -> {m.translation!r}" for m in MESSAGES
              if Counter(PLACEHOLDER.findall(m.source)) != Counter(PLACEHOLDER.findall(m.translation))]
    assert differ == []


def test_the_ts_holds_exactly_the_captions_of_the_code() -> None:
    """Stale either way fails: a caption the code marks that the .ts lacks, or one the code no longer has."""
    found, _ = scan()
    in_code = {(context, text) for context, texts in found.items() for text in texts}
    in_ts = {(m.context, m.source) for m in MESSAGES}
    assert sorted(in_code - in_ts) == [], "run: python -m vb_renew.qa.translations update"
    assert sorted(in_ts - in_code) == [], "run: python -m vb_renew.qa.translations update"


def test_no_japanese_is_left_in_english_but_the_listed_words() -> None:
    def rest(text: str) -> str:
        for word in sorted(KEPT_WORDS, key=len, reverse=True):
            text = text.replace(word, "")
        return text

    left = [f"{m.context}: {m.translation!r}" for m in MESSAGES
            if m.context not in KEPT_CONTEXTS and JAPANESE.search(rest(m.translation))]
    assert left == []


def test_the_build_command_makes_a_qm_that_qt_loads(tmp_path: Path) -> None:
    from PySide6.QtCore import QTranslator

    [qm] = command.build(TS.parent, tmp_path)
    assert qm == tmp_path / "vb_renew_en.qm"
    assert not command.stale(TS, qm) and command.stale(TS, tmp_path / "vb_renew_fr.qm")
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("MainWindow", "今すぐ更新") == "Renew Now"
    assert translator.translate("Slip", "受領証") == "受領証"
    assert _read_qm(qm) == {(m.context, m.source): m.translation for m in MESSAGES}


@pytest.mark.parametrize("document", ["licence-agreement", "privacy-notice"])
def test_the_wizards_documents_have_an_english_version(document: str) -> None:
    japanese = (REPO / "resources" / f"{document}.txt").read_text(encoding="utf-8")
    english = (REPO / "resources" / f"{document}.en.txt").read_text(encoding="utf-8")
    assert not JAPANESE.search(english)
    numbered = re.compile(r"^(?:第(\d)条|(\d)\. )", re.MULTILINE)
    assert len(numbered.findall(japanese)) == len(re.findall(r"^(?:Article \d|\d\. )", english, re.MULTILINE))
