#!/usr/bin/env bash
# One name, one type: no two class or struct definitions in different files may share a
# qualified name in namespace mtlx (or one nested in it). Two such definitions break C++'s
# one-definition rule silently: their inline members (a destructor) are weak symbols of one
# mangled name, and a program that links both libraries keeps one of them for both types. That
# was how mtlx-cli crashed on every bad data file while the libraries' own tests passed.
# Types in anonymous namespaces have internal linkage and are left out.
#
#   tests/house/one-type-per-name.sh ROOT [FOLDER...]   (folders under ROOT; default core ui app)
#   tests/house/one-type-per-name.sh --self-test         (a planted duplicate must be found)
set -euo pipefail
ctags --version 2>/dev/null | grep -q "Universal Ctags" ||
  { echo "one-type-per-name: universal-ctags is needed (packaging/install-deps.sh)" >&2; exit 1; }

check() {
  local root=$1
  shift
  (cd "$root" && ctags --c++-kinds=cs --fields=+s --language-force=C++ -o - -R "$@" 2>/dev/null) | awk -F'\t' '
    { scope = ""
      for (i = 4; i <= NF; i++) if ($i ~ /^(namespace|class|struct):/) { scope = $i; sub(/^[a-z]+:/, "", scope) }
      if (scope !~ /^mtlx(::|$)/ || scope ~ /__anon/) next
      print scope "::" $1 "\t" $2 }' | sort -u | awk -F'\t' '
    { n[$1]++; files[$1] = files[$1] " " $2 }
    END { bad = 0
          for (k in n) if (n[k] > 1) { print "defined in " n[k] " files: " k ":" files[k]; bad = 1 }
          exit bad }'
}

if [ "${1:-}" = "--self-test" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/a" "$tmp/b"
  printf 'namespace mtlx {\nstruct Table { int rows; };\nnamespace {\nstruct Local {};\n}\n}\n' >"$tmp/a/table.h"
  printf 'namespace mtlx {\nstruct Table { double x; };\nnamespace {\nstruct Local {};\n}\n}\n' >"$tmp/b/report.h"
  if out=$(check "$tmp" a b); then
    echo "self-test: the planted duplicate mtlx::Table was not found" >&2
    exit 1
  fi
  echo "$out" | grep -q "mtlx::Table" || { echo "self-test: wrong report: $out" >&2; exit 1; }
  echo "$out" | grep -q "Local" && { echo "self-test: a type of an anonymous namespace was reported: $out" >&2; exit 1; }
  echo "self-test: the planted duplicate was found ($out)"
  exit 0
fi

root=${1:?usage: one-type-per-name.sh ROOT [FOLDER...]}
shift
[ $# -gt 0 ] || set -- core ui app
if ! out=$(check "$root" "$@"); then
  echo "$out" >&2
  echo "one-type-per-name: rename one of each pair (docs/reliability.md, \"One name, one type\")" >&2
  exit 1
fi
echo "one-type-per-name: every class and struct in namespace mtlx has one definition"
