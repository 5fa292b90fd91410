"""The narrative renderer: a recording block keeps every renderer made and the extra figures of each text."""

from spmdocs.narrative import NarrativeRenderer, recording


def test_recording_keeps_renderers_and_the_extra_of_each_key():
    with recording() as made:
        renderer = NarrativeRenderer({"tahun": 2025})
        assert renderer.render("Tahun {{ tahun }} {{ ini.nama }}", ("narasi", "x"),
                               extra={"ini": {"nama": "KES"}}) == "Tahun 2025 KES"
    assert made == [renderer]
    assert renderer.extras == {("narasi", "x"): {"ini": {"nama": "KES"}}}


def test_outside_a_recording_nothing_is_kept():
    with recording():
        pass
    renderer = NarrativeRenderer({})
    renderer.render("teks", ("narasi", "x"))
    assert renderer.extras is None
