#!/bin/sh
# Install Trusted Trader from this unpacked folder and add it to the desktop's app menu.
#
#   ./install.sh            for you alone (under ~/.local); run as root, for everyone (/opt)
#   ./install.sh --user     for you alone, even when run as root
#   ./install.sh --system   for everyone (needs root)
#
# Installing again upgrades in place. Your data (database, backups, settings) lives in your
# own data folder and is never touched. ./uninstall.sh removes what this script installed.
set -eu

NAME=trusted-trader
here=$(cd "$(dirname "$0")" && pwd)

say() { printf '%s\n' "$*"; }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

scope=""
for arg in "$@"; do
    case "$arg" in
        --user) scope=user ;;
        --system) scope=system ;;
        -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) fail "unknown option '$arg' (use --user or --system)" ;;
    esac
done
if [ -z "$scope" ]; then
    if [ "$(id -u)" -eq 0 ]; then scope=system; else scope=user; fi
fi

if [ "$scope" = system ]; then
    [ "$(id -u)" -eq 0 ] || fail "installing for everyone needs root: sudo ./install.sh"
    app_dir=/opt/$NAME
    bin_dir=/usr/local/bin
    share_dir=/usr/share
else
    [ -n "${HOME:-}" ] || fail "HOME is not set"
    app_dir=$HOME/.local/lib/$NAME
    bin_dir=$HOME/.local/bin
    share_dir=${XDG_DATA_HOME:-$HOME/.local/share}
fi

if [ ! -x "$here/$NAME" ] || [ ! -d "$here/_internal" ]; then
    fail "run this from the unpacked Trusted Trader folder (no $NAME program beside it)"
fi
version=$("$here/$NAME" --version) || fail "$NAME does not start on this machine"

# Copy into a fresh folder first, so a failed copy never leaves half an app behind.
mkdir -p "$(dirname "$app_dir")" "$bin_dir" "$share_dir/applications"
staging="$app_dir.new.$$"
rm -rf "$staging"
mkdir -p "$staging"
(cd "$here" && tar cf - "$NAME" _internal share uninstall.sh) | (cd "$staging" && tar xf -)
if [ -d "$app_dir" ]; then
    [ -f "$app_dir/install-manifest.txt" ] || [ -x "$app_dir/$NAME" ] ||
        fail "$app_dir exists and is not a Trusted Trader install; move it away first"
    rm -rf "$app_dir.old"
    mv "$app_dir" "$app_dir.old"
fi
mv "$staging" "$app_dir"
rm -rf "$app_dir.old"

manifest="$app_dir/install-manifest.txt"
: >"$manifest"
installed() { printf '%s\n' "$1" >>"$manifest"; }

ln -sf "$app_dir/$NAME" "$bin_dir/$NAME"
installed "$bin_dir/$NAME"

# The launcher names the installed program by its full path: ~/.local/bin is often not
# on the PATH that a desktop session starts apps with.
desktop="$share_dir/applications/$NAME.desktop"
sed -e "s|^Exec=.*|Exec=\"$app_dir/$NAME\"|" -e "s|^TryExec=.*|TryExec=$app_dir/$NAME|" \
    "$here/share/applications/$NAME.desktop" >"$desktop"
chmod 644 "$desktop"
installed "$desktop"

for icon in "$here"/share/icons/hicolor/*/apps/*; do
    target="$share_dir/icons/hicolor/${icon#"$here"/share/icons/hicolor/}"
    mkdir -p "$(dirname "$target")"
    cp "$icon" "$target"
    chmod 644 "$target"
    installed "$target"
done

# (No update-desktop-database: the launcher declares no file types, and desktops watch
# the applications folder themselves.)
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share_dir/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$share_dir/icons/hicolor" 2>/dev/null || true
fi

say "Installed $version in $app_dir"
say "  command:  $bin_dir/$NAME"
say "  launcher: $desktop"
case ":${PATH:-}:" in
    *":$bin_dir:"*) ;;
    *) say "  note: $bin_dir is not on your PATH; start it from the app menu or by its full path" ;;
esac
say "To remove it: $app_dir/uninstall.sh${scope:+ --$scope}"
