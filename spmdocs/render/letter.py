"""The cover letter (surat pengantar): a clerk's docxtpl template filled with composed fields.

A batch fills the same template for every unit, so the template is prepared once per process the
way the annex's shell is (see :mod:`spmdocs.render.docx`): the package is opened and checked once,
docxtpl's tag clean-up (``patch_xml``) is done once per part, each part's Jinja template is
compiled once, and every member the letter leaves unchanged keeps its compressed form. Per letter
only the body, the headers and footers and the core properties are rendered, with docxtpl's own
steps in docxtpl's order; the bytes are those a fresh ``DocxTemplate(...).render(...).save(...)``
followed by :func:`~spmdocs.render._ooxml.normalize_zip` writes.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from pathlib import Path

from spmdocs.errors import TemplateError, raise_if_errors

_template_files: dict[tuple, bytes] = {}
_prepared: dict[tuple, "_Prepared"] = {}
_PREPARED_KEPT = 4
"""Prepared letter templates kept per process; a batch needs one."""

_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_CORE_TEXT = ("author", "comments", "identifier", "language", "subject", "title")
"""The core properties docxtpl renders as templates (``DocxTemplate.render_properties``)."""


def render_letter(letter) -> bytes:
    """The letter's .docx bytes: the template checked, filled in the sandbox, properties fixed."""
    from spmdocs.render.docx import _template_key, _zip, kop_context, template_problem
    from spmdocs.sandbox import TEMPLATE_FAILURES

    prepared = _prepare(letter.template, _template_key(Path(letter.template)), letter.kop)
    tpl = prepared.tpl
    context = {**letter.context, "kop": kop_context(tpl, letter.kop)}
    with prepared.lock:  # the prepared package is filled in place: one letter at a time (web threads)
        try:
            members = prepared.fill(context, letter)
        except TEMPLATE_FAILURES as exc:
            raise TemplateError([template_problem(letter.template, tpl, exc)]) from None
        return _zip(members, prepared, letter.created)


@dataclass
class _Prepared:
    """One letter template opened once: its parts' cleaned-up sources and compressed members.

    ``members`` maps a member name to (bytes, compressed member) for :func:`spmdocs.render.docx._zip`.
    """

    tpl: object
    env: object
    body_source: str
    parts: list[tuple[str, object, str, str]]
    """(relationship id, original header/footer part, cleaned-up source, encoding)."""
    footnotes: list[tuple[object, str]]
    """(footnotes part, cleaned-up source): rendered into the part's blob, as docxtpl does."""
    core: dict[str, str]
    members: dict[str, tuple[bytes, object]] = field(default_factory=dict)
    structure: tuple = ()
    """Every part's name and relationship ids after the last letter: when the next letter's are
    the same, only the filled parts are written again and the rest is taken from ``unchanged``."""
    unchanged: dict[str, bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    template_body: object = None
    """The template's own ``w:body``, put back before each letter is rendered (as a fresh
    ``DocxTemplate`` has it): docxtpl swaps in the rendered body."""

    def fill(self, context: dict, letter) -> dict[str, bytes]:
        """Every member of the filled letter (name → bytes), rendered as ``DocxTemplate.render`` does."""
        from docx.opc.part import XmlPart

        from spmdocs.render.docx import _members

        tpl, env = self.tpl, self.env
        tpl.pic_map = {}
        tpl.docx_ids_index = 1000
        word = tpl.docx
        if self.template_body is None:
            self.template_body = word.element.body
        elif word.element.body is not self.template_body:
            # The last letter's body is still in place: a picture's id (python-docx's next_id)
            # would be counted on it, and the bytes of a letter would hang on the one before it.
            word.element.replace(word.element.body, self.template_body)
        xml = tpl.render_xml_part(self.body_source, word._part, context, env)
        tree = tpl.fix_tables(xml)
        tpl.fix_docpr_ids(tree)
        tpl.map_tree(tree)
        for rel_id, part, source, encoding in self.parts:
            rendered = tpl.render_xml_part(source, part, context, env).encode(encoding)
            new_part = XmlPart.load(part.partname, part.content_type, rendered, part.package)
            for rel in part.rels.values():
                new_part.load_rel(rel.reltype, rel._target, rel.rId, rel.is_external)
            word._part.rels[rel_id]._target = new_part
        from spmdocs.render.docx import core_property

        props = word.core_properties
        for name, initial in self.core.items():
            setattr(props, name, core_property(_filled_property(initial, env, context)))
        props.title = core_property(letter.title)
        props.subject = core_property(letter.subject)
        props.author = props.last_modified_by = core_property(letter.author)
        props.created = props.modified = letter.created
        for part, source in self.footnotes:
            part._blob = tpl.render_xml_part(source, part, context, env).encode("utf-8")
        package = word.part.package
        parts = list(package.iter_parts())
        structure = tuple((str(part.partname), tuple(sorted(part.rels))) for part in parts)
        filled = {str(part.partname) for part in parts if part is word._part or part.content_type == _CORE
                  or any(part is word._part.rels[rel_id]._target for rel_id, *_ in self.parts)
                  or any(part is footnote for footnote, _ in self.footnotes)}
        if structure != self.structure:
            # The first letter, or one whose fields added a part or a relationship (a new picture
            # or link): every member as python-docx writes it.
            members = _members(word)
            self.structure = structure
            self.unchanged = {name: blob for name, blob in members.items() if f"/{name}" not in filled}
        else:
            members = dict(self.unchanged)
            for part in parts:
                if str(part.partname) in filled:
                    part.before_marshal()
                    members[part.partname.membername] = part.blob
        for name, blob in members.items():
            if name not in self.members:
                self.remember(name, blob)
        return members

    def remember(self, name: str, blob: bytes) -> None:
        from spmdocs.render.docx import _Member

        self.members[name] = (blob, _Member.of(blob))


def _filled_property(initial: str, env, context: dict) -> str:
    """A core property of the template rendered as docxtpl renders it; a text without Jinja syntax or
    line ends is its own rendering (most templates' properties are plain or empty)."""
    if not initial or not any(mark in initial for mark in ("{", "\n", "\r")):
        return initial
    return env.from_string(initial).render(context)


def _prepare(template: Path, version: tuple, kop) -> _Prepared:
    """The prepared template for this version of the file and this kop (its logo is a part)."""
    key = (version, kop)
    prepared = _prepared.get(key)
    if prepared is None:
        if len(_prepared) >= _PREPARED_KEPT:
            _prepared.pop(next(iter(_prepared)))
        prepared = _prepared[key] = _open(Path(template), version, kop)
    return prepared


def _open(template: Path, version: tuple, kop) -> _Prepared:
    from docxtpl import DocxTemplate

    from spmdocs.render.docx import _first_page_header, _members, fit_kop_lines, template_environment, template_problems

    tpl = DocxTemplate(io.BytesIO(_template_bytes(template, version)))
    word = tpl.get_docx()
    raise_if_errors(template_problems(template, word), TemplateError)
    header = _first_page_header(word)
    if kop is not None and header is not None:
        fit_kop_lines(header, kop)
    tpl.render_init()
    parts = []
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for rel_id, part in tpl.get_headers_footers(uri):
            xml = tpl.get_part_xml(part)
            parts.append((rel_id, part, tpl.patch_xml(xml), tpl.get_headers_footers_encoding(xml)))
    footnotes = [(part, tpl.patch_xml(part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob))
                 for part in word.part.package.parts if part.content_type == _FOOTNOTES]
    prepared = _Prepared(tpl=tpl, env=template_environment(), body_source=tpl.patch_xml(tpl.get_xml()),
                         parts=parts, footnotes=footnotes,
                         core={name: getattr(word.core_properties, name) for name in _CORE_TEXT})
    for name, blob in _members(word).items():
        prepared.remember(name, blob)
    return prepared


def _template_bytes(path: Path, version: tuple) -> bytes:
    """A template file's bytes, read once per process for each version of the file (``version``)."""
    if version not in _template_files:
        from spmdocs.render.template_check import checked_template

        _template_files.clear()
        _template_files[version] = checked_template(path)
    return _template_files[version]
