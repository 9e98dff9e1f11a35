#!/usr/bin/env bash
# Brings the translation files up to date with the tr() strings of ui/ and app/ (Qt 6's lupdate,
# package qt6-l10n-tools), then names each context as the program's meta-objects do: lupdate
# does not read C++17 nested namespaces, and QTranslator looks strings up by "mtlx::ui::Class".
# Translate with Qt Linguist (or any .ts editor); the build compiles them into the program.
set -euo pipefail
cd "$(dirname "$0")/../.."
for ts in resources/i18n/mtlx_*.ts; do
  /usr/lib/qt6/bin/lupdate -no-obsolete -locations none ui app -ts "$ts"
  python3 - "$ts" <<'P'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = re.sub(r"<name>(?!mtlx::ui::|QObject<)([A-Za-z]+)</name>", r"<name>mtlx::ui::\1</name>", text)
open(path, "w", encoding="utf-8").write(text)
P
done
