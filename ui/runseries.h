#pragma once
// One run's curves as the overlaying views (loss curves, gradient conflict) draw them: its name
// and colour in the Runs panel, its task names and its per-epoch history. UI thread only.
#include <string>
#include <vector>

#include <QColor>
#include <QString>

#include "core/spec/result.h"

namespace mtlx::ui {

struct RunSeries {
    QString name;
    QColor colour;
    std::vector<std::string> tasks;
    std::vector<EpochRecord> history;
};

} // namespace mtlx::ui
