#pragma once
// Names and descriptions for a screen reader (QAccessible): every control of a window gets an
// accessible name — a button its text, an input the label that names it (a buddy or form label),
// else the first sentence of its tooltip — and its tooltip as the description, where none was
// set by hand. Views set their own (HelpedView: the view's title and its "How to read this";
// the architecture diagram: what it draws). UI thread only.
#include <QString>

class QWidget;

namespace mtlx::ui {

// Names every control below `root` that has no accessible name yet. Call it again after
// building new controls (the spec editor rebuilds its fields).
void nameControls(QWidget* root);
// The text a screen reader gets for `widget` (QAccessible's name), "" when none.
QString accessibleNameOf(QWidget* widget);
// Rich text as one plain line (for a description).
QString plainText(const QString& richText);

} // namespace mtlx::ui
