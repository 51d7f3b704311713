#include "SqlStore.h"

#include "Migrations.h"
#include "domain/PendingWrites.h"

#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/Nullable.h>

#include <initializer_list>
#include <map>

namespace Limber {

using namespace Poco::Data::Keywords;
using DbSession = Poco::Data::Session;
using Poco::Data::Statement;

namespace {

std::string_view holdUnitName(HoldUnit unit) {
    switch (unit) {
    case HoldUnit::Seconds:
        return "seconds";
    case HoldUnit::Breaths:
        return "breaths";
    case HoldUnit::None:
        break;
    }
    return "none";
}

HoldUnit holdUnitFromName(const std::string& name) {
    if (name == "seconds")
        return HoldUnit::Seconds;
    if (name == "breaths")
        return HoldUnit::Breaths;
    return HoldUnit::None;
}

std::string roleName(Role role) {
    return role == Role::Admin ? "admin" : "therapist";
}

Role roleFromName(const std::string& name) {
    return name == "admin" ? Role::Admin : Role::Therapist;
}

/// True when error is a unique-key violation, in either engine's words.
bool isDuplicateKey(const Poco::Exception& error) {
    const std::string text = error.displayText();
    return text.find("UNIQUE constraint failed") != std::string::npos ||
           text.find("duplicate key value") != std::string::npos;
}

} // namespace

SqlStore::SqlStore(DatabaseConfig config)
    : _database(std::make_unique<Database>(std::move(config))) {
    migrate(*_database, builtInMigrations());
    buildPendingDayLogs();
    foldEndedWriters();
}

SqlStore::~SqlStore() = default;

std::string SqlStore::claimKeyFingerprint(const std::string& fingerprint) {
    return _database->write([&](DbSession& session) {
        std::string proposed = fingerprint;
        session << _database->sql("INSERT INTO instance_settings (name, value) "
                                  "VALUES ('key_fingerprint', ?) ON CONFLICT (name) DO NOTHING"),
            use(proposed), now;
        std::string recorded;
        session << "SELECT value FROM instance_settings WHERE name = 'key_fingerprint'",
            into(recorded), now;
        return recorded;
    });
}

namespace {

std::optional<ThrottleCount> selectThrottleCount(DbSession& session, const std::string& text,
                                                 const std::string& key) {
    std::string bound = key;
    std::vector<int> failures;
    std::vector<Poco::Int64> last;
    std::vector<Poco::Int64> engaged;
    session << text, use(bound), into(failures), into(last), into(engaged), now;
    if (failures.empty())
        return std::nullopt;
    return ThrottleCount{failures[0], last[0], engaged[0]};
}

} // namespace

std::optional<ThrottleCount> SqlStore::throttleCount(const std::string& key) {
    const std::string text = _database->sql(
        "SELECT failures, last_failure, engaged_at FROM throttle_counts WHERE throttle_key = ?");
    return _database->read(
        [&](DbSession& session) { return selectThrottleCount(session, text, key); });
}

ThrottleCount SqlStore::changeThrottleCount(const std::string& key,
                                            const std::function<void(ThrottleCount&)>& change) {
    const bool postgres = _database->dialect() == SqlDialect::PostgreSQL;
    return _database->write([&](DbSession& session) {
        std::string bound = key;
        session << _database->sql("INSERT INTO throttle_counts (throttle_key, failures, "
                                  "last_failure, engaged_at) VALUES (?, 0, 0, 0) "
                                  "ON CONFLICT (throttle_key) DO NOTHING"),
            use(bound), now;
        // SQLite has one writer; PostgreSQL locks the row until the commit.
        ThrottleCount count =
            selectThrottleCount(session,
                                _database->sql("SELECT failures, last_failure, engaged_at FROM "
                                               "throttle_counts WHERE throttle_key = ?") +
                                    (postgres ? " FOR UPDATE" : ""),
                                key)
                .value_or(ThrottleCount{});
        change(count);
        Poco::Int64 last = count.lastFailure;
        Poco::Int64 engaged = count.engagedAt;
        session << _database->sql("UPDATE throttle_counts SET failures = ?, last_failure = ?, "
                                  "engaged_at = ? WHERE throttle_key = ?"),
            use(count.failures), use(last), use(engaged), use(bound), now;
        return count;
    });
}

void SqlStore::forgetThrottleCount(const std::string& key) {
    _database->write([&](DbSession& session) {
        std::string bound = key;
        session << _database->sql("DELETE FROM throttle_counts WHERE throttle_key = ?"), use(bound),
            now;
    });
}

void SqlStore::forgetThrottleCountsBefore(std::int64_t lastFailure) {
    _database->write([&](DbSession& session) {
        Poco::Int64 before = lastFailure;
        session << _database->sql("DELETE FROM throttle_counts WHERE last_failure < ?"),
            use(before), now;
    });
}

void SqlStore::exclusively(const std::function<void()>& work) {
    _database->exclusively(work);
}

void SqlStore::ping() {
    _database->read([](DbSession& session) {
        int one = 0;
        session << "SELECT 1", into(one), now;
        if (one != 1)
            throw Poco::IOException("the database gave a wrong answer to SELECT 1");
    });
}

// --- clinics and users -------------------------------------------------------------------

std::int64_t SqlStore::createClinic(const Clinic& clinic) {
    return _database->write([&](DbSession& session) {
        std::int64_t id = 0;
        session << _database->sql(
            "INSERT INTO clinics (name, address, phone) VALUES (?, ?, ?) RETURNING id"),
            bind(clinic.name), bind(clinic.address), bind(clinic.phone), into(id), now;
        return id;
    });
}

namespace {

std::vector<Clinic> selectClinics(Database& database, const std::string& where,
                                  const std::function<void(Statement&)>& bindings) {
    return database.read([&](DbSession& session) {
        std::vector<std::int64_t> ids;
        std::vector<std::string> names, addresses, phones, papers;
        Statement select(session);
        select << database.sql("SELECT id, name, address, phone, paper FROM clinics " + where +
                               " ORDER BY id"),
            into(ids), into(names), into(addresses), into(phones), into(papers);
        bindings(select);
        select.execute();
        std::vector<Clinic> list;
        for (std::size_t i = 0; i < ids.size(); ++i)
            list.push_back({ids[i], names[i], addresses[i], phones[i],
                            paperSizeFromName(papers[i]).value_or(PaperSize::Letter)});
        return list;
    });
}

} // namespace

std::optional<Clinic> SqlStore::clinic(std::int64_t clinicId) {
    // Every portal page reads its clinic: by its key, not through the list of all clinics.
    std::vector<Clinic> found =
        selectClinics(*_database, "WHERE id = ?", [&](Statement& s) { s, bind(clinicId); });
    if (found.empty())
        return std::nullopt;
    return std::move(found.front());
}

std::vector<Clinic> SqlStore::clinics() {
    return selectClinics(*_database, "", [](Statement&) {});
}

void SqlStore::setClinicPaper(std::int64_t clinicId, PaperSize paper) {
    _database->write([&](DbSession& session) {
        std::vector<std::int64_t> found;
        session << _database->sql("SELECT id FROM clinics WHERE id = ?"), bind(clinicId),
            into(found), now;
        if (found.empty())
            throw Poco::NotFoundException("clinic " + std::to_string(clinicId));
        std::string name(paperSizeName(paper));
        session << _database->sql("UPDATE clinics SET paper = ? WHERE id = ?"), bind(name),
            bind(clinicId), now;
    });
}

std::int64_t SqlStore::createUser(const User& user) {
    try {
        return _database->write([&](DbSession& session) {
            std::int64_t id = 0;
            int disabled = user.disabled ? 1 : 0;
            session << _database->sql("INSERT INTO users (clinic_id, email, name, role, "
                                      "password_hash, disabled) VALUES (?, ?, ?, ?, ?, ?) "
                                      "RETURNING id"),
                bind(user.clinicId), bind(user.email), bind(user.name), bind(roleName(user.role)),
                bind(user.passwordHash), bind(disabled), into(id), now;
            return id;
        });
    } catch (const Poco::Exception& error) {
        if (isDuplicateKey(error))
            throw Poco::ExistsException("a user with the email " + user.email + " already exists");
        throw;
    }
}

namespace {

std::vector<User> selectUsers(Database& database, const std::string& where,
                              const std::function<void(Statement&)>& bindings) {
    return database.read([&](DbSession& session) {
        std::vector<std::int64_t> ids, clinicIds;
        std::vector<std::string> emails, names, roles, hashes;
        std::vector<int> disabled;
        Statement select(session);
        select << database.sql("SELECT id, clinic_id, email, name, role, password_hash, disabled "
                               "FROM users WHERE " +
                               where + " ORDER BY name, id"),
            into(ids), into(clinicIds), into(emails), into(names), into(roles), into(hashes),
            into(disabled);
        bindings(select);
        select.execute();
        std::vector<User> list;
        for (std::size_t i = 0; i < ids.size(); ++i)
            list.push_back({ids[i], clinicIds[i], emails[i], names[i], roleFromName(roles[i]),
                            hashes[i], disabled[i] != 0});
        return list;
    });
}

template <typename T> std::optional<T> first(std::vector<T> list) {
    if (list.empty())
        return std::nullopt;
    return std::move(list.front());
}

} // namespace

std::optional<User> SqlStore::user(std::int64_t userId) {
    return first(selectUsers(*_database, "id = ?", [&](Statement& s) { s, bind(userId); }));
}

std::optional<User> SqlStore::userByEmail(const std::string& email) {
    return first(selectUsers(*_database, "email = ?", [&](Statement& s) { s, bind(email); }));
}

std::vector<User> SqlStore::users(std::int64_t clinicId) {
    return selectUsers(*_database, "clinic_id = ?", [&](Statement& s) { s, bind(clinicId); });
}

namespace {

/// Throws Poco::NotFoundException unless the user exists; call inside a write transaction.
void requireUser(Database& database, DbSession& session, std::int64_t userId) {
    std::vector<std::int64_t> found;
    session << database.sql("SELECT id FROM users WHERE id = ?"), bind(userId), into(found), now;
    if (found.empty())
        throw Poco::NotFoundException("user " + std::to_string(userId));
}

} // namespace

void SqlStore::setUserPassword(std::int64_t userId, const std::string& passwordHash) {
    _database->write([&](DbSession& session) {
        requireUser(*_database, session, userId);
        session << _database->sql("UPDATE users SET password_hash = ? WHERE id = ?"),
            bind(passwordHash), bind(userId), now;
        session << _database->sql(
            "DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL"),
            bind(userId), now;
    });
}

void SqlStore::setUserDisabled(std::int64_t userId, bool disabled) {
    _database->write([&](DbSession& session) {
        requireUser(*_database, session, userId);
        int flag = disabled ? 1 : 0;
        session << _database->sql("UPDATE users SET disabled = ? WHERE id = ?"), bind(flag),
            bind(userId), now;
    });
}

// --- login sessions ----------------------------------------------------------------------

void SqlStore::createLoginSession(const LoginSession& login) {
    _database->write([&](DbSession& session) {
        session << _database->sql("INSERT INTO login_sessions (token_hash, user_id, csrf_token, "
                                  "created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)"),
            bind(login.tokenHash), bind(login.userId), bind(login.csrfToken), bind(login.createdAt),
            bind(login.lastSeenAt), now;
    });
}

std::optional<LoginSession> SqlStore::loginSession(const std::string& tokenHash) {
    return _database->read([&](DbSession& session) -> std::optional<LoginSession> {
        std::vector<std::int64_t> userIds, created, seen;
        std::vector<std::string> csrf;
        session << _database->sql("SELECT user_id, csrf_token, created_at, last_seen_at FROM "
                                  "login_sessions WHERE token_hash = ?"),
            bind(tokenHash), into(userIds), into(csrf), into(created), into(seen), now;
        if (userIds.empty())
            return std::nullopt;
        return LoginSession{tokenHash, userIds[0], csrf[0], created[0], seen[0]};
    });
}

std::optional<LoginSessionOfUser> SqlStore::loginSessionOfUser(const std::string& tokenHash) {
    return _database->read([&](DbSession& session) -> std::optional<LoginSessionOfUser> {
        std::vector<std::int64_t> userIds, created, seen, clinicIds;
        std::vector<std::string> csrf, emails, names, roles, hashes;
        std::vector<int> disabled;
        session << _database->sql(
            "SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, u.clinic_id, "
            "u.email, u.name, u.role, u.password_hash, u.disabled FROM login_sessions "
            "s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?"),
            bind(tokenHash), into(userIds), into(csrf), into(created), into(seen), into(clinicIds),
            into(emails), into(names), into(roles), into(hashes), into(disabled), now;
        if (userIds.empty())
            return std::nullopt;
        return LoginSessionOfUser{{tokenHash, userIds[0], csrf[0], created[0], seen[0]},
                                  {userIds[0], clinicIds[0], emails[0], names[0],
                                   roleFromName(roles[0]), hashes[0], disabled[0] != 0}};
    });
}

void SqlStore::touchLoginSession(const std::string& tokenHash, std::int64_t seenAt) {
    _database->write([&](DbSession& session) {
        session << _database->sql(
            "UPDATE login_sessions SET last_seen_at = ? WHERE token_hash = ?"),
            bind(seenAt), bind(tokenHash), now;
    });
}

void SqlStore::deleteLoginSession(const std::string& tokenHash) {
    _database->write([&](DbSession& session) {
        session << _database->sql("DELETE FROM login_sessions WHERE token_hash = ?"),
            bind(tokenHash), now;
    });
}

void SqlStore::deleteLoginSessionsOfUser(std::int64_t userId) {
    _database->write([&](DbSession& session) {
        session << _database->sql("DELETE FROM login_sessions WHERE user_id = ?"), bind(userId),
            now;
    });
}

// --- password reset links ------------------------------------------------------------------

std::int64_t SqlStore::createPasswordReset(const PasswordReset& reset) {
    try {
        return _database->write([&](DbSession& session) {
            session << _database->sql(
                "DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL"),
                bind(reset.userId), now;
            std::int64_t id = 0;
            session << _database->sql("INSERT INTO password_resets (user_id, token_hash, "
                                      "created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?) "
                                      "RETURNING id"),
                bind(reset.userId), bind(reset.tokenHash), bind(reset.createdBy),
                bind(reset.createdAt), bind(reset.expiresAt), into(id), now;
            return id;
        });
    } catch (const Poco::Exception& error) {
        if (isDuplicateKey(error))
            throw Poco::ExistsException("a password reset link with this token exists");
        throw;
    }
}

std::optional<PasswordReset> SqlStore::passwordResetByHash(const std::string& tokenHash) {
    return _database->read([&](DbSession& session) -> std::optional<PasswordReset> {
        std::vector<std::int64_t> ids, userIds, creators, created, expires;
        std::vector<Poco::Nullable<std::int64_t>> used;
        session << _database->sql("SELECT id, user_id, created_by, created_at, expires_at, "
                                  "used_at FROM password_resets WHERE token_hash = ?"),
            bind(tokenHash), into(ids), into(userIds), into(creators), into(created), into(expires),
            into(used), now;
        if (ids.empty())
            return std::nullopt;
        PasswordReset reset{ids[0],     userIds[0], tokenHash,   creators[0],
                            created[0], expires[0], std::nullopt};
        if (!used[0].isNull())
            reset.usedAt = used[0].value();
        return reset;
    });
}

bool SqlStore::usePasswordReset(std::int64_t resetId, std::int64_t at) {
    return _database->write([&](DbSession& session) {
        // RETURNING tells whether this statement marked it: of two uses at once, the second
        // waits for the first and then finds used_at set.
        std::vector<std::int64_t> marked;
        session << _database->sql("UPDATE password_resets SET used_at = ? "
                                  "WHERE id = ? AND used_at IS NULL RETURNING id"),
            bind(at), bind(resetId), into(marked), now;
        return !marked.empty();
    });
}

// --- patients and links ------------------------------------------------------------------

namespace {

std::int64_t insertLink(Database& database, DbSession& session, const PatientLink& link) {
    std::int64_t id = 0;
    Poco::Nullable<std::int64_t> expires;
    if (link.expiresAt)
        expires = *link.expiresAt;
    Poco::Nullable<std::string> code;
    if (!link.codeHash.empty())
        code = link.codeHash;
    session << database.sql("INSERT INTO patient_links (clinic_id, patient_id, salt, token_hash, "
                            "created_at, expires_at, code_hash) VALUES (?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id"),
        bind(link.clinicId), bind(link.patientId), bind(link.salt), bind(link.tokenHash),
        bind(link.createdAt), bind(expires), bind(code), into(id), now;
    return id;
}

} // namespace

namespace {

Poco::Nullable<std::int64_t> nullable64(const std::optional<std::int64_t>& value) {
    return value ? Poco::Nullable<std::int64_t>(*value) : Poco::Nullable<std::int64_t>();
}

} // namespace

std::int64_t SqlStore::createPatient(const Patient& patient, const PatientLink& firstLink) {
    try {
        return _database->write([&](DbSession& session) {
            std::int64_t id = 0;
            Poco::Nullable<std::int64_t> discharged = nullable64(patient.dischargedAt);
            std::int64_t admitted = patient.admittedAt ? patient.admittedAt : patient.createdAt;
            session << _database->sql(
                "INSERT INTO patients (clinic_id, therapist_id, record_number, name, first_name, "
                "language, created_at, birth_date, phone, email, episode, admitted_at, "
                "discharged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                bind(patient.clinicId), bind(patient.therapistId), bind(patient.recordNumber),
                bind(patient.name), bind(patient.firstName), bind(patient.language),
                bind(patient.createdAt), bind(patient.birthDate), bind(patient.phone),
                bind(patient.email), bind(patient.episode), bind(admitted), bind(discharged),
                into(id), now;
            PatientLink link = firstLink;
            link.clinicId = patient.clinicId;
            link.patientId = id;
            insertLink(*_database, session, link);
            return id;
        });
    } catch (const Poco::Exception& error) {
        if (isDuplicateKey(error))
            throw Poco::ExistsException("the record number " + patient.recordNumber +
                                        " is already used by another patient");
        throw;
    }
}

void SqlStore::updatePatient(const Patient& patient) {
    try {
        _database->write([&](DbSession& session) {
            std::vector<std::int64_t> found;
            session << _database->sql("SELECT id FROM patients WHERE id = ? AND clinic_id = ?"),
                bind(patient.id), bind(patient.clinicId), into(found), now;
            if (found.empty())
                throw Poco::NotFoundException("patient " + std::to_string(patient.id));
            Poco::Nullable<std::int64_t> discharged = nullable64(patient.dischargedAt);
            session << _database->sql(
                "UPDATE patients SET record_number = ?, name = ?, first_name = ?, language = ?, "
                "birth_date = ?, phone = ?, email = ?, episode = ?, admitted_at = ?, "
                "discharged_at = ? WHERE id = ? AND clinic_id = ?"),
                bind(patient.recordNumber), bind(patient.name), bind(patient.firstName),
                bind(patient.language), bind(patient.birthDate), bind(patient.phone),
                bind(patient.email), bind(patient.episode), bind(patient.admittedAt),
                bind(discharged), bind(patient.id), bind(patient.clinicId), now;
        });
    } catch (const Poco::ExistsException&) {
        throw;
    } catch (const Poco::NotFoundException&) {
        throw;
    } catch (const Poco::Exception& error) {
        if (isDuplicateKey(error))
            throw Poco::ExistsException("the record number " + patient.recordNumber +
                                        " is already used by another patient");
        throw;
    }
}

void SqlStore::setPatientPrintChoices(std::int64_t clinicId, std::int64_t patientId,
                                      const PatientPrintChoices& choices) {
    _database->write([&](DbSession& session) {
        std::vector<std::int64_t> found;
        session << _database->sql("SELECT id FROM patients WHERE id = ? AND clinic_id = ?"),
            bind(patientId), bind(clinicId), into(found), now;
        if (found.empty())
            throw Poco::NotFoundException("patient " + std::to_string(patientId));
        int largePrint = choices.largePrint ? 1 : 0;
        session << _database->sql("UPDATE patients SET handout_large_print = ?, "
                                  "handout_language = ? WHERE id = ? AND clinic_id = ?"),
            bind(largePrint), bind(choices.language), bind(patientId), bind(clinicId), now;
    });
}

namespace {

/// columns as a select lists them, each under the table's alias: "p.id, p.name".
std::string columnList(const std::string& alias, std::initializer_list<const char*> columns) {
    std::string list;
    for (const char* column : columns)
        list += (list.empty() ? "" : ", ") + alias + "." + column;
    return list;
}

/// A patients row's columns as a select lists them, under the table's alias.
std::string patientColumns(const std::string& alias) {
    return columnList(alias,
                      {"id", "clinic_id", "therapist_id", "record_number", "name", "first_name",
                       "language", "created_at", "birth_date", "phone", "email", "episode",
                       "admitted_at", "discharged_at", "handout_large_print", "handout_language"});
}

/// Receives patientColumns() from a statement, a vector per column, and makes Patients of them.
struct PatientRows {
    std::vector<std::int64_t> ids, clinicIds, therapistIds, created, admitted;
    std::vector<std::string> records, names, firstNames, languages, births, phones, emails;
    std::vector<int> episodes;
    std::vector<Poco::Nullable<std::int64_t>> discharged;
    std::vector<int> largePrints;
    std::vector<std::string> handoutLanguages;

    /// Adds the extractions, in patientColumns()'s order, to select.
    void extractInto(Statement& select) {
        select, into(ids), into(clinicIds), into(therapistIds), into(records), into(names),
            into(firstNames), into(languages), into(created), into(births), into(phones),
            into(emails), into(episodes), into(admitted), into(discharged), into(largePrints),
            into(handoutLanguages);
    }

    std::size_t size() const { return ids.size(); }

    Patient at(std::size_t i) const {
        Patient patient;
        patient.id = ids[i];
        patient.clinicId = clinicIds[i];
        patient.therapistId = therapistIds[i];
        patient.recordNumber = records[i];
        patient.name = names[i];
        patient.firstName = firstNames[i];
        patient.language = languages[i];
        patient.createdAt = created[i];
        patient.birthDate = births[i];
        patient.phone = phones[i];
        patient.email = emails[i];
        patient.episode = episodes[i];
        patient.admittedAt = admitted[i];
        if (!discharged[i].isNull())
            patient.dischargedAt = discharged[i].value();
        patient.print = {largePrints[i] != 0, handoutLanguages[i]};
        return patient;
    }
};

/// A patient_links row's columns as a select lists them, under the table's alias.
std::string linkColumns(const std::string& alias) {
    return columnList(alias, {"id", "clinic_id", "patient_id", "salt", "token_hash", "created_at",
                              "revoked_at", "expires_at", "code_hash"});
}

/// Receives linkColumns() from a statement and makes PatientLinks of them.
struct LinkRows {
    std::vector<std::int64_t> ids, clinicIds, patientIds, created;
    std::vector<std::string> salts, hashes;
    std::vector<Poco::Nullable<std::int64_t>> revoked, expires;
    std::vector<Poco::Nullable<std::string>> codes;

    /// Adds the extractions, in linkColumns()'s order, to select.
    void extractInto(Statement& select) {
        select, into(ids), into(clinicIds), into(patientIds), into(salts), into(hashes),
            into(created), into(revoked), into(expires), into(codes);
    }

    std::size_t size() const { return ids.size(); }

    PatientLink at(std::size_t i) const {
        PatientLink link{ids[i],     clinicIds[i], patientIds[i], salts[i], hashes[i],
                         created[i], std::nullopt, std::nullopt,  {}};
        if (!revoked[i].isNull())
            link.revokedAt = revoked[i].value();
        if (!expires[i].isNull())
            link.expiresAt = expires[i].value();
        if (!codes[i].isNull())
            link.codeHash = codes[i].value();
        return link;
    }
};

} // namespace

std::vector<Patient> SqlStore::selectPatients(DbSession& session, const std::string& where,
                                              const std::function<void(Statement&)>& bindings) {
    static const std::string columns = patientColumns("patients");
    PatientRows rows;
    Statement select(session);
    select << _database->sql("SELECT " + columns + " FROM patients WHERE " + where +
                             " ORDER BY name, id");
    rows.extractInto(select);
    bindings(select);
    select.execute();
    std::vector<Patient> list;
    list.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        list.push_back(rows.at(i));
    return list;
}

std::optional<Patient> SqlStore::patient(std::int64_t clinicId, std::int64_t patientId) {
    return _database->read([&](DbSession& session) {
        return first(selectPatients(session, "clinic_id = ? AND id = ?",
                                    [&](Statement& s) { s, bind(clinicId), bind(patientId); }));
    });
}

std::vector<Patient> SqlStore::patients(std::int64_t clinicId) {
    return _database->read([&](DbSession& session) {
        return selectPatients(session, "clinic_id = ?", [&](Statement& s) { s, bind(clinicId); });
    });
}

std::int64_t SqlStore::createPatientLink(const PatientLink& link) {
    return _database->write(
        [&](DbSession& session) { return insertLink(*_database, session, link); });
}

namespace {

std::vector<PatientLink> selectLinks(Database& database, const std::string& where,
                                     const std::function<void(Statement&)>& bindings) {
    static const std::string columns = linkColumns("patient_links");
    return database.read([&](DbSession& session) {
        LinkRows rows;
        Statement select(session);
        select << database.sql("SELECT " + columns + " FROM patient_links WHERE " + where +
                               " ORDER BY id DESC");
        rows.extractInto(select);
        bindings(select);
        select.execute();
        std::vector<PatientLink> list;
        for (std::size_t i = 0; i < rows.size(); ++i)
            list.push_back(rows.at(i));
        return list;
    });
}

} // namespace

std::optional<PatientLink> SqlStore::patientLinkByTokenHash(const std::string& tokenHash) {
    return first(
        selectLinks(*_database, "token_hash = ?", [&](Statement& s) { s, bind(tokenHash); }));
}

std::optional<PatientLinkEntry> SqlStore::patientLinkEntry(const std::string& tokenHash,
                                                           const std::string& throttleKey) {
    static const std::string columns = linkColumns("l") + ", " + patientColumns("p");
    // One statement, so the generation is the one the link and patient were read at.
    const std::string text = _database->sql(
        "SELECT " + columns +
        ", t.failures, t.last_failure, t.engaged_at, (SELECT COALESCE(SUM(g.generation), 0) "
        "FROM clinic_generations g WHERE g.clinic_id = 0) + (SELECT COALESCE(SUM(g.generation), "
        "0) FROM clinic_generations g WHERE g.clinic_id = l.clinic_id) FROM patient_links l "
        "JOIN patients p ON p.id = l.patient_id AND p.clinic_id = l.clinic_id "
        "LEFT JOIN throttle_counts t ON t.throttle_key = ? WHERE l.token_hash = ?");
    const bool inWrite = _database->inWrite();
    return _database->read([&](DbSession& session) -> std::optional<PatientLinkEntry> {
        LinkRows links;
        PatientRows patients;
        std::vector<Poco::Nullable<int>> failures;
        std::vector<Poco::Nullable<Poco::Int64>> lastFailures, engaged;
        std::vector<std::int64_t> generations;
        Statement select(session);
        select << text;
        links.extractInto(select);
        patients.extractInto(select);
        select, into(failures), into(lastFailures), into(engaged), into(generations),
            bind(throttleKey), bind(tokenHash);
        select.execute();
        if (links.size() == 0)
            return std::nullopt;
        PatientLinkEntry entry{links.at(0), patients.at(0), std::nullopt, std::nullopt};
        if (!failures[0].isNull())
            entry.throttle =
                ThrottleCount{failures[0].value(), lastFailures[0].value(), engaged[0].value()};
        if (!inWrite)
            entry.generation = generations[0];
        return entry;
    });
}

std::vector<PatientLink> SqlStore::patientLinks(std::int64_t clinicId, std::int64_t patientId) {
    return selectLinks(*_database, "clinic_id = ? AND patient_id = ?",
                       [&](Statement& s) { s, bind(clinicId), bind(patientId); });
}

std::optional<PatientLink> SqlStore::patientLinkByCodeHash(const std::string& codeHash) {
    return first(
        selectLinks(*_database, "code_hash = ?", [&](Statement& s) { s, bind(codeHash); }));
}

void SqlStore::setPatientLinkCodeHash(std::int64_t linkId, const std::string& codeHash) {
    _database->write([&](DbSession& session) {
        session << _database->sql("UPDATE patient_links SET code_hash = ? WHERE id = ? AND "
                                  "code_hash IS NULL"),
            bind(codeHash), bind(linkId), now;
    });
}

bool SqlStore::revokePatientLink(std::int64_t clinicId, std::int64_t patientId, std::int64_t linkId,
                                 std::int64_t at) {
    return _database->write([&](DbSession& session) {
        std::vector<std::int64_t> found;
        session << _database->sql("SELECT id FROM patient_links WHERE id = ? AND clinic_id = ? "
                                  "AND patient_id = ?"),
            bind(linkId), bind(clinicId), bind(patientId), into(found), now;
        if (found.empty())
            return false;
        session << _database->sql("UPDATE patient_links SET revoked_at = ? WHERE id = ? AND "
                                  "revoked_at IS NULL"),
            bind(at), bind(linkId), now;
        return true;
    });
}

// --- API keys ----------------------------------------------------------------------------

namespace {

std::vector<ApiKey> selectApiKeys(Database& database, const std::string& where,
                                  const std::function<void(Statement&)>& bindings) {
    return database.read([&](DbSession& session) {
        std::vector<std::int64_t> ids, clinicIds, userIds, created;
        std::vector<std::string> names, hashes;
        std::vector<Poco::Nullable<std::int64_t>> revoked;
        Statement select(session);
        select << database.sql("SELECT id, clinic_id, user_id, name, key_hash, created_at, "
                               "revoked_at FROM api_keys WHERE " +
                               where + " ORDER BY id DESC"),
            into(ids), into(clinicIds), into(userIds), into(names), into(hashes), into(created),
            into(revoked);
        bindings(select);
        select.execute();
        std::vector<ApiKey> list;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            ApiKey key{ids[i],    clinicIds[i], userIds[i],  names[i],
                       hashes[i], created[i],   std::nullopt};
            if (!revoked[i].isNull())
                key.revokedAt = revoked[i].value();
            list.push_back(std::move(key));
        }
        return list;
    });
}

} // namespace

std::int64_t SqlStore::createApiKey(const ApiKey& key) {
    return _database->write([&](DbSession& session) {
        std::int64_t id = 0;
        session << _database->sql("INSERT INTO api_keys (clinic_id, user_id, name, key_hash, "
                                  "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id"),
            bind(key.clinicId), bind(key.userId), bind(key.name), bind(key.keyHash),
            bind(key.createdAt), into(id), now;
        return id;
    });
}

std::optional<ApiKey> SqlStore::apiKeyByHash(const std::string& keyHash) {
    return first(
        selectApiKeys(*_database, "key_hash = ?", [&](Statement& s) { s, bind(keyHash); }));
}

std::vector<ApiKey> SqlStore::apiKeys(std::int64_t clinicId) {
    return selectApiKeys(*_database, "clinic_id = ?", [&](Statement& s) { s, bind(clinicId); });
}

bool SqlStore::revokeApiKey(std::int64_t clinicId, std::int64_t keyId, std::int64_t at) {
    return _database->write([&](DbSession& session) {
        std::vector<std::int64_t> found;
        session << _database->sql("SELECT id FROM api_keys WHERE id = ? AND clinic_id = ?"),
            bind(keyId), bind(clinicId), into(found), now;
        if (found.empty())
            return false;
        session << _database->sql(
            "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
            bind(at), bind(keyId), now;
        return true;
    });
}

// --- programs ----------------------------------------------------------------------------

namespace {

void insertVersion(Database& database, DbSession& session, std::int64_t programId,
                   const ProgramVersion& version) {
    const Prescription& p = version.prescription;
    // The version's schedule is stored with it (a version never changes): the caseload reads
    // it for a whole clinic without the items.
    const int daysPerWeek = practiceDaysPerWeek(p);
    const int sessions = sessionsPerDay(p);
    session << database.sql("INSERT INTO program_versions (program_id, number, effective_from, "
                            "title, start_date, end_date, notes, created_at, created_by, "
                            "days_per_week, sessions_per_day) VALUES "
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        bind(programId), bind(version.number), bind(version.effectiveFrom.toString()),
        bind(p.title), bind(p.startDate.toString()), bind(p.endDate.toString()), bind(p.notes),
        bind(version.createdAt), bind(version.createdBy), bind(daysPerWeek), bind(sessions), now;
    Statement insertItem(session);
    std::string itemSql = database.sql(
        "INSERT INTO program_items (program_id, version, position, exercise_id, hold_unit, hold, "
        "reps, sets, side, sessions_per_day, days_per_week, rest_seconds, note, "
        "exercise_revision, side_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.items.size(); ++i) {
        const ProgramItem& item = p.items[i];
        const Dose& d = item.dose;
        int position = static_cast<int>(i);
        session << itemSql, bind(programId), bind(version.number), bind(position),
            bind(item.exerciseId), bind(std::string(holdUnitName(d.holdUnit))), bind(d.hold),
            bind(d.reps), bind(d.sets), bind(std::string(toString(d.side))), bind(d.sessionsPerDay),
            bind(d.daysPerWeek), bind(d.restSeconds), bind(item.note), bind(item.exerciseRevision),
            bind(std::string(toString(d.sideOrder))), now;
    }
    std::string educationSql = database.sql("INSERT INTO program_education (program_id, version, "
                                            "position, education_id) VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < p.educationIds.size(); ++i) {
        int position = static_cast<int>(i);
        session << educationSql, bind(programId), bind(version.number), bind(position),
            bind(p.educationIds[i]), now;
    }
}

std::optional<Program> loadProgram(Database& database, DbSession& session, std::int64_t clinicId,
                                   std::int64_t programId) {
    std::vector<std::int64_t> patientIds;
    std::vector<int> episodes;
    session << database.sql("SELECT patient_id, episode FROM programs WHERE id = ? AND "
                            "clinic_id = ?"),
        bind(programId), bind(clinicId), into(patientIds), into(episodes), now;
    if (patientIds.empty())
        return std::nullopt;
    Program program;
    program.id = programId;
    program.clinicId = clinicId;
    program.patientId = patientIds[0];
    program.episode = episodes[0];

    std::vector<int> numbers;
    std::vector<std::string> effective, titles, starts, ends, notes;
    std::vector<std::int64_t> created, createdBy;
    session << database.sql("SELECT number, effective_from, title, start_date, end_date, notes, "
                            "created_at, created_by FROM program_versions WHERE program_id = ? "
                            "ORDER BY number"),
        bind(programId), into(numbers), into(effective), into(titles), into(starts), into(ends),
        into(notes), into(created), into(createdBy), now;
    std::map<int, std::size_t> indexOf;
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        ProgramVersion version;
        version.number = numbers[i];
        version.effectiveFrom = Date::parse(effective[i]);
        version.prescription.title = titles[i];
        version.prescription.startDate = Date::parse(starts[i]);
        version.prescription.endDate = Date::parse(ends[i]);
        version.prescription.notes = notes[i];
        version.createdAt = created[i];
        version.createdBy = createdBy[i];
        indexOf[version.number] = program.versions.size();
        program.versions.push_back(std::move(version));
    }

    std::vector<int> itemVersions, holds, reps, sets, sessionsPerDay, daysPerWeek, rests,
        exerciseRevisions;
    std::vector<std::string> exerciseIds, holdUnits, sides, itemNotes, sideOrders;
    session << database.sql("SELECT version, exercise_id, hold_unit, hold, reps, sets, side, "
                            "sessions_per_day, days_per_week, rest_seconds, note, "
                            "exercise_revision, side_order FROM program_items WHERE "
                            "program_id = ? ORDER BY version, position"),
        bind(programId), into(itemVersions), into(exerciseIds), into(holdUnits), into(holds),
        into(reps), into(sets), into(sides), into(sessionsPerDay), into(daysPerWeek), into(rests),
        into(itemNotes), into(exerciseRevisions), into(sideOrders), now;
    for (std::size_t i = 0; i < itemVersions.size(); ++i) {
        Dose dose{holdUnitFromName(holdUnits[i]),
                  holds[i],
                  reps[i],
                  sets[i],
                  sideFromString(sides[i]).value_or(Side::Both),
                  sessionsPerDay[i],
                  daysPerWeek[i],
                  rests[i],
                  sideOrderFromString(sideOrders[i]).value_or(SideOrder::Alternate)};
        program.versions[indexOf.at(itemVersions[i])].prescription.items.push_back(
            {exerciseIds[i], dose, itemNotes[i], exerciseRevisions[i]});
    }

    std::vector<int> educationVersions;
    std::vector<std::string> educationIds;
    session << database.sql("SELECT version, education_id FROM program_education WHERE "
                            "program_id = ? ORDER BY version, position"),
        bind(programId), into(educationVersions), into(educationIds), now;
    for (std::size_t i = 0; i < educationVersions.size(); ++i)
        program.versions[indexOf.at(educationVersions[i])].prescription.educationIds.push_back(
            educationIds[i]);
    return program;
}

} // namespace

std::int64_t SqlStore::createProgram(std::int64_t clinicId, std::int64_t patientId,
                                     const ProgramVersion& first) {
    return _database->write([&](DbSession& session) {
        std::vector<int> episode;
        session << _database->sql("SELECT episode FROM patients WHERE id = ? AND clinic_id = ?"),
            bind(patientId), bind(clinicId), into(episode), now;
        if (episode.empty())
            throw Poco::NotFoundException("patient " + std::to_string(patientId));
        std::int64_t id = 0;
        session << _database->sql("INSERT INTO programs (clinic_id, patient_id, created_at, "
                                  "episode) VALUES (?, ?, ?, ?) RETURNING id"),
            bind(clinicId), bind(patientId), bind(first.createdAt), bind(episode[0]), into(id), now;
        ProgramVersion version = first;
        version.number = 1;
        insertVersion(*_database, session, id, version);
        return id;
    });
}

int SqlStore::addProgramVersion(std::int64_t clinicId, std::int64_t programId,
                                const ProgramVersion& version) {
    return _database->write([&](DbSession& session) {
        std::vector<std::int64_t> found;
        session << _database->sql("SELECT id FROM programs WHERE id = ? AND clinic_id = ?"),
            bind(programId), bind(clinicId), into(found), now;
        if (found.empty())
            throw Poco::NotFoundException("program " + std::to_string(programId));
        std::vector<int> newest;
        session << _database->sql("SELECT MAX(number) FROM program_versions WHERE program_id = ?"),
            bind(programId), into(newest), now;
        ProgramVersion next = version;
        next.number = (newest.empty() ? 0 : newest[0]) + 1;
        insertVersion(*_database, session, programId, next);
        return next.number;
    });
}

std::optional<Program> SqlStore::knownProgram(DbSession& session, std::int64_t clinicId,
                                              std::int64_t programId, int newestVersion) {
    // Only committed programs are kept: a program read inside a write (on the writer's
    // thread) may still be rolled back, and its id given again.
    const bool keep = !_database->inWrite();
    if (keep)
        if (std::shared_ptr<const Program> kept = keptProgram(clinicId, programId, newestVersion))
            return *kept;
    std::optional<Program> program = loadProgram(*_database, session, clinicId, programId);
    if (program && keep && !program->versions.empty() &&
        program->current().number == newestVersion) {
        std::lock_guard lock(_programsMutex);
        if (_programs.size() >= PROGRAMS_KEPT)
            _programs.clear();
        _programs[programId] = std::make_shared<const Program>(*program);
    }
    return program;
}

std::shared_ptr<const Program> SqlStore::keptProgram(std::int64_t clinicId, std::int64_t programId,
                                                     int newestVersion) {
    std::lock_guard lock(_programsMutex);
    auto found = _programs.find(programId);
    if (found != _programs.end() && found->second->clinicId == clinicId &&
        found->second->current().number == newestVersion)
        return found->second;
    return nullptr;
}

std::optional<Program> SqlStore::program(std::int64_t clinicId, std::int64_t programId) {
    return _database->snapshot([&](DbSession& session) -> std::optional<Program> {
        std::vector<Poco::Nullable<int>> newest;
        session << _database->sql("SELECT (SELECT MAX(number) FROM program_versions v WHERE "
                                  "v.program_id = p.id) FROM programs p WHERE p.id = ? AND "
                                  "p.clinic_id = ?"),
            bind(programId), bind(clinicId), into(newest), now;
        if (newest.empty() || newest[0].isNull())
            return loadProgram(*_database, session, clinicId, programId);
        return knownProgram(session, clinicId, programId, newest[0].value());
    });
}

std::vector<Program> SqlStore::programsOfPatient(std::int64_t clinicId, std::int64_t patientId) {
    return programsOfEpisodes(clinicId, patientId, "pa.episode = p.episode", "p.id");
}

std::vector<Program> SqlStore::programsOfEpisodes(std::int64_t clinicId, std::int64_t patientId,
                                                  const char* episodes, const char* order) {
    const std::string newestVersions = _database->sql(
        std::string("SELECT p.id, (SELECT MAX(number) FROM program_versions v WHERE "
                    "v.program_id = p.id) FROM programs p JOIN patients pa ON pa.id = "
                    "p.patient_id AND ") +
        episodes + " WHERE p.clinic_id = ? AND p.patient_id = ? ORDER BY " + order);
    // Most reads find every program kept: then that one statement is the whole read, and
    // needs no transaction around it. Otherwise the programs are read in one snapshot.
    if (!_database->inWrite()) {
        std::optional<std::vector<Program>> kept =
            _database->read([&](DbSession& session) -> std::optional<std::vector<Program>> {
                std::vector<std::int64_t> ids;
                std::vector<Poco::Nullable<int>> newest;
                session << newestVersions, bind(clinicId), bind(patientId), into(ids), into(newest),
                    now;
                std::vector<Program> list;
                list.reserve(ids.size());
                for (std::size_t i = 0; i < ids.size(); ++i) {
                    std::shared_ptr<const Program> program =
                        newest[i].isNull() ? nullptr
                                           : keptProgram(clinicId, ids[i], newest[i].value());
                    if (!program)
                        return std::nullopt;
                    list.push_back(*program);
                }
                return list;
            });
        if (kept)
            return std::move(*kept);
    }
    return _database->snapshot([&](DbSession& session) {
        std::vector<std::int64_t> ids;
        std::vector<Poco::Nullable<int>> newest;
        session << newestVersions, bind(clinicId), bind(patientId), into(ids), into(newest), now;
        std::vector<Program> list;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            std::optional<Program> program =
                newest[i].isNull() ? loadProgram(*_database, session, clinicId, ids[i])
                                   : knownProgram(session, clinicId, ids[i], newest[i].value());
            if (program)
                list.push_back(std::move(*program));
        }
        return list;
    });
}

// --- sessions: see SqlStoreSessions.cpp ------------------------------------------------

// --- a clinic's own exercises -----------------------------------------------------------

namespace {

std::vector<ClinicExerciseRevision>
selectClinicExercises(Database& database, const std::string& where,
                      const std::function<void(Statement&)>& bindings) {
    return database.read([&](DbSession& session) {
        std::vector<std::int64_t> clinicIds, created, createdBy;
        std::vector<std::string> ids, entries;
        std::vector<int> revisions;
        Statement select(session);
        select << database.sql("SELECT clinic_id, exercise_id, revision, entry, created_at, "
                               "created_by FROM clinic_exercise_revisions r WHERE " +
                               where + " ORDER BY exercise_id, revision"),
            into(clinicIds), into(ids), into(revisions), into(entries), into(created),
            into(createdBy);
        bindings(select);
        select.execute();
        std::vector<ClinicExerciseRevision> list;
        for (std::size_t i = 0; i < ids.size(); ++i)
            list.push_back(
                {clinicIds[i], ids[i], revisions[i], entries[i], created[i], createdBy[i]});
        return list;
    });
}

} // namespace

void SqlStore::addClinicExerciseRevision(const ClinicExerciseRevision& r) {
    try {
        _database->write([&](DbSession& session) {
            std::vector<Poco::Nullable<int>> newest;
            session << _database->sql("SELECT MAX(revision) FROM clinic_exercise_revisions "
                                      "WHERE clinic_id = ? AND exercise_id = ?"),
                bind(r.clinicId), bind(r.exerciseId), into(newest), now;
            int expected = (newest.empty() || newest[0].isNull() ? 0 : newest[0].value()) + 1;
            if (r.revision != expected)
                throw Poco::ExistsException("revision " + std::to_string(r.revision) +
                                            " of exercise " + r.exerciseId);
            session << _database->sql(
                "INSERT INTO clinic_exercise_revisions (clinic_id, exercise_id, revision, entry, "
                "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)"),
                bind(r.clinicId), bind(r.exerciseId), bind(r.revision), bind(r.entry),
                bind(r.createdAt), bind(r.createdBy), now;
        });
    } catch (const Poco::ExistsException&) {
        throw;
    } catch (const Poco::Exception& error) {
        if (isDuplicateKey(error))
            throw Poco::ExistsException("revision " + std::to_string(r.revision) + " of exercise " +
                                        r.exerciseId);
        throw;
    }
}

std::vector<ClinicExerciseRevision> SqlStore::clinicExercises(std::int64_t clinicId) {
    return selectClinicExercises(
        *_database,
        "clinic_id = ? AND revision = (SELECT MAX(revision) FROM clinic_exercise_revisions n "
        "WHERE n.clinic_id = r.clinic_id AND n.exercise_id = r.exercise_id)",
        [&](Statement& s) { s, bind(clinicId); });
}

std::vector<ClinicExerciseRevision> SqlStore::clinicExerciseRevisions(std::int64_t clinicId,
                                                                      const std::string& id) {
    return selectClinicExercises(*_database, "clinic_id = ? AND exercise_id = ?",
                                 [&](Statement& s) { s, bind(clinicId), bind(id); });
}

std::optional<ClinicExerciseRevision>
SqlStore::clinicExerciseRevision(std::int64_t clinicId, const std::string& id, int revision) {
    return first(
        selectClinicExercises(*_database, "clinic_id = ? AND exercise_id = ? AND revision = ?",
                              [&](Statement& s) { s, bind(clinicId), bind(id), bind(revision); }));
}

// --- audit trail -------------------------------------------------------------------------

namespace {

Poco::Nullable<std::int64_t> toNullable64(const std::optional<std::int64_t>& value) {
    return value ? Poco::Nullable<std::int64_t>(*value) : Poco::Nullable<std::int64_t>();
}

std::optional<std::int64_t> fromNullable64(const Poco::Nullable<std::int64_t>& value) {
    return value.isNull() ? std::nullopt : std::optional<std::int64_t>(value.value());
}

std::vector<AuditEvent> selectAuditEvents(Database& database, const std::string& where,
                                          const std::function<void(Statement&)>& bindings) {
    PendingWrites::waitForCurrent(); // the request reads back the entries it wrote
    return database.read([&](DbSession& session) {
        std::vector<std::int64_t> ids, ats, clinicIds;
        std::vector<Poco::Nullable<std::int64_t>> userIds, patientIds, seals;
        std::vector<std::string> actors, actions, details, addresses, previous, hashes;
        Statement select(session);
        select << database.sql("SELECT id, at, clinic_id, user_id, actor, patient_id, action, "
                               "detail, address, previous_hash, hash, seal FROM audit_events "
                               "WHERE " +
                               where),
            into(ids), into(ats), into(clinicIds), into(userIds), into(actors), into(patientIds),
            into(actions), into(details), into(addresses), into(previous), into(hashes),
            into(seals);
        bindings(select);
        select.execute();
        std::vector<AuditEvent> list;
        list.reserve(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i)
            list.push_back({ids[i], ats[i], clinicIds[i], fromNullable64(userIds[i]), actors[i],
                            fromNullable64(patientIds[i]), actions[i], details[i], addresses[i],
                            previous[i], hashes[i], fromNullable64(seals[i])});
        return list;
    });
}

/// values as a PostgreSQL array literal ({"a","b"}), each element quoted.
std::string postgresArray(const std::vector<std::string>& values) {
    std::string literal = "{";
    for (const std::string& value : values) {
        if (literal.size() > 1)
            literal += ',';
        literal += '"';
        for (char c : value) {
            if (c == '"' || c == '\\')
                literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    return literal + "}";
}

/// The advisory lock key PostgreSQL instances elect their one sealer with ("LimbAudt").
constexpr std::int64_t SEALER_LOCK_KEY = 0x4C696D6241756474;

} // namespace

void SqlStore::atomically(const std::function<void()>& change) {
    _database->write([&](DbSession&) { change(); });
}

AuditEvent SqlStore::appendAuditEvent(const AuditEvent& event) {
    return _database->write([&](DbSession& session) {
        AuditEvent stored = event;
        stored.previousHash.clear();
        stored.hash.clear();
        stored.seal.reset();
        stored.id = insertAuditEvent(session, stored);
        return stored;
    });
}

void SqlStore::appendAuditEventBeforeAnswer(const AuditEvent& event) {
    _database->appendBeforeAnswer(
        [this, event](DbSession& session) { insertAuditEvent(session, event); });
}

std::int64_t SqlStore::insertAuditEvent(DbSession& session, const AuditEvent& event) {
    Poco::Nullable<std::int64_t> userId = toNullable64(event.userId);
    Poco::Nullable<std::int64_t> patientId = toNullable64(event.patientId);
    std::int64_t id = 0;
    session << _database->sql("INSERT INTO audit_events (at, clinic_id, user_id, actor, "
                              "patient_id, action, detail, address, previous_hash, hash) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '') RETURNING id"),
        bind(event.at), bind(event.clinicId), bind(userId), bind(event.actor), bind(patientId),
        bind(event.action), bind(event.detail), bind(event.address), into(id), now;
    return id;
}

std::size_t SqlStore::sealAuditEvents(std::size_t limit) {
    return _database->write([&](DbSession& session) -> std::size_t {
        if (_database->dialect() == SqlDialect::PostgreSQL) {
            int elected = 0;
            session << "SELECT CASE WHEN pg_try_advisory_xact_lock(" +
                           std::to_string(SEALER_LOCK_KEY) + ") THEN 1 ELSE 0 END",
                into(elected), now;
            if (elected != 1)
                return 0;
        }
        std::vector<std::int64_t> lastSeal;
        std::vector<std::string> lastHash;
        session << "SELECT seal, hash FROM audit_events WHERE seal = "
                   "(SELECT MAX(seal) FROM audit_events)",
            into(lastSeal), into(lastHash), now;
        std::int64_t seal = lastSeal.empty() ? 0 : lastSeal.front();
        std::string previous = lastHash.empty() ? std::string(AUDIT_CHAIN_START) : lastHash.front();
        auto count = static_cast<std::int64_t>(limit);
        std::vector<AuditEvent> pending = selectAuditEvents(
            *_database, "seal IS NULL ORDER BY id LIMIT ?", [&](Statement& s) { s, bind(count); });
        if (pending.empty())
            return 0;
        for (auto& event : pending) {
            event.previousHash = previous;
            event.seal = ++seal;
            event.hash = event.expectedHash();
            previous = event.hash;
        }
        if (_database->dialect() == SqlDialect::PostgreSQL) {
            // The whole chunk in one statement: a round trip per entry was most of the cost.
            std::vector<std::string> ids, seals, previousHashes, hashes;
            for (const auto& event : pending) {
                ids.push_back(std::to_string(event.id));
                seals.push_back(std::to_string(*event.seal));
                previousHashes.push_back(event.previousHash);
                hashes.push_back(event.hash);
            }
            std::string idList = postgresArray(ids), sealList = postgresArray(seals),
                        previousList = postgresArray(previousHashes),
                        hashList = postgresArray(hashes);
            session << _database->sql(
                "UPDATE audit_events AS entry SET seal = chained.seal, previous_hash = "
                "chained.previous_hash, hash = chained.hash FROM unnest(CAST(? AS bigint[]), "
                "CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[])) AS chained(id, "
                "seal, previous_hash, hash) WHERE entry.id = chained.id"),
                use(idList), use(sealList), use(previousList), use(hashList), now;
            return pending.size();
        }
        Statement update(session);
        std::int64_t id = 0, entrySeal = 0;
        std::string previousHash, hash;
        update << _database->sql(
            "UPDATE audit_events SET seal = ?, previous_hash = ?, hash = ? WHERE id = ?"),
            use(entrySeal), use(previousHash), use(hash), use(id);
        for (const auto& event : pending) {
            id = event.id;
            entrySeal = *event.seal;
            previousHash = event.previousHash;
            hash = event.hash;
            update.execute();
        }
        return pending.size();
    });
}

AuditBacklog SqlStore::auditBacklog(std::int64_t overdueBefore) {
    PendingWrites::waitForCurrent(); // the request reads back the entries it wrote
    return _database->read([&](DbSession& session) {
        std::int64_t unsealed = 0, overdue = 0;
        Poco::Nullable<std::int64_t> oldest;
        session << _database->sql("SELECT COUNT(*), COALESCE(SUM(CASE WHEN at < ? THEN 1 ELSE 0 "
                                  "END), 0), MIN(at) FROM audit_events WHERE seal IS NULL"),
            bind(overdueBefore), into(unsealed), into(overdue), into(oldest), now;
        AuditBacklog backlog;
        backlog.unsealed = static_cast<std::size_t>(unsealed);
        backlog.overdue = static_cast<std::size_t>(overdue);
        backlog.oldestAt = fromNullable64(oldest);
        return backlog;
    });
}

std::vector<AuditEvent> SqlStore::auditEvents(std::int64_t clinicId, std::int64_t from,
                                              std::int64_t to) {
    return selectAuditEvents(*_database, "clinic_id = ? AND at >= ? AND at < ? ORDER BY id",
                             [&](Statement& s) { s, bind(clinicId), bind(from), bind(to); });
}

std::vector<AuditEvent> SqlStore::auditChain(std::int64_t afterSeal, std::size_t limit) {
    auto count = static_cast<std::int64_t>(limit);
    return selectAuditEvents(*_database, "seal > ? ORDER BY seal LIMIT ?",
                             [&](Statement& s) { s, bind(afterSeal), bind(count); });
}

std::map<std::int64_t, std::int64_t> SqlStore::lastSignIns(std::int64_t clinicId) {
    PendingWrites::waitForCurrent(); // the request reads back the entries it wrote
    return _database->read([&](DbSession& session) {
        std::vector<std::int64_t> userIds, instants;
        session << _database->sql("SELECT user_id, MAX(at) FROM audit_events "
                                  "WHERE clinic_id = ? AND action = 'user.signin' "
                                  "AND user_id IS NOT NULL GROUP BY user_id"),
            bind(clinicId), into(userIds), into(instants), now;
        std::map<std::int64_t, std::int64_t> last;
        for (std::size_t i = 0; i < userIds.size(); ++i)
            last[userIds[i]] = instants[i];
        return last;
    });
}

// --- episodes of care that ended ----------------------------------------------------------

void SqlStore::addPastEpisode(const PastEpisode& episode) {
    try {
        _database->write([&](DbSession& session) {
            session << _database->sql(
                "INSERT INTO patient_episodes (clinic_id, patient_id, "
                "episode, admitted_at, discharged_at) VALUES (?, ?, ?, ?, ?)"),
                bind(episode.clinicId), bind(episode.patientId), bind(episode.episode),
                bind(episode.admittedAt), bind(episode.dischargedAt), now;
        });
    } catch (const Poco::Exception& error) {
        if (isDuplicateKey(error))
            throw Poco::ExistsException("episode " + std::to_string(episode.episode) +
                                        " of patient " + std::to_string(episode.patientId) +
                                        " is recorded already");
        throw;
    }
}

std::vector<Program> SqlStore::programsOfEarlierEpisodes(std::int64_t clinicId,
                                                         std::int64_t patientId) {
    return programsOfEpisodes(clinicId, patientId, "p.episode < pa.episode", "p.episode, p.id");
}

std::vector<PastEpisode> SqlStore::pastEpisodes(std::int64_t clinicId, std::int64_t patientId) {
    return _database->read([&](DbSession& session) {
        std::vector<int> numbers;
        std::vector<std::int64_t> admitted, discharged;
        session << _database->sql("SELECT episode, admitted_at, discharged_at FROM "
                                  "patient_episodes WHERE clinic_id = ? AND patient_id = ? "
                                  "ORDER BY episode"),
            bind(clinicId), bind(patientId), into(numbers), into(admitted), into(discharged), now;
        std::vector<PastEpisode> list;
        for (std::size_t i = 0; i < numbers.size(); ++i)
            list.push_back({clinicId, patientId, numbers[i], admitted[i], discharged[i]});
        return list;
    });
}

} // namespace Limber
