"""Calendar month arithmetic, clamped to the end of the month.

Renewal windows and new expiry dates are counted in months and years, and a
licence that ends on the 31st or on 29 February must land on a real day
(2024-02-29 + 1 year = 2025-02-28; 2026-01-31 + 1 month = 2026-02-28).
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months (negative goes back), clamped to the month's last day."""
    years, month0 = divmod(d.month - 1 + n, 12)
    year = d.year + years
    month = month0 + 1
    last_day = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    return date(year, month, min(d.day, last_day))  # date() rejects years outside 1..9999


def add_years(d: date, n: int) -> date:
    """``d`` moved by ``n`` years; 29 February becomes 28 February in a common year."""
    return add_months(d, 12 * n)
