#pragma once
// The experiment spec's fields, described once. Every reader of a field works from this list:
// the validator (experimentFromJson), the writer (experimentToJson), the desktop program's
// editor (one widget per field, the help text as its tooltip), the architecture diagram's names
// and the spec table of docs/spec.md (`mtlx-cli schema`). Adding a field means adding one entry
// in schema.cpp.
//
// Torch-free; the list is built once and never changes (safe to read from any thread).
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/spec/spec.h"

namespace mtlx {

enum class FieldKind {
    Integer, // a whole number in [min, max]
    Number,  // a finite number in [min, max] (or open at either end)
    Flag,    // true / false
    Choice,  // one key of choices()
    Text,    // free text
    Names,   // a list of strings (each one of choices() when there are choices)
    Widths,  // a list of whole numbers, each in [min, max]   ("64, 32" in the editor)
    Levels,  // a list of width lists, one per level           ("64; 32")
    Numbers, // a list of numbers, each in [min, max]          ("0.3, 0.7")
    Records  // a list of objects with a reader of their own (the csv data set's tasks)
};

using SpecPredicate = std::function<bool(const ExperimentSpec&)>;

struct SpecField {
    std::string path;  // JSON path: "model.towers"
    std::string label; // the editor's label: "Tower widths"
    FieldKind kind = FieldKind::Text;
    double min = std::numeric_limits<double>::lowest(); // Integer, Number; each entry of a list
    double max = std::numeric_limits<double>::max();
    bool minOpen = false, maxOpen = false; // "> min" / "< max" instead of "≥" / "≤"
    std::size_t maxEntries = 0;            // lists: at most this many entries (0: no limit)
    std::string tooMany;                   // the message when there are more
    std::string emptyMessage;              // lists and text: the message when empty ("" = may be empty)
    bool unique = false;                   // Names: no name twice
    int decimals = 3;                      // Number: digits the editor shows
    std::string unit;                      // of the value: "examples", "epochs", "" …
    std::string scope;                     // when it applies, in words ("" = always)
    std::string help;                      // one sentence: what it does
    SpecPredicate applies;                 // read, checked and written for this spec (empty: always)
    SpecPredicate written;                 // written only when this holds too (empty: when it applies)
    SpecPredicate shown;                   // the editor shows it (empty: when it applies)
    std::function<std::vector<std::string>(const ExperimentSpec&)> choices; // Choice, Names
    bool choicesDependOnSpec = false; // the choices follow other fields (the probe's layers)
    std::function<nlohmann::json(const ExperimentSpec&)> get;
    // Stores a value that check() accepted.
    std::function<void(ExperimentSpec&, const nlohmann::json&)> set;
    // The editor's change of the field when it does more than set() (switching the data set or
    // architecture keeps what still fits); empty: set().
    std::function<void(ExperimentSpec&, const nlohmann::json&)> edit;
    // Records: reads and checks the value at `path`, throwing SpecError.
    std::function<void(ExperimentSpec&, const nlohmann::json&, const std::string& path)> read;

    std::string section() const; // "model"; "" for top-level fields
    std::string key() const;     // "towers"
    bool appliesTo(const ExperimentSpec& s) const { return !applies || applies(s); }
    bool writtenFor(const ExperimentSpec& s) const { return appliesTo(s) && (!written || written(s)); }
    bool shownFor(const ExperimentSpec& s) const { return shown ? shown(s) : appliesTo(s); }
};

// Every field, in reading order (a section's key fields — dataset.kind, model.arch — first).
const std::vector<SpecField>& specSchema();
// The field at `path` that applies to `spec` (paths can repeat with other scopes); nullptr if none.
const SpecField* findField(const std::string& path, const ExperimentSpec& spec);
// The sections of the spec in order, with a title each ("dataset" → "Data").
const std::vector<std::pair<std::string, std::string>>& specSections();

// Checks `value` for field `f` of `spec` (type, range, choices, entries); returns it normalised
// (whole numbers as integers). Throws SpecError naming `path` or the entry's path.
nlohmann::json checkValue(const SpecField& f, const nlohmann::json& value, const std::string& path,
                          const ExperimentSpec& spec);

// The editor's text for list and text fields ("64, 32", "64; 32", "0.3, 0.7") and back; the
// parse throws SpecError naming the field.
std::string fieldText(const SpecField& f, const nlohmann::json& value);
nlohmann::json parseFieldText(const SpecField& f, const std::string& text);

// The range of a numeric field in words: "≥ 1", "> 0 and < 1", "1 … 256".
std::string rangeText(const SpecField& f);
// docs/spec.md's table of every field: path, kind, range, unit, where it applies, help.
std::string schemaMarkdown();

} // namespace mtlx
