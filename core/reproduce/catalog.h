#pragma once
// The reproductions themselves (reproduction.h), one function each; reproductions() lists them
// in this order. Small heads paper (Wang et al. 2022): smallheads.cpp; AdaTT (Li et al. 2023):
// adatt.cpp; the weighting methods against linear scalarisation: methods.cpp. Shared helpers for building their
// experiments and tables are here too.
#include <functional>
#include <string>
#include <vector>

#include "core/reproduce/reproduction.h"
#include "core/reproduce/statistics.h"

namespace mtlx {

Reproduction smallHeadsFig1a();
Reproduction smallHeadsFig1bc();
Reproduction smallHeadsFig7();
Reproduction smallHeadsTable4();
Reproduction smallHeadsFig6b();
Reproduction adattTable5();
Reproduction adattTable6();
Reproduction adattFig3();
Reproduction methodsAgainstScalarisation(); // methods.cpp
Reproduction paretoOneModel();              // paretoonemodel.cpp

// A preset's spec, changed by `edit`, as experiment `id`.
Experiment presetExperiment(const std::string& id, const std::string& label, const std::string& preset,
                            const std::function<void(ExperimentSpec&)>& edit);

// Per task: the test metric (the sweep's metric, e.g. mse, accuracy, auc) over the seeds of the
// grid point whose weights are nearest uniform; accuracies and AUCs as they are stored (0…1).
std::vector<Estimate> middleMetric(const ExperimentRuns& runs, const std::string& metric = "");
// Per ok run at that point: the mean over tasks of the metric (one value per seed).
std::vector<double> middleTaskMean(const ExperimentRuns& runs, const std::string& metric = "");

// Per experiment: its hypervolume per seed (mean ± sd) against one reference point for all of
// them (sharedReference, returned in `reference`); no runs: an empty estimate.
std::vector<Estimate> hypervolumes(const std::vector<ExperimentRuns>& runs, std::vector<double>& reference);

// The claim "a is higher than b" (hypervolume, accuracy, share …), judged by the two-standard-
// error rule, with both estimates and their difference as evidence.
Verdict higherVerdict(const std::string& claim, const Estimate& a, const Estimate& b, const std::string& aName,
                      const std::string& bName, int decimals);

// The worst of several outcomes (a claim over several tasks holds as far as its weakest part).
Outcome weakest(const std::vector<Outcome>& outcomes);

// "3 of 11 runs" while an experiment is incomplete, "" once complete.
std::string progressNote(const ExperimentRuns& runs);

} // namespace mtlx
