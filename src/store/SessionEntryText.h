#pragma once

#include "domain/Session.h"

#include <string>
#include <vector>

namespace Limber {

/// The sessions.entries column: a session's ticks as one text, "exercise:side=done" joined by
/// commas ("tree-pose:left=1,tree-pose:right=0"). Exercise ids are escaped (%25, %2C, %3A,
/// %3D) so that any id round-trips.
std::string entriesToText(const std::vector<SessionEntry>& entries);

/// Reads the text back. Throws Poco::DataFormatException when it is malformed.
std::vector<SessionEntry> entriesFromText(const std::string& text);

} // namespace Limber
