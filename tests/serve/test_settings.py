"""The settings form's round trip: values into YAML with the clerk's comments kept, nothing written when invalid."""

from __future__ import annotations

import shutil

from werkzeug.datastructures import MultiDict

from spmdocs.serve import engine, settings
from spmdocs.serve.workspace import Workspace


def _form(province_folder, tmp_path, name="laporan-tahunan.yaml"):
    folder = tmp_path / "ruang"
    shutil.copytree(province_folder, folder)
    workspace = Workspace(folder, "x" * 20)
    config = next(c for c in settings.configs(workspace) if c.name == name)
    form = settings.build_form(workspace, config, settings.read(workspace.config(name)))
    return workspace, form, MultiDict([(f.key, f.value) for f in form.fields]
                                      + [("data.capaian", p) for p, on in form.data["capaian"] if on])


def _put(values: MultiDict, new: dict) -> None:
    for key, value in new.items():
        values[key] = value


def test_saving_keeps_comments_and_untouched_keys_and_writes_typed_values(province_folder, tmp_path):
    workspace, form, values = _form(province_folder, tmp_path)
    path = workspace.config("laporan-tahunan.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("tata_letak: tnd-f4", "tata_letak: tnd-f4  # kertas F4"),
                    encoding="utf-8")
    _put(values, {"tempat": "Tanjung Selor", "penandatangan.prefiks": "Pj.", "tanggal": "2026-02-03",
                  "kop.alamat": "Jalan Satu\n\n  Jalan Dua  ", "narasi.penutup": "Baris satu\r\nbaris dua"})
    settings.take(form, values)
    assert settings.save(workspace, form).saved
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Konfigurasi 'laporan_tahunan'") and "tata_letak: tnd-f4  # kertas F4" in text
    assert "aturan_penilaian:" in text and "penutup: |\n    Baris satu\n    baris dua\n" in text
    config = engine.load_config(path)
    assert config.penandatangan.prefiks == "Pj." and config.tanggal.isoformat() == "2026-02-03"
    assert config.kop.alamat == ["Jalan Satu", "Jalan Dua"] and config.tempat == "Tanjung Selor"


def test_an_invalid_form_is_not_written_and_names_its_fields(province_folder, tmp_path):
    workspace, form, values = _form(province_folder, tmp_path, "laporan-triwulan.yaml")
    path = workspace.config("laporan-triwulan.yaml")
    before = path.read_bytes()
    _put(values, {"penandatangan.nip": "123", "tahun": "dua ribu", "penandatangan.jabatan": "", "triwulan": "3"})
    settings.take(form, values)
    assert not settings.save(workspace, form).saved
    assert path.read_bytes() == before
    assert not [p for p in workspace.path.iterdir() if p.name.endswith(".kandidat.yaml")]
    wrong = {f.key: f.problems for f in form.fields if f.problems}
    assert wrong == {"tahun": ["harus berupa bilangan bulat"], "penandatangan.jabatan": ["kunci wajib belum diisi"],
                     "penandatangan.nip": ["NIP harus 18 digit angka"]}
    assert all(p.location.file == "laporan-triwulan.yaml" and p.location.line is None for p in form.problems)


def test_every_kind_offers_its_narratives_and_the_triwulan_only_where_it_belongs(province_folder, tmp_path):
    kinds = {}
    for name in ("laporan-tahunan.yaml", "laporan-triwulan.yaml", "rencana-aksi.yaml", "spm-award.yaml",
                 "lampiran-daerah.yaml"):
        _, form, _ = _form(province_folder, tmp_path / name, name)
        kinds[name] = form
    assert "triwulan" in [f.key for f in kinds["laporan-triwulan.yaml"].fields]
    assert "triwulan" not in [f.key for f in kinds["laporan-tahunan.yaml"].fields]
    annual = [n.key for n in kinds["laporan-tahunan.yaml"].narratives]
    assert "narasi.kata_pengantar" in annual and "narasi.bidang.KES.permasalahan" in annual
    assert all(n.default for n in kinds["laporan-tahunan.yaml"].narratives)
    assert [g for g, _ in kinds["laporan-tahunan.yaml"].groups()][:2] == ["DIK: Pendidikan", "KES: Kesehatan"]
    assert [n.key for n in kinds["lampiran-daerah.yaml"].narratives] == ["narasi"]
    assert "narasi.profil_daerah" in [n.key for n in kinds["spm-award.yaml"].narratives]
