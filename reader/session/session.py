"""The session: the one place that holds reading state and drives planner, engine and sink.

Front ends (the TUI, plain mode, the command line) call its methods from any thread and
listen to its events, which arrive on the playback thread in the order they are heard.
Every stop is a hard reset: the run is cancelled, and events from it that arrive late
are dropped, so a front end never sees a word from speech it has already stopped.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain, dropwhile

from reader.model import Document, Position
from reader.plan.cues import Cue, CueModes, Verbosity
from reader.plan.navigation import Unit, Where, move, section_start, where
from reader.plan.planner import (
    PlanSettings,
    Utterance,
    announcements,
    closing,
    first_sentence,
    names_in,
    plan_utterances,
    ticks,
)
from reader.session.events import Broadcaster, Moved, State, StateChanged
from reader.session.run import ANNOUNCED, Run
from reader.speech.engine import Engine, VoiceSettings, clamp_rate
from reader.speech.profiles import VoiceProfile
from reader.speech.sinks import Sink


class Session(Broadcaster):
    """Reading state (document, position, settings) and the one run of speech."""

    def __init__(
        self,
        engine: Engine,
        sink: Sink,
        profile: VoiceProfile | None = None,
        skip_spoilers: bool = False,
        *,
        verbosity: Verbosity = Verbosity.NORMAL,
        cues: CueModes | None = None,
    ) -> None:
        super().__init__()
        profile = profile or VoiceProfile()
        self.engine = engine
        self.sink = sink
        self._voice = profile.settings
        self._pauses = profile.pauses
        self._plan_settings = PlanSettings(
            skip_spoilers, profile.lexicon, verbosity, cues or CueModes.words_only()
        )
        self._voice_version = 0
        self._plan_version = 0
        self._lock = threading.RLock()
        self.document: Document | None = None
        self.position = Position()
        self.state = State.STOPPED
        self._sentence = Position()  # start of the utterance being heard
        self._at_end = False
        self._run_id = 0
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._working: Run | None = None  # the run ticking while something loads
        sink.prepare(engine.sample_rate)

    # Settings

    @property
    def rate(self) -> int:
        """Pace in words per minute."""
        return self._voice.rate

    @property
    def voice(self) -> VoiceSettings:
        """The voice settings in use."""
        return self._voice

    @property
    def skip_spoilers(self) -> bool:
        """Whether spoilers are announced instead of read."""
        return self._plan_settings.skip_spoilers

    @property
    def plan_settings(self) -> PlanSettings:
        """What decides the words said."""
        return self._plan_settings

    def set_rate(self, wpm: int) -> int:
        """Change pace from the next sentence on; returns the pace used (80-900)."""
        return self.set_voice(replace(self._voice, rate=clamp_rate(wpm))).rate

    def set_voice(self, settings: VoiceSettings) -> VoiceSettings:
        """Change voice, pitch or volume from the next sentence on."""
        with self._lock:
            self._voice = settings
            self._voice_version += 1
        return settings

    def set_skip_spoilers(self, skip: bool) -> None:
        """Skip (announce) or read spoilers, from the next sentence on."""
        self._replan(replace(self._plan_settings, skip_spoilers=skip))

    def set_listening(self, verbosity: Verbosity, cues: CueModes) -> None:
        """How much is said and which cues sound, from the next sentence on."""
        self._replan(replace(self._plan_settings, verbosity=verbosity, cues=cues))

    def _replan(self, settings: PlanSettings) -> None:
        with self._lock:
            if settings != self._plan_settings:
                self._plan_settings = settings
                self._plan_version += 1

    # Reading

    def open(self, document: Document, position: Position | None = None) -> None:
        """Make `document` the one read, stopping any speech, at `position` or its start."""
        with self._lock:
            self._cancel_run()
            self.document = document
            self._at_end = False
            self._set_state(State.STOPPED)
            self._move_to(position or Position())

    def play(
        self,
        position: Position | None = None,
        preface: Sequence[str] = (),
        cues: Sequence[Cue] = (),
        ending: Sequence[Cue] = (),
    ) -> None:
        """Read from `position` (or where reading stopped) to the end of the document,
        after each cue's sound and each `preface` text ("Next review: "), and then mark
        its end with the `ending` cues, in the same stream (reading straight through)."""
        with self._lock:
            if self.document is None:
                return
            if position is not None:
                self._move_to(position)
            elif self._at_end:
                self._move_to(Position())
            ended = closing(self.position, ending, self._plan_settings.cues)
            self._start(read_document=True, announcements=self._said(preface, cues), then=ended)
            self._set_state(State.PLAYING)

    def pause(self) -> None:
        """Silence at once; `play` starts again from the last word heard."""
        with self._lock:
            if self.state is State.PLAYING:
                self._cancel_run()
                self._set_state(State.PAUSED)

    def stop(self) -> None:
        """Silence at once; the next play starts from the sentence that was being read."""
        with self._lock:
            self._cancel_run()
            if self.state is not State.STOPPED:
                self._move_to(self._sentence)
            self._set_state(State.STOPPED)

    def move(self, unit: Unit, step: int) -> Position | None:
        """Go one sentence, paragraph or section forward (1) or back (-1); None at an end.
        Reading goes on from there if it was playing."""
        with self._lock:
            if self.document is None:
                return None
            target = move(self.document, self.position, unit, step, self._plan_settings)
            return self._jump(target)

    def go_to_section(self, number: int) -> Position | None:
        """Go to section `number` (from 1); None if there is no such section."""
        with self._lock:
            if self.document is None:
                return None
            return self._jump(section_start(self.document, number))

    def announce(self, *texts: str, cues: Sequence[Cue] = ()) -> None:
        """Say each text now, after each cue's sound, interrupting reading; reading resumes
        after them if it was playing. Each text is its own sentence, so a list is heard one
        item at a time."""
        with self._lock:
            said = self._said(texts, cues)
            self._start(read_document=self.state is State.PLAYING, announcements=said)

    def work(self, *texts: str) -> None:
        """Say each text, then tick softly until the next thing said: a slow load."""
        with self._lock:
            self._cancel_run()
            self._run_id += 1
            run = Run(self, self._said(texts), ticks(self.position), reading=False)
            self._begin(run)
            self._working = run

    def end_work(self) -> None:
        """Stop the working cue's ticks, if they are what is playing."""
        with self._lock:
            if self._working is not None and self._working.run_id == self._run_id:
                self._cancel_run()
            self._working = None

    @property
    def speaking(self) -> bool:
        """Whether words are being said (the working cue's ticks are not words)."""
        run, thread = self._working, self._thread
        if thread is None or not thread.is_alive():
            return False
        return run is None or run.run_id != self._run_id or not run.ticking

    def read_sentence(self) -> None:
        """Read just the sentence at the position (after a move while not playing)."""
        with self._lock:
            if self.document is None or self.state is State.PLAYING:
                return
            planned = plan_utterances(self.document, self.position, self._plan_settings)
            sentence = first_sentence(dropwhile(lambda said: said.part in ANNOUNCED, planned))
            if sentence:
                self._start(read_document=False, announcements=sentence)

    def where(self) -> Where | None:
        """Section, sentence and percent of the position, or None with no document."""
        with self._lock:
            if self.document is None or not self.document.sections:
                return None
            return where(self.document, self.position, self._plan_settings)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until speech ends (True) or `timeout` passes (False)."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def close(self) -> None:
        """Stop, and release the engine and the sink."""
        with self._lock:
            self._cancel_run()
        self.wait()
        self.sink.close()
        self.engine.close()

    # Internals (called with the lock held)

    def _said(self, texts: Sequence[str], cues: Sequence[Cue] = ()) -> tuple[Utterance, ...]:
        # Announcements name reviews and sections ('Review 1 of 3, Rocky IV ★★★★½'): they
        # are said as the review is, each name by the review's own voice.
        names = names_in(self.document) if self.document else {}
        lexicon = self._plan_settings.lexicon
        return announcements(self.position, texts, cues, lexicon=lexicon, names=names)

    def _jump(self, target: Position | None) -> Position | None:
        if target is None:
            return None
        playing = self.state is State.PLAYING
        self._move_to(target)
        if playing:
            self._start(read_document=True)
        return target

    def _move_to(self, position: Position) -> None:
        self.position = self._sentence = position
        self._at_end = False
        self._emit(Moved(position))

    def _start(
        self,
        read_document: bool,
        announcements: tuple[Utterance, ...] = (),
        then: tuple[Utterance, ...] = (),
    ) -> None:
        self._cancel_run()
        plan = None
        if read_document:
            assert self.document is not None
            plan = chain(plan_utterances(self.document, self.position, self._plan_settings), then)
        self._run_id += 1
        self._begin(Run(self, announcements, plan))

    def _begin(self, run: Run) -> None:
        self._cancel = run.cancel
        self._thread = threading.Thread(target=run.speak, name="reader-playback", daemon=True)
        self._thread.start()

    def _cancel_run(self) -> None:
        """Hard reset: no more audio, no more events from the run that was going. A run
        that has ended waited until all it wrote was heard: its output is let be, so a
        player holding the last of it is not cut off."""
        self._cancel.set()
        self.engine.abort()
        if self._thread is None or self._thread.is_alive():
            self.sink.stop()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    def _set_state(self, state: State) -> None:
        if state is not self.state:
            self.state = state
            self._emit(StateChanged(state))
