"""English numbers as documents print them: "1,335", "Seventy-nine", "one hundred and five".
Each parser keeps its own pattern of where a number may stand; the words and their values
are one table."""

from __future__ import annotations

import re

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUE = {w: i for i, w in enumerate(ONES)} | {w: 20 + 10 * i for i, w in enumerate(TENS)}
# Any one number word, longest first (so "seventeen" is not read as "seven").
WORD = "|".join(sorted(WORD_VALUE, key=len, reverse=True))


def english_number(text: str | None) -> int | None:
    """'1,335' and '1, 335' -> 1335, 'Seventy-nine' -> 79, 'one hundred and five' -> 105;
    None for anything else."""
    if text is None:
        return None
    t = re.sub(r"(?<=\d),\s?(?=\d{3}\b)", "", text.strip().lower()).replace(",", "")
    if t.isdigit():
        return int(t)
    total = 0
    for part in re.split(r"[\s-]+", t):
        if part == "hundred":
            total = (total or 1) * 100
        elif part in WORD_VALUE:
            total += WORD_VALUE[part]
        elif part != "and":
            return None
    return total
