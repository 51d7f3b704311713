#pragma once

#include <string>

namespace Limber {

/// Writes bytes to path through a temporary file in the same folder, renamed over path only
/// once everything is written: a failed write leaves neither half a file nor the temporary.
void writeFileAtomically(const std::string& path, const std::string& bytes);

} // namespace Limber
