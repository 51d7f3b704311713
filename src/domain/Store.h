#pragma once

#include "ApiKey.h"
#include "AuditEvent.h"
#include "Caseload.h"
#include "Clinic.h"
#include "ClinicExercise.h"
#include "Date.h"
#include "FlagRules.h"
#include "Outbox.h"
#include "PasswordReset.h"
#include "Patient.h"
#include "Program.h"
#include "Session.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// Audit entries waiting for the sealer.
struct AuditBacklog {
    std::size_t unsealed = 0;
    std::size_t overdue = 0;              ///< of those, recorded before the instant asked about
    std::optional<std::int64_t> oldestAt; ///< when the oldest unsealed entry was recorded
};

/// What saving a session did.
struct SavedSession {
    std::int64_t id = 0;   ///< the session now stored for its program, day and slot (0: none)
    bool repeated = false; ///< the submission id was seen before: nothing was written
};

/// A throttle's failures for one key (see Throttle).
struct ThrottleCount {
    int failures = 0;
    std::int64_t lastFailure = 0; ///< epoch seconds
    std::int64_t engagedAt = 0;   ///< when the failures first passed the free ones; 0: not yet
};

/// What opening a check-in link needs first, read at once (see Store::patientLinkEntry).
struct PatientLinkEntry {
    PatientLink link;
    Patient patient;
    std::optional<ThrottleCount> throttle; ///< the count under the throttle key given, if any
    /// The link's clinic's data generation (Store::dataGeneration) read with them; empty
    /// inside a write.
    std::optional<std::int64_t> generation;
};

/// Where one session sits: its program, day and slot.
struct SessionPlace {
    std::int64_t programId = 0;
    Date date;
    int slot = 1;
};

/// Where Limber keeps its records. The interface knows no SQL; each call is atomic.
/// Look-ups by id take the clinic too and find nothing in another clinic.
/// Throws Poco::ExistsException on a duplicate unique key, Poco::NotFoundException when a call
/// names a parent record that is missing, and Poco::Data exceptions when the database fails.
class Store {
public:
    virtual ~Store() = default;

    /// Returns when the database answers a trivial query; throws otherwise.
    virtual void ping() = 0;

    /// Records fingerprint as the fingerprint of the server key every instance on this
    /// database must share, unless one is recorded already; returns the one recorded. When
    /// instances start together on a new database, the first to commit wins.
    virtual std::string claimKeyFingerprint(const std::string& fingerprint) = 0;

    /// Throttle counts, shared by every instance on the database. key is opaque (a hash).
    virtual std::optional<ThrottleCount> throttleCount(const std::string& key) = 0;
    /// Applies change to key's count (a new key starts from ThrottleCount{}) and stores it, in
    /// one transaction with the row locked, so that instances counting one key at once lose
    /// no failure. Returns the count stored.
    virtual ThrottleCount
    changeThrottleCount(const std::string& key,
                        const std::function<void(ThrottleCount&)>& change) = 0;
    virtual void forgetThrottleCount(const std::string& key) = 0;
    /// Forgets the counts whose last failure is before the given time.
    virtual void forgetThrottleCountsBefore(std::int64_t lastFailure) = 0;

    /// Runs work while holding the database-wide lock (the one migrations take), so that of
    /// several instances doing the same one-time work at once (seeding the demo clinic), one
    /// does it and the others, waiting, then find it done. work's writes commit as usual.
    virtual void exclusively(const std::function<void()>& work) = 0;

    /// Runs change() as one transaction: every call it makes on this store is committed
    /// together (durably, before atomically returns) or, when change throws, none is (the
    /// exception goes on to the caller). This is how a change and the audit entry recording it
    /// are written: both or neither.
    virtual void atomically(const std::function<void()>& change) = 0;

    virtual std::int64_t createClinic(const Clinic& clinic) = 0;
    virtual std::optional<Clinic> clinic(std::int64_t clinicId) = 0;
    virtual std::vector<Clinic> clinics() = 0;
    /// Records the paper the clinic prints on; throws Poco::NotFoundException for an unknown
    /// clinic.
    virtual void setClinicPaper(std::int64_t clinicId, PaperSize paper) = 0;

    virtual std::int64_t createUser(const User& user) = 0;
    virtual std::optional<User> user(std::int64_t userId) = 0;
    /// email is matched as stored (callers lower-case it).
    virtual std::optional<User> userByEmail(const std::string& email) = 0;
    virtual std::vector<User> users(std::int64_t clinicId) = 0;
    /// Replaces the user's password hash and removes the user's unused password reset links
    /// (a changed password ends them); throws Poco::NotFoundException for an unknown user.
    virtual void setUserPassword(std::int64_t userId, const std::string& passwordHash) = 0;
    /// Disables or enables the user; throws Poco::NotFoundException for an unknown user.
    virtual void setUserDisabled(std::int64_t userId, bool disabled) = 0;

    virtual void createLoginSession(const LoginSession& session) = 0;
    virtual std::optional<LoginSession> loginSession(const std::string& tokenHash) = 0;
    /// The sign-in session of tokenHash with its user, in one read (a signed-in request's
    /// first); nullopt when there is no such session.
    virtual std::optional<LoginSessionOfUser> loginSessionOfUser(const std::string& tokenHash) = 0;
    virtual void touchLoginSession(const std::string& tokenHash, std::int64_t seenAt) = 0;
    virtual void deleteLoginSession(const std::string& tokenHash) = 0;
    /// Ends every session of the user (after a password change or when disabled).
    virtual void deleteLoginSessionsOfUser(std::int64_t userId) = 0;

    /// Stores reset as the user's only working reset link: their unused links are removed in
    /// the same transaction. Returns its id. Throws Poco::ExistsException when the token hash
    /// is taken.
    virtual std::int64_t createPasswordReset(const PasswordReset& reset) = 0;
    /// The reset link with this token hash, used or not, expired or not.
    virtual std::optional<PasswordReset> passwordResetByHash(const std::string& tokenHash) = 0;
    /// Marks the link used at the instant, unless it was used already or is gone; returns
    /// whether this call did (so that of two uses at once, one wins).
    virtual bool usePasswordReset(std::int64_t resetId, std::int64_t at) = 0;

    /// Adds the patient together with its first check-in link (link's patient id is filled in);
    /// returns the patient's id. Throws Poco::ExistsException when the record number is taken
    /// in the clinic.
    virtual std::int64_t createPatient(const Patient& patient, const PatientLink& firstLink) = 0;
    virtual std::optional<Patient> patient(std::int64_t clinicId, std::int64_t patientId) = 0;
    /// The clinic's patients ordered by name, discharged ones included.
    virtual std::vector<Patient> patients(std::int64_t clinicId) = 0;
    /// Replaces every field of the stored patient (found by clinic and id) but its therapist,
    /// creation time and print choices. Throws Poco::NotFoundException when the clinic has no such
    /// patient, Poco::ExistsException when the record number is taken by another of its patients.
    virtual void updatePatient(const Patient& patient) = 0;
    /// Records how the patient's handouts print (Patient::print), leaving every other field;
    /// throws Poco::NotFoundException when the clinic has no such patient.
    virtual void setPatientPrintChoices(std::int64_t clinicId, std::int64_t patientId,
                                        const PatientPrintChoices& choices) = 0;

    virtual std::int64_t createPatientLink(const PatientLink& link) = 0;
    virtual std::optional<PatientLink> patientLinkByTokenHash(const std::string& tokenHash) = 0;
    /// The link with tokenHash, its patient and the throttle count stored under throttleKey, in
    /// one read (a check-in page view's first three); empty when no link has tokenHash. The
    /// link is returned whether or not it still works.
    virtual std::optional<PatientLinkEntry> patientLinkEntry(const std::string& tokenHash,
                                                             const std::string& throttleKey) = 0;
    /// The patient's links, newest first.
    virtual std::vector<PatientLink> patientLinks(std::int64_t clinicId,
                                                  std::int64_t patientId) = 0;
    /// Marks the link revoked at the instant; returns false when the clinic has no such link
    /// for the patient. Revoking twice keeps the first instant.
    virtual bool revokePatientLink(std::int64_t clinicId, std::int64_t patientId,
                                   std::int64_t linkId, std::int64_t at) = 0;

    // Short check-in codes (see PatientLink::codeHash).
    virtual std::optional<PatientLink> patientLinkByCodeHash(const std::string& codeHash) = 0;
    /// Records the code hash of a link that has none yet (links made before codes existed);
    /// a link that already has one keeps it.
    virtual void setPatientLinkCodeHash(std::int64_t linkId, const std::string& codeHash) = 0;

    virtual std::int64_t createApiKey(const ApiKey& key) = 0;
    virtual std::optional<ApiKey> apiKeyByHash(const std::string& keyHash) = 0;
    /// The clinic's keys, newest first.
    virtual std::vector<ApiKey> apiKeys(std::int64_t clinicId) = 0;
    /// Marks the key revoked; returns false when the clinic has no such key.
    virtual bool revokeApiKey(std::int64_t clinicId, std::int64_t keyId, std::int64_t at) = 0;

    /// Creates a program for the patient with first as version 1; returns the program id.
    virtual std::int64_t createProgram(std::int64_t clinicId, std::int64_t patientId,
                                       const ProgramVersion& first) = 0;
    /// Appends version as the next version of the program; returns its number.
    virtual int addProgramVersion(std::int64_t clinicId, std::int64_t programId,
                                  const ProgramVersion& version) = 0;
    virtual std::optional<Program> program(std::int64_t clinicId, std::int64_t programId) = 0;
    /// The patient's programs of the current episode of care, oldest first (programs of
    /// earlier episodes are still found by id). A new program joins the current episode.
    virtual std::vector<Program> programsOfPatient(std::int64_t clinicId,
                                                   std::int64_t patientId) = 0;

    // --- sessions and adherence ---------------------------------------------------------
    /// Saves session, replacing one already logged for the same program, date and slot, and
    /// brings the program's day log up to date in the same transaction. A session whose
    /// submission id the patient used before changes nothing and comes back as repeated.
    virtual SavedSession saveSession(const Session& session) = 0;
    /// Saves sessions and removes the sessions at the places in remove, in one transaction,
    /// all or none; each session as saveSession does (a later one for the same program, date
    /// and slot replaces an earlier). Made for many sessions at once (a paper log week, an
    /// import). Returns how many were written (repeats skipped).
    virtual std::size_t saveSessions(const std::vector<Session>& sessions,
                                     const std::vector<SessionPlace>& remove) = 0;
    /// The patient's sessions with from <= date <= to, ordered by date and slot.
    virtual std::vector<Session> sessions(std::int64_t clinicId, std::int64_t patientId, Date from,
                                          Date to) = 0;
    /// The days with from <= date <= to on which a session of the program was logged,
    /// ascending, each once (the dates alone: a week's overview needs no more).
    virtual std::vector<Date> sessionDays(std::int64_t clinicId, std::int64_t patientId,
                                          std::int64_t programId, Date from, Date to) = 0;
    /// Every patient of the clinic (ordered by name, discharged ones included) with the
    /// schedule and day log of the newest program of the current episode: what clinic-wide reports
    /// need, read without reading any session. The same object again for as long as no change
    /// of the clinic's data commits, so that what is computed from it may be kept by its
    /// identity (ReportService::caseload).
    virtual std::shared_ptr<const std::vector<CaseloadEntry>> caseload(std::int64_t clinicId) = 0;
    /// A number that grows with every committed change of the clinic's data, whoever makes it.
    /// Read it before reading what is to be kept: what is read after is at least as new, and
    /// while the number stays the same nothing of the clinic changed. Empty inside a write,
    /// whose own changes may yet be rolled back (nothing read there may be kept).
    virtual std::optional<std::int64_t> dataGeneration(std::int64_t clinicId) = 0;
    /// The clinic's flag rules; the defaults until the clinic sets its own.
    virtual FlagRules flagRules(std::int64_t clinicId) = 0;
    virtual void setFlagRules(std::int64_t clinicId, const FlagRules& rules) = 0;

    // --- a clinic's own exercises ---------------------------------------------------------
    /// Adds revision. Its number must be one more than the newest of that exercise in the
    /// clinic (1 for a new exercise); throws Poco::ExistsException when that number is taken,
    /// which is how a new exercise with a taken id and an edit that raced another are refused.
    virtual void addClinicExerciseRevision(const ClinicExerciseRevision& revision) = 0;
    /// The newest revision of each of the clinic's own exercises, ordered by id.
    virtual std::vector<ClinicExerciseRevision> clinicExercises(std::int64_t clinicId) = 0;
    /// Every revision of one of the clinic's exercises, oldest first; empty when the clinic has
    /// no such exercise.
    virtual std::vector<ClinicExerciseRevision>
    clinicExerciseRevisions(std::int64_t clinicId, const std::string& exerciseId) = 0;
    /// One revision, or nullopt when the clinic has no such exercise or revision.
    virtual std::optional<ClinicExerciseRevision>
    clinicExerciseRevision(std::int64_t clinicId, const std::string& exerciseId, int revision) = 0;

    /// Appends event to the audit trail, unsealed; returns the stored entry (with its id). Inside
    /// atomically() it commits with the change it records. There is no call to change or
    /// remove an entry.
    virtual AuditEvent appendAuditEvent(const AuditEvent& event) = 0;
    /// Appends event as appendAuditEvent() does, without waiting within a request: the entry
    /// is committed while the request goes on, and the request's answer waits until it is
    /// durable (see PendingWrites); a write or a read of the audit trail later in the request
    /// waits for it first. Outside a request, and inside atomically(), it is appendAuditEvent().
    virtual void appendAuditEventBeforeAnswer(const AuditEvent& event) = 0;
    /// Chains up to limit committed unsealed entries, in id order, after the newest sealed
    /// entry (filling in seal, previousHash and hash), in one transaction; returns how many.
    /// One sealer at a time per database: on PostgreSQL a call while another instance seals
    /// returns 0 at once (an advisory lock), on SQLite it waits for the write lock.
    virtual std::size_t sealAuditEvents(std::size_t limit) = 0;
    /// How many entries wait for the sealer, how many of them were recorded before
    /// overdueBefore (epoch seconds), and since when.
    virtual AuditBacklog auditBacklog(std::int64_t overdueBefore) = 0;
    /// The clinic's entries with from <= at < to, oldest first.
    virtual std::vector<AuditEvent> auditEvents(std::int64_t clinicId, std::int64_t from,
                                                std::int64_t to) = 0;
    /// The sealed chain (every clinic) after the place afterSeal, in chain order, at most limit.
    virtual std::vector<AuditEvent> auditChain(std::int64_t afterSeal, std::size_t limit) = 0;
    /// When each user of the clinic last signed in: the instant (epoch seconds) of their newest
    /// user.signin entry, by user id. A user who never signed in is not in the map.
    virtual std::map<std::int64_t, std::int64_t> lastSignIns(std::int64_t clinicId) = 0;

    /// Adds entry to the plugins' outbox (see OutboxEntry); inside atomically() it commits with
    /// the change it describes.
    virtual void appendOutboxEntry(const OutboxEntry& entry) = 0;
    /// Up to limit pending entries due at now (nextAttemptAt <= now), oldest first.
    virtual std::vector<OutboxEntry> dueOutboxEntries(std::int64_t now, std::size_t limit) = 0;
    /// Marks an entry delivered at `at`.
    virtual void markOutboxDelivered(std::int64_t entryId, std::int64_t at) = 0;
    /// Records a failed attempt: the new attempt count, when to try next, the error, and
    /// whether the entry is now set aside (dead) for good.
    virtual void markOutboxFailed(std::int64_t entryId, int attempts, std::int64_t nextAttemptAt,
                                  const std::string& error, std::int64_t at, bool dead) = 0;
    /// How recipient's entries stand.
    virtual OutboxStatus outboxStatus(const std::string& recipient) = 0;
    /// recipient's entries in state ("pending", "delivered", "dead"), newest first, at most limit.
    virtual std::vector<OutboxEntry> outboxEntries(const std::string& recipient,
                                                   const std::string& state, std::size_t limit) = 0;
    /// Adds entry unless the outbox holds its event id for its recipient already (a
    /// deterministic id, such as a sessions.missed gap's); returns whether it did. Of several
    /// instances adding the same entry at once, one does. Inside atomically() as above.
    virtual bool appendOutboxEntryOnce(const OutboxEntry& entry) = 0;
    /// Takes a due entry for one delivery attempt, so that of several instances on the
    /// database one delivers it: moves its next attempt from dueAt (as read) to until, unless
    /// it is no longer pending at dueAt (another instance took it first); returns whether this
    /// call took it. An instance that stops before marking it leaves it due again at until.
    virtual bool claimOutboxEntry(std::int64_t entryId, std::int64_t dueAt, std::int64_t until) = 0;

    /// Records an episode of care that just ended, as the patient is re-admitted (inside
    /// atomically(), with the patient's update). Throws Poco::ExistsException when the patient
    /// already has that episode recorded.
    virtual void addPastEpisode(const PastEpisode& episode) = 0;
    /// The patient's episodes of care before the current one, oldest first.
    virtual std::vector<PastEpisode> pastEpisodes(std::int64_t clinicId,
                                                  std::int64_t patientId) = 0;
    /// The patient's programs of every episode before the current one, with all their
    /// versions, ordered by episode and then oldest first (Program::episode tells them apart).
    virtual std::vector<Program> programsOfEarlierEpisodes(std::int64_t clinicId,
                                                           std::int64_t patientId) = 0;
};

} // namespace Limber
