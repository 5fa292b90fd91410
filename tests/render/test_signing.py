"""PAdES signing with an office's .p12: checked with pyHanko's validator and poppler's pdfsig."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pikepdf
import pytest
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from cryptography.hazmat.primitives import serialization

from certificates import PASSWORD, SIGNER, make_p12
from demo_document import build_demo_document
from pdfa_rules import assert_pdfa
from spmdocs.errors import ConfigError
from spmdocs.render.finish import finish_pdf, finish_pdf_bytes
from spmdocs.render.pdf import render_pdf
from spmdocs.render.signing import PASSWORD_ENV, sign_options, sign_pdf

ENV = {PASSWORD_ENV: PASSWORD}


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """(p12 path, certificate) of a throwaway office certificate."""
    return make_p12(tmp_path_factory.mktemp("sertifikat"))


@pytest.fixture(scope="module")
def reportlab_pdf(tmp_path_factory) -> bytes:
    return render_pdf(build_demo_document(), tmp_path_factory.mktemp("ttd") / "demo.pdf").read_bytes()


def _validate(data: bytes, certificate):
    """pyHanko's verdicts on every signature of ``data``, trusting only the test certificate."""
    trusted = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    reader = PdfFileReader(io.BytesIO(data))
    return [validate_pdf_signature(sig, ValidationContext(trust_roots=[trusted]))
            for sig in reader.embedded_signatures]


def _pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def test_a_signed_pdfa_file_is_valid_for_pyhanko_and_pdfsig_and_still_pdfa(office, reportlab_pdf, tmp_path):
    p12, certificate = office
    options = sign_options(p12, ENV)
    assert options.subject == SIGNER and PASSWORD not in repr(options)
    signed = finish_pdf_bytes(reportlab_pdf, "2b", options, "laporan.pdf")
    [status] = _validate(signed, certificate)
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE" and status.modification_level.name == "NONE"
    assert status.signing_cert.subject.native["common_name"] == SIGNER
    target = tmp_path / "laporan.pdf"
    target.write_bytes(signed)
    assert_pdfa(target)
    with pikepdf.open(target) as pdf:
        widget = next(a for a in pdf.pages[0].Annots if a.get("/FT") == "/Sig")
        assert int(widget.F) & 4 and pdf.Root.AcroForm.SigFlags == 3
    if shutil.which("pdfsig"):
        report = _pdfsig(target)
        assert "Signature Validation: Signature is Valid." in report
        assert "Total document signed" in report and SIGNER in report
        assert "ETSI.CAdES.detached" in report


def test_signing_a_plain_pdf_and_again_leaves_one_valid_signature(office, reportlab_pdf, tmp_path):
    p12, certificate = office
    options = sign_options(p12, ENV)
    once = sign_pdf(reportlab_pdf, options)
    twice = sign_pdf(once, options)
    statuses = _validate(twice, certificate)
    assert len(statuses) == 1 and statuses[0].valid and statuses[0].coverage.name == "ENTIRE_FILE"
    assert len(_validate(finish_pdf_bytes(twice, "2b"), certificate)) == 0


def test_nothing_asked_leaves_the_file_as_it_is(reportlab_pdf, tmp_path):
    path = tmp_path / "tetap.pdf"
    path.write_bytes(reportlab_pdf)
    before = path.stat().st_mtime_ns
    assert finish_pdf(path) == path and path.read_bytes() == reportlab_pdf
    assert path.stat().st_mtime_ns == before
    assert finish_pdf_bytes(reportlab_pdf) == reportlab_pdf


@pytest.mark.parametrize("case, message", [
    ("missing", "berkas sertifikat tidak ditemukan"),
    ("wrong password", "kata sandi salah atau berkas bukan sertifikat PKCS#12"),
    ("no password", f"isi kata sandinya pada variabel lingkungan {PASSWORD_ENV}"),
    ("not a p12", "kata sandi salah atau berkas bukan sertifikat PKCS#12"),
    ("expired", "sertifikat sudah kedaluwarsa"),
    ("not yet valid", "sertifikat belum berlaku"),
    ("no key", "tidak memuat kunci privat"),
])
def test_an_unusable_certificate_is_a_config_error_naming_the_file(tmp_path, case, message):
    env = dict(ENV)
    if case == "missing":
        path = tmp_path / "tidak-ada.p12"
    elif case == "not a p12":
        path = tmp_path / "surat.p12"
        path.write_bytes(b"%PDF-1.4 bukan sertifikat")
    elif case == "expired":
        path, _ = make_p12(tmp_path, valid_from=timedelta(days=-400), valid_for=timedelta(days=365))
    elif case == "not yet valid":
        path, _ = make_p12(tmp_path, valid_from=timedelta(days=10))
    elif case == "no key":
        path, _ = make_p12(tmp_path, with_key=False)
    else:
        path, _ = make_p12(tmp_path)
        env = {PASSWORD_ENV: "salah"} if case == "wrong password" else {}
    with pytest.raises(ConfigError) as caught:
        sign_options(path, env)
    text = caught.value.format_message()
    assert message in text and f"berkas {path}" in text and "--sign-p12" in text


def test_a_certificate_without_password_needs_no_environment_variable(tmp_path):
    path, _ = make_p12(tmp_path, password=None)
    assert sign_options(path, {}).password is None
