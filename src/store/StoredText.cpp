#include "StoredText.h"

#include "Migrations.h"
#include "domain/ApiKey.h"
#include "domain/Clinic.h"
#include "domain/Patient.h"
#include "domain/Program.h"
#include "domain/Session.h"

#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace Limber {

using namespace Poco::Data::Keywords;
using Poco::Data::Statement;

namespace {

/// The SQL text of each table's key, as one text value.
const std::map<std::string, std::string>& keyExpressions() {
    static const std::map<std::string, std::string> keys = {
        {"clinics", "CAST(id AS TEXT)"},
        {"users", "CAST(id AS TEXT)"},
        {"patients", "CAST(id AS TEXT)"},
        {"api_keys", "CAST(id AS TEXT)"},
        {"program_versions", "CAST(program_id AS TEXT) || '/' || CAST(number AS TEXT)"},
        {"program_items", "CAST(program_id AS TEXT) || '/' || CAST(version AS TEXT) || '/' || "
                          "CAST(position AS TEXT)"},
        {"sessions", "CAST(id AS TEXT)"},
        {"clinic_exercise_revisions",
         "CAST(clinic_id AS TEXT) || '/' || exercise_id || '/' || CAST(revision AS TEXT)"},
    };
    return keys;
}

/// The column's bytes as hexadecimal digits: the one form both engines return whole (SQLite
/// hands a text with a NUL to Poco cut at the NUL).
std::string hexOf(SqlDialect dialect, const std::string& column) {
    return dialect == SqlDialect::PostgreSQL ? "encode(convert_to(" + column + ", 'UTF8'), 'hex')"
                                             : "hex(CAST(" + column + " AS BLOB))";
}

std::string fromHex(const std::string& hex) {
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        throw std::runtime_error("the database returned a malformed hexadecimal value");
    };
    if (hex.size() % 2 != 0)
        throw std::runtime_error("the database returned a malformed hexadecimal value");
    std::string bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2)
        bytes.push_back(static_cast<char>(digit(hex[i]) * 16 + digit(hex[i + 1])));
    return bytes;
}

} // namespace

const std::vector<StoredTextColumn>& storedTextColumns() {
    static const std::vector<StoredTextColumn> columns = {
        {"clinics", "name", TextKind::Name, AccountLimits::MAX_CLINIC_NAME},
        {"users", "name", TextKind::Name, AccountLimits::MAX_USER_NAME},
        {"users", "email", TextKind::Plain, AccountLimits::MAX_EMAIL},
        {"patients", "record_number", TextKind::Name, PatientLimits::MAX_RECORD_NUMBER},
        {"patients", "name", TextKind::Name, PatientLimits::MAX_NAME},
        {"patients", "first_name", TextKind::Name, PatientLimits::MAX_FIRST_NAME},
        {"patients", "birth_date", TextKind::Plain, PatientLimits::MAX_BIRTH_DATE},
        {"patients", "phone", TextKind::Name, PatientLimits::MAX_PHONE},
        {"patients", "email", TextKind::Plain, PatientLimits::MAX_EMAIL},
        {"api_keys", "name", TextKind::Name, ApiKey::MAX_NAME},
        {"program_versions", "title", TextKind::Name, PrescriptionLimits::MAX_TITLE},
        {"program_versions", "notes", TextKind::Paragraph, PrescriptionLimits::MAX_NOTE},
        {"program_items", "note", TextKind::Paragraph, PrescriptionLimits::MAX_NOTE},
        {"sessions", "note", TextKind::Paragraph, SessionLimits::MAX_NOTE},
        {"clinic_exercise_revisions", "entry", TextKind::Paragraph, 0, true},
    };
    return columns;
}

void readStoredText(Database& database, const StoredTextColumn& column,
                    const std::function<void(const StoredTextValue&)>& visit) {
    const std::string& key = keyExpressions().at(column.table);
    std::vector<std::string> ids, hex;
    database.read([&](Poco::Data::Session& session) {
        Statement select(session);
        select << "SELECT " + key + ", " + hexOf(database.dialect(), column.column) + " FROM " +
                      column.table + " ORDER BY 1",
            into(ids), into(hex), now;
    });
    for (std::size_t i = 0; i < ids.size(); ++i)
        visit(StoredTextValue{ids[i], fromHex(hex[i])});
}

std::vector<int> missingMigrations(Database& database) {
    std::vector<int> applied;
    database.read([&](Poco::Data::Session& session) {
        session << "SELECT number FROM schema_migrations ORDER BY number", into(applied), now;
    });
    std::vector<int> missing;
    for (const auto& migration : builtInMigrations())
        if (std::find(applied.begin(), applied.end(), migration.number) == applied.end())
            missing.push_back(migration.number);
    return missing;
}

} // namespace Limber
