#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 with Python 3.11, then walks the demo operator.
#   ./quickstart.sh            set up, then `walkthrough run`
#   ./quickstart.sh --no-run   set up only (CI)
# Extra arguments after --no-run-less calls go to `walkthrough run`, e.g. ./quickstart.sh --channel api
set -euo pipefail
cd "$(dirname "$0")"

run=1
if [[ "${1:-}" == "--no-run" ]]; then run=0; shift; fi

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# The browser and a CJK font come from Debian: Playwright's own browser download is not used.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || need+=(fonts-wqy-microhei)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
if (( ${#need[@]} )); then
  echo "== installing Debian packages: ${need[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "== creating .venv"
  python3 -m venv .venv
fi
echo "== installing the harness and the demo operator into .venv"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"

if (( run )); then
  echo "== walking the demo operator"
  exec .venv/bin/walkthrough run "$@"
fi
