#!/bin/sh
# Remove Trusted Trader as install.sh put it: the program, its command and its launcher.
#
#   ./uninstall.sh            your own install (~/.local); run as root, the one for everyone
#   ./uninstall.sh --user     your own install, even when run as root
#   ./uninstall.sh --system   the install for everyone (needs root)
#
# Your data (database, backups, settings) is kept; delete its folder yourself if you wish.
set -eu

NAME=trusted-trader

fail() { printf 'uninstall.sh: %s\n' "$*" >&2; exit 1; }

scope=""
for arg in "$@"; do
    case "$arg" in
        --user) scope=user ;;
        --system) scope=system ;;
        -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) fail "unknown option '$arg' (use --user or --system)" ;;
    esac
done
if [ -z "$scope" ]; then
    if [ "$(id -u)" -eq 0 ]; then scope=system; else scope=user; fi
fi

if [ "$scope" = system ]; then
    [ "$(id -u)" -eq 0 ] || fail "removing the install for everyone needs root: sudo $0"
    app_dir=/opt/$NAME
    share_dir=/usr/share
else
    [ -n "${HOME:-}" ] || fail "HOME is not set"
    app_dir=$HOME/.local/lib/$NAME
    share_dir=${XDG_DATA_HOME:-$HOME/.local/share}
fi

manifest="$app_dir/install-manifest.txt"
[ -f "$manifest" ] || fail "no Trusted Trader install found in $app_dir"

# Only what install.sh listed goes, and only where it still is what was installed.
while IFS= read -r path; do
    [ -n "$path" ] || continue
    if [ -L "$path" ] || [ -f "$path" ]; then
        rm -f "$path"
    fi
    case "$path" in
        # An icon-size folder that held only our icon goes too (rmdir keeps non-empty ones).
        "$share_dir"/icons/hicolor/*/apps/*)
            apps=$(dirname "$path")
            if rmdir "$apps" 2>/dev/null; then
                rmdir "$(dirname "$apps")" 2>/dev/null || true
            fi
            ;;
    esac
done <"$manifest"
rm -rf "$app_dir"

# (No update-desktop-database: the launcher declares no file types, and desktops watch
# the applications folder themselves.)
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share_dir/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$share_dir/icons/hicolor" 2>/dev/null || true
fi
printf 'Trusted Trader is removed from %s. Your data folder was kept.\n' "$app_dir"
