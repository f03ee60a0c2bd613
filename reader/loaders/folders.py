"""A folder of reviews, such as an unzipped export: every review file in it, and one note
for what was left out (files that hold no reviews, reviews that are no longer live)."""

from collections import Counter
from collections.abc import Callable
from pathlib import PurePath

from reader.loaders.files import expand
from reader.loaders.problems import Loaded, LoadError, NoReviews, Problem, Severity


def load_folder(
    folder: str, load_file: Callable[[str], Loaded], extensions: frozenset[str]
) -> Loaded:
    """Reviews of every supported file under the folder, in sorted order. A file that cannot
    be read is an error of its own; what was left out by design is counted in one note."""
    result = Loaded()
    skipped: Counter[str] = Counter()
    withheld: Counter[str] = Counter()
    for path in expand(folder, extensions):
        try:
            loaded = load_file(path)
        except NoReviews as nothing:
            skipped[nothing.kind] += 1
            continue
        except LoadError as error:
            result.problems.append(Problem(path, str(error)))
            continue
        if loaded.withheld and len(PurePath(path).relative_to(folder).parts) > 1:
            withheld[loaded.withheld] += len(loaded.reviews)
            continue
        result.reviews.extend(loaded.reviews)
        result.problems.extend(loaded.problems)
    if skipped or withheld:
        result.problems.append(Problem(folder, _note(skipped, withheld), severity=Severity.NOTE))
    return result


def _note(skipped: Counter[str], withheld: Counter[str]) -> str:
    """'9 files hold no reviews and were skipped (Letterboxd diary, …); 2 deleted and
    2 orphaned reviews were left out (open those folders to read them)'."""
    parts = []
    if skipped:
        count = sum(skipped.values())
        files = "file holds no reviews and was" if count == 1 else "files hold no reviews and were"
        parts.append(f"{count} {files} skipped ({_kinds(sorted(skipped))})")
    if withheld:
        kinds = " and ".join(f"{count} {kind}" for kind, count in sorted(withheld.items()))
        names = " and ".join(f"{kind}/" for kind in sorted(withheld))
        reviews = "review was" if sum(withheld.values()) == 1 else "reviews were"
        parts.append(f"{kinds} {reviews} left out (open {names} to read them)")
    return "; ".join(parts)


def _kinds(names: list[str]) -> str:
    """'Letterboxd diary, ratings, empty file': a site named once for its run of kinds."""
    shown: list[str] = []
    site = ""
    for name in names:
        first, _, rest = name.partition(" ")
        shown.append(rest if first == site and rest else name)
        site = first
    return ", ".join(shown)
