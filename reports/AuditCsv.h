#pragma once

#include "domain/AuditEvent.h"

#include <string>
#include <vector>

namespace Limber {

/// The byte order mark every CSV export starts with: without it Excel reads UTF-8 as the
/// system's code page and prints "JosÃ©" for "José".
inline constexpr const char* CSV_UTF8_BOM = "\xEF\xBB\xBF";

/// The audit entries as CSV (RFC 4180, UTF-8 with a byte order mark, CRLF lines) with a
/// header row: id, time (UTC,
/// ISO 8601), user id, actor, patient id, action, detail, address, previous hash, hash.
/// Every field is quoted; a field that a spreadsheet would run as a formula (starting with
/// = + - @, tab or carriage return) is prefixed with an apostrophe.
std::string auditEventsCsv(const std::vector<AuditEvent>& events);

/// One CSV field, quoted and defused as above.
std::string csvField(const std::string& value);

} // namespace Limber
