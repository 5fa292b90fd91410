"""Throwaway signing certificates for the tests: a self-signed key and certificate in a .p12 file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "rahasia-uji"
SIGNER = "Dr. H. Pejabat Uji, M.Si."


def make_p12(folder: Path, name: str = "ttd.p12", password: str | None = PASSWORD,
             valid_from: timedelta = timedelta(days=-1), valid_for: timedelta = timedelta(days=30),
             with_key: bool = True) -> tuple[Path, x509.Certificate]:
    """A PKCS#12 file of a new P-256 key and its self-signed certificate, valid around now."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pemerintah Provinsi Uji"),
                         x509.NameAttribute(NameOID.COMMON_NAME, SIGNER)])
    start = datetime.now(timezone.utc) + valid_from
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + valid_for)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     key_cert_sign=False, crl_sign=False, encipher_only=False,
                                     decipher_only=False), critical=True)
        .sign(key, hashes.SHA256()))
    encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                  else serialization.NoEncryption())
    data = pkcs12.serialize_key_and_certificates(b"ttd", key if with_key else None, certificate, None,
                                                 encryption)
    path = folder / name
    path.write_bytes(data)
    return path, certificate
