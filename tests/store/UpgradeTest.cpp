// Upgrading with data, on every engine: a database as each released schema version left it
// (built from the first k of the migrations, filled with the rows a Limber of that version
// wrote) is upgraded by opening it, and must then hold exactly what the same clinic holds when
// written by today's Limber: every row, every day log and every adherence figure.
#include "domain/Adherence.h"
#include "domain/ProgramSchedule.h"
#include "store/Migrations.h"
#include "store/SessionEntryText.h"
#include "store/SqlStore.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <tuple>

using namespace Limber;
using Poco::Data::Keywords::now;

namespace {

const Date FIRST_DAY = Date::parse("2026-11-02");
const Date TODAY = Date::parse("2026-11-25");

/// What one clinic holds: two patients, one with a program in two versions (the second adds a
/// twice-a-day item) and three weeks of sessions from every source, one with nothing done.
struct Written {
    std::int64_t clinicId = 0;
    std::vector<std::int64_t> patientIds;
    std::vector<std::int64_t> programIds;
};

ProgramVersion firstVersion(std::int64_t therapist) {
    ProgramVersion v;
    v.effectiveFrom = FIRST_DAY;
    v.prescription.title = "Runner's back care — año nuevo";
    v.prescription.startDate = FIRST_DAY;
    v.prescription.endDate = FIRST_DAY.plusDays(41);
    Dose breaths;
    breaths.holdUnit = HoldUnit::Breaths;
    breaths.hold = 5;
    breaths.side = Side::Each;
    breaths.daysPerWeek = 5;
    Dose seconds;
    seconds.holdUnit = HoldUnit::Seconds;
    seconds.hold = 30;
    seconds.reps = 2;
    seconds.sets = 3;
    seconds.restSeconds = 15;
    v.prescription.items = {{"tree-pose", breaths, "at a wall"},
                            {"back-flexion-stretch", seconds, ""}};
    v.prescription.educationIds = {"right-shoes", "warm-up"};
    v.prescription.notes = "Warm up first.";
    v.createdAt = 1'800'000'100;
    v.createdBy = therapist;
    return v;
}

Session session(const Written& clinic, std::size_t patient, Date date, int version, int slot,
                std::vector<SessionEntry> entries, SessionSource source) {
    Session s;
    s.clinicId = clinic.clinicId;
    s.patientId = clinic.patientIds.at(patient);
    s.programId = clinic.programIds.at(patient);
    s.programVersion = version;
    s.date = date;
    s.slot = slot;
    s.entries = std::move(entries);
    s.source = source;
    s.recordedAt = 1'800'000'000 + date.daysSinceEpoch() * 10 + slot;
    for (const SessionEntry& entry : s.entries)
        s.doneUnits += entry.done ? 1 : 0;
    s.prescribedUnits = static_cast<int>(s.entries.size());
    return s;
}

/// Writes the clinic through today's store.
Written fill(SqlStore& store) {
    Written clinic;
    clinic.clinicId = store.createClinic({0, "Bayview Physical Therapy", "1 Harbor St", "555"});
    User user{0,
              clinic.clinicId,
              "dana@bayview.example",
              "Dana Whitfield",
              Role::Therapist,
              "$argon2id$hash",
              false};
    std::int64_t therapist = store.createUser(user);
    for (const char* name : {"José Núñez-Åberg", "Γιώργος Παπαδόπουλος"}) {
        Patient p;
        p.clinicId = clinic.clinicId;
        p.therapistId = therapist;
        p.recordNumber = "BV-" + std::to_string(clinic.patientIds.size() + 1);
        p.name = name;
        p.firstName = p.name.substr(0, p.name.find(' '));
        p.language = clinic.patientIds.empty() ? "es" : "en";
        p.createdAt = 1'800'000'000;
        PatientLink link;
        link.salt = "salt-" + p.recordNumber;
        link.tokenHash = "hash-" + p.recordNumber;
        link.createdAt = 1'800'000'000;
        clinic.patientIds.push_back(store.createPatient(p, link));
        clinic.programIds.push_back(store.createProgram(clinic.clinicId, clinic.patientIds.back(),
                                                        firstVersion(therapist)));
    }
    ProgramVersion second = firstVersion(therapist);
    second.effectiveFrom = FIRST_DAY.plusDays(9);
    second.prescription.items[1].dose.sessionsPerDay = 2;
    second.prescription.items[1].note = "Twice a day from now on.";
    store.addProgramVersion(clinic.clinicId, clinic.programIds[0], second);

    const std::vector<SessionSource> sources = {SessionSource::PatientLink, SessionSource::Paper,
                                                SessionSource::Therapist};
    for (int day = 0; day < 21; ++day) {
        if (day % 7 == 3)
            continue; // a rest day each week
        Date date = FIRST_DAY.plusDays(day);
        int version = day >= 9 ? 2 : 1;
        Session s = session(clinic, 0, date, version, 1,
                            {{"tree-pose", Side::Left, true},
                             {"tree-pose", Side::Right, day % 4 != 0},
                             {"back-flexion-stretch", Side::Both, day % 5 != 0}},
                            sources[day % 3]);
        s.painBefore = day % 10;
        if (day % 2 == 0)
            s.painAfter = (day + 3) % 11;
        s.difficulty = day % 3 == 0 ? Difficulty::Hard : Difficulty::AboutRight;
        s.note = day % 6 == 0 ? "Felt good — más o menos, 'quoted'" : "";
        store.saveSession(s);
        if (version == 2 && day % 2 == 1)
            store.saveSession(session(clinic, 0, date, 2, 2,
                                      {{"back-flexion-stretch", Side::Both, true}},
                                      SessionSource::PatientLink));
    }
    // A session with nothing done and only a pain score: data, but not practice.
    Session painOnly = session(clinic, 1, FIRST_DAY.plusDays(4), 1, 1,
                               {{"tree-pose", Side::Left, false},
                                {"tree-pose", Side::Right, false},
                                {"back-flexion-stretch", Side::Both, false}},
                               SessionSource::Paper);
    painOnly.painBefore = 8;
    store.saveSession(painOnly);
    store.saveSession(session(clinic, 1, FIRST_DAY.plusDays(5), 1, 1,
                              {{"tree-pose", Side::Left, true}}, SessionSource::PatientLink));
    return clinic;
}

std::string optional(const std::optional<int>& value) {
    return value ? std::to_string(*value) : "-";
}

std::string optional(const std::optional<double>& value) {
    if (!value)
        return "-";
    std::ostringstream out;
    out << *value;
    return out.str();
}

/// Everything the store gives back about the clinic, as text (so that a difference shows as a
/// readable diff): patients, links, programs with every version, sessions, day logs and the
/// adherence figures computed from them both ways.
std::string describe(SqlStore& store, const Written& clinic) {
    std::ostringstream out;
    for (const Patient& p : store.patients(clinic.clinicId))
        out << "patient " << p.recordNumber << " " << p.name << " / " << p.firstName << " "
            << p.language << " " << p.createdAt << "\n";
    for (std::size_t i = 0; i < clinic.patientIds.size(); ++i) {
        for (const PatientLink& link : store.patientLinks(clinic.clinicId, clinic.patientIds[i]))
            out << "link " << link.salt << " " << link.tokenHash << " " << link.createdAt << " "
                << (link.revokedAt ? std::to_string(*link.revokedAt) : "-") << "\n";
        std::optional<Program> program = store.program(clinic.clinicId, clinic.programIds[i]);
        if (!program) {
            out << "program " << clinic.programIds[i] << " missing\n";
            continue;
        }
        for (const ProgramVersion& v : program->versions) {
            const Prescription& p = v.prescription;
            out << "version " << v.number << " from " << v.effectiveFrom.toString() << " "
                << p.title << " " << p.startDate.toString() << ".." << p.endDate.toString()
                << " notes " << p.notes << " by " << v.createdBy << " at " << v.createdAt << "\n";
            for (const ProgramItem& item : p.items) {
                const Dose& d = item.dose;
                out << "  item " << item.exerciseId << " hold " << d.hold << " unit "
                    << static_cast<int>(d.holdUnit) << " reps " << d.reps << " sets " << d.sets
                    << " side " << toString(d.side) << " " << d.sessionsPerDay << "/day "
                    << d.daysPerWeek << "/week rest " << d.restSeconds << " revision "
                    << item.exerciseRevision << " note " << item.note << "\n";
            }
            for (const std::string& education : p.educationIds)
                out << "  education " << education << "\n";
        }
        std::vector<Session> sessions =
            store.sessions(clinic.clinicId, clinic.patientIds[i], FIRST_DAY.plusDays(-30), TODAY);
        for (const Session& s : sessions) {
            out << "session " << s.date.toString() << " slot " << s.slot << " v" << s.programVersion
                << " pain " << optional(s.painBefore) << "/" << optional(s.painAfter) << " "
                << toString(s.difficulty) << " " << toString(s.source) << " at " << s.recordedAt
                << " units " << s.doneUnits << "/" << s.prescribedUnits << " note " << s.note
                << " entries";
            // A session's ticks are a set: schema versions 1 to 3 kept them as rows keyed by
            // exercise and side, which come back in key order, not in the order written.
            std::vector<std::string> ticks;
            for (const SessionEntry& e : s.entries)
                ticks.push_back(e.exerciseId + ":" + std::string(toString(e.side)) + "=" +
                                (e.done ? "1" : "0"));
            std::sort(ticks.begin(), ticks.end());
            for (const std::string& tick : ticks)
                out << " " << tick;
            out << "\n";
        }
        AdherenceSummary a = computeAdherence(*program, sessions, FIRST_DAY, TODAY);
        out << "adherence " << a.expectedDays << " " << a.activeDays << " " << a.creditedDays << " "
            << optional(a.frequency) << " " << a.expectedSessions << " " << a.loggedSessions << " "
            << a.creditedSessions << " " << optional(a.sessionRatio) << " " << a.doneUnits << "/"
            << a.prescribedUnits << " " << optional(a.completeness) << " days with data "
            << a.daysWithDataLast30 << " streak " << a.currentStreak << " last "
            << (a.lastSession ? a.lastSession->toString() : "-") << "\n";
        for (const WeekAdherence& w : a.weeks)
            out << "  week " << w.number << " " << w.expectedDays << " " << w.activeDays << " "
                << optional(w.frequency) << " " << w.loggedSessions << " "
                << optional(w.painAverage) << "\n";
        for (const ExerciseAdherence& e : a.exercises)
            out << "  exercise " << e.exerciseId << " " << e.expectedUnits << " " << e.creditedUnits
                << " " << e.doneUnits << " " << optional(e.ratio) << "\n";
    }
    for (const CaseloadEntry& entry : *store.caseload(clinic.clinicId)) {
        out << "caseload " << entry.patient.recordNumber << " " << entry.programTitle
            << " day log from " << (entry.days.empty() ? "-" : entry.days.first().toString()) << " "
            << entry.days.cells() << "\n";
        if (entry.program) {
            // Each version's schedule as the caseload reads it (stored with the version since
            // schema 17, filled in from the items by the upgrade).
            for (const VersionSchedule& v : entry.program->versions)
                out << "  schedule v" << v.number << " " << v.daysPerWeek << "/week "
                    << v.sessionsPerDay << "/day from " << v.effectiveFrom.toString() << "\n";
            AdherenceSummary a = computeAdherence(*entry.program, entry.days, FIRST_DAY, TODAY);
            out << "  from the day log " << optional(a.frequency) << " " << optional(a.sessionRatio)
                << " " << optional(a.completeness) << " streak " << a.currentStreak << "\n";
        }
    }
    return out.str();
}

/// A value as an SQL literal of the same engine: NULL, a number, or a quoted string.
std::string literal(Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    if (rows.isNull(column, row))
        return "NULL";
    std::string text = rows.value(column, row).convert<std::string>();
    if (rows.columnType(column) != Poco::Data::MetaColumn::FDT_STRING &&
        rows.columnType(column) != Poco::Data::MetaColumn::FDT_WSTRING &&
        rows.columnType(column) != Poco::Data::MetaColumn::FDT_CLOB)
        return text;
    std::string quoted = "'";
    for (char c : text)
        quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

/// Copies rows of table from one database to another, only the columns given (those that the
/// older schema has).
void copyRows(Database& from, Database& to, const std::string& table, const std::string& columns) {
    std::vector<std::string> inserts = from.read([&](Poco::Data::Session& session) {
        Poco::Data::Statement select(session);
        select << "SELECT " + columns + " FROM " + table, now;
        Poco::Data::RecordSet rows(select);
        std::vector<std::string> statements;
        for (std::size_t row = 0; row < rows.rowCount(); ++row) {
            std::string values;
            for (std::size_t column = 0; column < rows.columnCount(); ++column)
                values += (column ? ", " : "") + literal(rows, column, row);
            statements.push_back("INSERT INTO " + table + " (" + columns + ") VALUES (" + values +
                                 ")");
        }
        return statements;
    });
    ASSERT_FALSE(inserts.empty()) << table << " holds nothing to copy";
    to.write([&](Poco::Data::Session& session) {
        for (const std::string& insert : inserts)
            session << insert, now;
        // Rows written with their ids leave PostgreSQL's sequences behind; Limber's own
        // inserts had moved them on.
        if (to.dialect() == SqlDialect::PostgreSQL && columns.rfind("id,", 0) == 0)
            session << "SELECT setval(pg_get_serial_sequence('" + table +
                           "', 'id'), (SELECT MAX(id) FROM " + table + "))",
                now;
    });
}

/// The clinic's rows as a Limber at schema version `version` wrote them: the columns it had,
/// ticks as rows of session_entries before version 4, day logs from version 4 on.
void copyAsVersion(Database& current, Database& old, int version) {
    copyRows(current, old, "clinics", "id, name, address, phone");
    copyRows(current, old, "users", "id, clinic_id, email, name, role, password_hash, disabled");
    copyRows(current, old, "patients",
             "id, clinic_id, therapist_id, record_number, name, first_name, language, created_at");
    copyRows(current, old, "patient_links",
             std::string("id, clinic_id, patient_id, salt, token_hash, created_at, revoked_at") +
                 (version >= 2 ? ", expires_at" : "") + (version >= 5 ? ", code_hash" : ""));
    copyRows(current, old, "programs", "id, clinic_id, patient_id, created_at");
    copyRows(current, old, "program_versions",
             "program_id, number, effective_from, title, start_date, end_date, notes, "
             "created_at, created_by");
    copyRows(current, old, "program_items",
             std::string("program_id, version, position, exercise_id, hold_unit, hold, reps, "
                         "sets, side, sessions_per_day, days_per_week, rest_seconds, note") +
                 (version >= 3 ? ", exercise_revision" : ""));
    copyRows(current, old, "program_education", "program_id, version, position, education_id");
    std::string sessionColumns =
        "id, clinic_id, patient_id, program_id, program_version, session_date, slot, "
        "pain_before, pain_after, difficulty, note, source, recorded_at, done_units, "
        "prescribed_units";
    if (version >= 4) {
        copyRows(current, old, "sessions", sessionColumns + ", entries");
        copyRows(current, old, "adherence_days",
                 "program_id, clinic_id, patient_id, first_day, cells");
        return;
    }
    copyRows(current, old, "sessions", sessionColumns);
    std::vector<std::int64_t> ids;
    std::vector<std::string> texts;
    current.read([&](Poco::Data::Session& session) {
        session << "SELECT id, entries FROM sessions ORDER BY id", Poco::Data::Keywords::into(ids),
            Poco::Data::Keywords::into(texts), now;
    });
    old.write([&](Poco::Data::Session& session) {
        for (std::size_t i = 0; i < ids.size(); ++i)
            for (const SessionEntry& entry : entriesFromText(texts[i])) {
                std::int64_t sessionId = ids[i];
                std::string exercise = entry.exerciseId;
                std::string side(toString(entry.side));
                int done = entry.done ? 1 : 0;
                session << old.sql("INSERT INTO session_entries (session_id, exercise_id, side, "
                                   "done) VALUES (?, ?, ?, ?)"),
                    Poco::Data::Keywords::use(sessionId), Poco::Data::Keywords::use(exercise),
                    Poco::Data::Keywords::use(side), Poco::Data::Keywords::use(done), now;
            }
    });
}

std::vector<Migration> firstMigrations(int count) {
    std::vector<Migration> all = builtInMigrations();
    all.resize(static_cast<std::size_t>(count));
    return all;
}

int schemaVersion(Database& database) {
    return database.read([](Poco::Data::Session& session) {
        int newest = 0;
        session << "SELECT MAX(number) FROM schema_migrations", Poco::Data::Keywords::into(newest),
            now;
        return newest;
    });
}

class Upgrade : public ::testing::TestWithParam<std::tuple<SqlDialect, int>> {
protected:
    void SetUp() override {
        if (std::get<0>(GetParam()) == SqlDialect::PostgreSQL &&
            Testing::postgresConnection().empty()) {
            if (Testing::postgresRequired())
                FAIL() << "LIMBER_REQUIRE_POSTGRES=1 but LIMBER_TEST_POSTGRES names no server";
            GTEST_SKIP() << "LIMBER_TEST_POSTGRES is not set";
        }
        _today = std::make_unique<Testing::TestDatabase>(std::get<0>(GetParam()));
        _older = std::make_unique<Testing::TestDatabase>(std::get<0>(GetParam()));
    }

    std::unique_ptr<Testing::TestDatabase> _today;
    std::unique_ptr<Testing::TestDatabase> _older;
};

std::string nameOf(const ::testing::TestParamInfo<std::tuple<SqlDialect, int>>& info) {
    return std::string(toString(std::get<0>(info.param))) + "_from_version_" +
           std::to_string(std::get<1>(info.param));
}

} // namespace

TEST_P(Upgrade, KeepsEveryRowDayLogAndAdherenceFigure) {
    const int version = std::get<1>(GetParam());
    const int newest = builtInMigrations().back().number;
    SqlStore written(_today->config());
    Written clinic = fill(written);
    const std::string expected = describe(written, clinic);

    {
        Database older(_older->config());
        ASSERT_EQ(migrate(older, firstMigrations(version)), version);
        ASSERT_EQ(schemaVersion(older), version);
        Database today(_today->config());
        copyAsVersion(today, older, version);
    }
    SqlStore upgraded(_older->config());
    {
        Database check(_older->config());
        EXPECT_EQ(schemaVersion(check), newest);
    }
    EXPECT_EQ(describe(upgraded, clinic), expected);
    // The day logs are not merely alike in both: they are those of the sessions.
    for (const CaseloadEntry& entry : *upgraded.caseload(clinic.clinicId)) {
        std::vector<Session> sessions =
            upgraded.sessions(clinic.clinicId, entry.patient.id, FIRST_DAY.plusDays(-30), TODAY);
        ASSERT_FALSE(sessions.empty());
        EXPECT_EQ(entry.days.cells(), DayLog::fromSessions(sessions).cells())
            << entry.patient.recordNumber;
    }
    // And the upgraded database takes new sessions.
    Session next = session(clinic, 1, FIRST_DAY.plusDays(6), 1, 1,
                           {{"back-flexion-stretch", Side::Both, true}}, SessionSource::Therapist);
    EXPECT_NE(upgraded.saveSession(next).id, 0);
}

INSTANTIATE_TEST_SUITE_P(EveryReleasedSchema, Upgrade,
                         ::testing::Combine(::testing::Values(SqlDialect::SQLite,
                                                              SqlDialect::PostgreSQL),
                                            ::testing::Range(1, 6)),
                         nameOf);

TEST(SchemaVersion, ADatabaseOfANewerSchemaIsRefusedInOneLine) {
    for (SqlDialect dialect : {SqlDialect::SQLite, SqlDialect::PostgreSQL}) {
        if (dialect == SqlDialect::PostgreSQL && Testing::postgresConnection().empty()) {
            if (Testing::postgresRequired())
                ADD_FAILURE() << "LIMBER_REQUIRE_POSTGRES=1 but no server is named";
            continue;
        }
        Testing::TestDatabase database(dialect);
        {
            SqlStore store(database.config());
            Database raw(database.config());
            raw.write([](Poco::Data::Session& session) {
                session << "INSERT INTO schema_migrations (number, name, applied_at) VALUES "
                           "(999, 'from_the_future', 0)",
                    now;
            });
        }
        try {
            SqlStore refused(database.config());
            ADD_FAILURE() << toString(dialect) << ": opened a database of a newer schema";
        } catch (const Poco::IllegalStateException& error) {
            EXPECT_EQ(error.message(), "the database has schema version 999, newer than this "
                                       "Limber knows (" +
                                           std::to_string(builtInMigrations().back().number) +
                                           "); use a newer Limber or restore a backup")
                << toString(dialect);
        }
        Database untouched(database.config());
        EXPECT_EQ(schemaVersion(untouched), 999) << "the refusal changed nothing";
    }
}
