"""The examples the UI and its error texts show work: following one never leads to an error.

The examples are read from the caption registry (``resources/captions.json``), so a caption added or changed
later is checked too, whatever its context.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from vb_renew.rules import postal

CAPTIONS = Path(__file__).resolve().parents[2] / "resources" / "captions.json"
# 「例）160-0023」「（例: 160-0023）」: an example, then a postal code (3 digits, a dash, 4 digits) that is not part
# of a longer number (a phone number such as 03-1234-5678 or 090-1234-5678 is not one).
EXAMPLE = re.compile(r"[(（]?例[)）:：]")
POSTAL_CODE = re.compile(r"(?<![\d-])\d{3}-\d{4}(?![\d-])")


def _captions() -> dict[str, list[str]]:
    data = json.loads(CAPTIONS.read_text(encoding="utf-8"))
    return {context: list(texts) for context, texts in data.items() if not context.startswith("_")}


def example_postal_codes() -> dict[tuple[str, str], list[str]]:
    """Each caption that gives an example postal code, with the codes it shows."""
    found: dict[tuple[str, str], list[str]] = {}
    for context, texts in _captions().items():
        for text in texts:
            codes = POSTAL_CODE.findall(text)
            if codes and EXAMPLE.search(text):
                found[(context, text)] = codes
    return found


def test_the_ui_and_its_error_texts_give_an_example_postal_code() -> None:
    contexts = {context for context, _ in example_postal_codes()}
    assert "WizardForms" in contexts, "the S6 postal-code field's placeholder"
    assert "Rules" in contexts, "the postal-code format error"


def test_every_example_postal_code_is_in_the_bundled_postal_data() -> None:
    unknown = {caption: code for caption, codes in example_postal_codes().items() for code in codes
               if postal.lookup(code) is None}
    assert unknown == {}, "an example the user follows must fill the address, not say it was not found"


def test_the_ui_gives_one_example_postal_code_everywhere() -> None:
    codes = {code for codes in example_postal_codes().values() for code in codes}
    assert len(codes) == 1, codes
