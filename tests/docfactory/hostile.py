"""Hostile containers, assembled by hand: zip bombs, bad member names, OLE files."""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Sequence

from tests.docfactory.office import make_docx, read_zip, write_zip


def _raw_zip(members: Sequence[tuple[str, bytes, int, int]]) -> bytes:
    """Assemble a zip from pre-deflated members (name, raw deflate, crc32, size)."""
    local, central, offset = [], [], 0
    for name, raw, crc, size in members:
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x5821, crc, len(raw), size, len(encoded), 0)
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded
        central.append(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHHHHHII", *fields[:9], 0, 0, 0, 0, 0, offset)
            + encoded
        )
        local.append(header + raw)
        offset += len(header) + len(raw)
    directory = b"".join(central)
    end = struct.pack(
        "<IHHHHIIH",
        0x06054B50,
        0,
        0,
        len(members),
        len(members),
        len(directory),
        offset,
        0,
    )
    return b"".join(local) + directory + end


def _deflate_raw(content: bytes) -> bytes:
    """Raw deflate (no zlib header), as zip members store it."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush()


def make_zip_bomb_docx(unpacked_mib: int = 250) -> bytes:
    """A real .docx whose word/document.xml inflates to ``unpacked_mib`` MiB of spaces.

    The deflate stream is one fully flushed 1 MiB block repeated, so building it
    costs a CRC pass, not a 250 MB compression.
    """
    chunk = b" " * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    raw = block * unpacked_mib + packer.flush()
    crc = 0
    for _ in range(unpacked_mib):
        crc = zlib.crc32(chunk, crc)
    members = []
    for name, content in read_zip(make_docx()).items():
        if name == "word/document.xml":
            members.append((name, raw, crc, unpacked_mib << 20))
        else:
            members.append(
                (name, _deflate_raw(content), zlib.crc32(content), len(content))
            )
    return _raw_zip(members)


def make_hostile_docx(member_name: str, content: bytes = b"owned") -> bytes:
    """A real .docx with one extra member named ``member_name`` (e.g. "../../evil")."""
    parts = read_zip(make_docx())
    parts[member_name] = content
    return write_zip(parts)


def make_nested_zip_docx() -> bytes:
    """A .docx carrying another zip at the top level (a zip inside the zip)."""
    inner = write_zip({"a.txt": b"x" * 1000})
    return make_hostile_docx("payload.zip", inner)


def make_cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal Compound File Binary (v3, 512-byte sectors) holding ``streams``.

    Each stream is padded to 4 KiB so it lives in the regular FAT (no mini stream);
    at most 3 streams. This is the container Office uses for encrypted .docx
    ("EncryptionInfo" + "EncryptedPackage") and for legacy .doc files.
    """
    assert 1 <= len(streams) <= 3
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sect, end]  # sector 0: FAT, sector 1: directory
    starts, data = [], b""
    for name in names:
        content = streams[name].ljust(4096, b"\0")
        content += b"\0" * (-len(content) % 512)
        first, count = len(fat), len(content) // 512
        starts.append(first)
        fat.extend(range(first + 1, first + count))
        fat.append(end)
        data += content
    assert len(fat) <= 128
    fat_bytes = struct.pack("<128I", *(fat + [free] * (128 - len(fat))))

    def entry(
        name: str, kind: int, left: int, right: int, child: int, start: int, size: int
    ) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, left, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    # Root's child is the last (largest) name; the others hang off as left siblings.
    entries = [entry("Root Entry", 5, nostream, nostream, len(names), end, 0)]
    for index, name in enumerate(names, start=1):
        left = index - 1 if index > 1 else nostream
        entries.append(
            entry(
                name, 2, left, nostream, nostream, starts[index - 1], len(streams[name])
            )
        )
    while len(entries) < 4:
        entries.append(entry("", 0, nostream, nostream, nostream, 0, 0))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    return header + fat_bytes + b"".join(entries) + data


def make_encrypted_docx() -> bytes:
    """What Word saves for "Encrypt with password": OLE with an EncryptedPackage."""
    rng = random.Random(1)
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + (
        b'<?xml version="1.0"?><encryption xmlns="http://schemas.microsoft.com/office/'
        b'2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
        b"</encryption>"
    )
    package = struct.pack("<Q", 20000) + rng.randbytes(20000)
    return make_cfb({"EncryptionInfo": info, "EncryptedPackage": package})


def make_legacy_doc() -> bytes:
    """A Word 97-2003 style .doc container (WordDocument + 1Table streams)."""
    return make_cfb({"WordDocument": b"\xec\xa5" + bytes(600), "1Table": bytes(100)})
