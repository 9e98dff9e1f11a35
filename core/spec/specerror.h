#pragma once
// Errors in user input (a spec, a data file, a command line). The message is one line that
// names what was wrong: a JSON path ("model.towers[1]: must be ≥ 1"), a file and line, or a flag.
// Programs print what() and exit 2; nothing else in the process is affected.
#include <stdexcept>
#include <string>

namespace mtlx {

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// A bad value in an experiment spec. path() is the JSON path ("training.lr").
class SpecError : public InputError {
public:
    SpecError(std::string path, const std::string& message)
        : InputError((path.empty() ? std::string("spec") : path) + ": " + message), path_(std::move(path))
    {
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

} // namespace mtlx
