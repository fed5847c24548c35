"""Every user-visible caption is translatable Japanese source text, and its origin is recorded.

``resources/captions.json`` lists, per translation context, each caption the
code passes through ``QCoreApplication.translate`` or marks with
``QT_TRANSLATE_NOOP``, tagged with where it comes from: ``seed`` (the help
page), ``spec`` (the product spec's screen list), ``pub`` (a public help
article) or ``sim`` (the simulator's own wording).

``python tests/test_captions.py --update`` adds new captions (tagged ``seed`` or
``spec`` when quoted there, else ``sim``: review them) and drops the ones the
code no longer uses.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CAPTIONS = REPO / "resources" / "captions.json"
SOURCES = {"seed", "spec", "pub", "pub-3p", "sim"}
# Calls that translate a value computed elsewhere (already registered where it was marked).
DYNAMIC_OK = {("vb_renew/ui/widgets.py", "tr_text")}


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "translate":
        return "translate"
    if isinstance(func, ast.Name) and func.id == "QT_TRANSLATE_NOOP":
        return "noop"
    return None


def scan() -> tuple[dict[str, set[str]], list[str]]:
    """The captions in the code by context, and the calls that break the rules."""
    found: dict[str, set[str]] = {}
    problems: list[str] = []
    for path in sorted((REPO / "vb_renew").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {id(n): f.name for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) for n in ast.walk(f)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _call_name(node) is None or len(node.args) < 2:
                continue
            context, text = node.args[0], node.args[1]
            where = f"{rel}:{node.lineno}"
            if any(isinstance(a, ast.JoinedStr) for a in node.args[:2]):
                problems.append(f"{where}: an f-string cannot be translated; use .format() after translate")
                continue
            if isinstance(context, ast.Constant) and isinstance(text, ast.Constant):
                found.setdefault(context.value, set()).add(text.value)
            elif (rel, functions.get(id(node))) not in DYNAMIC_OK:
                problems.append(f"{where}: translate() needs literal context and text so lupdate can find them")
    return found, problems


def load() -> dict[str, dict[str, str]]:
    data = json.loads(CAPTIONS.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def test_every_caption_is_translatable_source_text() -> None:
    _, problems = scan()
    assert problems == []


def test_every_caption_in_the_code_has_a_recorded_source() -> None:
    found, _ = scan()
    recorded = load()
    missing = {ctx: sorted(texts - set(recorded.get(ctx, {}))) for ctx, texts in found.items()}
    missing = {ctx: texts for ctx, texts in missing.items() if texts}
    assert missing == {}, "run: python tests/test_captions.py --update (then review the sources)"


def test_the_registry_lists_no_caption_the_code_dropped() -> None:
    found, _ = scan()
    stale = {ctx: sorted(set(texts) - found.get(ctx, set())) for ctx, texts in load().items()}
    assert {ctx: t for ctx, t in stale.items() if t} == {}


def test_every_source_tag_is_known() -> None:
    bad = {(ctx, text): src for ctx, texts in load().items() for text, src in texts.items() if src not in SOURCES}
    assert bad == {}


def _squashed(path: Path) -> str:
    return "".join(path.read_text(encoding="utf-8").split()) if path.exists() else ""


SEED = "".join(_squashed(p) for p in sorted((REPO.parent / "shared" / "seed").glob("*.txt")))
SPEC = _squashed(REPO.parent / "shared" / "spec" / "product-flow.md")


def _fragments(text: str) -> list[str]:
    """The literal parts of a caption around its ``{placeholders}``, spacing aside."""
    import re

    return [f for f in ("".join(part.split()) for part in re.split(r"\{[^}]*\}", text)) if f]


def _quoted(text: str, corpus: str) -> bool:
    return all(fragment in corpus for fragment in _fragments(text))


# Shorter captions (年, 確認, 完了...) occur in any Japanese text: they prove no quotation.
MIN_QUOTE = 5


def guess_source(text: str) -> str:
    """``seed`` or ``spec`` when the caption is quoted there, else ``sim``."""
    if sum(map(len, _fragments(text))) < MIN_QUOTE:
        return "sim"
    if _quoted(text, SEED):
        return "seed"
    if _quoted(text, SPEC):
        return "spec"
    return "sim"


def test_captions_the_seed_or_spec_give_are_quoted_exactly() -> None:
    """A caption tagged ``seed`` or ``spec`` appears word for word there (spacing aside)."""
    if not SEED or not SPEC:
        return  # shared/ lies beside the checkout in CI and for developers; nothing to compare otherwise
    corpus = {"seed": SEED, "spec": SPEC}
    not_quoted = [(ctx, text, src) for ctx, texts in load().items() for text, src in texts.items()
                  if src in corpus and not _quoted(text, corpus[src])]
    assert not_quoted == []


def update() -> None:
    found, _ = scan()
    data = json.loads(CAPTIONS.read_text(encoding="utf-8")) if CAPTIONS.exists() else {}
    meta = {k: v for k, v in data.items() if k.startswith("_")}
    recorded = {k: v for k, v in data.items() if not k.startswith("_")}
    merged = {ctx: {text: recorded.get(ctx, {}).get(text) or guess_source(text) for text in sorted(texts)}
              for ctx, texts in sorted(found.items())}
    CAPTIONS.write_text(json.dumps({**meta, **merged}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if "--update" in sys.argv:
        update()


def test_qt_linguist_extracts_every_caption(tmp_path: Path) -> None:
    """``pyside6-lupdate`` (what a translator runs) finds each caption, so English needs no code change."""
    import shutil
    import subprocess
    import xml.etree.ElementTree as ET

    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) or shutil.which(
        "pyside6-lupdate")
    assert lupdate, "pyside6-lupdate comes with PySide6-Essentials"
    sources = [str(p) for p in sorted((REPO / "vb_renew").rglob("*.py"))]
    ts = tmp_path / "vb_renew_en.ts"
    subprocess.run([lupdate, *sources, "-ts", str(ts)], check=True, capture_output=True)
    extracted: dict[str, set[str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        texts = {m.findtext("source") for m in context.iter("message")}
        extracted.setdefault(context.findtext("name"), set()).update(texts)
    found, _ = scan()
    unseen = {ctx: sorted(texts - extracted.get(ctx, set())) for ctx, texts in found.items()}
    assert {ctx: t for ctx, t in unseen.items() if t} == {}
