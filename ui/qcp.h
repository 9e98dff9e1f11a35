#pragma once
// QCustomPlot's header declares its signals with the `signals` keyword, which QT_NO_KEYWORDS
// (needed because ATen uses those names) turns off. Nothing in ui/ includes torch, so the
// keywords (and `foreach`) are lent to that one header here and taken back afterwards.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef foreach
