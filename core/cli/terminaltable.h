#pragma once
// Text output of the commands: aligned columns for a terminal, fields for CSV files, and the
// short number forms of summaries.
#include <ostream>
#include <string>
#include <vector>

namespace mtlx {

// Rows of cells in columns as wide as their widest cell, two spaces apart.
void printTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows);
// A CSV field, quoted when it holds a comma, quote or line break.
std::string csvField(const std::string& s);
// "(0.5, 0.5)"
std::string formatWeights(const std::vector<double>& w);

} // namespace mtlx
