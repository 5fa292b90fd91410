"""The cover letter (surat pengantar): a clerk's docxtpl template filled with composed fields."""

from __future__ import annotations

import io
from pathlib import Path

from spmdocs.errors import TemplateError, raise_if_errors

_template_files: dict[Path, bytes] = {}


def render_letter(letter) -> bytes:
    """The letter's .docx bytes: the template checked, filled in the sandbox, properties fixed."""
    from docxtpl import DocxTemplate

    from spmdocs.render._ooxml import normalize_zip
    from spmdocs.sandbox import TEMPLATE_FAILURES
    from spmdocs.render.docx import kop_context, template_environment, template_problem, template_problems

    tpl = DocxTemplate(io.BytesIO(_template_bytes(letter.template)))
    raise_if_errors(template_problems(letter.template, tpl.get_docx()), TemplateError)
    context = {**letter.context, "kop": kop_context(tpl, letter.kop)}
    try:
        tpl.render(context, jinja_env=template_environment())
    except TEMPLATE_FAILURES as exc:
        raise TemplateError([template_problem(letter.template, tpl, exc)]) from None
    props = tpl.docx.core_properties
    props.title = letter.title
    props.subject = letter.subject
    props.author = props.last_modified_by = letter.author
    props.created = props.modified = letter.created
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalize_zip(buffer.getvalue(), letter.created)


def _template_bytes(path: Path) -> bytes:
    """A template file's bytes, read once per process (a batch fills it for every unit)."""
    if path not in _template_files:
        from spmdocs.render.template_check import checked_template

        _template_files[path] = checked_template(path)
    return _template_files[path]
