#!/usr/bin/env bash
# Install everything Trusted Trader needs, then start the app or run the tests.
#
#   bash setup.sh app     install, then open the desktop app on the default database
#   bash setup.sh test    install, then run the whole test suite with all checks
#   bash setup.sh bench   install, then run the benchmarks under tests/benchmarks
#
# System packages (the Qt runtime libraries, a virtual screen, poppler and
# PostgreSQL for the tests) are installed with apt-get when missing; that needs
# root or password-less sudo. Everything else goes into .venv beside this file.
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-app}"
shift || true

QT_PACKAGES="libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libglib2.0-0 libxkbcommon0 \
libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0 \
libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 fonts-dejavu-core"
TEST_PACKAGES="xvfb xauth poppler-utils postgresql binutils desktop-file-utils"

say() { printf 'setup: %s\n' "$*" >&2; }

find_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    say "Python 3.11 or newer is needed; install it (e.g. apt-get install python3) and retry."
    exit 1
}

install_system_packages() {
    command -v dpkg-query >/dev/null 2>&1 || { say "not a Debian/Ubuntu system: skipping system packages"; return 0; }
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && { [ -t 0 ] || sudo -n true 2>/dev/null; }; then
            sudo="sudo"
        else
            say "please install these system packages as root: ${missing[*]}"
            return 0
        fi
    fi
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

make_venv() {
    local python
    python="$(find_python)"
    if [ ! -x .venv/bin/python ]; then
        if ! "$python" -m venv .venv 2>/dev/null; then
            rm -rf .venv
            local version
            version="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
            install_system_packages "python${version}-venv"
            "$python" -m venv .venv
        fi
    fi
    local extras="$1" stamp=".venv/.installed-$1"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        say "installing Python packages into .venv ($extras)"
        .venv/bin/python -m pip install -q --upgrade pip
        .venv/bin/python -m pip install -q -e ".[$extras]"
        touch "$stamp"
    fi
}

case "$mode" in
    app)
        install_system_packages $QT_PACKAGES
        make_venv dev
        exec .venv/bin/trusted-trader "$@"
        ;;
    test)
        install_system_packages $QT_PACKAGES $TEST_PACKAGES
        make_venv dev,bundle
        export QT_QPA_PLATFORM=offscreen
        say "ruff"
        .venv/bin/ruff check trusted_trader tests
        .venv/bin/ruff format --check trusted_trader tests
        say "mypy"
        .venv/bin/mypy
        say "import-linter"
        .venv/bin/lint-imports
        # The store and services tests also run on a private PostgreSQL server that the
        # tests start themselves (tests/pg_server.py: initdb + pg_ctl in a temp folder,
        # as the postgres user when we are root). Set TRUSTED_TRADER_TEST_POSTGRES=auto
        # to skip those tests where PostgreSQL cannot be installed, or off to skip them.
        export TRUSTED_TRADER_TEST_POSTGRES="${TRUSTED_TRADER_TEST_POSTGRES:-require}"
        # initdb is not on the PATH on Debian/Ubuntu: it lives in a versioned folder.
        if [ "$TRUSTED_TRADER_TEST_POSTGRES" = require ] && ! command -v initdb >/dev/null 2>&1 &&
            ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
            say "PostgreSQL is needed for the tests: install the postgresql package and retry"
            exit 1
        fi
        say "pytest"
        .venv/bin/python -m pytest "$@"
        if [ $# -eq 0 ]; then
            say "desktop bundle: build, unpack, run"
            .venv/bin/python -m pytest -m bundle
        fi
        ;;
    bench)
        install_system_packages $QT_PACKAGES $TEST_PACKAGES
        make_venv dev
        export QT_QPA_PLATFORM=offscreen
        exec .venv/bin/python tests/benchmarks/run_all.py "$@"
        ;;
    *)
        say "unknown mode '$mode': use app, test or bench"
        exit 2
        ;;
esac
