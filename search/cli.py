"""``newssearch``: search the crawled news from the command line, and export it.

A thin layer: argument parsing and error reporting here, the work in the
library modules. ``newssearch QUERY`` is short for ``newssearch search QUERY``;
to search for a word that is also a command, write ``newssearch -- show``.
Exit status: 0 on success (also when nothing matches), 1 when ``show`` or
``similar`` find no such article (or on an internal error), 2 for bad input or
an unusable index.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from search.datadir import resolve_data_dir

PLUGIN_GROUP = "newssearch.commands"
"""Entry-point group of commands other packages add: the store side never imports the crawler, so the
crawler's own commands (``reextract`` runs its extraction) are found this way (see pyproject.toml)."""


BUILTIN_COMMANDS = ("search", "show", "stats", "reindex", "similar", "export", "serve", "doctor", "ingest")
"""Parsed here (``ingest`` runs from the same entry-point group, see search.commands.run_ingest)."""


def plugin_commands() -> dict[str, EntryPoint]:
    return {entry.name: entry for entry in entry_points(group=PLUGIN_GROUP) if entry.name not in BUILTIN_COMMANDS}


PLUGINS = plugin_commands()
COMMANDS = (*BUILTIN_COMMANDS, *sorted(PLUGINS))
VALUE_OPTIONS = {"--data", "--since", "--until", "--source", "--lang", "--author", "--sort", "--limit", "--offset",
                 "--format", "--out", "--host", "--port", "--redis", "--until-idle"}
"""Options that take a value; routing glues each to its value so it may start with "-"."""
QUERY_COMMAND_OPTIONS = {
    "search": VALUE_OPTIONS | {"--json", "-h", "--help"},
    "export": VALUE_OPTIONS | {"--bom", "-h", "--help"},
}
"""Commands whose free words are query text, and the options they know."""


class UsageError(Exception):
    """Bad command-line input; reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not usage + error
        raise UsageError(message)


def _non_negative(convert: Callable[[str], float], what: str) -> Callable[[str], float]:
    """An argparse type: ``convert``, refusing negative values."""

    def parse(text: str) -> float:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
        return value

    return parse


_count = _non_negative(int, "a number")
_seconds = _non_negative(float, "a number of seconds")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--data", metavar="DIR", help="data directory (default: $NEWS_DATA or ./data)")
    as_json = _Parser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print JSON (Lines) for programs")

    parser = _Parser(
        prog="newssearch",
        description="Search the articles crawled by `scrapy crawl news`. "
        "`newssearch QUERY` is short for `newssearch search QUERY`.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    search = sub.add_parser(
        "search",
        parents=[common, as_json],
        help="search titles and bodies (the default command)",
        description="Words match title and body, titles weigh more. Syntax: AND OR NOT, -word, "
        '"a phrase", field:value (title body author source lang url), word*, word~, (groups).',
    )
    search.add_argument("query", nargs="+", help="what to search for")
    _add_filters(search)
    search.add_argument(
        "--sort", choices=("relevance", "date", "-date"), default="relevance",
        help="relevance (default), date (oldest first) or -date (newest first)",
    )
    search.add_argument("--limit", type=_count, default=10, metavar="N", help="show N stories (default 10)")
    search.add_argument("--offset", type=_count, default=0, metavar="N", help="skip the first N stories")

    show = sub.add_parser("show", parents=[common, as_json], help="print one article in full",
                          description="Print one article, found by any of its URLs.")
    show.add_argument("url", help="the article's URL")

    sub.add_parser("stats", parents=[common, as_json], help="counts of articles, stories, sources, days",
                   description="Summarise what the index holds.")
    sub.add_parser("reindex", parents=[common], help="rebuild the index from the archive",
                   description="Rebuild the search index from the archive (after a crash or an upgrade).")

    doctor = sub.add_parser(
        "doctor", parents=[common], help="check every file of the data directory",
        description="Read every file of the data directory and say what is damaged and what would be "
        "rebuilt (from the archive) or started anew; exit status 1 when something is damaged.")
    doctor.add_argument("--repair", action="store_true",
                        help="set damaged files aside (NAME.damaged-TIME) and rebuild them now")

    similar = sub.add_parser("similar", parents=[common, as_json], help="articles like the one at URL",
                             description="Find articles on the same subject as the one at URL (other stories).")
    similar.add_argument("url", help="the article's URL")
    similar.add_argument("--limit", type=_count, default=10, metavar="N", help="show N articles (default 10)")

    export = sub.add_parser(
        "export", parents=[common], help="write every matching article in full (JSON Lines, CSV, Parquet)",
        description="Write every article matching QUERY and the filters (all articles without a query), "
        "with all fields, body included.",
    )
    export.add_argument("query", nargs="*", help="what to search for (default: every article)")
    _add_filters(export)
    export.add_argument("--format", choices=("jsonl", "csv", "parquet"),
                        help="jsonl (default), csv or parquet; default from --out's extension")
    export.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    export.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 byte order mark (for Excel)")

    serve = sub.add_parser(
        "serve", parents=[common], help="search in a web browser (read-only, on 127.0.0.1 by default)",
        description="Serve a search page, article pages, stats and a JSON API over the index, read-only.",
    )
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; another address exposes the whole archive)")
    serve.add_argument("--port", type=_port, default=8080, help="port (default 8080; 0 picks a free one)")

    ingest = sub.add_parser(
        "ingest", parents=[common], help="store the articles crawl nodes send through Redis",
        description="The single writer of a crawl on several machines: dedupe, archive and index the articles "
        "that `scrapy crawl news -s NEWS_REDIS_URL=...` nodes send. Exit 2: Redis unusable; 3: the data "
        "directory is in use by another store or crawl.",
    )
    ingest.add_argument("--redis", required=True, metavar="URL", help="redis://[:PASSWORD@]HOST:PORT/DB")
    ingest.add_argument("--until-idle", type=_seconds, metavar="SECONDS",
                        help="exit once no article came and no crawl node ran for this long (default: run until stopped)")
    for name, entry in PLUGINS.items():
        entry.load().add_parser(sub, name, parents=[common])
    return parser


def _port(text: str) -> int:
    value = _count(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return value


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="WHEN", help="published on or after: 2025-02-01, an ISO time, 7d, 24h, yesterday")
    parser.add_argument("--until", metavar="WHEN", help="published on or before (a date includes the whole day)")
    parser.add_argument("--source", metavar="NAME", help="only articles from this source")
    parser.add_argument("--lang", metavar="CODE", help="only articles in this language, e.g. en, hi")
    parser.add_argument("--author", metavar="NAME", help="only articles by this author")


def route(argv: Sequence[str]) -> list[str]:
    """Put the command first, inserting ``search`` when the first word is not a command.

    For ``search``, words that look like options but are not ours (``-hegseth``)
    are query text, so the query goes after ``--`` in the order it was typed.
    """
    args = _join_values(argv)
    if not args or args[0] in ("-h", "--help"):
        return args
    for i, token in enumerate(args):
        if token in COMMANDS:
            args = [token, *args[:i], *args[i + 1 :]]
            break
        if token == "--" or not token.startswith("-"):
            args = ["search", *args]
            break
    else:
        args = ["search", *args]
    return _split_query(args) if args[0] in QUERY_COMMAND_OPTIONS else args


def _split_query(args: list[str]) -> list[str]:
    command, known = args[0], QUERY_COMMAND_OPTIONS[args[0]]
    options, words = [], []
    tokens = iter(args[1:])
    for token in tokens:
        if token == "--":
            words.extend(tokens)
        elif token.split("=", 1)[0] in known:
            options.append(token)
        elif token.startswith("--"):
            raise UsageError(f"unknown option {token.split('=', 1)[0]}; see `newssearch {command} --help`")
        else:
            words.append(token)
    return [command, *options, "--", *words] if words else [command, *options]


def _join_values(argv: Sequence[str]) -> list[str]:
    """Glue each option to its value (``--sort=-date``) so values may start with "-"."""
    args: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            args.append(token)
            args.extend(tokens)
            break
        value = next(tokens, None) if token in VALUE_OPTIONS else None
        args.append(token if value is None else f"{token}={value}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser().parse_args(route(argv))
        if args.command is None:
            build_parser().print_help()
            return 0
        if args.command in PLUGINS:
            return PLUGINS[args.command].load().run(args, resolve_data_dir(args.data))
        from search import commands  # after parsing: `--help` and usage errors need no Whoosh

        handler: Callable[[argparse.Namespace, Path], int] = getattr(commands, f"run_{args.command}")
        return handler(args, resolve_data_dir(args.data))
    except UsageError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python's final
        # flush of stdout from raising again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        from search.commands import USER_ERRORS

        if isinstance(exc, USER_ERRORS):
            return _fail(str(exc))
        # A bug of ours: still one line for the user, the details on request.
        if os.environ.get("NEWSSEARCH_DEBUG"):
            raise
        sys.stderr.write(f"newssearch: internal error: {type(exc).__name__}: {exc} "
                         "(set NEWSSEARCH_DEBUG=1 for details)\n")
        return 1


def _fail(message: str) -> int:
    sys.stderr.write(f"newssearch: {message}\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
