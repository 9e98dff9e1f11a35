#pragma once
// The core's value structs as Qt meta-types, so that they travel in queued signals from the
// worker thread to the widgets (copies, never tensors or pointers into a live model).
#include <vector>

#include <QMetaType>

#include "core/engine/runner.h"
#include "core/engine/sweep.h"
#include "core/spec/pareto.h"
#include "core/spec/result.h"
#include "core/spec/spec.h"

Q_DECLARE_METATYPE(mtlx::ExperimentSpec)
Q_DECLARE_METATYPE(std::vector<mtlx::ExperimentSpec>)
Q_DECLARE_METATYPE(mtlx::Progress)
Q_DECLARE_METATYPE(mtlx::EpochRecord)
Q_DECLARE_METATYPE(mtlx::ProbeSnapshot)
Q_DECLARE_METATYPE(mtlx::RunResult)
Q_DECLARE_METATYPE(mtlx::ParameterCounts)
Q_DECLARE_METATYPE(mtlx::SweepStatus)
Q_DECLARE_METATYPE(mtlx::SweepRun)
Q_DECLARE_METATYPE(mtlx::ParetoPoint)
Q_DECLARE_METATYPE(mtlx::Frontier)
