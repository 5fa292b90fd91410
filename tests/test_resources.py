"""Packaged resources: the templates and configs are found installed or in the repository."""

from spmdocs import resources


def test_project_folder_prefers_the_installed_copy(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "spmdocs"
    (package / "_templates").mkdir(parents=True)
    monkeypatch.setattr(resources, "PACKAGE", package)
    assert resources.project_folder("templates") == package / "_templates"
    assert resources.project_folder("configs") == package.parent / "configs"


def test_repository_folders_hold_what_the_code_needs():
    assert (resources.project_folder("templates") / "laporan-spm.docx").is_file()
    assert (resources.project_folder("configs") / "laporan-tahunan.yaml").is_file()
    assert resources.resource_path("catalog.yaml").is_file()
