"""python -m demo_operator serve | faults [--json]"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import socket
import sys
from pathlib import Path

from demo_operator import times
from demo_operator.faults import FAULTS, unknown, unknown_message

TOKEN_ENV = "DEMO_OPERATOR_API_TOKEN"
COUNTER_PASSWORD_ENV = "DEMO_OPERATOR_COUNTER_PASSWORD"
TEST_KEY_ENV = "DEMO_OPERATOR_TEST_KEY"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m demo_operator",
                                     description="演示电信: the embedded demo operator.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the operator (API, web hall, phone, clock)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--fd", type=int, metavar="N",
                       help="serve on this inherited listening socket instead of binding "
                            "--host/--port (how a launcher gives it a port no one else takes)")
    serve.add_argument("--db", type=Path, default=Path("reports/operator.db"),
                       help="SQLite file (created if missing)")
    serve.add_argument("--fault", action="append", default=[], metavar="NAME",
                       help="switch a fault on (repeatable; see `faults`)")
    serve.add_argument("--token-seconds", type=int, default=3600, metavar="N",
                       help="lifetime of an OAuth access token from /oauth/token")
    serve.add_argument("--real-time", action="store_true",
                       help="customers' clocks follow the wall clock (no time travel needed)")
    serve.add_argument("--start", metavar="ISO-8601",
                       help="where every customer's clock starts (default: now)")
    listing = commands.add_parser("faults", help="list the faults and the standards they break")
    listing.add_argument("--json", action="store_true", help="as JSON")
    return parser


def _fail(message: str) -> int:
    print(f"demo_operator: {message}", file=sys.stderr)
    return 2


def _faults(as_json: bool) -> int:
    if as_json:
        print(json.dumps([f.as_json() for f in FAULTS.values()], ensure_ascii=False, indent=2))
        return 0
    width = max(len(name) for name in FAULTS)
    breaks = max(len(", ".join(f.breaks)) for f in FAULTS.values())
    for fault in FAULTS.values():
        print(f"{fault.name:<{width}}  {', '.join(fault.breaks):<{breaks}}  "
              f"{', '.join(fault.channels) or 'all':<8}  {fault.title}")
    return 0


def _secret(variable: str, what: str) -> str:
    """From the environment, or made up for this run and printed (like a first-run password)."""
    value = os.environ.get(variable)
    if not value:
        value = secrets.token_urlsafe(24)
        print(f"{variable} is not set; this run's {what}: {value}", flush=True)
    return value


def _serve(args: argparse.Namespace) -> int:
    if unknown(args.fault):
        return _fail(unknown_message(args.fault))
    try:
        start = times.parse(args.start) if args.start else \
            dt.datetime.now(times.TZ).replace(microsecond=0)
    except ValueError:
        return _fail(f"--start {args.start!r} is not an ISO-8601 moment")
    token = _secret(TOKEN_ENV, "API token")
    counter_password = _secret(COUNTER_PASSWORD_ENV, "counter password (agent A001)")
    test_key = _secret(TEST_KEY_ENV, "test-support key (X-Test-Key)")

    import uvicorn  # here: `faults` should not pay for importing the web stack

    from demo_operator.app import create_app
    from demo_operator.context import Operator, Settings
    from demo_operator.db import Store

    settings = Settings(start=start, faults=frozenset(args.fault), api_token=token,
                        counter_password=counter_password, test_key=test_key,
                        real_time=args.real_time, token_seconds=args.token_seconds)
    app = create_app(Operator(Store(args.db), settings))
    active = ", ".join(f for f in FAULTS if f in settings.faults) or "none"
    sockets = None
    if args.fd is not None:
        sockets = [socket.socket(fileno=args.fd)]
        args.host, args.port = sockets[0].getsockname()[:2]
    print(f"演示电信 demo operator on http://{args.host}:{args.port}/hall/ "
          f"(clock starts {times.iso(start)}; faults: {active})", flush=True)
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
