#!/usr/bin/env bash
# Builds the .deb with CPack from a finished build folder, unpacks it into a scratch prefix
# (no root needed) and checks what a user gets: the two programs, the desktop file, icon and
# AppStream metainfo, manual pages, bash completion and the workspaces' MIME type in their
# standard places, lintian without errors or warnings, Debian package dependencies that are real
# installed packages, no unresolved libraries, and a working
# `mtlx-cli train --preset sine-shared-bottom` run from the unpacked files.
#   tests/package/test-deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: test-deb.sh BUILD_DIR}" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "test-deb: $*" >&2; exit 1; }

# CPack installs from the build tree, which the acceptance checks build while tests run two at a
# time: it takes their lock (tests/acceptance/turns/cmake).
(cd "$build" && flock "$build/.build.lock" cpack -G DEB -B "$scratch/cpack" > "$scratch/cpack.log" 2>&1) ||
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

# Where the system looks: manual pages (made from the programs' --help, so they name every
# command), bash completion, the MIME type of workspaces, the copyright and changelog.
for f in usr/share/man/man1/mtlx.1.gz usr/share/man/man1/mtlx-cli.1.gz \
         usr/share/bash-completion/completions/mtlx-cli usr/share/mime/packages/org.mtlexplorer.mtlx.xml \
         usr/share/doc/mtlx/copyright usr/share/doc/mtlx/changelog.gz; do
  [ -f "$root/$f" ] || fail "missing /$f"
done
for command in train sweep inspect export reproduce; do
  zcat "$root/usr/share/man/man1/mtlx-cli.1.gz" | grep -q "$command" || fail "mtlx-cli(1) does not mention $command"
done
zcat "$root/usr/share/man/man1/mtlx.1.gz" | sed 's/\\-/-/g' | grep -q -- "--inspect" ||
  fail "mtlx(1) does not mention --inspect"
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$root/usr/share/man/man1/mtlx-cli.1.gz" 2>&1 >/dev/null | grep -q . && fail "mtlx-cli(1) has errors"
fi
python3 - "$root/usr/share/mime/packages/org.mtlexplorer.mtlx.xml" "$root/usr/share/applications/org.mtlexplorer.mtlx.desktop" <<'PY' || fail "the MIME type of workspaces"
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
types = {t.getAttribute("type"): [g.getAttribute("pattern") for g in t.getElementsByTagName("glob")]
         for t in doc.getElementsByTagName("mime-type")}
assert types.get("application/x-mtlx-workspace") == ["*.mtlxw"], types
assert "MimeType=application/x-mtlx-workspace;" in open(sys.argv[2]).read().splitlines()
PY
if [ -f /usr/share/bash-completion/bash_completion ]; then
  # The installed completion offers the commands, then the presets of the installed mtlx-cli.
  complete_words() {
    PATH="$root/usr/bin:$PATH" bash -c '. /usr/share/bash-completion/bash_completion
      . "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
      _mtlx_cli mtlx-cli; printf "%s\n" "${COMPREPLY[@]}"' _ "$root/usr/share/bash-completion/completions/mtlx-cli" "$@"
  }
  [ "$(complete_words mtlx-cli tra)" = train ] || fail "completion of 'mtlx-cli tra' is not train"
  complete_words mtlx-cli train --preset sine-shared | grep -qx sine-shared-bottom ||
    fail "completion of a preset name"
  complete_words mtlx-cli sweep --mod | grep -qx -- --models || fail "completion of a sweep flag"
fi
if command -v lintian >/dev/null; then
  lintian --no-tag-display-limit "$deb" >"$scratch/lintian.txt" 2>&1 || true
  grep -E "^(E|W):" "$scratch/lintian.txt" && fail "lintian reports errors or warnings (above)"
fi

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
