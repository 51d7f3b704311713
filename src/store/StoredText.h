#pragma once

#include "Database.h"
#include "domain/TextRule.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace Limber {

/// A column of text that people typed, with the text rule its field follows today.
struct StoredTextColumn {
    std::string table;
    std::string column;
    TextKind kind = TextKind::Name;
    std::size_t maxCharacters = 0;
    /// The column holds a clinic exercise's pack entry (JSON), not one text.
    bool exerciseEntry = false;
};

/// Every column of typed text Limber stores: clinics', users' and patients' names and details,
/// API keys' names, program titles and notes, exercise notes, session notes and the clinic's
/// own exercises.
const std::vector<StoredTextColumn>& storedTextColumns();

/// One stored value, byte for byte as the database holds it (NUL and malformed UTF-8
/// included).
struct StoredTextValue {
    /// The row's key; the parts of a composite key joined by "/" (program_items:
    /// program/version/position; clinic_exercise_revisions: clinic/exercise/revision).
    std::string id;
    std::string bytes;
};

/// Reads every value of column, in key order, and calls visit for each. Reads only.
void readStoredText(Database& database, const StoredTextColumn& column,
                    const std::function<void(const StoredTextValue&)>& visit);

/// The numbers of the built-in migrations the database has not applied (empty when its schema
/// is the one this Limber writes). Throws when the database holds no Limber schema.
std::vector<int> missingMigrations(Database& database);

} // namespace Limber
