// The sessions half of SqlStore: logging sessions (one or many at once, idempotent per
// submission), keeping each program's day log in step, and reading the caseload that
// clinic-wide reports need. See migrations/004_adherence.sql for the tables.
#include "SessionEntryText.h"
#include "SqlStore.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace Limber {

using namespace Poco::Data::Keywords;
using DbSession = Poco::Data::Session;
using Poco::Data::Statement;

namespace {

Poco::Nullable<int> nullableOf(const std::optional<int>& value) {
    return value ? Poco::Nullable<int>(*value) : Poco::Nullable<int>();
}

std::optional<int> optionalOf(const Poco::Nullable<int>& value) {
    return value.isNull() ? std::nullopt : std::optional<int>(value.value());
}

/// True when error is a unique-key violation, in either engine's words.
bool isDuplicate(const Poco::Exception& error) {
    const std::string text = error.displayText();
    return text.find("UNIQUE constraint failed") != std::string::npos ||
           text.find("duplicate key value") != std::string::npos;
}

constexpr const char* SESSION_COLUMNS =
    "clinic_id, patient_id, program_id, program_version, session_date, slot, pain_before, "
    "pain_after, difficulty, note, source, recorded_at, done_units, prescribed_units, entries";
constexpr int SESSION_COLUMN_COUNT = 15;

/// One sessions row in the types Poco binds; statements bind its members by reference.
struct SessionRow {
    std::int64_t clinicId = 0;
    std::int64_t patientId = 0;
    std::int64_t programId = 0;
    int version = 1;
    std::string date;
    int slot = 1;
    Poco::Nullable<int> painBefore;
    Poco::Nullable<int> painAfter;
    std::string difficulty;
    std::string note;
    std::string source;
    std::int64_t recordedAt = 0;
    int doneUnits = 0;
    int prescribedUnits = 0;
    std::string entries;

    void assign(const Session& s) {
        clinicId = s.clinicId;
        patientId = s.patientId;
        programId = s.programId;
        version = s.programVersion;
        date = s.date.toString();
        slot = s.slot;
        painBefore = nullableOf(s.painBefore);
        painAfter = nullableOf(s.painAfter);
        difficulty = std::string(toString(s.difficulty));
        note = s.note;
        source = std::string(toString(s.source));
        recordedAt = s.recordedAt;
        doneUnits = s.doneUnits;
        prescribedUnits = s.prescribedUnits;
        entries = entriesToText(s.entries);
    }

    void bindTo(Statement& statement) {
        statement, use(clinicId), use(patientId), use(programId), use(version), use(date),
            use(slot), use(painBefore), use(painAfter), use(difficulty), use(note), use(source),
            use(recordedAt), use(doneUnits), use(prescribedUnits), use(entries);
    }
};

std::string insertSql(const Database& database, std::size_t rows) {
    std::string one = "(";
    for (int i = 0; i < SESSION_COLUMN_COUNT; ++i)
        one += i ? ", ?" : "?";
    one += ")";
    std::string sql = std::string("INSERT INTO sessions (") + SESSION_COLUMNS + ") VALUES ";
    for (std::size_t i = 0; i < rows; ++i)
        sql += (i ? ", " : "") + one;
    return database.sql(sql);
}

/// Inserts sessions rows many at a time: one prepared multi-row INSERT, executed again for
/// every full batch (per-statement cost dominates both engines; PostgreSQL pays a round trip
/// per statement and Poco binds no arrays there).
class SessionInserter {
public:
    static constexpr std::size_t ROWS = 64;

    SessionInserter(Database& database, DbSession& session)
        : _database(database), _session(session), _rows(ROWS) {}

    void add(const Session& session) {
        _rows[_count++].assign(session);
        if (_count == ROWS)
            flush();
    }

    /// Inserts what is still buffered.
    void flush() {
        if (_count == 0)
            return;
        if (_count == ROWS) {
            if (!_batch) {
                _batch = std::make_unique<Statement>(_session);
                *_batch << insertSql(_database, ROWS);
                for (auto& row : _rows)
                    row.bindTo(*_batch);
            }
            _batch->execute();
        } else {
            Statement tail(_session);
            tail << insertSql(_database, _count);
            for (std::size_t i = 0; i < _count; ++i)
                _rows[i].bindTo(tail);
            tail.execute();
        }
        _count = 0;
    }

private:
    Database& _database;
    DbSession& _session;
    std::vector<SessionRow> _rows;
    std::size_t _count = 0;
    std::unique_ptr<Statement> _batch;
};

/// The day records of a program's sessions on one day, or on every day (date empty).
DayLog readDayLog(Database& database, DbSession& session, std::int64_t programId,
                  const std::optional<Date>& date) {
    std::vector<std::string> dates;
    std::vector<int> slots, done, prescribed;
    std::vector<Poco::Nullable<int>> before, after;
    if (date) {
        std::string day = date->toString();
        session << database.sql("SELECT session_date, slot, pain_before, pain_after, done_units, "
                                "prescribed_units FROM sessions WHERE program_id = ? AND "
                                "session_date = ?"),
            bind(programId), bind(day), into(dates), into(slots), into(before), into(after),
            into(done), into(prescribed), now;
    } else {
        session << database.sql("SELECT session_date, slot, pain_before, pain_after, done_units, "
                                "prescribed_units FROM sessions WHERE program_id = ?"),
            bind(programId), into(dates), into(slots), into(before), into(after), into(done),
            into(prescribed), now;
    }
    std::vector<Session> sessions(dates.size());
    for (std::size_t i = 0; i < dates.size(); ++i) {
        sessions[i].date = Date::parse(dates[i]);
        sessions[i].slot = slots[i];
        sessions[i].painBefore = optionalOf(before[i]);
        sessions[i].painAfter = optionalOf(after[i]);
        sessions[i].doneUnits = done[i];
        sessions[i].prescribedUnits = prescribed[i];
    }
    return DayLog::fromSessions(sessions);
}

/// A program's day log as the transaction sees it, locked against other writers until the
/// transaction ends (PostgreSQL: FOR UPDATE; SQLite writes are one at a time already).
/// Builds one a migration left pending; nullopt when the program has none yet.
std::optional<DayLog> lockDayLog(Database& database, DbSession& session, std::int64_t programId) {
    std::vector<std::string> days, cells;
    std::string lock = database.dialect() == SqlDialect::PostgreSQL ? " FOR UPDATE" : "";
    session << database.sql("SELECT first_day, cells FROM adherence_days WHERE program_id = ?" +
                            lock),
        bind(programId), into(days), into(cells), now;
    if (days.empty())
        return std::nullopt;
    if (days[0].empty())
        return readDayLog(database, session, programId, std::nullopt);
    return DayLog(Date::parse(days[0]), cells[0]);
}

/// As above, creating an empty log for the session's program when it has none. The log is
/// looked for first, so that a program's every session but its first costs one statement (a
/// round trip on PostgreSQL). When another transaction creates the log meanwhile, the INSERT
/// waits for it to end and does nothing, and the second look (a statement of its own, so with
/// a fresh snapshot under READ COMMITTED) finds that log.
DayLog lockDayLog(Database& database, DbSession& session, const Session& first) {
    if (std::optional<DayLog> log = lockDayLog(database, session, first.programId))
        return *log;
    std::string firstDay = first.date.toString();
    session << database.sql("INSERT INTO adherence_days (program_id, clinic_id, patient_id, "
                            "first_day, cells) VALUES (?, ?, ?, ?, '') ON CONFLICT (program_id) "
                            "DO NOTHING"),
        bind(first.programId), bind(first.clinicId), bind(first.patientId), bind(firstDay), now;
    std::optional<DayLog> log = lockDayLog(database, session, first.programId);
    if (!log)
        throw Poco::IllegalStateException("the day log of program " +
                                          std::to_string(first.programId) + " vanished");
    return *log;
}

void writeDayLog(Database& database, DbSession& session, std::int64_t programId,
                 const DayLog& log) {
    std::string firstDay = log.first().toString();
    std::string cells = log.cells();
    session << database.sql(
        "UPDATE adherence_days SET first_day = ?, cells = ? WHERE program_id = ?"),
        bind(firstDay), bind(cells), bind(programId), now;
}

std::int64_t sessionIdAt(Database& database, DbSession& session, std::int64_t programId,
                         const std::string& date, int slot) {
    std::vector<std::int64_t> ids;
    session << database.sql(
        "SELECT id FROM sessions WHERE program_id = ? AND session_date = ? AND slot = ?"),
        bind(programId), bind(date), bind(slot), into(ids), now;
    return ids.empty() ? 0 : ids.front();
}

} // namespace

std::vector<SavedSession> SqlStore::writeSessions(DbSession& db,
                                                  const std::vector<Session>& sessions,
                                                  const std::vector<SessionPlace>& remove,
                                                  bool wantIds) {
    Database& database = *_database;
    std::vector<SavedSession> results(sessions.size());

    struct ProgramDays {
        DayLog log;
        std::map<Date, std::vector<const Session*>> fresh; ///< days with no session stored yet
        std::set<Date> stored;                             ///< days that already had some
    };
    std::map<std::int64_t, ProgramDays> programs;

    std::unique_ptr<Statement> deletion;
    SessionRow removed;
    auto removeAt = [&](std::int64_t programId, Date date, int slot) {
        if (!deletion) {
            deletion = std::make_unique<Statement>(db);
            *deletion << database.sql("DELETE FROM sessions WHERE program_id = ? AND "
                                      "session_date = ? AND slot = ?"),
                use(removed.programId), use(removed.date), use(removed.slot);
        }
        removed.programId = programId;
        removed.date = date.toString();
        removed.slot = slot;
        deletion->execute();
        programs[programId].stored.insert(date);
    };
    // A submission seen before writes nothing; within the batch the last session for a
    // program, day and slot wins.
    std::map<std::tuple<std::int64_t, Date, int>, std::size_t> latest;
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        const Session& s = sessions[i];
        std::string date = s.date.toString();
        if (!s.submissionId.empty()) {
            // A new submission is one statement; only one seen before is read back.
            Statement claim(db);
            claim << database.sql("INSERT INTO session_submissions (patient_id, submission_id, "
                                  "program_id, session_date, slot, recorded_at) VALUES "
                                  "(?, ?, ?, ?, ?, ?) ON CONFLICT (patient_id, submission_id) "
                                  "DO NOTHING"),
                bind(s.patientId), bind(s.submissionId), bind(s.programId), bind(date),
                bind(s.slot), bind(s.recordedAt);
            if (claim.execute() == 0) {
                std::vector<std::int64_t> programIds;
                std::vector<std::string> dates;
                std::vector<int> slots;
                db << database.sql("SELECT program_id, session_date, slot FROM "
                                   "session_submissions WHERE patient_id = ? AND "
                                   "submission_id = ?"),
                    bind(s.patientId), bind(s.submissionId), into(programIds), into(dates),
                    into(slots), now;
                if (programIds.empty())
                    throw Poco::Data::DataException("submission " + s.submissionId +
                                                    " was neither new nor stored");
                results[i] = {sessionIdAt(database, db, programIds[0], dates[0], slots[0]), true};
                continue;
            }
        }
        latest[{s.programId, s.date, s.slot}] = i;
    }
    // The day logs are locked only now, after the claims: a program's writers wait for each
    // other from here to their COMMIT, so the less that comes after the lock, the shorter the
    // wait; and a submission seen before locks nothing. They are locked in the order of their
    // program ids (latest's order), the same in every transaction.
    for (const auto& [key, index] : latest)
        if (!programs.count(std::get<0>(key)))
            programs[std::get<0>(key)].log = lockDayLog(database, db, sessions[index]);
    for (const auto& place : remove) {
        if (!programs.count(place.programId)) {
            std::optional<DayLog> log = lockDayLog(database, db, place.programId);
            if (!log)
                continue; // no session was ever logged for the program
            programs[place.programId].log = std::move(*log);
        }
        removeAt(place.programId, place.date, place.slot);
    }

    std::vector<std::size_t> order;
    for (const auto& [key, index] : latest)
        order.push_back(index);
    std::sort(order.begin(), order.end());

    SessionInserter inserter(database, db);
    for (std::size_t index : order) {
        const Session& s = sessions[index];
        ProgramDays& days = programs[s.programId];
        if (days.log.hasData(s.date) || days.stored.count(s.date)) {
            // The day has sessions stored: replace this slot's, recount the day from the table.
            removeAt(s.programId, s.date, s.slot);
        } else {
            days.fresh[s.date].push_back(&s);
        }
        if (wantIds) {
            SessionRow row;
            row.assign(s);
            Statement insert(db);
            insert << insertSql(database, 1) + " RETURNING id";
            row.bindTo(insert);
            insert, into(results[index].id);
            insert.execute();
        } else {
            inserter.add(s);
        }
    }
    inserter.flush();

    for (auto& [programId, days] : programs) {
        if (days.fresh.empty() && days.stored.empty())
            continue;
        for (const auto& [date, list] : days.fresh)
            days.log.set(date, summarizeDay(list));
        for (const Date& date : days.stored)
            days.log.set(date, readDayLog(database, db, programId, date).at(date));
        writeDayLog(database, db, programId, days.log);
    }
    return results;
}

SavedSession SqlStore::saveSession(const Session& session) {
    // A duplicate key means another writer got there first: the same submission (the retry
    // finds it) or the first session of a day or program (the retry replaces it).
    for (int attempt = 0;; ++attempt) {
        try {
            return _database->write(
                [&](DbSession& db) { return writeSessions(db, {session}, {}, true).front(); });
        } catch (const Poco::Exception& error) {
            if (!isDuplicate(error) || attempt == 2)
                throw;
        }
    }
}

std::size_t SqlStore::saveSessions(const std::vector<Session>& sessions,
                                   const std::vector<SessionPlace>& remove) {
    if (sessions.empty() && remove.empty())
        return 0;
    for (int attempt = 0;; ++attempt) {
        try {
            return _database->write([&](DbSession& db) {
                std::size_t written = 0;
                for (const auto& saved : writeSessions(db, sessions, remove, false))
                    written += saved.repeated ? 0 : 1;
                return written;
            });
        } catch (const Poco::Exception& error) {
            if (!isDuplicate(error) || attempt == 2)
                throw;
        }
    }
}

std::vector<Session> SqlStore::sessions(std::int64_t clinicId, std::int64_t patientId, Date from,
                                        Date to) {
    return _database->read([&](DbSession& session) {
        std::string fromText = from.toString();
        std::string toText = to.toString();
        std::vector<std::int64_t> ids, programIds, recorded;
        std::vector<int> versions, slots, doneUnits, prescribedUnits;
        std::vector<std::string> dates, difficulties, notes, sources, entries;
        std::vector<Poco::Nullable<int>> painBefore, painAfter;
        session << _database->sql(
            "SELECT id, program_id, program_version, session_date, slot, pain_before, "
            "pain_after, difficulty, note, source, recorded_at, done_units, "
            "prescribed_units, entries FROM sessions WHERE clinic_id = ? AND patient_id = ? "
            "AND session_date >= ? AND session_date <= ? ORDER BY session_date, slot"),
            bind(clinicId), bind(patientId), bind(fromText), bind(toText), into(ids),
            into(programIds), into(versions), into(dates), into(slots), into(painBefore),
            into(painAfter), into(difficulties), into(notes), into(sources), into(recorded),
            into(doneUnits), into(prescribedUnits), into(entries), now;
        std::vector<Session> list(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            Session& s = list[i];
            s.id = ids[i];
            s.clinicId = clinicId;
            s.patientId = patientId;
            s.programId = programIds[i];
            s.programVersion = versions[i];
            s.date = Date::parse(dates[i]);
            s.slot = slots[i];
            s.painBefore = optionalOf(painBefore[i]);
            s.painAfter = optionalOf(painAfter[i]);
            s.difficulty = difficultyFromString(difficulties[i]).value_or(Difficulty::NotSaid);
            s.note = notes[i];
            s.source = sessionSourceFromString(sources[i]).value_or(SessionSource::PatientLink);
            s.recordedAt = recorded[i];
            s.doneUnits = doneUnits[i];
            s.prescribedUnits = prescribedUnits[i];
            s.entries = entriesFromText(entries[i]);
        }
        return list;
    });
}

std::vector<Date> SqlStore::sessionDays(std::int64_t clinicId, std::int64_t patientId,
                                        std::int64_t programId, Date from, Date to) {
    return _database->read([&](DbSession& session) {
        std::string fromText = from.toString();
        std::string toText = to.toString();
        std::vector<std::string> dates;
        session << _database->sql(
            "SELECT DISTINCT session_date FROM sessions WHERE clinic_id = ? AND patient_id = ? "
            "AND program_id = ? AND session_date >= ? AND session_date <= ? ORDER BY session_date"),
            bind(clinicId), bind(patientId), bind(programId), bind(fromText), bind(toText),
            into(dates), now;
        std::vector<Date> days;
        days.reserve(dates.size());
        for (const auto& date : dates)
            days.push_back(Date::parse(date));
        return days;
    });
}

std::int64_t SqlStore::clinicGeneration(DbSession& session, std::int64_t clinicId) {
    std::int64_t generation = 0;
    // Two look-ups of the primary key's first column (an IN list made SQLite build a
    // temporary index for every read).
    session << _database->sql("SELECT (SELECT COALESCE(SUM(generation), 0) FROM "
                              "clinic_generations WHERE clinic_id = 0) + (SELECT "
                              "COALESCE(SUM(generation), 0) FROM clinic_generations WHERE "
                              "clinic_id = ?)"),
        bind(clinicId), into(generation), now;
    return generation;
}

std::optional<std::int64_t> SqlStore::dataGeneration(std::int64_t clinicId) {
    if (_database->inWrite())
        return std::nullopt;
    return _database->read([&](DbSession& session) { return clinicGeneration(session, clinicId); });
}

void SqlStore::foldEndedWriters() {
    // SQLite counts every change under writer 0: any other writer's count came from elsewhere.
    const std::string ended =
        _database->dialect() == SqlDialect::PostgreSQL
            ? "writer <> 0 AND writer NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS "
              "NOT NULL)"
            : "writer <> 0";
    _database->write([&](DbSession& session) {
        std::vector<std::int64_t> clinics, counts;
        session << "DELETE FROM clinic_generations WHERE " + ended +
                       " RETURNING clinic_id, generation",
            into(clinics), into(counts), now;
        for (std::size_t i = 0; i < clinics.size(); ++i)
            session << _database->sql(
                "INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (?, 0, ?) "
                "ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = "
                "clinic_generations.generation + excluded.generation"),
                bind(clinics[i]), bind(counts[i]), now;
    });
}

std::shared_ptr<const std::vector<CaseloadEntry>> SqlStore::caseload(std::int64_t clinicId) {
    return _database->snapshot([&](DbSession& session) {
        // The generation is read in the same snapshot as the caseload, so what is kept is
        // exactly what that generation holds. Only committed data is kept: inside a write the
        // session sees the write's own changes, which may yet be rolled back.
        const std::int64_t generation = clinicGeneration(session, clinicId);
        std::unique_lock lock(_caseloadsMutex);
        for (auto kept = _caseloads.begin(); kept != _caseloads.end(); ++kept)
            if (kept->first == clinicId && kept->second.generation == generation) {
                _caseloads.splice(_caseloads.begin(), _caseloads, kept);
                return kept->second.entries;
            }
        lock.unlock();
        auto entries =
            std::make_shared<const std::vector<CaseloadEntry>>(readCaseload(session, clinicId));
        if (!_database->inWrite()) {
            std::lock_guard keeping(_caseloadsMutex);
            std::erase_if(_caseloads, [&](const auto& other) { return other.first == clinicId; });
            _caseloads.emplace_front(clinicId, KeptCaseload{generation, entries});
            if (_caseloads.size() > CASELOADS_KEPT)
                _caseloads.pop_back();
        }
        return entries;
    });
}

std::vector<CaseloadEntry> SqlStore::readCaseload(DbSession& session, std::int64_t clinicId) {
    std::vector<CaseloadEntry> entries;
    std::vector<Patient> patients =
        selectPatients(session, "clinic_id = ?", [&](Statement& s) { s, bind(clinicId); });
    entries.resize(patients.size());
    for (std::size_t i = 0; i < patients.size(); ++i)
        entries[i].patient = std::move(patients[i]);
    std::map<std::int64_t, std::string> therapistNames;
    {
        std::vector<std::int64_t> ids;
        std::vector<std::string> names;
        session << _database->sql("SELECT id, name FROM users WHERE clinic_id = ?"), bind(clinicId),
            into(ids), into(names), now;
        for (std::size_t i = 0; i < ids.size(); ++i)
            therapistNames[ids[i]] = names[i];
    }
    std::map<std::int64_t, std::size_t> entryOfPatient;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        entryOfPatient[entries[i].patient.id] = i;
        entries[i].therapistName = therapistNames[entries[i].patient.therapistId];
    }
    // Each patient's current program (the newest of the patient's current episode), with
    // its versions and their stored schedules, in one statement that the index on the
    // programs' clinic finds; the newest program of each patient is picked here.
    std::map<std::int64_t, std::size_t> entryOfProgram;
    {
        std::vector<std::int64_t> programIds, patientIds;
        std::vector<int> numbers, days, sessions;
        std::vector<std::string> effective, starts, ends, titles;
        session << _database->sql(
            "SELECT v.program_id, p.patient_id, v.number, v.effective_from, v.start_date, "
            "v.end_date, v.title, v.days_per_week, v.sessions_per_day FROM programs p "
            "JOIN patients pa ON pa.id = p.patient_id AND pa.episode = p.episode "
            "JOIN program_versions v ON v.program_id = p.id WHERE p.clinic_id = ?"),
            bind(clinicId), into(programIds), into(patientIds), into(numbers), into(effective),
            into(starts), into(ends), into(titles), into(days), into(sessions), now;
        std::map<std::int64_t, std::int64_t> newestProgramOf;
        for (std::size_t i = 0; i < programIds.size(); ++i) {
            std::int64_t& newest = newestProgramOf[patientIds[i]];
            newest = std::max(newest, programIds[i]);
        }
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < programIds.size(); ++i)
            if (newestProgramOf[patientIds[i]] == programIds[i])
                rows.push_back(i);
        // Versions ascending: the last one's title is the program's.
        std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
            return std::tie(programIds[a], numbers[a]) < std::tie(programIds[b], numbers[b]);
        });
        for (std::size_t i : rows) {
            auto found = entryOfPatient.find(patientIds[i]);
            if (found == entryOfPatient.end())
                continue;
            entryOfProgram[programIds[i]] = found->second;
            CaseloadEntry& entry = entries[found->second];
            if (!entry.program)
                entry.program = ProgramSchedule{programIds[i], {}};
            entry.program->versions.push_back({numbers[i], Date::parse(effective[i]),
                                               Date::parse(starts[i]), Date::parse(ends[i]),
                                               days[i], sessions[i]});
            entry.programTitle = titles[i];
        }
    }
    {
        std::vector<std::int64_t> programIds;
        std::vector<std::string> firstDays, cells;
        session << _database->sql("SELECT program_id, first_day, cells FROM adherence_days "
                                  "WHERE clinic_id = ? AND first_day <> ''"),
            bind(clinicId), into(programIds), into(firstDays), into(cells), now;
        for (std::size_t i = 0; i < programIds.size(); ++i)
            if (auto found = entryOfProgram.find(programIds[i]); found != entryOfProgram.end())
                entries[found->second].days =
                    DayLog(Date::parse(firstDays[i]), std::move(cells[i]));
    }
    return entries;
}

FlagRules SqlStore::flagRules(std::int64_t clinicId) {
    return _database->read([&](DbSession& session) {
        std::vector<int> threshold, window, quiet, high, rise;
        session << _database->sql("SELECT threshold_percent, window_days, quiet_days, "
                                  "pain_high, pain_rise FROM clinic_flag_rules WHERE "
                                  "clinic_id = ?"),
            bind(clinicId), into(threshold), into(window), into(quiet), into(high), into(rise), now;
        if (threshold.empty())
            return FlagRules{};
        return FlagRules{threshold[0], window[0], quiet[0], high[0], rise[0]};
    });
}

void SqlStore::setFlagRules(std::int64_t clinicId, const FlagRules& rules) {
    _database->write([&](DbSession& session) {
        session << _database->sql(
            "INSERT INTO clinic_flag_rules (clinic_id, threshold_percent, window_days, "
            "quiet_days, pain_high, pain_rise) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
            "(clinic_id) DO UPDATE SET threshold_percent = excluded.threshold_percent, "
            "window_days = excluded.window_days, quiet_days = excluded.quiet_days, "
            "pain_high = excluded.pain_high, pain_rise = excluded.pain_rise"),
            bind(clinicId), bind(rules.thresholdPercent), bind(rules.windowDays),
            bind(rules.quietDays), bind(rules.painHigh), bind(rules.painRise), now;
    });
}

void SqlStore::buildPendingDayLogs() {
    std::vector<std::int64_t> pending = _database->read([&](DbSession& session) {
        std::vector<std::int64_t> ids;
        session << "SELECT program_id FROM adherence_days WHERE first_day = ''", into(ids), now;
        return ids;
    });
    for (std::int64_t programId : pending)
        _database->write([&](DbSession& session) {
            DayLog log = readDayLog(*_database, session, programId, std::nullopt);
            writeDayLog(*_database, session, programId, log);
        });
}

} // namespace Limber
