"""Fixtures shared by the test modules: an environment of the test's own for runs of
reader, and private sound servers with the marker that names the tests using them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from runner import Env, environment
from sound_servers import SoundServer, require, running

SERVER_FIXTURES = {"pulse_server", "pipewire_server", "sound_server"}


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker, so `-m "not sound_server"` leaves these tests out."""
    config.addinivalue_line(
        "markers", "sound_server: starts a private PulseAudio or PipeWire server with a null sink"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that asks for a sound server."""
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.sound_server)


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One cache folder for the whole run, in this process and the runs of reader it
    starts: what reader caches (the unpacked language model, 40 MB; Piper's paces) is made
    once rather than once a test, and never in the user's own cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def env(tmp_path: Path) -> Env:
    """The environment for runs of reader: settings and state in this test's folder."""
    return environment(tmp_path)


def serve(name: str) -> Iterator[SoundServer]:
    """The named server for one test: it starts in a few tens of milliseconds."""
    require(name)
    with running(name) as server:
        yield server


@pytest.fixture
def pulse_server() -> Iterator[SoundServer]:
    """A private PulseAudio whose default sink is a clocked null sink."""
    yield from serve("pulseaudio")


@pytest.fixture
def pipewire_server() -> Iterator[SoundServer]:
    """A private PipeWire with WirePlumber and pipewire-pulse, and the same null sink."""
    yield from serve("pipewire")


@pytest.fixture(params=["pulseaudio", "pipewire"])
def sound_server(request: pytest.FixtureRequest) -> Iterator[SoundServer]:
    """Each server in turn; parametrize it indirectly to pick one."""
    yield from serve(str(request.param))
