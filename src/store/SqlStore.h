#pragma once

#include "Database.h"
#include "domain/Store.h"

#include <Poco/Data/Statement.h>

#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace Limber {

/// The Store on Poco::Data, for SQLite and PostgreSQL alike (SQL differences live in
/// SqlDialect). Thread-safe: every call borrows its own connection.
class SqlStore : public Store {
public:
    /// Opens the database and brings its schema up to date with the built-in migrations.
    explicit SqlStore(DatabaseConfig config);
    ~SqlStore() override;

    /// The connections underneath (their use and write batches, for /metrics).
    Database& database() { return *_database; }

    void ping() override;
    std::string claimKeyFingerprint(const std::string& fingerprint) override;
    std::optional<ThrottleCount> throttleCount(const std::string& key) override;
    ThrottleCount changeThrottleCount(const std::string& key,
                                      const std::function<void(ThrottleCount&)>& change) override;
    void forgetThrottleCount(const std::string& key) override;
    void forgetThrottleCountsBefore(std::int64_t lastFailure) override;
    void exclusively(const std::function<void()>& work) override;
    void atomically(const std::function<void()>& change) override;

    std::int64_t createClinic(const Clinic& clinic) override;
    std::optional<Clinic> clinic(std::int64_t clinicId) override;
    std::vector<Clinic> clinics() override;
    void setClinicPaper(std::int64_t clinicId, PaperSize paper) override;

    std::int64_t createUser(const User& user) override;
    std::optional<User> user(std::int64_t userId) override;
    std::optional<User> userByEmail(const std::string& email) override;
    std::vector<User> users(std::int64_t clinicId) override;
    void setUserPassword(std::int64_t userId, const std::string& passwordHash) override;
    void setUserDisabled(std::int64_t userId, bool disabled) override;

    void createLoginSession(const LoginSession& session) override;
    std::optional<LoginSession> loginSession(const std::string& tokenHash) override;
    std::optional<LoginSessionOfUser> loginSessionOfUser(const std::string& tokenHash) override;
    void touchLoginSession(const std::string& tokenHash, std::int64_t seenAt) override;
    void deleteLoginSession(const std::string& tokenHash) override;
    void deleteLoginSessionsOfUser(std::int64_t userId) override;
    std::int64_t createPasswordReset(const PasswordReset& reset) override;
    std::optional<PasswordReset> passwordResetByHash(const std::string& tokenHash) override;
    bool usePasswordReset(std::int64_t resetId, std::int64_t at) override;

    std::int64_t createPatient(const Patient& patient, const PatientLink& firstLink) override;
    std::optional<Patient> patient(std::int64_t clinicId, std::int64_t patientId) override;
    std::vector<Patient> patients(std::int64_t clinicId) override;
    void updatePatient(const Patient& patient) override;
    void setPatientPrintChoices(std::int64_t clinicId, std::int64_t patientId,
                                const PatientPrintChoices& choices) override;

    std::int64_t createPatientLink(const PatientLink& link) override;
    std::optional<PatientLink> patientLinkByTokenHash(const std::string& tokenHash) override;
    std::optional<PatientLinkEntry> patientLinkEntry(const std::string& tokenHash,
                                                     const std::string& throttleKey) override;
    std::vector<PatientLink> patientLinks(std::int64_t clinicId, std::int64_t patientId) override;
    std::optional<PatientLink> patientLinkByCodeHash(const std::string& codeHash) override;
    void setPatientLinkCodeHash(std::int64_t linkId, const std::string& codeHash) override;
    bool revokePatientLink(std::int64_t clinicId, std::int64_t patientId, std::int64_t linkId,
                           std::int64_t at) override;

    std::int64_t createApiKey(const ApiKey& key) override;
    std::optional<ApiKey> apiKeyByHash(const std::string& keyHash) override;
    std::vector<ApiKey> apiKeys(std::int64_t clinicId) override;
    bool revokeApiKey(std::int64_t clinicId, std::int64_t keyId, std::int64_t at) override;

    std::int64_t createProgram(std::int64_t clinicId, std::int64_t patientId,
                               const ProgramVersion& first) override;
    int addProgramVersion(std::int64_t clinicId, std::int64_t programId,
                          const ProgramVersion& version) override;
    std::optional<Program> program(std::int64_t clinicId, std::int64_t programId) override;
    std::vector<Program> programsOfPatient(std::int64_t clinicId, std::int64_t patientId) override;

    // Sessions and adherence: SqlStoreSessions.cpp
    SavedSession saveSession(const Session& session) override;
    std::size_t saveSessions(const std::vector<Session>& sessions,
                             const std::vector<SessionPlace>& remove) override;
    std::vector<Session> sessions(std::int64_t clinicId, std::int64_t patientId, Date from,
                                  Date to) override;
    std::vector<Date> sessionDays(std::int64_t clinicId, std::int64_t patientId,
                                  std::int64_t programId, Date from, Date to) override;
    std::shared_ptr<const std::vector<CaseloadEntry>> caseload(std::int64_t clinicId) override;
    std::optional<std::int64_t> dataGeneration(std::int64_t clinicId) override;
    FlagRules flagRules(std::int64_t clinicId) override;
    void setFlagRules(std::int64_t clinicId, const FlagRules& rules) override;

    void addClinicExerciseRevision(const ClinicExerciseRevision& revision) override;
    std::vector<ClinicExerciseRevision> clinicExercises(std::int64_t clinicId) override;
    std::vector<ClinicExerciseRevision>
    clinicExerciseRevisions(std::int64_t clinicId, const std::string& exerciseId) override;
    std::optional<ClinicExerciseRevision> clinicExerciseRevision(std::int64_t clinicId,
                                                                 const std::string& exerciseId,
                                                                 int revision) override;

    AuditEvent appendAuditEvent(const AuditEvent& event) override;
    void appendAuditEventBeforeAnswer(const AuditEvent& event) override;
    std::vector<AuditEvent> auditEvents(std::int64_t clinicId, std::int64_t from,
                                        std::int64_t to) override;
    std::size_t sealAuditEvents(std::size_t limit) override;
    AuditBacklog auditBacklog(std::int64_t overdueBefore) override;
    std::vector<AuditEvent> auditChain(std::int64_t afterSeal, std::size_t limit) override;
    std::map<std::int64_t, std::int64_t> lastSignIns(std::int64_t clinicId) override;
    void addPastEpisode(const PastEpisode& episode) override;
    std::vector<PastEpisode> pastEpisodes(std::int64_t clinicId, std::int64_t patientId) override;
    std::vector<Program> programsOfEarlierEpisodes(std::int64_t clinicId,
                                                   std::int64_t patientId) override;

    void appendOutboxEntry(const OutboxEntry& entry) override;
    std::vector<OutboxEntry> dueOutboxEntries(std::int64_t now, std::size_t limit) override;
    void markOutboxDelivered(std::int64_t entryId, std::int64_t at) override;
    void markOutboxFailed(std::int64_t entryId, int attempts, std::int64_t nextAttemptAt,
                          const std::string& error, std::int64_t at, bool dead) override;
    OutboxStatus outboxStatus(const std::string& recipient) override;
    std::vector<OutboxEntry> outboxEntries(const std::string& recipient, const std::string& state,
                                           std::size_t limit) override;
    bool appendOutboxEntryOnce(const OutboxEntry& entry) override;
    bool claimOutboxEntry(std::int64_t entryId, std::int64_t dueAt, std::int64_t until) override;

private:
    /// The patients the where clause selects (bindings bind its values), ordered by name.
    std::vector<Patient>
    selectPatients(Poco::Data::Session& session, const std::string& where,
                   const std::function<void(Poco::Data::Statement&)>& bindings);
    /// Builds the day logs a migration left to build (first_day ''), from the sessions.
    void buildPendingDayLogs();
    /// Writes sessions inside the caller's transaction; see saveSessions.
    std::vector<SavedSession> writeSessions(Poco::Data::Session& db,
                                            const std::vector<Session>& sessions,
                                            const std::vector<SessionPlace>& remove, bool wantIds);

    /// Inserts event as a new unsealed entry (its hashes and seal not stored); returns its id.
    std::int64_t insertAuditEvent(Poco::Data::Session& session, const AuditEvent& event);
    /// The patient's programs of the episodes `episodes` selects (an SQL condition on p, the
    /// program, and pa, the patient), with all their versions, in `order` (SQL, on p).
    std::vector<Program> programsOfEpisodes(std::int64_t clinicId, std::int64_t patientId,
                                            const char* episodes, const char* order);
    /// The program as stored, from the programs read before when its newest version is still
    /// newestVersion (versions never change once written), else read and kept.
    std::optional<Program> knownProgram(Poco::Data::Session& session, std::int64_t clinicId,
                                        std::int64_t programId, int newestVersion);
    /// The program kept from an earlier read when it is the clinic's and its newest version is
    /// newestVersion; null otherwise (never kept inside a write: see knownProgram).
    std::shared_ptr<const Program> keptProgram(std::int64_t clinicId, std::int64_t programId,
                                               int newestVersion);

    /// The clinic's data generation as the session sees it: the sum of the counts schema 18's
    /// triggers keep, which grows with every committed change of the clinic's data (and with
    /// every change whose clinic was no longer found, clinic 0's).
    std::int64_t clinicGeneration(Poco::Data::Session& session, std::int64_t clinicId);
    /// Folds the generation counts of PostgreSQL backends that ended into writer 0 (each
    /// clinic's sum stays the same), so that the counts read stay a few rows a clinic.
    void foldEndedWriters();
    /// Reads the clinic's caseload (see caseload) in the caller's snapshot.
    std::vector<CaseloadEntry> readCaseload(Poco::Data::Session& session, std::int64_t clinicId);

    std::unique_ptr<Database> _database;
    /// Each clinic's caseload as read at a generation: given again while the clinic's
    /// generation has not moved; at most CASELOADS_KEPT clinics, the least recently read
    /// forgotten first.
    struct KeptCaseload {
        std::int64_t generation = 0;
        std::shared_ptr<const std::vector<CaseloadEntry>> entries;
    };
    static constexpr std::size_t CASELOADS_KEPT = 16;
    std::mutex _caseloadsMutex;
    std::list<std::pair<std::int64_t, KeptCaseload>> _caseloads;
    /// Programs read before, by id (see knownProgram); emptied when it reaches PROGRAMS_KEPT.
    static constexpr std::size_t PROGRAMS_KEPT = 4096;
    std::mutex _programsMutex;
    std::unordered_map<std::int64_t, std::shared_ptr<const Program>> _programs;
};

} // namespace Limber
