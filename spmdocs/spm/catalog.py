"""The SPM catalog: the six bidang and every Jenis Pelayanan Dasar, with lookup by code, name or alias.

The catalog is data (``spmdocs/resources/catalog.yaml``); this module loads it, checks its shape
and answers the questions the rest of spmdocs asks: which services a provinsi or kabupaten/kota
must report, what a clerk's "Bumil", "Cakupan Pelayanan Kesehatan Usia Lanjut" or "K KES 1" refers
to, and which technical regulation was in force for a bidang or service in a given year.

Names are matched by rules, not by listing every wording: a service is known by its official name
(PP 2/2018, repeated by the technical standards), its aliases, and every wording that reduces to the
same words once case, punctuation, spelling variants (terlantar/telantar), common abbreviations
(ODGJ, HIV, TB, DM, KLB, PAUD, lansia), report prefixes ("SPM -", "Belanja SPM", "Persentase",
"Cakupan", "Capaian", "Pengelolaan") and connecting words ("pada", "bagi", "yang") are set aside.
A wording whose words all belong to exactly one service of the daerah's level names that service
("Pendidikan Usia Dini" is Pendidikan Anak Usia Dini).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from spmdocs.errors import ConfigError, Location, Problem
from spmdocs.spm.regulasi import SAFE_LOADER, DaftarRegulasi, load_regulasi, tanggal_standar

Level = Literal["provinsi", "kabupaten_kota"]
LEVELS: tuple[Level, ...] = get_args(Level)

_PACKAGED = "catalog.yaml"
_CODE = re.compile(r"^([pk])[\W_]*([a-z]+)[\W_]*0*(\d+)$")
_PARENTHESES = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[\W_]+")
_PREFIXES = ("belanja spm ", "spm ")
_SPELLING = {"terlantar": "telantar", "ketentraman": "ketenteraman", "mellitus": "melitus",
             "presentase": "persentase", "prosentase": "persentase"}
ABBREVIATIONS = {
    "odgj": "orang dengan gangguan jiwa", "hiv": "human immunodeficiency virus",
    "tb": "tuberkulosis", "tbc": "tuberkulosis", "dm": "diabetes melitus", "ht": "hipertensi",
    "klb": "kejadian luar biasa", "paud": "pendidikan anak usia dini", "lansia": "lanjut usia",
    "bumil": "ibu hamil", "bulin": "ibu bersalin", "bbl": "bayi baru lahir",
    "gepeng": "gelandangan dan pengemis", "linjamsos": "perlindungan dan jaminan sosial",
    "dikdas": "pendidikan dasar", "dikmen": "pendidikan menengah", "diksus": "pendidikan khusus",
    "damkar": "pemadam kebakaran", "trantibum": "ketenteraman dan ketertiban umum",
    "tramtibum": "ketenteraman dan ketertiban umum", "kab": "kabupaten",
}
"""Abbreviations clerks write inside service names, expanded word by word before matching."""
REPORT_PREFIXES = ("belanja spm", "spm", "persentase", "cakupan", "capaian", "pengelolaan",
                   "indikator", "jenis pelayanan dasar", "layanan")
"""Words a report puts before a service's name; they never tell services apart."""
CONNECTIVES = frozenset({"pada", "bagi", "yang", "untuk", "terhadap", "dan", "atau", "di", "serta",
                         "khususnya", "dengan", "ke", "oleh"})
"""Connecting words left out when comparing wordings ("pada usia produktif" = "usia produktif")."""
@dataclass(frozen=True)
class Bidang:
    """One of the six SPM sectors (bidang urusan) and its default OPD and regulations."""

    kode: str
    nama: str
    nama_urusan: str
    opd_default: str
    urutan: int
    regulasi: tuple[str, ...]


@dataclass(frozen=True)
class JenisPelayanan:
    """One Jenis Pelayanan Dasar at one level of government, with its indicators and aliases."""

    kode: str
    nama: str
    bidang: str
    level: Level
    nomor: int
    opd_pengampu: str
    indikator_penerima: str
    indikator_mutu: str
    satuan: str
    alias: tuple[str, ...]
    regulasi: tuple[str, ...]
    kode_sub_kegiatan: str | None


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces, punctuation and spelling variants ignored."""
    words = _NON_WORD.sub(" ", str(text).lower()).split()
    return " ".join(_SPELLING.get(word, word) for word in words)


def _code_key(text: str) -> str | None:
    """``"P-DIK-1"``, ``"k kes 01"`` or ``"KKES1"`` as ``"k-kes-1"``; None if not shaped like a code."""
    match = _CODE.match(str(text).strip().lower())
    return f"{match[1]}-{match[2]}-{int(match[3])}" if match else None


def _name_keys(text: str) -> set[str]:
    """The normalized forms a name is known by: as written, and without parenthesised parts."""
    keys = {normalize(text), normalize(_PARENTHESES.sub(" ", text))}
    return {key for key in keys if key}


def _strip_prefix(key: str) -> str:
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def content_words(text: str) -> frozenset[str]:
    """The words that tell a service apart: abbreviations expanded, prefixes and connectives dropped."""
    words = " ".join(ABBREVIATIONS.get(word, word) for word in normalize(text).split())
    changed = True
    while changed:
        changed = False
        for prefix in REPORT_PREFIXES:
            if words.startswith(prefix + " "):
                words, changed = words[len(prefix) + 1:], True
    return frozenset(word for word in words.split() if word not in CONNECTIVES)


class Catalog:
    """All bidang and Jenis Pelayanan Dasar, ordered by bidang urutan and service nomor."""

    def __init__(self, bidang_list: tuple[Bidang, ...], services: tuple[JenisPelayanan, ...],
                 regulasi: DaftarRegulasi | None = None):
        self.bidang_list: tuple[Bidang, ...] = tuple(sorted(bidang_list, key=lambda b: b.urutan))
        self._bidang = {b.kode: b for b in self.bidang_list}
        self._services = tuple(sorted(
            services,
            key=lambda s: (LEVELS.index(s.level), self._bidang[s.bidang].urutan, s.nomor),
        ))
        self.regulasi_list = regulasi or load_regulasi()
        self._by_code = {s.kode: s for s in self._services}
        self._by_code_key = {_code_key(s.kode) or s.kode.lower(): s for s in self._services}
        self._by_name: dict[str, list[JenisPelayanan]] = {}
        self._labels: dict[str, list[JenisPelayanan]] = {}
        self._word_sets: list[tuple[frozenset[str], JenisPelayanan]] = []
        self._vocabulary: dict[str, frozenset[str]] = {}
        for service in self._services:
            vocabulary: set[str] = set()
            for text in (service.nama, *service.alias):
                for key in _name_keys(text):
                    entries = self._by_name.setdefault(key, [])
                    if service not in entries:
                        entries.append(service)
                for variant in (text, _PARENTHESES.sub(" ", text)):
                    words = content_words(variant)
                    if words:
                        self._word_sets.append((words, service))
                        vocabulary |= words
            self._vocabulary[service.kode] = frozenset(vocabulary)
            for label in (service.kode, service.nama, *service.alias):
                self._labels.setdefault(normalize(label), []).append(service)

    def bidang(self, kode: str) -> Bidang:
        """The bidang with this code (``"KES"``); KeyError if there is none."""
        return self._bidang[kode]

    def services(self, level: Level, bidang: str | None = None) -> tuple[JenisPelayanan, ...]:
        """The services a daerah of ``level`` reports, optionally only those of one bidang."""
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; expected one of {LEVELS}")
        return tuple(s for s in self._services
                     if s.level == level and (bidang is None or s.bidang == bidang))

    def get(self, kode: str) -> JenisPelayanan:
        """The service with exactly this code (``"K-KES-1"``); KeyError if there is none."""
        return self._by_code[kode]

    def find(self, text: str, level: Level | None = None) -> JenisPelayanan | None:
        """The service ``text`` names, by code, official name or alias; None if unknown or ambiguous.

        Tried in order, the first rule that names services decides: the code; the name or an alias
        (case, spacing, punctuation, parenthesised parts and a leading "SPM" or "Belanja SPM"
        ignored); a wording with the same :func:`content_words`; a wording whose content words all
        belong to one service. With ``level``, only that level's services count, and a name that
        exists only at the other level is returned last, so the caller can report it as a service
        of the wrong level. Without ``level``, a name at both levels is ambiguous and gives None.
        """
        code_key = _code_key(text)
        if code_key in self._by_code_key:
            return self._by_code_key[code_key]
        exact: list[JenisPelayanan] = []
        for key in _name_keys(str(text)):
            for variant in (key, _strip_prefix(key)):
                exact.extend(s for s in self._by_name.get(variant, ()) if s not in exact)
        words = content_words(_PARENTHESES.sub(" ", str(text))) or content_words(str(text))
        same = [s for found, s in self._word_sets if found == words]
        within = [s for s in self._services if words and words <= self._vocabulary[s.kode]]
        other_level: JenisPelayanan | None = None
        for candidates in (exact, same, within):
            candidates = list(dict.fromkeys(candidates))
            here = [s for s in candidates if level is None or s.level == level]
            if len(here) > 1:
                return None
            if here:
                return here[0]
            if len(candidates) == 1 and other_level is None:
                other_level = candidates[0]
        return other_level

    def suggest(self, text: str, level: Level | None = None, n: int = 3) -> list[str]:
        """Up to ``n`` close services for a "did you mean" message, as ``"<nama> (<kode>)"``.

        With ``level`` given, only services of that level are suggested.
        """
        query = _strip_prefix(normalize(text))
        matches = difflib.get_close_matches(query, list(self._labels), n=len(self._labels), cutoff=0.6)
        suggestions: list[str] = []
        for key in matches:
            for service in self._labels[key]:
                label = f"{service.nama} ({service.kode})"
                if (level is None or service.level == level) and label not in suggestions:
                    suggestions.append(label)
        return suggestions[:n]

    def regulasi(self, kode: str, tahun: int, level: Level | None = None,
                 tanggal: date | None = None) -> str:
        """The technical regulation(s) in force for a service or bidang code in ``tahun``.

        A service's own regulations win over its bidang's. A regulation limited to one level is
        left out for a daerah of the other ``level`` (a provinsi never cites the kab/kota standards
        for bencana and kebakaran). The version is the one in force at the end of ``tahun``, or on
        ``tanggal`` when the document is signed earlier. Several are joined with "; "; "" when none
        applies; KeyError for an unknown code.
        """
        return "; ".join(self.regulasi_texts(kode, tahun, level, tanggal))

    def regulasi_texts(self, kode: str, tahun: int, level: Level | None = None,
                       tanggal: date | None = None) -> list[str]:
        """:meth:`regulasi` as a list, in catalog order."""
        on = tanggal_standar(tahun, tanggal)
        if kode in self._by_code:
            service = self._by_code[kode]
            level = level or service.level
            ids = service.regulasi or self._bidang[service.bidang].regulasi
        else:
            ids = self._bidang[kode].regulasi
        texts = [self.regulasi_list.teks(ref, on, level) for ref in ids]
        return list(dict.fromkeys(text for text in texts if text))


def level_of(kode_wilayah: str) -> Level | None:
    """The level a Kemendagri region code denotes: ``"65"`` provinsi, ``"65.01"`` kabupaten_kota."""
    kode = str(kode_wilayah).strip()
    if re.fullmatch(r"\d{2}", kode):
        return "provinsi"
    if re.fullmatch(r"\d{2}\.\d{2}", kode):
        return "kabupaten_kota"
    return None


def load_catalog(path: Path | None = None) -> Catalog:
    """The packaged catalog (cached), or the catalog in the YAML file at ``path``."""
    if path is None:
        return _packaged_catalog()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([Problem(f"Berkas katalog tidak dapat dibaca: {exc.strerror or exc}.",
                                   Location(file=str(path)))]) from exc
    return _parse(text, str(path))


@lru_cache(maxsize=1)
def _packaged_catalog() -> Catalog:
    text = resources.files("spmdocs").joinpath("resources").joinpath(_PACKAGED).read_text(encoding="utf-8")
    return _parse(text, _PACKAGED)


_BIDANG_FIELDS = {"kode": str, "nama": str, "nama_urusan": str, "opd_default": str, "urutan": int}
_SERVICE_FIELDS = {
    "kode": str, "nama": str, "bidang": str, "level": str, "nomor": int, "opd_pengampu": str,
    "indikator_penerima": str, "indikator_mutu": str, "satuan": str,
}
_SERVICE_OPTIONAL = {"alias", "regulasi", "kode_sub_kegiatan"}
_TYPE_NAMES = {str: "teks", int: "bilangan bulat"}


class _Checker:
    """Collects the problems of one catalog file while turning its YAML into dataclasses."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(message, Location(file=self.file, key=key)))

    def record(self, raw: Any, key: str, required: dict[str, type], optional: set[str]) -> dict | None:
        """``raw`` as a dict when it is a mapping with every required field of the right type."""
        if not isinstance(raw, dict):
            self.problem(key, "Harus berupa pemetaan (kunci: nilai).")
            return None
        ok = True
        for field, kind in required.items():
            value = raw.get(field)
            valid = isinstance(value, kind) and not isinstance(value, bool)
            if valid and kind is str and not value.strip():
                valid = False
            if not valid:
                self.problem(f"{key}.{field}", f"Wajib diisi dengan {_TYPE_NAMES[kind]}.")
                ok = False
        for field in sorted(set(raw) - set(required) - optional):
            self.problem(f"{key}.{field}", "Kunci tidak dikenal; periksa ejaannya.")
            ok = False
        return raw if ok else None

    def regulasi(self, raw: Any, key: str) -> tuple[str, ...]:
        """Regulation codes of the packaged legal references (``standar_kesehatan``)."""
        if raw is None:
            return ()
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            self.problem(key, "Harus berupa daftar kode regulasi, misalnya [standar_kesehatan].")
            return ()
        known = load_regulasi()
        for i, item in enumerate(raw, start=1):
            if item not in known:
                self.problem(f"{key}[{i}]", f"Kode regulasi '{item}' tidak ada di daftar regulasi "
                                            "(spmdocs/resources/regulasi.yaml).")
        return tuple(raw)

    def bidang(self, raw: Any) -> tuple[Bidang, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem("bidang", "Wajib berupa daftar bidang yang tidak kosong.")
            return ()
        result: list[Bidang] = []
        for i, entry in enumerate(raw, start=1):
            label = entry.get("kode") if isinstance(entry, dict) else None
            key = f"bidang.{label}" if isinstance(label, str) else f"bidang[{i}]"
            record = self.record(entry, key, _BIDANG_FIELDS, {"regulasi"})
            if record is None:
                continue
            if any(b.kode == record["kode"] for b in result):
                self.problem(key, f"Kode bidang '{record['kode']}' dipakai lebih dari sekali.")
                continue
            result.append(Bidang(
                kode=record["kode"], nama=record["nama"], nama_urusan=record["nama_urusan"],
                opd_default=record["opd_default"], urutan=record["urutan"],
                regulasi=self.regulasi(record.get("regulasi"), f"{key}.regulasi"),
            ))
        return tuple(result)

    def services(self, raw: Any, bidang_codes: set[str]) -> tuple[JenisPelayanan, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem("jenis_pelayanan", "Wajib berupa daftar jenis pelayanan yang tidak kosong.")
            return ()
        result: list[JenisPelayanan] = []
        for i, entry in enumerate(raw, start=1):
            label = entry.get("kode") if isinstance(entry, dict) else None
            key = f"jenis_pelayanan.{label}" if isinstance(label, str) else f"jenis_pelayanan[{i}]"
            record = self.record(entry, key, _SERVICE_FIELDS, _SERVICE_OPTIONAL)
            if record is None:
                continue
            service = self.service(record, key, bidang_codes)
            if service is not None:
                result.append(service)
        self.unique(result)
        return tuple(result)

    def service(self, record: dict, key: str, bidang_codes: set[str]) -> JenisPelayanan | None:
        ok = True
        if record["bidang"] not in bidang_codes:
            self.problem(f"{key}.bidang", f"Bidang '{record['bidang']}' tidak ada di daftar bidang.")
            ok = False
        if record["level"] not in LEVELS:
            self.problem(f"{key}.level", "Harus 'provinsi' atau 'kabupaten_kota'.")
            ok = False
        if record["nomor"] < 1:
            self.problem(f"{key}.nomor", "Harus bilangan bulat mulai dari 1.")
            ok = False
        alias = record.get("alias") or []
        if not isinstance(alias, list) or not all(isinstance(a, str) and a.strip() for a in alias):
            self.problem(f"{key}.alias", "Harus berupa daftar teks.")
            ok = False
        sub_kegiatan = record.get("kode_sub_kegiatan")
        if sub_kegiatan is not None and not isinstance(sub_kegiatan, str):
            self.problem(f"{key}.kode_sub_kegiatan", "Harus teks, misalnya \"1.02.02.2.02.0001\".")
            ok = False
        regulasi = self.regulasi(record.get("regulasi"), f"{key}.regulasi")
        if not ok:
            return None
        return JenisPelayanan(
            kode=record["kode"].strip(), nama=record["nama"].strip(), bidang=record["bidang"],
            level=record["level"], nomor=record["nomor"], opd_pengampu=record["opd_pengampu"].strip(),
            indikator_penerima=record["indikator_penerima"].strip(),
            indikator_mutu=record["indikator_mutu"].strip(), satuan=record["satuan"].strip(),
            alias=tuple(a.strip() for a in alias), regulasi=regulasi, kode_sub_kegiatan=sub_kegiatan,
        )

    def unique(self, services: list[JenisPelayanan]) -> None:
        """Codes, (level, bidang, nomor) and names/aliases within a level must each be unique."""
        codes: dict[str, str] = {}
        slots: dict[tuple, str] = {}
        names: dict[tuple[str, str], str] = {}
        for s in services:
            key = f"jenis_pelayanan.{s.kode}"
            code_key = _code_key(s.kode) or s.kode.lower()
            if code_key in codes:
                self.problem(key, f"Kode layanan sama dengan '{codes[code_key]}'.")
            codes.setdefault(code_key, s.kode)
            slot = (s.level, s.bidang, s.nomor)
            if slot in slots:
                self.problem(f"{key}.nomor", f"Nomor {s.nomor} sudah dipakai oleh '{slots[slot]}'.")
            slots.setdefault(slot, s.kode)
            for text in {s.nama, *s.alias}:
                if _code_key(text):
                    self.problem(f"{key}.alias", f"'{text}' berbentuk kode layanan; pakai nama.")
                for name_key in _name_keys(text):
                    owner = names.setdefault((s.level, name_key), s.kode)
                    if owner != s.kode:
                        self.problem(key, f"Nama atau alias '{text}' juga dipakai oleh '{owner}'.")


def _parse(text: str, file: str) -> Catalog:
    try:
        raw = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader, libyaml's when present
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError([Problem(f"YAML tidak valid: {getattr(exc, 'problem', None) or exc}.",
                                   Location(file=file, line=line))]) from exc
    checker = _Checker(file)
    if not isinstance(raw, dict):
        checker.problem("", "Katalog harus berupa pemetaan dengan kunci 'bidang' dan 'jenis_pelayanan'.")
        raise ConfigError(checker.problems)
    for key in sorted(set(raw) - {"bidang", "jenis_pelayanan"}):
        checker.problem(str(key), "Kunci tidak dikenal; katalog hanya berisi 'bidang' dan 'jenis_pelayanan'.")
    bidang_list = checker.bidang(raw.get("bidang"))
    services = checker.services(raw.get("jenis_pelayanan"), {b.kode for b in bidang_list})
    if checker.problems:
        raise ConfigError(checker.problems)
    return Catalog(bidang_list, services)
