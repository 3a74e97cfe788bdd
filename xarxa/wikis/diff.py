"""Readable word-level differences between two texts, with Python's difflib."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

TOKEN_RE = re.compile(r"\s+|[^\s]+")


@dataclass
class Piece:
    kind: str  # "same", "added", "removed"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The new text as pieces: unchanged, added and removed words (whitespace kept as written)."""
    before, after = TOKEN_RE.findall(old or ""), TOKEN_RE.findall(new or "")
    pieces = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("removed", "".join(before[a1:a2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("added", "".join(after[b1:b2])))
    return pieces


def has_changes(pieces) -> bool:
    return any(piece.kind != "same" for piece in pieces)
