#include "ui/accessibility.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSlider>
#include <QTextDocument>

namespace mtlx::ui {
namespace {

QString firstSentence(const QString& text)
{
    const QString plain = plainText(text);
    const int end = plain.indexOf(QRegularExpression("[.:;]( |$)"));
    return end > 0 ? plain.left(end) : plain;
}

// The label that names `w`: a QLabel whose buddy it is, or its QFormLayout row's label.
QString labelOf(QWidget* w, QWidget* root)
{
    for (auto* label : root->findChildren<QLabel*>())
        if (label->buddy() == w) return plainText(label->text()).remove('&').remove(QRegularExpression(":$"));
    for (QWidget* p = w->parentWidget(); p; p = p->parentWidget())
        if (auto* form = qobject_cast<QFormLayout*>(p->layout()))
            if (auto* label = qobject_cast<QLabel*>(form->labelForField(w)))
                return plainText(label->text()).remove('&').remove(QRegularExpression(":$"));
    return {};
}

// "trainingProgress" → "training progress".
QString fromObjectName(const QString& name)
{
    QString out;
    for (const QChar c : name) {
        if (c.isUpper() && !out.isEmpty()) out += ' ';
        out += c.toLower();
    }
    return out;
}

bool isControl(QWidget* w)
{
    return qobject_cast<QAbstractButton*>(w) || qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractSpinBox*>(w) ||
           qobject_cast<QLineEdit*>(w) || qobject_cast<QSlider*>(w) || qobject_cast<QProgressBar*>(w);
}

} // namespace

QString plainText(const QString& richText)
{
    QTextDocument doc;
    doc.setHtml(richText);
    return doc.toPlainText().simplified();
}

QString accessibleNameOf(QWidget* widget)
{
    auto* iface = QAccessible::queryAccessibleInterface(widget);
    return iface ? iface->text(QAccessible::Name) : QString();
}

void nameControls(QWidget* root)
{
    for (auto* w : root->findChildren<QWidget*>()) {
        if (!isControl(w)) continue;
        if (w->accessibleDescription().isEmpty() && !w->toolTip().isEmpty())
            w->setAccessibleDescription(plainText(w->toolTip()));
        if (!w->accessibleName().isEmpty()) continue;
        QString name;
        if (auto* b = qobject_cast<QAbstractButton*>(w)) name = b->text().remove('&');
        if (name.isEmpty()) name = labelOf(w, root);
        if (name.isEmpty() && !w->toolTip().isEmpty()) name = firstSentence(w->toolTip());
        if (name.isEmpty() && !w->objectName().isEmpty() && !w->objectName().startsWith("qt_"))
            name = fromObjectName(w->objectName());
        if (!name.isEmpty()) w->setAccessibleName(name);
    }
}

} // namespace mtlx::ui
