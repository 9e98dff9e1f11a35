#!/usr/bin/env bash
# Brings the translation files up to date with the tr() strings of ui/ and app/ (Qt 6's lupdate,
# package qt6-l10n-tools), then names each context as the program's meta-objects do: lupdate
# does not read C++17 nested namespaces, and QTranslator looks strings up by "mtlx::ui::Class".
# Translate with Qt Linguist (or any .ts editor); the build compiles them into the program.
set -euo pipefail
cd "$(dirname "$0")/../.."
# lupdate reads the contexts as bare class names: the file's are made bare first (so that existing
# translations are matched), then named again.
name_contexts() {
  python3 - "$1" "$2" <<'P'
import re, sys
path, how = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
if how == "bare":
    text = text.replace("<name>mtlx::ui::", "<name>")
else:
    text = re.sub(r"<name>(?!mtlx::ui::|QObject<)([A-Za-z]+)</name>", r"<name>mtlx::ui::\1</name>", text)
open(path, "w", encoding="utf-8").write(text)
P
}
for ts in resources/i18n/mtlx_*.ts; do
  name_contexts "$ts" bare
  /usr/lib/qt6/bin/lupdate -no-obsolete -locations none ui app -ts "$ts"
  name_contexts "$ts" named
done
