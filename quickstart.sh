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
# the old headless Chromium: a browser walk costs a third less CPU in it than in chromium
command -v chromium-headless-shell >/dev/null 2>&1 || need+=(chromium-headless-shell)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || need+=(fonts-wqy-microhei)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
# The Allure HTML report: Allure 2 is a Java program, installed from npm below.
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
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
# The project's own modules compiled once: where PYTHONDONTWRITEBYTECODE is set (as on this
# machine) Python compiles them again in every process otherwise, about 0.4 s of CPU for each
# run and each operator it starts. A module edited later is compiled afresh as usual.
.venv/bin/python -m compileall -q src >/dev/null

# Allure 2 from the npm registry into .tools/ (git-ignored); a run never downloads anything.
ALLURE_VERSION=2.46.1
if [[ ! -x .tools/node_modules/allure-commandline/dist/bin/allure ]] || \
   ! grep -q "\"version\": \"$ALLURE_VERSION\"" .tools/node_modules/allure-commandline/package.json; then
  echo "== installing Allure $ALLURE_VERSION into .tools/"
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools "allure-commandline@$ALLURE_VERSION" \
    || echo "== Allure could not be installed: runs still work, without the Allure HTML report"
fi

# newman runs TM Forum's conformance kits in the tests (tests/tmf/ctk), from .tools/ too.
NEWMAN_VERSION=6.2.2
if [[ ! -f .tools/node_modules/newman/package.json ]] || \
   ! grep -q "\"version\": \"$NEWMAN_VERSION\"" .tools/node_modules/newman/package.json; then
  echo "== installing newman $NEWMAN_VERSION into .tools/"
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools "newman@$NEWMAN_VERSION" \
    || echo "== newman could not be installed: the conformance-kit tests will say so"
fi

if (( run )); then
  echo "== walking the demo operator"
  exec .venv/bin/walkthrough run "$@"
fi
