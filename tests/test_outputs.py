"""Choosing the sound output: PortAudio in process, else the players, else one clear line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reader.speech import outputs
from reader.speech.outputs import (
    PLAYER_VARIABLE,
    NoOutput,
    Output,
    configured_output,
    open_output,
)
from reader.speech.player import KNOWN_PLAYERS, PlayerSink
from reader.speech.portaudio import PortAudioSink, PortAudioUnavailable


@pytest.fixture
def no_portaudio(monkeypatch: pytest.MonkeyPatch) -> None:
    """PortAudio cannot load, as on a Linux machine without libportaudio2."""

    def unavailable() -> object:
        raise PortAudioUnavailable("PortAudio is not installed")

    monkeypatch.setattr(outputs, "load_sounddevice", unavailable)


def install(folder: Path, *programs: str) -> None:
    """Stand-in programs of those names, on a PATH of their own."""
    for program in programs:
        (folder / program).write_text("#!/bin/sh\ncat > /dev/null\n")
        (folder / program).chmod(0o755)


class TestWhatTheUserAskedFor:
    def test_the_environment_comes_first(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(PLAYER_VARIABLE, "my-player --rate {rate}")
        assert configured_output("aplay") == "my-player --rate {rate}"

    def test_then_the_settings_then_auto(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(PLAYER_VARIABLE, "")
        assert configured_output("aplay") == "aplay"
        assert configured_output("") == "auto"

    def test_a_command_of_the_users_is_played_through(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(PLAYER_VARIABLE, "sox -q -t raw -r {rate} - -d")
        output = open_output()
        assert isinstance(output.sink, PlayerSink)
        assert output.sink.program.command == "sox -q -t raw -r {rate} - -d"
        assert output.name == "command"

    @pytest.mark.parametrize("name", ["pw-play", "paplay", "aplay"])
    def test_a_known_player_by_name_gets_its_low_latency_command(
        self, monkeypatch: pytest.MonkeyPatch, name: str
    ) -> None:
        monkeypatch.delenv(PLAYER_VARIABLE, raising=False)
        output = open_output(name)
        assert isinstance(output.sink, PlayerSink)
        assert output.sink.programs == [p for p in KNOWN_PLAYERS if p.name == name]

    def test_portaudio_by_name_says_why_it_cannot_play(
        self, monkeypatch: pytest.MonkeyPatch, no_portaudio: None
    ) -> None:
        monkeypatch.delenv(PLAYER_VARIABLE, raising=False)
        with pytest.raises(NoOutput, match="cannot play in process: PortAudio is not installed"):
            open_output("portaudio")


class TestAuto:
    def test_portaudio_comes_first_where_it_loads(self, monkeypatch: pytest.MonkeyPatch) -> None:
        class FakeSoundDevice:
            """Stands in for the module only: the sink is not opened here."""

        monkeypatch.delenv(PLAYER_VARIABLE, raising=False)
        monkeypatch.setattr(outputs, "load_sounddevice", lambda: FakeSoundDevice)
        output = open_output()
        assert isinstance(output.sink, PortAudioSink)
        assert output.name == "portaudio"

    @pytest.mark.parametrize(
        ("installed", "order"),
        [
            (["aplay"], ["aplay"]),
            (["paplay", "aplay"], ["paplay", "aplay"]),
            (["aplay", "paplay", "pw-play"], ["pw-play", "paplay", "aplay"]),
        ],
    )
    def test_then_every_installed_player_in_order(
        self,
        monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path,
        no_portaudio: None,
        installed: list[str],
        order: list[str],
    ) -> None:
        install(tmp_path, *installed)
        monkeypatch.delenv(PLAYER_VARIABLE, raising=False)
        monkeypatch.setenv("PATH", str(tmp_path))
        monkeypatch.setattr(sys, "platform", "linux")
        output = open_output()
        assert isinstance(output.sink, PlayerSink)
        assert [program.name for program in output.sink.programs] == order
        assert output.passed_over == ["PortAudio: PortAudio is not installed"]

    def test_nothing_to_play_with_is_one_line_saying_what_to_do(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_portaudio: None
    ) -> None:
        monkeypatch.delenv(PLAYER_VARIABLE, raising=False)
        monkeypatch.setenv("PATH", str(tmp_path))
        monkeypatch.setattr(sys, "platform", "linux")
        with pytest.raises(NoOutput) as raised:
            open_output()
        message = str(raised.value)
        assert "\n" not in message and "{rate}" not in message
        assert "PortAudio is not installed" in message
        assert "no player program installed (pw-play, paplay, aplay)" in message
        assert "libportaudio2" in message and PLAYER_VARIABLE in message

    @pytest.mark.parametrize("platform", ["win32", "darwin"])
    def test_windows_and_macos_use_no_linux_player(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_portaudio: None, platform: str
    ) -> None:
        install(tmp_path, "aplay", "paplay")
        monkeypatch.delenv(PLAYER_VARIABLE, raising=False)
        monkeypatch.setenv("PATH", str(tmp_path))
        monkeypatch.setattr(sys, "platform", platform)
        with pytest.raises(NoOutput, match="check that a sound device is connected"):
            open_output()


@pytest.mark.parametrize(("pipewire", "latency"), [(False, 0), (True, 35)])
def test_an_output_describes_itself_with_its_latency(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pipewire: bool, latency: int
) -> None:
    """paplay is heard as it is fed on PulseAudio, a quantum later through PipeWire."""
    if pipewire:
        (tmp_path / "pipewire-0").touch()
    monkeypatch.delenv("PIPEWIRE_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    output = Output(PlayerSink([KNOWN_PLAYERS[1]]), ["PortAudio: no output device"])
    assert output.describe() == f"player paplay, latency {latency} ms"
    assert output.name == "paplay"
    assert output.passed_over == ["PortAudio: no output device"]
