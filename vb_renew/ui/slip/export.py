"""Saving the slip: the PNG and the PDF, the save dialog, and writing the file whole or not at all.

The payload is painted on the GUI thread (:func:`render_slip_image`, :func:`render_slip_pdf`); only what touches
the disk runs in a worker: :func:`write_png` (encoding the image: ``QImage`` is reentrant, the worker gets its
own copy) and :func:`write_pdf` (the PDF's bytes, rendered into memory first), both through the client's one
atomic write, :func:`vb_renew.core.files.write_atomically`.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QFileDialog, QWidget

from vb_renew.core.files import write_atomically
from vb_renew.ui.slip.content import slip_text
from vb_renew.ui.slip.painting import SLIP_SIZE, UNIT_MM, paint_slip

if TYPE_CHECKING:
    from vb_renew.core.data import Order

PNG_SCALE = 3  # pixels per unit: 12 px/mm, about 305 dpi, so the PNG prints at the slip's real size
PDF_RESOLUTION = 1200

# --- the payloads, painted on the GUI thread -----------------------------------------------------------


def render_slip_image(order: Order | None, scale: float = PNG_SCALE) -> QImage:
    """The slip as an image, ``scale`` pixels per unit, with its physical size recorded (real size in print)."""
    image = QImage(round(SLIP_SIZE.width() * scale), round(SLIP_SIZE.height() * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    dots_per_metre = round(scale / UNIT_MM * 1000)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    painter.scale(scale, scale)
    paint_slip(painter, slip_text(order))
    painter.end()
    return image


def render_slip_pdf(order: Order | None) -> bytes:
    """The slip at its real size on one A4 landscape page, as PDF bytes (painted here, written elsewhere)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    text = slip_text(order)
    writer.setTitle(QCoreApplication.translate("Slip", "払込票 {number}（シミュレーション見本）").format(
        number=text.slip_number if text else ""))
    writer.setCreator("vb-renew")
    painter = QPainter(writer)
    px_per_mm = PDF_RESOLUTION / 25.4
    scale = UNIT_MM * px_per_mm
    page_width_px = writer.width()
    painter.translate(QPointF((page_width_px - SLIP_SIZE.width() * scale) / 2, 15 * px_per_mm))
    painter.scale(scale, scale)
    paint_slip(painter, text)
    painter.end()
    buffer.close()
    return bytes(data.data())


# --- the disk, in a worker -------------------------------------------------------------------------------


def write_pdf(path: str, payload: bytes) -> str:
    """Write the PDF's bytes to ``path`` whole or not at all (:func:`_write_into_folder`)."""
    return _write_into_folder(path, payload)


def write_png(path: str, image: QImage) -> str:
    """Encode ``image`` as PNG and write it to ``path`` whole or not at all (:func:`_write_into_folder`)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("PNG encoding failed")
    payload = bytes(buffer.data().data())
    buffer.close()
    return _write_into_folder(path, payload)


def _write_into_folder(path: str, payload: bytes) -> str:
    """:func:`~vb_renew.core.files.write_atomically` (fsync'd, then renamed over ``path``), into a folder that
    exists: the user chose it, so a missing one is an error to show, not a folder to create."""
    folder = Path(path).parent
    if not folder.is_dir():
        code = errno.ENOTDIR if folder.exists() else errno.ENOENT
        raise OSError(code, os.strerror(code), str(folder))
    return str(write_atomically(path, payload))


def save_failed_text(error: Exception) -> str:
    """What the user reads when writing failed."""
    detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return QCoreApplication.translate("SlipView", "保存できませんでした（{detail}）。保存先を確かめてください。").format(
        detail=detail)


# --- where to: the save dialog ----------------------------------------------------------------------------


def default_path(slip_number: str, suffix: str) -> str:
    """払込票_<number><suffix> in the user's documents folder (their home when there is none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    filename = QCoreApplication.translate("SlipView", "払込票_{number}").format(number=slip_number)
    return str(Path(folder) / (filename + suffix))


def open_save_dialog(parent: QWidget, slip_number: str, suffix: str, name_filter: str,
                     on_chosen: Callable[[str], None]) -> QFileDialog:
    """Ask where to save the slip ``slip_number`` as a ``suffix`` file; ``on_chosen(path)`` once the user picks one.

    Window-modal and opened with ``open()``: it never blocks, and deletes itself when closed.
    """
    dialog = QFileDialog(parent, QCoreApplication.translate("SlipView", "振込用紙を保存"),
                         default_path(slip_number, suffix), name_filter)
    dialog.setObjectName("slipSaveDialog")
    dialog.setAccessibleName(QCoreApplication.translate("SlipView", "振込用紙を保存"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suffix.lstrip("."))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(on_chosen)
    dialog.open()  # window-modal, never blocks
    return dialog
