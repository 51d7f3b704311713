#pragma once

#include <string>
#include <vector>

namespace CsvExport {

/// A cell as a spreadsheet may read it safely: a cell starting with '=', '+', '-', '@', a tab or
/// a carriage return (which a spreadsheet could run as a formula) gets a leading apostrophe.
std::string neutralised(const std::string& cell);

/// One CSV record as RFC 4180 says: cells neutralised, then quoted when they hold a comma, a
/// double quote, CR or LF (quotes doubled), separated by commas, ended by CRLF.
std::string record(const std::vector<std::string>& cells);

/// The UTF-8 byte order mark.
inline constexpr const char* UTF8_BOM = "\xEF\xBB\xBF";

} // namespace CsvExport
