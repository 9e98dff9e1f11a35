#!/usr/bin/env bash
# Builds the .deb with CPack from a finished build folder, unpacks it into a scratch prefix
# (no root needed) and checks what a user gets: the two programs, the desktop file, icon and
# AppStream metainfo in their standard places, Debian package dependencies that are real
# installed packages, no unresolved libraries, and a working
# `mtlx-cli train --preset sine-shared-bottom` run from the unpacked files.
#   tests/package/test-deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: test-deb.sh BUILD_DIR}" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "test-deb: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$scratch/cpack" > "$scratch/cpack.log" 2>&1) ||
  { cat "$scratch/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$scratch"/cpack/mtlx_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "cpack wrote no mtlx_*.deb"
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for needed in libtorch libqt6widgets6 libqt6svg6 libqcustomplot libopenblas0-openmp; do
  grep -q "$needed" <<<"$depends" || fail "Depends lacks $needed"
done
# Every dependency (first alternative) is a Debian package that is installed here.
while read -r dep; do
  name=${dep%% *}
  name=${name%%|*}
  dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed" ||
    fail "dependency '$name' is not an installed Debian package"
done < <(tr ',' '\n' <<<"$depends" | sed 's/^ *//' | grep -v '^$')

dpkg-deb -c "$deb" | awk '{print $6}' | grep -v '^\./usr/' | grep -v '^\./$' && fail "files outside /usr"
root="$scratch/root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/mtlx usr/bin/mtlx-cli \
         usr/share/applications/org.mtlexplorer.mtlx.desktop \
         usr/share/metainfo/org.mtlexplorer.mtlx.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/org.mtlexplorer.mtlx.svg; do
  [ -f "$root/$f" ] || fail "missing /$f"
done
if command -v desktop-file-validate > /dev/null; then
  desktop-file-validate "$root/usr/share/applications/org.mtlexplorer.mtlx.desktop"
fi
python3 -c "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" \
  "$root/usr/share/metainfo/org.mtlexplorer.mtlx.metainfo.xml" || fail "metainfo is not XML"
for prog in mtlx mtlx-cli; do
  if ldd "$root/usr/bin/$prog" | grep -q "not found"; then
    ldd "$root/usr/bin/$prog" | grep "not found" >&2
    fail "$prog has unresolved libraries"
  fi
  readelf -d "$root/usr/bin/$prog" | grep -q "$build" && fail "$prog points into the build folder"
done

version=$(dpkg-deb -f "$deb" Version)
[ "$("$root/usr/bin/mtlx-cli" --version)" = "mtlx-cli $version" ] || fail "mtlx-cli --version is not $version"
[ "$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/mtlx" --version)" = "mtlx $version" ] || fail "mtlx --version is not $version"

cd "$scratch"
"$root/usr/bin/mtlx-cli" train --preset sine-shared-bottom --out run
python3 - run/result.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] == "ok", r["status"]
assert r["spec"]["name"] == "sine-shared-bottom"
assert len(r["history"]) == r["spec"]["training"]["epochs"]
for t in r["tasks"]:
    assert 0 < t["test"]["mse"] < 0.5, (t["name"], t["test"]["mse"])  # standardised labels: 1 = no skill
print("installed mtlx-cli trained sine-shared-bottom:",
      ", ".join(f'{t["name"]} test mse {t["test"]["mse"]:.4f}' for t in r["tasks"]))
PY
echo "test-deb: ok"
