#pragma once
// Errors in user input (a spec, a data file, a command line). The message is one line that
// names what was wrong: a JSON path ("model.towers[1]: must be ≥ 1"), a file and line, or a flag.
// Programs print what() and exit 2; nothing else in the process is affected.
#include <stdexcept>
#include <string>

namespace mtlx {

class InputError : public std::runtime_error {
public:
    // Control characters (a key or value holding a newline) are written as escapes, so the
    // message stays one line whatever the input held.
    explicit InputError(const std::string& message) : std::runtime_error(oneLine(message)) {}

    static std::string oneLine(const std::string& text)
    {
        static const char* hex = "0123456789abcdef";
        std::string out;
        for (const char c : text) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '\n')
                out += "\\n";
            else if (c == '\r')
                out += "\\r";
            else if (c == '\t')
                out += "\\t";
            else if (u < 0x20 || u == 0x7f)
                out += std::string("\\x") + hex[u >> 4] + hex[u & 15];
            else
                out += c;
        }
        return out;
    }
};

// A bad value in an experiment spec. path() is the JSON path ("training.lr"), message() what is
// wrong with it; a reader that knows where the spec sits rethrows with the longer path.
class SpecError : public InputError {
public:
    SpecError(std::string path, std::string message)
        : InputError((path.empty() ? std::string("spec") : path) + ": " + message), path_(std::move(path)),
          message_(std::move(message))
    {
    }
    const std::string& path() const { return path_; }
    const std::string& message() const { return message_; }

private:
    std::string path_;
    std::string message_;
};

} // namespace mtlx
