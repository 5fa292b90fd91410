"""The sandbox every text from an input is rendered in: narratives, file-name patterns, Word templates.

A bottom module (no pandas, no click, no renderer): the narrative module and the Word renderer
both build on it, so a clerk's text can never reach Python internals or exhaust memory or time.

Jinja's own sandbox blocks Python internals; :class:`BoundedSandbox` also bounds what a text can
cost, for every construct:

- time: every render runs under a deadline (:data:`RENDER_SECONDS`), interrupted even inside a
  loop that calls nothing (:func:`spmdocs.guard.time_limit`);
- output: rendering streams and stops once :attr:`BoundedSandbox.output_limit` characters are
  written;
- intermediate values: every concatenation (``~``), every filter result, every ``+`` and ``*``,
  every macro argument and every ``namespace`` attribute is at most :data:`MAX_TEXT_LENGTH`
  long; ``**`` and ``*`` of numbers stay below :data:`MAX_NUMBER_BITS`;
- widths: ``center``, ``indent``, ``wordwrap``, ``format``, ``%``, ``str.format``, ``ljust``,
  ``rjust``, ``zfill`` and ``expandtabs`` take widths of at most :data:`MAX_WIDTH`;
- sizes: ``range`` gives at most :data:`MAX_RANGE` numbers, ``lipsum`` a few paragraphs,
  ``join`` and ``replace`` refuse results over the text limit before building them;
- recursion: macros and calls nest at most :data:`MAX_DEPTH` deep;
- reach: attributes and methods are those of plain data only (texts, numbers, dates, lists,
  mappings, Jinja's loop helpers and spmdocs' own view objects): a picture, a formatted text or
  any other object a renderer puts in a template's fields is printed, never opened (docxtpl's
  picture carries its whole template, whose ``save`` writes anywhere); bytes have none at all.

Every refusal is :class:`Exhausted` (a ``SecurityError``), whose message is in Bahasa Indonesia.
"""

from __future__ import annotations

import re
import string
import threading
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

from jinja2 import StrictUndefined, Template
from jinja2 import filters as jinja_filters
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, generate_lorem_ipsum
from markupsafe import Markup

from spmdocs import guard
from spmdocs.fmt import FILTERS, FormatError

MAX_TEXT_LENGTH = 100_000
"""Longest text or list a template may build (a sentence repeated into gigabytes is refused)."""

MAX_WIDTH = 1_000
"""Widest field ``center``, ``format`` and the like may pad to."""

MAX_RANGE = 10_000
"""Most numbers ``range`` may give."""

MAX_DEPTH = 40
"""Deepest nesting of macro and function calls (recursion through a macro)."""

MAX_NUMBER_BITS = 4_000
"""Largest integer (in bits, about 1 200 digits) ``*`` and ``**`` may make."""

MAX_LIPSUM = 10
"""Most paragraphs of ``lipsum``."""

RENDER_SECONDS = 5.0
"""Longest time one text or template may take to render."""

NARRATIVE_OUTPUT = 1_000_000
"""Most characters one narrative text may render to."""


TEMPLATE_FAILURES = (TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError, ImportError,
                     MemoryError, RecursionError)
"""What filling a template can raise; :func:`runtime_reason` says each in Bahasa Indonesia."""


class Exhausted(SecurityError):
    """A text or template went over one of the sandbox's bounds; the message is for a clerk."""


def _too_long() -> Exhausted:
    return Exhausted(f"teks atau daftar yang dibuat terlalu panjang (lebih dari {MAX_TEXT_LENGTH:,} karakter atau "
                     "unsur)".replace(",", "."))


def _too_wide(width) -> Exhausted:
    return Exhausted(f"lebar {width} terlalu besar (paling banyak {MAX_WIDTH})")


_SIZED = (str, bytes, bytearray, list, tuple)


def bounded(value):
    """``value`` when it is a text or list within :data:`MAX_TEXT_LENGTH`; :class:`Exhausted` otherwise."""
    if isinstance(value, _SIZED) and len(value) > MAX_TEXT_LENGTH:
        raise _too_long()
    return value


def _width(value) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise _too_wide(value)
    if isinstance(value, str) and len(value) > MAX_WIDTH:
        raise _too_wide(len(value))


_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _printf_spec(text: str) -> None:
    """Refuse ``%``-format specs with a width or precision over :data:`MAX_WIDTH` (or ``*``)."""
    for found in _PRINTF.finditer(text):
        for part in found.groups():
            if part == "*" or (part and int(part) > MAX_WIDTH):
                raise _too_wide(part)


def _format_spec(text: str) -> None:
    """Refuse ``str.format`` fields with a nested or too wide spec."""
    try:
        items = list(string.Formatter().parse(text))
    except ValueError:
        return
    for _, name, spec, _ in items:
        if name is None or not spec:
            continue
        if "{" in spec:
            raise Exhausted("format bertingkat ({:{}}) tidak diizinkan")
        for number in re.findall(r"\d+", spec):
            if int(number) > MAX_WIDTH:
                raise _too_wide(number)


# --- filters, globals and calls -------------------------------------------------------------------

def _center(value, width=80):
    _width(width)
    return jinja_filters.do_center(value, width)


def _indent(s, width=4, first=False, blank=False):
    _width(width)
    text = str(s)
    pad = width if isinstance(width, int) else len(str(width))
    if len(text) + (text.count("\n") + 1) * pad > MAX_TEXT_LENGTH:
        raise _too_long()
    return jinja_filters.do_indent(s, width, first, blank)


def _wordwrap(environment, s, width=79, *args, **kwargs):
    _width(width)
    return jinja_filters.do_wordwrap(environment, s, width, *args, **kwargs)


def _format(value, *args, **kwargs):
    _printf_spec(str(value))
    return jinja_filters.do_format(value, *args, **kwargs)


def _replace(eval_ctx, s, old, new, count=None):
    text, old, new = str(s), str(old), str(new)
    hits = text.count(old) if old else len(text) + 1
    if count is not None and isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    if len(text) + hits * max(len(new) - len(old), 0) > MAX_TEXT_LENGTH:
        raise _too_long()
    return jinja_filters.do_replace(eval_ctx, s, old, new, count)


def _join(eval_ctx, value, d="", attribute=None):
    items = []
    total = 0
    for item in value:
        items.append(item)
        if len(items) > MAX_TEXT_LENGTH:
            raise _too_long()
        total += len(str(item)) if not hasattr(item, "__len__") or isinstance(item, (str, Markup)) else 1
    if total + len(str(d)) * len(items) > MAX_TEXT_LENGTH:
        raise _too_long()
    return jinja_filters.sync_do_join(eval_ctx, items, d, attribute)


_wordwrap = jinja_filters.pass_environment(_wordwrap)
_replace = jinja_filters.pass_eval_context(_replace)
_join = jinja_filters.pass_eval_context(_join)

_BOUNDED_FILTERS = {"center": _center, "indent": _indent, "wordwrap": _wordwrap, "format": _format,
                    "replace": _replace, "join": _join}


def _range(*args):
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise Exhausted(f"range terlalu besar ({len(numbers):,} angka; paling banyak {MAX_RANGE:,})".replace(",", "."))
    return numbers


def _lipsum(n=5, html=True, min=20, max=100):
    if not all(isinstance(v, int) for v in (n, min, max)) or n > MAX_LIPSUM or max > 100 or min > max:
        raise Exhausted(f"lipsum terlalu besar (paling banyak {MAX_LIPSUM} paragraf dan 100 kata)")
    return generate_lorem_ipsum(n, html, min, max)


class _Namespace(Namespace):
    """``namespace()`` whose attributes stay within the text limit (no doubling a text in a loop)."""

    def __setitem__(self, name, value):
        super().__setitem__(name, bounded(value))


_SIZED_METHODS = {"center", "ljust", "rjust", "zfill"}
_local = threading.local()


def _check_method(obj, args) -> None:
    """Refuse a str method whose result would be huge (``'x'.center(10**9)``) before it runs."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, str):
        return
    if name in _SIZED_METHODS and args:
        _width(args[0])
    elif name == "expandtabs" and args and isinstance(args[0], int) and args[0] > 100:
        raise _too_wide(args[0])
    elif name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        hits = owner.count(old) if old else len(owner) + 1
        if len(owner) + hits * max(len(new) - len(old), 0) > MAX_TEXT_LENGTH:
            raise _too_long()
    elif name == "join" and args:
        items = list(args[0]) if not isinstance(args[0], (list, tuple, str)) else args[0]
        if sum(len(str(i)) for i in items[:MAX_TEXT_LENGTH + 1]) + len(owner) * len(items) > MAX_TEXT_LENGTH:
            raise _too_long()


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles every ``~`` concatenation and every filter call so its result is checked (:func:`bounded`)."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")

    def visit_Filter(self, node, frame) -> None:
        self.write("environment.bounded(")
        super().visit_Filter(node, frame)
        self.write(")")


class BoundedTemplate(Template):
    """A template rendered under the sandbox's deadline and output limit."""

    def render(self, *args, **kwargs) -> str:
        env = self.environment
        limit = env.output_limit
        context = self.new_context(dict(*args, **kwargs))
        chunks: list[str] = []
        size = 0
        try:
            with guard.time_limit(env.render_seconds, "pengisian templat") as deadline:
                try:
                    for chunk in self.root_render_func(context):
                        size += len(chunk)
                        if size > limit:
                            raise Exhausted(f"hasil templat terlalu panjang (lebih dari {limit:,} karakter)"
                                            .replace(",", "."))
                        chunks.append(chunk)
                except RecursionError:
                    raise Exhausted("templat memanggil dirinya sendiri terlalu dalam (rekursi)") from None
                except (MemoryError, guard.MemoryLimit):
                    raise Exhausted("templat menghabiskan memori; teks atau daftar yang dibuat terlalu besar") from None
        except guard.TimeLimit as exc:
            if exc.token is not deadline:
                raise
            raise Exhausted(f"templat terlalu lama diisi (lebih dari {env.render_seconds:g} detik); periksa "
                            "perulangan (for) dan makro").with_traceback(None) from None
        except Exception:
            env.handle_exception()
        return env.concat(chunks)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, bounding time, output, sizes, widths and recursion of every construct."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    template_class = BoundedTemplate
    output_limit = 50_000_000
    """Most characters one render may write (a Word template's XML; narratives are held lower)."""
    render_seconds = RENDER_SECONDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters.update(_BOUNDED_FILTERS)
        self.globals.update(range=_range, lipsum=_lipsum, namespace=_Namespace)

    bounded = staticmethod(bounded)

    def call_binop(self, context, operator: str, left, right):
        if operator == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(left) > 1 and \
                    abs(right) * max(abs(int(left)).bit_length(), 1) > MAX_NUMBER_BITS:
                raise Exhausted("pangkat terlalu besar")
        elif operator == "*":
            for sized, count in ((left, right), (right, left)):
                if isinstance(sized, _SIZED) and isinstance(count, int) \
                        and len(sized) * count > MAX_TEXT_LENGTH:
                    raise _too_long()
            if isinstance(left, int) and isinstance(right, int) and \
                    abs(left).bit_length() + abs(right).bit_length() > MAX_NUMBER_BITS:
                raise Exhausted("angka hasil perkalian terlalu besar")
        elif operator == "+":
            if isinstance(left, _SIZED) and isinstance(right, _SIZED) \
                    and len(left) + len(right) > MAX_TEXT_LENGTH:
                raise _too_long()
        elif operator == "%" and isinstance(left, str):
            _printf_spec(left)
        return bounded(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        guard.check()
        _check_method(__obj, args)
        for value in (*args, *kwargs.values()):
            bounded(value)
        depth = getattr(_local, "depth", 0)
        if depth >= MAX_DEPTH:
            raise Exhausted(f"makro atau fungsi dipanggil bertingkat terlalu dalam (lebih dari {MAX_DEPTH} "
                            "tingkat; rekursi tanpa akhir?)")
        _local.depth = depth + 1
        try:
            return bounded(super().call(__context, __obj, *args, **kwargs))
        finally:
            _local.depth = depth

    def getattr(self, obj, attribute):
        guard.check()
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        """Jinja's rule, and only on plain data (:func:`plain_data`); no ``str.encode`` (bytes)."""
        if not plain_data(obj) or (attr == "encode" and isinstance(obj, str)):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner = getattr(value, "__self__", "")
        _format_spec(str(owner))

        def checked(*args, **kwargs):
            return bounded(wrapped(*args, **kwargs))

        return checked


_PLAIN_TYPES = (str, int, float, bool, type(None), dict, list, tuple, set, frozenset, range, date, datetime,
                time, timedelta, Decimal, Markup)
_PLAIN_MODULES = ("spmdocs", "jinja2")


def plain_data(obj) -> bool:
    """Whether a template may read ``obj``'s attributes and call its methods: a text, a number, a
    date, a list or mapping (subclasses included), one of Jinja's helpers (``loop``, ``namespace``,
    ``cycler``) or one of spmdocs' own view objects. Not a picture, a file, a path, a table."""
    if isinstance(obj, (bytes, bytearray)):
        return False
    if isinstance(obj, _PLAIN_TYPES):
        return True
    module = getattr(type(obj), "__module__", "") or ""
    return module.split(".")[0] in _PLAIN_MODULES


class _NarrativeSandbox(BoundedSandbox):
    output_limit = NARRATIVE_OUTPUT


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    """The one sandboxed, strict Jinja environment every narrative is rendered in."""
    env = _NarrativeSandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=1024)
def compiled(text: str):
    """The compiled template of a narrative text; the same texts recur in every section and unit."""
    return environment().from_string(text)


_SYNTAX = (
    (re.compile(r"expected token 'end of print statement', got '([^']*)'"),
     "penanda {{{{ … }}}} belum ditutup dengan }}}} sebelum '{0}'"),
    (re.compile(r"unexpected end of template, expected 'end of print statement'"),
     "penanda {{{{ … }}}} tidak ditutup dengan }}}}"),
    (re.compile(r"(?i)unexpected end of template.*innermost block that needs to be closed is '(\w+)'"),
     "blok {{% {0} %}} tidak ditutup; tambahkan {{% end{0} %}}"),
    (re.compile(r"Encountered unknown tag '(end\w+)'"), "{{% {0} %}} tanpa pembuka yang sesuai"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "perintah {{% {0} %}} tidak dikenal"),
    (re.compile(r"unexpected char (.+) at \d+"), "karakter {0} tidak diharapkan (tanda kutip tidak ditutup?)"),
    (re.compile(r"Expected an expression, got"), "ungkapan (nama data) hilang di dalam penanda"),
    (re.compile(r"expected token 'name', got"), "nama filter hilang setelah tanda |"),
    (re.compile(r"unexpected '(.)'"), "tanda '{0}' tidak diharapkan; periksa pasangan kurung"),
    (re.compile(r"Missing end of comment tag"), "komentar {{# … #}} tidak ditutup"),
    (re.compile(r"No filter named '([^']+)'"), "filter '{0}' tidak dikenal"),
    (re.compile(r"No test named '([^']+)'"), "uji 'is {0}' tidak dikenal"),
    (re.compile(r"no loader for this environment specified"),
     "perintah {{% include %}}, {{% import %}} dan {{% extends %}} tidak dapat dipakai; tulis teksnya langsung"),
    (re.compile(r"expected token '([^']+)', got '([^']*)'"), "diharapkan '{0}' tetapi tertulis '{1}'"),
    (re.compile(r"tag name expected"), "nama perintah hilang setelah {{%"),
)

GENERIC_SYNTAX = "penulisan penanda Jinja tidak dapat dibaca; periksa pasangan {{ }} dan {% %}"


def syntax_reason(message: str) -> str:
    """A Jinja syntax or runtime error message in Bahasa Indonesia (never Jinja's English text)."""
    for pattern, text in _SYNTAX:
        found = pattern.search(message)
        if found:
            return text.format(*found.groups())
    return GENERIC_SYNTAX


def runtime_reason(exc: BaseException) -> str:
    """Why filling a template failed, in Bahasa Indonesia, for any error (never Python's English text)."""
    if isinstance(exc, (Exhausted, FormatError)):
        return str(exc)
    if isinstance(exc, SecurityError):
        return "mencoba mengakses bagian internal Python; diblokir"
    if isinstance(exc, ZeroDivisionError):
        return "membagi dengan nol; periksa angka penyebutnya"
    if isinstance(exc, OverflowError):
        return "menghasilkan angka atau rentang (range) terlalu besar"
    if isinstance(exc, (MemoryError, RecursionError)):
        return "menghabiskan memori atau berulang tanpa akhir"
    if isinstance(exc, TypeError):
        return ("memakai nilai dengan jenis yang tidak cocok (mis. menjumlahkan teks dengan angka, atau memanggil "
                "sesuatu yang bukan fungsi)")
    if isinstance(exc, LookupError):
        return "merujuk ke unsur daftar atau kunci yang tidak ada"
    if isinstance(exc, ValueError):
        return "memakai nilai yang tidak dapat diolah (mis. teks yang diubah menjadi angka)"
    if isinstance(exc, (AttributeError, ImportError)):
        return "memakai bagian data yang tidak ada atau tidak dapat dipakai di templat"
    message = getattr(exc, "message", None) or str(exc)
    return syntax_reason(message)
