#pragma once
// A text progress bar for terminals: one line redrawn in place ("\r") on a terminal, or one
// plain line per epoch when the output is a file or a pipe (logs stay readable).
#include <ostream>
#include <string>

#include "core/engine/runner.h"
#include "core/spec/result.h"

namespace mtlx {

class ProgressBar {
public:
    ProgressBar(std::ostream& out, bool interactive, int width = 30);
    void update(const Progress& p);
    void epochDone(const EpochRecord& e, const std::vector<std::string>& taskNames);
    void finish(); // ends the in-place line

    std::string render(const Progress& p) const; // the bar line, without "\r"

private:
    std::ostream& out_;
    bool interactive_;
    int width_;
    bool lineOpen_ = false;
};

} // namespace mtlx
