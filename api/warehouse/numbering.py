"""The warehouse's number sequences (the numbering itself is ``api.kit.numbering``)."""

from __future__ import annotations

from sqlalchemy import Sequence

movement_numbers = Sequence("movement_number_seq")
po_numbers = Sequence("po_number_seq")
