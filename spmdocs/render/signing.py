"""PAdES signing of a finished PDF with an office's own certificate (PKCS#12 .p12/.pfx), by pyHanko.

:func:`sign_options` reads and checks the certificate file once, before anything is built: the
password comes from the environment variable :data:`PASSWORD_ENV`, never from the command line
or a config file. :func:`sign_pdf` then appends one PAdES baseline signature (ETSI.CAdES.detached,
SHA-256) as an incremental update, so the signature covers the whole file as written before it,
a PDF/A file included. A signed file differs on every run: the signing time is part of it.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from spmdocs.errors import ConfigError, Location, Problem, RenderError

PASSWORD_ENV = "SPMDOCS_P12_PASSWORD"
"""The environment variable holding the password of the ``--sign-p12`` certificate file."""

FIELD_NAME = "TandaTanganElektronik"
REASON = "Dokumen ini ditandatangani secara elektronik"
MAX_P12_BYTES = 1_000_000
"""Largest certificate file read; a PKCS#12 file of a key and its chain is a few kilobytes."""


@dataclass(frozen=True)
class SignOptions:
    """A checked certificate file to sign with: its bytes, password and the signature's reason."""

    p12: Path
    data: bytes = field(repr=False)
    password: bytes | None = field(default=None, repr=False)
    subject: str = ""
    reason: str = REASON

    @property
    def digest(self) -> str:
        """sha256 of the certificate file (which certificate signs, never the password)."""
        return hashlib.sha256(self.data).hexdigest()


def sign_options(p12: Path, environ: Mapping[str, str] | None = None,
                 now: datetime | None = None) -> SignOptions:
    """Read and check the certificate file ``p12``; raise ConfigError saying what is wrong.

    The password is taken from :data:`PASSWORD_ENV` in ``environ`` (the process environment by
    default); without it the file must open without a password. The certificate must hold a
    private key and be valid ``now``.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs12

    environ = os.environ if environ is None else environ
    p12 = Path(p12)
    where = Location(file=str(p12), key="--sign-p12")
    try:
        if p12.stat().st_size > MAX_P12_BYTES:
            raise ConfigError([Problem("berkas sertifikat terlalu besar untuk sebuah berkas PKCS#12 "
                                       "(.p12/.pfx)", where)])
        data = p12.read_bytes()
    except FileNotFoundError:
        raise ConfigError([Problem("berkas sertifikat tidak ditemukan", where)]) from None
    except OSError as exc:
        from spmdocs.fileio import os_reason

        raise ConfigError([Problem(f"berkas sertifikat tidak dapat dibaca ({os_reason(exc)})", where)]) from None
    secret = environ.get(PASSWORD_ENV)
    password = secret.encode("utf-8") if secret else None
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(data, password)
    except (ValueError, TypeError):
        hint = (f"periksa kata sandi pada variabel lingkungan {PASSWORD_ENV}" if password
                else f"isi kata sandinya pada variabel lingkungan {PASSWORD_ENV}")
        raise ConfigError([Problem("sertifikat tidak dapat dibuka: kata sandi salah atau berkas bukan "
                                   f"sertifikat PKCS#12 (.p12/.pfx); {hint}", where)]) from None
    if key is None or certificate is None:
        missing = "kunci privat" if key is None else "sertifikat"
        raise ConfigError([Problem(f"berkas PKCS#12 tidak memuat {missing}; ekspor ulang sertifikat "
                                   "beserta kunci privatnya", where)])
    now = now or datetime.now(timezone.utc)
    start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if not start <= now <= end:
        state = "belum berlaku" if now < start else "sudah kedaluwarsa"
        raise ConfigError([Problem(f"sertifikat {state}: masa berlakunya {start:%d-%m-%Y} s.d. "
                                   f"{end:%d-%m-%Y}", where)])
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    subject = str(names[0].value) if names else certificate.subject.rfc4514_string()
    return SignOptions(p12=p12, data=data, password=password, subject=subject)


def producer() -> str:
    """The producer pyHanko records when it signs (the PDF/A metadata must say the same)."""
    from pyhanko.pdf_utils.metadata.model import VENDOR

    return VENDOR


def sign_pdf(data: bytes, options: SignOptions, name: str = "") -> bytes:
    """``data`` with a PAdES signature over the whole file appended; RenderError on failure.

    Signature fields of an earlier signing (a combined PDF made of signed annexes) are removed
    first: they no longer cover the file.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError

    data = _without_signatures(data)
    metadata = signers.PdfSignatureMetadata(field_name=FIELD_NAME, md_algorithm="sha256",
                                            subfilter=fields.SigSeedSubFilter.PADES,
                                            reason=options.reason)
    output = io.BytesIO()

    def sign() -> None:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        _pdf17_signer()(metadata, signer=_signer(options.data, options.password)).sign_pdf(writer, output=output)
    try:
        _outside_event_loop(sign)
    except (SigningError, PdfError, ValueError) as exc:
        raise RenderError([Problem(f"PDF tidak dapat ditandatangani: {exc}",
                                   Location(file=name or None))]) from None
    return output.getvalue()


def _outside_event_loop(work) -> None:
    """Run ``work`` (pyHanko's signing runs its own asyncio loop) where no event loop is running.

    A front end that already runs an event loop in this thread (an async web server) would make
    pyHanko's ``asyncio.run`` fail; there the work runs in a thread of its own.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        work()
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(work).result()


@lru_cache(maxsize=1)
def _pdf17_signer():
    """pyHanko's PDF signer, kept within PDF 1.7 (the base of PDF/A-2).

    For an ECDSA key pyHanko would declare the ISO 32002 extension and raise the file to PDF 2.0,
    which PDF/A-2 does not allow; the PAdES (ESIC) extension of PDF 1.7 is all it declares here.
    """
    from pyhanko.sign import signers
    from pyhanko.sign.signers.constants import ESIC_EXTENSION_1

    class Pdf17Signer(signers.PdfSigner):
        def register_extensions(self, pdf_out, *, md_algorithm):
            pdf_out.ensure_output_version(version=(1, 7))
            pdf_out.register_extension(ESIC_EXTENSION_1)

    return Pdf17Signer


@lru_cache(maxsize=2)
def _signer(data: bytes, password: bytes | None):
    """The pyHanko signer of a certificate file, loaded once per process."""
    from pyhanko.sign import signers

    return signers.SimpleSigner.load_pkcs12_data(data, [], passphrase=password)


def _without_signatures(data: bytes) -> bytes:
    """``data``, rewritten without its signature fields when it has any."""
    import pikepdf

    from spmdocs.render.pdfa import has_signatures, remove_signatures

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if not has_signatures(pdf):
            return data
        remove_signatures(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()
