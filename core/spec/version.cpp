#include "core/spec/version.h"

#include "mtlx_version.h"

namespace mtlx {

std::string versionString()
{
    return kVersion;
}

} // namespace mtlx
