#!/usr/bin/env bash
# Build the Linux desktop bundle: dist/trusted-trader/ (the app folder) and
# dist/trusted-trader-VERSION-linux-x86_64.tar.gz (app, launcher, icons, install scripts).
#
#   bash installer/build.sh            from anywhere; uses .venv/bin/python (or $PYTHON)
#
# Needs the `bundle` extra: .venv/bin/python -m pip install -e ".[bundle]"
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python="${PYTHON:-$root/.venv/bin/python}"
name=trusted-trader
icon_sizes="16 22 24 32 48 64 128 256 512"

say() { printf 'build: %s\n' "$*" >&2; }
started=$(date +%s)

"$python" -c "import PyInstaller" 2>/dev/null || {
    say "PyInstaller is missing: $python -m pip install -e '.[bundle]'"
    exit 1
}
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' trusted_trader/__init__.py)"
[ -n "$version" ] || { say "no __version__ in trusted_trader/__init__.py"; exit 1; }
machine="$(uname -m)"
stem="$name-$version-linux-$machine"

# The icons are kept in the tree; render them again only when the SVG is newer.
svg=resources/icons/$name.svg
for size in $icon_sizes; do
    if [ ! -f "resources/icons/$name-$size.png" ] || [ "$svg" -nt "resources/icons/$name-$size.png" ]; then
        "$python" installer/make_icons.py
        break
    fi
done

say "PyInstaller ($version)"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installer/$name.spec
app=dist/$name

# A self-built Python carries debug information (tens of MB): the app does not need it.
# The sections are read whole first: `readelf | grep -q` under pipefail fails whenever grep
# stops reading before readelf has written everything, and the library was then kept whole.
find "$app/_internal" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 |
    while IFS= read -r -d '' lib; do
        sections="$(readelf -S "$lib" 2>/dev/null || true)"
        if [[ "$sections" == *.debug_info* ]]; then
            strip --strip-debug "$lib"
        fi
    done

# Nothing that the spec leaves out may be needed by what it keeps. (Other libraries a
# plugin links to, e.g. Wayland's, are the user's system's and may be absent here.)
missing="$(
    set +o pipefail # ldd fails on the odd file that is not a shared library: no matter
    cd "$app/_internal"
    find . -name '*.so*' -type f -print0 |
        LD_LIBRARY_PATH="$PWD:$PWD/PySide6/Qt/lib" xargs -0 ldd 2>/dev/null |
        { grep -E 'lib(Qt6|pyside6|shiboken6|cairo|pango|pixman|fribidi|graphite2|datrie|thai|atk-)[^ ]* => not found' || true; } |
        sort -u
)"
if [ -n "$missing" ]; then
    say "the bundle lacks libraries its modules or plugins need:"
    printf '%s\n' "$missing" >&2
    exit 1
fi

say "archive $stem.tar.gz"
staging="build/$stem"
rm -rf "$staging"
mkdir -p "$staging/share/applications"
cp -a "$app/." "$staging/"
cp installer/linux/install.sh installer/linux/uninstall.sh installer/linux/README.txt "$staging/"
cp installer/linux/$name.desktop "$staging/share/applications/"
for size in $icon_sizes; do
    mkdir -p "$staging/share/icons/hicolor/${size}x$size/apps"
    cp "resources/icons/$name-$size.png" "$staging/share/icons/hicolor/${size}x$size/apps/$name.png"
done
mkdir -p "$staging/share/icons/hicolor/scalable/apps"
cp "$svg" "$staging/share/icons/hicolor/scalable/apps/$name.svg"
chmod 755 "$staging/install.sh" "$staging/uninstall.sh" "$staging/$name"
archive="dist/$stem.tar.gz"
rm -f "$archive"
tar --create --gzip --file "$archive" --directory build \
    --owner=0 --group=0 --numeric-owner --sort=name "$stem"
rm -rf "$staging"

size_mb() { du -sm "$1" | cut -f1; }
say "done in $(($(date +%s) - started)) s: $app ($(size_mb "$app") MB), $archive ($(size_mb "$archive") MB)"
