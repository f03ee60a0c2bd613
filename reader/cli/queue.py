"""`reader queue add|list|remove|move|clear|play`: the listening queue.

Each prints plain lines (one per entry or change) and reports problems as one line on
stderr; a broken saved file is set aside with a warning and the command goes on. `play`
speaks as the saved settings say, with its options winning for that run.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable

from reader.cli.command import Command
from reader.cli.options import add_speech_options, run_settings
from reader.cli.problems import say_problem
from reader.cli.status import EXIT_FAILED, EXIT_OK
from reader.loaders.files import expand, is_folder
from reader.loaders.problems import LoadError
from reader.loaders.registry import EXTENSIONS, load_paths
from reader.reading.library import Library
from reader.reading.phrases import plural
from reader.reading.queue_control import QUEUE_EMPTY, already_queued, queue_lines
from reader.reading.sleep import SleepError, SleepTimer
from reader.session.queue_player import Outcome, QueuePlayer
from reader.session.setup import speech_from
from reader.storage.queue import (
    Queue,
    QueueEntry,
    QueueError,
    added,
    change_queue,
    cleared,
    load_queue,
    moved,
    queue_file,
    removed,
)
from reader.web.addresses import is_url, located
from reader.web.sources import load_sources

LATEST_POSTS = 10  # taken from a feed unless --latest says otherwise


def _add_options(parser: argparse.ArgumentParser) -> None:
    """The queue's sub-commands."""
    # With no action the queue is listed, as a listener checking it would type.
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    parser.set_defaults(action="list")
    add = actions.add_parser("add", help="add files, folders, web pages or feeds of reviews")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument(
        "--latest",
        type=int,
        default=LATEST_POSTS,
        metavar="N",
        help=f"from an RSS or Atom feed, add its N newest posts (default {LATEST_POSTS})",
    )
    actions.add_parser("list", help="show the queue, a line per file (the default)")
    remove = actions.add_parser("remove", help="remove entries by number")
    remove.add_argument("numbers", nargs="+", type=int, metavar="N")
    move = actions.add_parser("move", help="move entry N to place M")
    move.add_argument("number", type=int, metavar="N")
    move.add_argument("to", type=int, metavar="M")
    actions.add_parser("clear", help="empty the queue")
    play = actions.add_parser("play", help="read the queue aloud, hands-free")
    play.add_argument("--sleep", metavar="TIME", help="stop after 20m, 1h30m, ... or end-of-review")
    add_speech_options(play)


def _queue(options: argparse.Namespace) -> int:
    """Run one queue action."""
    try:
        if options.action == "add":
            return _add(options.paths, options.latest)
        if options.action == "list":
            return _list()
        if options.action == "play":
            return _play(options)
        change = {
            "remove": lambda queue: removed(queue, options.numbers),
            "move": lambda queue: moved(queue, options.number, options.to),
            "clear": cleared,
        }[options.action]
        done = _change(change)
    except QueueError as error:
        say_problem(str(error))
        return EXIT_FAILED
    print(_summary(options, done))
    return EXIT_OK


def _add(paths: list[str], latest: int) -> int:
    entries: list[QueueEntry] = []
    failed = False
    for given in paths:
        if given == "-":
            say_problem("standard input cannot be queued; save it to a file first")
            failed = True
            continue
        files = _web(given, latest) if is_url(given) else _files(given)
        if files is None:  # it failed, and said why
            failed = True
            continue
        for path in files:
            entry = _entry(path)
            failed = failed or entry is None
            if entry is not None:
                entries.append(entry)
    counted: list[int] = []
    already: list[str] = []

    def add(queue: Queue) -> Queue:
        already[:] = dict.fromkeys(entry.path for entry in entries if entry.path in queue.paths)
        longer = added(queue, entries)
        counted[:] = [len(longer.entries) - len(queue.entries)]  # under the lock: exact
        return longer

    queue = _change(add)
    if already:
        print(_already_queued(queue, already))
    if counted[0] or not already:  # "Added 0 of 1" says less than the line above
        print(f"Added {_of(counted[0], len(entries))}; {len(queue.entries)} in the queue")
    return EXIT_FAILED if failed else EXIT_OK


def _of(added: int, found: int) -> str:
    """'3 files', or '1 of 3 files' when the rest were queued already."""
    return plural(added, "file") if added == found else f"{added} of {plural(found, 'file')}"


def _already_queued(queue: Queue, paths: list[str]) -> str:
    """'Parasite is already in the queue, number 3', or how many files were, when several."""
    if len(paths) > 1:
        return f"{len(paths)} of these files are already in the queue"
    return already_queued(queue, paths[0])


def _files(given: str) -> list[str] | None:
    """The file, or the files of a folder that hold live reviews (an export's diary,
    lists and deleted reviews are left out, as when it is read); None when there are none."""
    if not is_folder(given):
        try:
            return list(expand(given, EXTENSIONS))
        except LoadError as error:
            say_problem(f"{given}: {error}")
            return None
    loaded = load_paths([given])
    for found in loaded.problems:
        say_problem(str(found))
    files = list(dict.fromkeys(review.source.path for review in loaded.reviews))
    if not files and not loaded.problems:
        say_problem(f"{given}: holds no reviews")
    return files or None


def _web(url: str, latest: int) -> list[str] | None:
    """The page itself, or a feed's newest posts not queued yet; None when the address
    failed. The network code is imported only here, for a URL."""
    from reader.web.feeds import queued_addresses

    addresses, problems = queued_addresses(url, latest)
    for found in problems:
        say_problem(str(found))
    if not addresses:
        return None
    queued = load_queue().value.paths
    return [address for address in addresses if address == url or address not in queued]


def _entry(path: str) -> QueueEntry | None:
    """A file as queued (absolute) or a web address, with its first review's title and a
    count; a page is fetched now, so its saved copy plays offline later."""
    library = Library()
    library.add(load_sources([path]))
    if not library.reviews:
        for found in library.problems:
            say_problem(str(found))
        return None
    library.document(0)  # its own title, for the list
    return QueueEntry(located(path), library.title(0), len(library.reviews))


def _list() -> int:
    loaded = load_queue()
    if loaded.warning:
        say_problem(loaded.warning)
    for line in queue_lines(loaded.value) or [QUEUE_EMPTY]:
        print(line)
    return EXIT_OK


def _play(options: argparse.Namespace) -> int:
    try:
        sleep = SleepTimer.parse(options.sleep)
    except SleepError as error:
        say_problem(str(error))
        return EXIT_FAILED
    loaded = load_queue()
    if loaded.warning:
        say_problem(loaded.warning)
    if not loaded.value.entries:
        say_problem("the queue is empty; add reviews with 'reader queue add PATH'")
        return EXIT_FAILED
    speech = speech_from(run_settings(options))
    for notice in speech.notices:
        say_problem(notice)
    player = QueuePlayer(speech.session, _line, say_problem, sleep=sleep)
    try:
        outcome = player.play(loaded.value)
        speech.session.sink.finish(threading.Event())
    finally:
        speech.session.close()  # on Ctrl-C too: the player's process group is killed
    return EXIT_FAILED if outcome is Outcome.FAILED else EXIT_OK


def _change(change: Callable[[Queue], Queue]) -> Queue:
    done = change_queue(change, queue_file())
    if done.warning:
        say_problem(done.warning)
    return done.value


def _summary(options: argparse.Namespace, queue: Queue) -> str:
    left = f"{len(queue.entries)} in the queue"
    if options.action == "remove":
        return f"Removed {len(set(options.numbers))}; {left}"
    if options.action == "move":
        return f"Moved {options.number} to {options.to}; {left}"
    return "The queue is empty"


def _line(text: str) -> None:
    print(text, flush=True)
    sys.stdout.flush()


COMMANDS = {
    "queue": Command(
        "Keep a listening queue of review files, and read it aloud hands-free.",
        _queue,
        _add_options,
    )
}
