#pragma once
// The program version, from the project() line of CMakeLists.txt.
#include <string>

namespace mtlx {

std::string versionString(); // "0.1.0"

} // namespace mtlx
