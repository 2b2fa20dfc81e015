#!/usr/bin/env bash
# Run the built archive in a minimal Debian root without Python: proof that it needs
# nothing of ours but the archive. Needs root and debootstrap (apt-get install debootstrap).
#
#   sudo bash installer/check_clean_root.sh [ROOT_DIR]    (default /tmp/trusted-trader-root)
#
# Makes the root with `debootstrap --variant=minbase bookworm` when it is not there yet,
# unpacks dist/trusted-trader-VERSION-linux-ARCH.tar.gz into it and, with an empty environment,
# runs --version, demo, stats and the offscreen window smoke test (after installing the
# desktop libraries a minimal system lacks), then install.sh and uninstall.sh.
set -euo pipefail
root_dir="${1:-/tmp/trusted-trader-root}"
project="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$project/trusted_trader/__init__.py")"
archive="$project/dist/trusted-trader-$version-linux-$(uname -m).tar.gz"
[ -f "$archive" ] || { printf 'check: no %s: run installer/build.sh\n' "$archive" >&2; exit 1; }
say() { printf 'check: %s\n' "$*" >&2; }

if [ ! -x "$root_dir/bin/sh" ]; then
    say "making a minimal Debian 12 root in $root_dir"
    debootstrap --variant=minbase bookworm "$root_dir" http://deb.debian.org/debian >/dev/null
fi
if compgen -G "$root_dir/usr/bin/python3*" >/dev/null; then
    say "$root_dir has Python: use a fresh root"
    exit 1
fi
rm -rf "$root_dir/opt/bundle" "$root_dir/tmp/desk"
mkdir -p "$root_dir/opt/bundle" "$root_dir/tmp/desk/runtime"
chmod 700 "$root_dir/tmp/desk/runtime"
tar xzf "$archive" -C "$root_dir/opt/bundle"
app="$(cd "$root_dir/opt/bundle" && echo */trusted-trader)"
mountpoint -q "$root_dir/proc" || mount -t proc proc "$root_dir/proc"
trap 'umount "$root_dir/proc"' EXIT

in_root() {
    chroot "$root_dir" /usr/bin/env -i PATH=/nonexistent HOME=/tmp/desk LANG=C.UTF-8 \
        XDG_RUNTIME_DIR=/tmp/desk/runtime "$@"
}
say "$(basename "$archive")"
in_root "/opt/bundle/$app" --version
in_root "/opt/bundle/$app" demo --partners 12 --touch-points 1500
in_root "/opt/bundle/$app" stats --baseline 2024-01:2024-12 --current 2025-01:2025-12 >/dev/null

say "installing the desktop libraries a minimal system lacks: libgl1 libegl1 fontconfig-config"
chroot "$root_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends libgl1 libegl1 fontconfig-config >/dev/null' 2>/dev/null
in_root QT_QPA_PLATFORM=offscreen TRUSTED_TRADER_SMOKE=1 "/opt/bundle/$app"
say "window smoke test passed"

chroot "$root_dir" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root sh -c \
    "cd /opt/bundle/$(dirname "$app") && ./install.sh >/dev/null && trusted-trader --version && /opt/trusted-trader/uninstall.sh"
say "all good"
