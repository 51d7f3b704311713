#include "CsvWriter.h"

namespace CsvExport {

std::string neutralised(const std::string& cell) {
    if (cell.empty())
        return cell;
    switch (cell.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return "'" + cell;
    default:
        return cell;
    }
}

std::string record(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0)
            line += ',';
        const std::string cell = neutralised(cells[i]);
        if (cell.find_first_of(",\"\r\n") == std::string::npos) {
            line += cell;
            continue;
        }
        line += '"';
        for (char c : cell) {
            if (c == '"')
                line += '"';
            line += c;
        }
        line += '"';
    }
    line += "\r\n";
    return line;
}

} // namespace CsvExport
