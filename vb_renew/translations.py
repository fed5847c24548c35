"""The Qt Linguist translations read without Qt, and the language a request, a locale or a command line asks for.

The UI loads the ``.qm`` files through ``QTranslator``. The backend and the command lines import no Qt, yet their
messages, mails and help follow the language too: they read the same translations here, in pure Python.
``resources/i18n/vb_renew_<language>.ts`` is read when it is there (a checkout, an editable install: the source, so
never stale), else the ``.qm`` that ``pyside6-lrelease`` built from it (the frozen bundle ships only those). A
translation is looked up by its context and Japanese source text, as ``QCoreApplication.translate`` does.

What counts as translated follows ``lrelease`` (what the Qt UI shows, then): a message's translation unless it is
empty, ``vanished`` or ``obsolete``. Without one, or without the file, the text is the Japanese source: Japanese is
the source language and the default. The environment variable ``VB_RENEW_TRANSLATIONS`` names another folder to
read them from (a translator trying a file, the tests).
"""

from __future__ import annotations

import os
import re
import struct
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from vb_renew.i18n import Text
from vb_renew.resources import resource_path

SOURCE_LANGUAGE = "ja"  # the texts' own language, and the default
LANGUAGES = ("ja", "en")
FOLDER_VARIABLE = "VB_RENEW_TRANSLATIONS"

Catalogue = Mapping[tuple[str, str], str]  # (context, Japanese source) -> translation


def folder() -> Path:
    """Where the translations are: ``$VB_RENEW_TRANSLATIONS``, else ``resources/i18n``."""
    chosen = os.environ.get(FOLDER_VARIABLE)
    return Path(chosen) if chosen else resource_path("i18n")


def catalogue(language: str) -> Catalogue:
    """The translations into ``language`` (empty for Japanese, an unknown language, or no file), read once per
    version of the file."""
    if language == SOURCE_LANGUAGE or language not in LANGUAGES:
        return {}
    base = folder() / f"vb_renew_{language}"
    for path, read in ((base.with_suffix(".ts"), _read_ts), (base.with_suffix(".qm"), _read_qm)):
        try:
            stat = path.stat()
        except OSError:
            continue
        return _cached(path, stat.st_mtime_ns, stat.st_size, read)
    return {}


@lru_cache(maxsize=8)
def _cached(path: Path, mtime_ns: int, size: int, read: Callable[[Path], Catalogue]) -> Catalogue:
    try:
        return read(path)
    except (OSError, ValueError, SyntaxError, struct.error) as error:  # ElementTree's ParseError: a SyntaxError
        import logging

        logging.getLogger("vb_renew").warning("translations %s not read (%s): the texts stay Japanese", path, error)
        return {}


def _read_ts(path: Path) -> Catalogue:
    """A ``.ts`` file's finished and unfinished translations (XML: ``<context><name>``, ``<message><source>``)."""
    from xml.etree import ElementTree  # only when a translation is asked for: not on the app's first paint

    found: dict[tuple[str, str], str] = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source")
            if translation is None or source is None or translation.get("type") in ("vanished", "obsolete"):
                continue
            forms = [form.text or "" for form in translation.iter("numerusform")]
            text = (forms[0] if forms else translation.text) or ""
            key = (name, source)
            # A message with a disambiguating comment is another message; the one without wins.
            if text and (key not in found or message.find("comment") is None):
                found[key] = text
    return found


QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
QM_MESSAGES = 0x69
# The tags of a message in a .qm file (Qt's qtranslator.cpp): each but the end is followed by its data.
TAG_END, TAG_TRANSLATION, TAG_OBSOLETE1, TAG_SOURCE, TAG_CONTEXT, TAG_COMMENT = 1, 3, 5, 6, 7, 8
NO_TEXT = 0xFFFFFFFF


def _read_qm(path: Path) -> Catalogue:
    """A ``.qm`` file's translations, by context and source (``lrelease`` keeps both unless told to strip them)."""
    data = path.read_bytes()
    if not data.startswith(QM_MAGIC):
        raise ValueError(f"{path} is not a .qm file")
    found: dict[tuple[str, str], str] = {}
    at = len(QM_MAGIC)
    while at + 5 <= len(data):
        tag, length = data[at], struct.unpack_from(">I", data, at + 1)[0]
        at += 5
        if tag == QM_MESSAGES:
            _qm_messages(data[at:at + length], found)
        at += length
    return found


def _qm_messages(block: bytes, found: dict[tuple[str, str], str]) -> None:
    at = 0
    translation = context = source = comment = None
    while at < len(block):
        tag = block[at]
        at += 1
        if tag == TAG_END:
            if translation and source is not None and not comment and (context or "", source) not in found:
                found[(context or "", source)] = translation
            translation = context = source = comment = None
            continue
        if tag == TAG_OBSOLETE1:
            at += 4
            continue
        length = struct.unpack_from(">I", block, at)[0]
        at += 4
        if length == NO_TEXT:
            continue
        value = block[at:at + length]
        at += length
        if tag == TAG_TRANSLATION:
            translation = translation or value.decode("utf-16-be")  # numerus forms: the first
        elif tag == TAG_SOURCE:
            source = value.decode("utf-8")
        elif tag == TAG_CONTEXT:
            context = value.decode("utf-8")
        elif tag == TAG_COMMENT:
            comment = value.decode("utf-8")
        else:
            raise ValueError(f"unknown tag {tag} in a .qm message")


def translate(text: Text, language: str, /, **values: object) -> str:
    """``text`` in ``language``, its placeholders filled with ``values`` (``str.format``).

    A translation whose placeholders do not match the values falls back to the Japanese source.
    """
    return _told(catalogue(language), text, values)


def translator(language: str) -> Callable[..., str]:
    """``translate`` bound to ``language`` (its translations read once): ``tr(text, **values)``."""
    found = catalogue(language)

    def tr(text: Text, /, **values: object) -> str:
        return _told(found, text, values)

    return tr


def _told(found: Catalogue, text: Text, values: Mapping[str, object]) -> str:
    translated = found.get((text.context, text.source), text.source)
    if not values:
        return translated
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):
        return text.source.format(**values)


# --- which language ------------------------------------------------------------------------------------------

_QUALITY = re.compile(r"q\s*=\s*(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)", re.IGNORECASE)


def negotiate(accept_language: str | None) -> str:
    """The language of an answer to a request with this ``Accept-Language`` (RFC 9110, 12.5.4): ``en`` when the
    client prefers English (``en``, ``en-US``...) to Japanese, else ``ja`` (no header, ``*``, only other languages,
    or a header that cannot be read).

    Each language weighs what the ranges naming it say (their highest ``q``), else what ``*`` says; ``q=0``
    refuses it, a range whose weight cannot be read is left out. The heaviest wins; between equal weights, the one
    listed first; when none is acceptable, Japanese.
    """
    weights: dict[str, tuple[float, int]] = {}
    wildcard: tuple[float, int] | None = None
    for position, item in enumerate((accept_language or "").split(",")):
        tag, *params = (part.strip() for part in item.split(";"))
        quality = _quality(params)
        if not tag or quality is None:
            continue
        if tag == "*":
            wildcard = wildcard or (quality, position)
            continue
        primary = tag.lower().split("-", 1)[0]
        if primary in LANGUAGES:
            known = weights.get(primary)
            if known is None or quality > known[0]:
                weights[primary] = (quality, position)
    ranked = [(weight[0], -weight[1], language) for language in LANGUAGES
              if (weight := weights.get(language, wildcard)) is not None and weight[0] > 0]
    return max(ranked)[2] if ranked else SOURCE_LANGUAGE


def _quality(params: Sequence[str]) -> float | None:
    """A range's ``q`` (1 without one); None when it cannot be read."""
    for param in params:
        if param[:1] in ("q", "Q"):
            match = _QUALITY.fullmatch(param)
            return float(match.group(1)) if match else None
    return 1.0


def language_of_locale(name: str | None) -> str:
    """``en`` for an English locale (``en_US.UTF-8``, ``en``, Windows' ``English_United States``), else ``ja``."""
    words = re.split(r"[_.@\-\s]", (name or "").strip().lower())
    return "en" if words[0] in ("en", "english") else SOURCE_LANGUAGE


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The user's language from the locale: the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set
    (POSIX's order), else what Python reads from the system (Windows, an app started by macOS' Finder)."""
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(variable):
            return language_of_locale(env[variable])
    import locale

    try:
        name = locale.getlocale()[0]
    except ValueError:
        name = None
    return language_of_locale(name)


def requested_language(argv: Sequence[str]) -> str | None:
    """The ``--lang ja|en`` (or ``--lang=en``) of a command line, read before its parser is built (the parser's
    own help is in that language; the last one, as argparse reads it); None when it has none, or a value that is not
    a language (the parser then says so)."""
    chosen = None
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        elif argument.startswith("--lang="):
            chosen = argument.removeprefix("--lang=")
    return chosen if chosen in LANGUAGES else None


def command_line_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """``--lang`` if the command line has it, else the system's language."""
    return requested_language(argv) or system_language(environ)
