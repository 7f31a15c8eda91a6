"""Fill ``locale/vi/LC_MESSAGES/django.po`` from ``vi_translations.VI`` and compile the ``.mo``
with Python's own ``msgfmt`` logic (no gettext tools needed): ``python locale/fill_po.py``.

Run after ``manage.py makemessages -l vi --no-location`` (which does need gettext) when strings
change. The compiled ``django.mo`` is committed, so a fresh machine and CI need nothing.
"""

import ast
import re
import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from vi_translations import VI

PO = Path(__file__).parent / "vi" / "LC_MESSAGES" / "django.po"
HEADER_PLURAL = '"Plural-Forms: nplurals=1; plural=0;\\n"'


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fill() -> list[tuple[str, str | None, str]]:
    text = PO.read_text()
    text = re.sub(r"\"Plural-Forms: .*\\n\"", lambda _m: HEADER_PLURAL, text)
    text = text.replace('"Language: \\n"', '"Language: vi\\n"')
    blocks = text.split("\n\n")
    entries = []
    out = []
    for block in blocks:
        lines = block.split("\n")
        keys: dict[str, list[str]] = {}
        current = None
        for line in lines:
            m = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if m:
                current = m.group(1)
                keys[current] = [m.group(2)]
            elif line.startswith('"') and current:
                keys[current].append(line)
        if "msgid" not in keys:
            out.append(block)
            continue
        msgid = _unquote(keys["msgid"])
        plural = _unquote(keys["msgid_plural"]) if "msgid_plural" in keys else None
        if msgid == "":
            out.append(block)
            entries.append(("", None, _unquote(keys["msgstr"])))
            continue
        context = _unquote(keys["msgctxt"]) if "msgctxt" in keys else None
        # A pgettext string is keyed "<context>\x04<msgid>" in VI (and in the .mo), or by its
        # msgid alone when the translation is the same in every context.
        key = msgid if context is None else f"{context}\x04{msgid}"
        translation = VI.get(key, VI.get(msgid, ""))
        head = [ln for ln in lines if ln.startswith("#")]
        head = [ln.replace("#, fuzzy, ", "#, ") for ln in head if ln != "#, fuzzy"]
        new = [*head] + ([f"msgctxt {_quote(context)}"] if context is not None else [])
        new.append(f"msgid {_quote(msgid)}")
        if plural is not None:
            new += [f"msgid_plural {_quote(plural)}", f"msgstr[0] {_quote(translation)}"]
        else:
            new.append(f"msgstr {_quote(translation)}")
        out.append("\n".join(new))
        if translation:
            entries.append((key, plural, translation))
    PO.write_text("\n\n".join(out))
    return entries


def compile_mo(entries: list[tuple[str, str | None, str]]) -> None:
    """The GNU .mo layout, as CPython's Tools/i18n/msgfmt.py writes it."""
    catalog = {}
    for msgid, plural, msgstr in entries:
        key = msgid if plural is None else msgid + "\0" + plural
        catalog[key.encode()] = msgstr.encode()
    keys = sorted(catalog)
    ids = strs = b""
    offsets = []
    for k in keys:
        offsets.append((len(ids), len(k), len(strs), len(catalog[k])))
        ids += k + b"\0"
        strs += catalog[k] + b"\0"
    keystart = 7 * 4 + 16 * len(keys)
    valuestart = keystart + len(ids)
    koffsets, voffsets = [], []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    output = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    output += struct.pack(f"{len(koffsets)}i", *koffsets)
    output += struct.pack(f"{len(voffsets)}i", *voffsets)
    output += ids + strs
    PO.with_suffix(".mo").write_bytes(output)


if __name__ == "__main__":
    done = fill()
    compile_mo(done)
    print(f"{len(done) - 1} translations compiled into {PO.with_suffix('.mo')}")
