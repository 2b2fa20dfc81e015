"""Limits an import file must keep before it is read: a spreadsheet is a zip, and may be a bomb.

An ``.xlsx`` of 1 MB can unpack to gigabytes (one shared string repeated is all it
takes), and the Excel reader holds every shared string in memory. So before it
opens the file, its zip directory is checked (the declared sizes; the zip reader
never inflates a member past its declared size) and the parts that hold text are
streamed once with bounded memory: no cell may hold more than ``MAX_CELL_CHARS``
characters, the limit the CSV reader applies too.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from trusted_trader.domain.errors import DomainError

MAX_CELL_CHARS = 131_072  # the csv module's field_size_limit
MAX_UNPACKED_BYTES = 1024**3  # every part of the workbook together
MAX_SHARED_STRINGS_BYTES = 256 * 1024**2  # the Excel reader keeps all of it in memory
# A cell's text sits between two tags; escaped, one character takes at most 10 bytes
# (&#x10FFFF;), so a longer stretch without "<" is a cell over the limit.
_MAX_TEXT_BYTES = MAX_CELL_CHARS * 10
_BLOCK = 1024 * 1024


class FileTooLarge(DomainError):
    """The file is over a limit the readers keep (the message names the limit)."""


def check_xlsx(path: Path) -> None:
    """Raise FileTooLarge when the workbook unpacks too large or has a cell over the limit.

    A file that is not a zip at all is left for the Excel reader to refuse.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > MAX_UNPACKED_BYTES:
            raise FileTooLarge(
                f"{path.name} unpacks to {total / 1024**2:,.0f} MB, more than the "
                f"{MAX_UNPACKED_BYTES / 1024**2:,.0f} MB a workbook may hold; split it, or "
                "save it as .csv."
            )
        for member in members:
            _check_member(archive, member, path.name)


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    part = member.filename.lower()
    if not part.endswith(".xml"):
        return
    try:
        if part.endswith("sharedstrings.xml"):
            if member.file_size > MAX_SHARED_STRINGS_BYTES:
                raise FileTooLarge(
                    f"{name} holds {member.file_size / 1024**2:,.0f} MB of text, more than "
                    f"{MAX_SHARED_STRINGS_BYTES / 1024**2:,.0f} MB; save it as .csv."
                )
            _check_shared_strings(_blocks(archive, member), name)
        elif part.startswith("xl/worksheets/"):
            _check_text_runs(_blocks(archive, member), name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, expat.ExpatError):
        return  # damaged: the Excel reader says so in its own words


def _blocks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while block := stream.read(_BLOCK):
            yield block


def _too_long(name: str) -> FileTooLarge:
    return FileTooLarge(
        f"{name} has a cell of more than {MAX_CELL_CHARS:,} characters; no field of an "
        "import is that long. Check the file."
    )


def _check_text_runs(blocks: Iterator[bytes], name: str) -> None:
    """No stretch between tags longer than a cell may be (no XML parsing: it must be fast)."""
    run = 0
    for block in blocks:
        pieces = block.split(b"<")
        if len(pieces) == 1:
            run += len(block)
        else:
            run += len(pieces[0])
            if run > _MAX_TEXT_BYTES:
                raise _too_long(name)
            run = max(len(p) for p in pieces[1:])
            if run > _MAX_TEXT_BYTES:
                raise _too_long(name)
            run = len(pieces[-1])
        if run > _MAX_TEXT_BYTES:
            raise _too_long(name)


def _check_shared_strings(blocks: Iterator[bytes], name: str) -> None:
    """Count each shared string's characters as the parser streams them, keeping none."""
    length = [0]
    parser = expat.ParserCreate()
    parser.buffer_text = False  # hand text over as it comes, never gathered in one piece

    def start(tag: str, _attributes: object) -> None:
        if tag == "si" or tag.endswith(":si"):
            length[0] = 0

    def text(data: str) -> None:
        length[0] += len(data)
        if length[0] > MAX_CELL_CHARS:
            raise _too_long(name)

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    for block in blocks:
        parser.Parse(block, False)
    parser.Parse(b"", True)
