"""python -m competitor_operator serve | faults [--json]"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import socket
import sys
from pathlib import Path

from competitor_operator import written
from competitor_operator.faults import FAULTS, unknown, unknown_message

TEST_KEY_ENV = "COMPETITOR_TEST_KEY"
CLIENT_SECRET_ENV = "COMPETITOR_API_CLIENT_SECRET"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m competitor_operator",
                                     description="蓝鲸通信: the embedded competitor operator.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the operator")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8800)
    serve.add_argument("--fd", type=int, metavar="N",
                       help="serve on this inherited listening socket instead of binding")
    serve.add_argument("--db", type=Path, default=Path("reports/competitor.db"),
                       help="SQLite file (created if missing)")
    serve.add_argument("--fault", action="append", default=[], metavar="NAME",
                       help="switch a fault on (repeatable; see `faults`)")
    serve.add_argument("--start", metavar="ISO-8601",
                       help="where the system date starts on a new database (default: now)")
    serve.add_argument("--token-ttl", type=float, default=3600.0, metavar="SECONDS",
                       help="how long an API access token lives, in real time (default 3600)")
    listing = commands.add_parser("faults", help="list the faults and the standards they break")
    listing.add_argument("--json", action="store_true", help="as JSON")
    return parser


def _fail(message: str) -> int:
    print(f"competitor_operator: {message}", file=sys.stderr)
    return 2


def _faults(as_json: bool) -> int:
    if as_json:
        print(json.dumps([f.as_json() for f in FAULTS.values()], ensure_ascii=False, indent=2))
        return 0
    width = max(len(name) for name in FAULTS)
    for fault in FAULTS.values():
        print(f"{fault.name:<{width}}  {', '.join(fault.breaks):<32}  "
              f"{', '.join(fault.channels) or 'all':<8}  {fault.title}")
    return 0


def _secret(variable: str, what: str) -> str:
    """From the environment, or made up for this run and printed."""
    value = os.environ.get(variable)
    if not value:
        value = secrets.token_urlsafe(24)
        print(f"{variable} is not set; this run's {what}: {value}", flush=True)
    return value


def _serve(args: argparse.Namespace) -> int:
    if unknown(args.fault):
        return _fail(unknown_message(args.fault))
    try:
        start = written.parse(args.start) if args.start else \
            dt.datetime.now(written.TZ).replace(microsecond=0)
    except ValueError:
        return _fail(f"--start {args.start!r} is not an ISO-8601 moment")
    if args.token_ttl <= 0:
        return _fail("--token-ttl must be more than 0 seconds")
    test_key = _secret(TEST_KEY_ENV, "test environment key (X-QA-Key)")
    client_secret = _secret(CLIENT_SECRET_ENV, "API client secret (client bw-qa-client)")

    import uvicorn  # here: `faults` should not pay for importing the web stack

    from competitor_operator.app import create_app
    from competitor_operator.context import Operator, Settings
    from competitor_operator.store import Store

    settings = Settings(start=start, faults=frozenset(args.fault), test_key=test_key,
                        client_secret=client_secret, token_ttl=args.token_ttl)
    app = create_app(Operator(Store(args.db), settings))
    sockets = None
    if args.fd is not None:
        sockets = [socket.socket(fileno=args.fd)]
        args.host, args.port = sockets[0].getsockname()[:2]
    active = ", ".join(f for f in FAULTS if f in settings.faults) or "none"
    print(f"蓝鲸通信 competitor operator on http://{args.host}:{args.port}/bw/ "
          f"(system date starts {written.plain(start)}; faults: {active})", flush=True)
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning",
                            access_log=False)
    uvicorn.Server(config).run(sockets=sockets)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "faults":
        return _faults(args.json)
    return _serve(args)


if __name__ == "__main__":
    sys.exit(main())
