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
    // SQLite 3.40 has no string_agg (3.44 added it); its group_concat takes the same arguments.
    static constexpr std::string_view AGGREGATE = "STRING_AGG(";
    if (dialect == SqlDialect::SQLite)
        for (auto at = result.find(AGGREGATE); at != std::string::npos;
             at = result.find(AGGREGATE, at))
            result.replace(at, AGGREGATE.size(), "group_concat(");
    return result;
}

std::string_view toString(SqlDialect dialect) {
    return dialect == SqlDialect::SQLite ? "sqlite" : "postgresql";
}

} // namespace Limber
