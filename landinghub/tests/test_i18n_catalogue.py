"""Every string marked for translation has a Vietnamese translation in the compiled catalogue.

The marked strings are found the way ``makemessages`` finds them, in pure Python so the test
needs no gettext tools: Python files through ``ast`` (``gettext``, ``gettext_lazy``, ``_``,
``pgettext``, ``ngettext``… however they are imported), templates through Django's own
``templatize`` (``{% translate %}``, ``{% blocktranslate %}``). Only the project's own code is
read: the apps, ``landinghub/`` and ``templates/``, not tests, ``.venv`` or ``node_modules``.

A msgid counts as translated when the catalogue Django uses for ``vi`` (ours merged with
Django's own) maps it to something else, or to the same text when ``vi_translations.VI`` says
so explicitly (a brand name, "Email"…). The failure lists every msgid that is missing.
"""

import ast
import importlib.util
import io
import re
import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = {
    ".venv",
    "node_modules",
    "staticfiles",
    "media",
    "bench",
    "tests",
    "migrations",
    "test-artifacts",
    "locale",
    "__pycache__",
}
TEMPLATE_SUFFIXES = {".html", ".txt"}

# name → (index of the context argument or None, index of the singular, index of the plural)
FUNCTIONS = {
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ugettext": (None, 0, None),
    "ugettext_lazy": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


class Msg(tuple):
    """(context, msgid, plural, where)"""

    def __new__(cls, context, msgid, plural, where):
        return super().__new__(cls, (context, msgid, plural, where))


def _project_files(suffixes: set[str]):
    for path in sorted(ROOT.rglob("*")):
        rel = path.relative_to(ROOT)
        if any(part in SKIP_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        if path.is_file() and path.suffix in suffixes and not path.name.startswith("test_"):
            yield path


def _literal(node) -> str | None:
    """A string constant, including "a" "b" and "a" + "b"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local names of the gettext functions in one module (``gettext_lazy as _``…)."""
    names = {name: name for name in FUNCTIONS}
    names["_"] = "gettext"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "django.utils.translation"
        ):
            for alias in node.names:
                if alias.name in FUNCTIONS:
                    names[alias.asname or alias.name] = alias.name
    return names


def _call_messages(name: str, args: list, where: str) -> Msg | None:
    context_at, singular_at, plural_at = FUNCTIONS[name]
    values = [_literal(a) for a in args]
    if len(values) <= singular_at or values[singular_at] is None:
        return None  # a variable: nothing to extract (as makemessages)
    context = values[context_at] if context_at is not None else None
    plural = values[plural_at] if plural_at is not None and len(values) > plural_at else None
    return Msg(context, values[singular_at], plural, where)


def python_messages(path: Path) -> list[Msg]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = _aliases(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        local = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if local not in names:
            continue
        msg = _call_messages(names[local], node.args, f"{path.relative_to(ROOT)}:{node.lineno}")
        if msg is not None:
            found.append(msg)
    return found


# ``_("…")`` is a constant in a variable or a tag argument: ``{{ x|default:_("…") }}``.
_TEMPLATE_CALL = re.compile(r"(?<![\w.])(gettext|pgettext|ngettext|npgettext|_)\(")


def template_messages(path: Path) -> list[Msg]:
    """``templatize`` turns a template into Python-like text for xgettext: everything but the
    translatable strings blanked out, each string as ``gettext(u'…')`` on one line."""
    found = []
    code = templatize(path.read_text(), origin=str(path))
    for lineno, line in enumerate(code.splitlines(), 1):
        for match in _TEMPLATE_CALL.finditer(line):
            tokens = tokenize.generate_tokens(io.StringIO(line[match.start() :]).readline)
            args, depth = [], 0
            for token in tokens:
                if token.type == tokenize.OP and token.string == "(":
                    depth += 1
                elif token.type == tokenize.OP and token.string == ")":
                    depth -= 1
                    if depth == 0:
                        break
                elif token.type == tokenize.STRING and depth == 1:
                    args.append(ast.literal_eval(token.string))
                elif depth == 1 and token.type == tokenize.NAME:
                    args.append(None)  # the count of a plural
            nodes = [ast.Constant(a) if a is not None else ast.Name("n") for a in args]
            name = "gettext" if match.group(1) == "_" else match.group(1)
            msg = _call_messages(name, nodes, f"{path.relative_to(ROOT)}:{lineno}")
            if msg is not None:
                found.append(msg)
    return found


def marked_messages() -> list[Msg]:
    found = []
    for path in _project_files({".py"}):
        found += python_messages(path)
    for path in _project_files(TEMPLATE_SUFFIXES):
        found += template_messages(path)
    return found


def _vi_dict() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location(
        "vi_translations", ROOT / "locale" / "vi_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.VI


def untranslated(messages: list[Msg]) -> list[Msg]:
    catalog = trans_real.translation("vi")._catalog
    explicit = _vi_dict()
    missing = []
    for msg in messages:
        context, msgid, plural, _where = msg
        key = f"{context}\x04{msgid}" if context is not None else msgid
        value = catalog.get((key, 0) if plural is not None else key)
        if value and (value != msgid or explicit.get(key, explicit.get(msgid)) == msgid):
            continue
        missing.append(msg)
    return missing


def test_the_extractor_finds_what_makemessages_finds(tmp_path, monkeypatch):
    """Guards the extractor itself: each way of marking a string is seen."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "views.py").write_text(
        "from django.utils.translation import gettext_lazy as _, ngettext, pgettext\n"
        "from django.utils import translation\n"
        "A = _('Lazy one')\n"
        "B = ngettext('%(n)s page', '%(n)s pages', 2)\n"
        "C = pgettext('month', 'May')\n"
        "D = translation.gettext('Long ' 'joined' + ' text')\n"
        "E = _(variable)\n"
    )
    (tmp_path / "page.html").write_text(
        "{% load i18n %}<p>{% translate 'In a tag' %}</p>"
        '<a title="{% trans "Attr" context "tip" %}">x</a>'
        "{% blocktranslate count n=items|length %}One {{ n }}{% plural %}Many {{ n }}"
        "{% endblocktranslate %}"
        "{% blocktranslate with name=user.name %}Hi {{ name }},\nbye{% endblocktranslate %}"
        '{{ reason|default:_("A constant") }}'
    )
    got = {(m[0], m[1], m[2]) for m in marked_messages()}
    assert got == {
        (None, "Lazy one", None),
        (None, "%(n)s page", "%(n)s pages"),
        ("month", "May", None),
        (None, "Long joined text", None),
        (None, "In a tag", None),
        ("tip", "Attr", None),
        (None, "One %(n)s", "Many %(n)s"),
        (None, "Hi %(name)s,\nbye", None),
        (None, "A constant", None),
    }


def test_the_check_reports_a_marked_string_without_a_translation():
    found = untranslated(
        [
            Msg(None, "Cancel", None, "x"),  # ours
            Msg(None, "This field is required.", None, "x"),  # Django's own catalogue
            Msg(None, "A string nobody translated", None, "here.py:1"),
        ]
    )
    assert [m[1] for m in found] == ["A string nobody translated"]


@pytest.mark.django_db
def test_every_marked_string_has_a_vietnamese_translation():
    messages = marked_messages()
    assert len(messages) > 300  # the extractor sees the project
    missing = untranslated(messages)
    listing = "\n".join(
        f"  {where}: {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
        for ctx, msgid, _plural, where in missing
    )
    assert not missing, (
        f"{len(missing)} marked strings have no Vietnamese translation. Add them to "
        "locale/vi_translations.py, run makemessages and `python locale/fill_po.py` (README, "
        f"i18n):\n{listing}"
    )


def test_the_vietnamese_catalogue_is_active():
    with translation.override("vi"):
        assert translation.gettext("Cancel") == "Hủy"


def test_fill_po_compiles_plain_plural_and_context_entries(tmp_path, monkeypatch):
    """``locale/fill_po.py`` keeps a pgettext entry's context, so its translation is found."""
    import gettext

    spec = importlib.util.spec_from_file_location("fill_po", ROOT / "locale" / "fill_po.py")
    fill_po = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fill_po)
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Open"\nmsgstr ""\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgid "%(n)s page"\nmsgid_plural "%(n)s pages"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n'
    )
    monkeypatch.setattr(fill_po, "PO", po)
    monkeypatch.setattr(
        fill_po,
        "VI",
        {"Open": "Mở", "month\x04May": "Tháng Năm", "%(n)s page": "%(n)s trang"},
    )
    fill_po.compile_mo(fill_po.fill())
    with po.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    assert catalogue.gettext("Open") == "Mở"
    assert catalogue.pgettext("month", "May") == "Tháng Năm"
    assert catalogue.ngettext("%(n)s page", "%(n)s pages", 3) == "%(n)s trang"
    assert 'msgctxt "month"' in po.read_text() and "fuzzy" not in po.read_text()
