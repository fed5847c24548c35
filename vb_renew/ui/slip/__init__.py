"""The payment slip (振込用紙) in the app: shown as the paper one is laid out, saved, and paid (simulation).

The slip is a コンビニ・郵便局 combined 払込票 of three parts side by side, cut apart at the
perforations: the post office's 払込取扱票, the convenience store's 払込票 with the GS1-128
barcode, and the customer's 受領証. One module per concern, the data path in that order:

- :mod:`.content`: what the slip says (:class:`~.content.SlipText`), built once from the order;
- :mod:`.painting`: :func:`~.painting.paint_slip` draws it in fixed logical units
  (:data:`~.painting.SLIP_SIZE`, one unit = 0.25 mm, so the slip is 280 x 120 mm), the same routine for the
  screen, the PNG and the PDF;
- :mod:`.export`: the PNG and the PDF, the save dialog, and writing the file whole or not at all;
- :mod:`.view`: the widgets (:class:`~.view.SlipView`): the slip on screen, its buttons, the simulated payment.

This package imports nothing at import time, so the waiting page can ask whether the view is installed
without importing Qt's painting and printing.
"""
