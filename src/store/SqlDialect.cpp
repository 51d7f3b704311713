#include "SqlDialect.h"

namespace Limber {

std::string adaptSql(SqlDialect dialect, std::string_view sql) {
    if (dialect == SqlDialect::SQLite)
        return std::string(sql);
    std::string result;
    result.reserve(sql.size() + 16);
    int index = 0;
    for (char c : sql) {
        if (c == '?')
            result += "$" + std::to_string(++index);
        else
            result += c;
    }
    return result;
}

std::string adaptMigration(SqlDialect dialect, std::string_view sql) {
    static constexpr std::string_view TOKEN = "ID_PRIMARY_KEY";
    std::string_view replacement = dialect == SqlDialect::SQLite
                                       ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                       : "BIGSERIAL PRIMARY KEY";
    std::string result(sql);
    for (auto at = result.find(TOKEN); at != std::string::npos;
         at = result.find(TOKEN, at + replacement.size()))
        result.replace(at, TOKEN.size(), replacement);
    return result;
}

std::string_view toString(SqlDialect dialect) {
    return dialect == SqlDialect::SQLite ? "sqlite" : "postgresql";
}

} // namespace Limber
