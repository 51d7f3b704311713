#pragma once

#include "Actor.h"
#include "AuditTrail.h"
#include "EventOutbox.h"
#include "PatientLinks.h"
#include "domain/Adherence.h"
#include "domain/Clock.h"
#include "domain/Store.h"

#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// What a therapist types to add a patient or to edit one. Date of birth, phone and e-mail
/// are optional (empty: not given).
struct PatientDetails {
    std::string name;
    std::string firstName; ///< empty: the first word of name
    std::string recordNumber;
    std::string language = "en";
    std::string birthDate{}; ///< "YYYY-MM-DD"
    std::string phone{};
    std::string email{};
};
using NewPatient = PatientDetails;

/// Validates details, the one rule of every boundary (portal, API): fills patient's fields
/// with the checked values, or throws ValidationException naming each bad field and why.
/// today bounds the date of birth.
void applyPatientDetails(const PatientDetails& details, Date today, Patient& patient);

/// How a patient list is ordered. Sorting is chosen from this fixed set, never from text.
enum class PatientOrder { Name, RecordNumber, Newest };

/// The order named by text ("name", "record", "newest"), or nullopt for anything else.
std::optional<PatientOrder> patientOrderFromString(const std::string& text);

/// An episode of care before the patient's current one, with its programs as they were (every
/// version). The dates are empty for an episode closed before they were recorded and not found
/// in the audit trail.
struct EarlierEpisode {
    int episode = 1;
    std::optional<std::int64_t> admittedAt;
    std::optional<std::int64_t> dischargedAt;
    std::vector<Program> programs; ///< oldest first
};

/// A program of an earlier episode, read-only: its sessions and its adherence from its start
/// to its end.
struct EpisodeProgram {
    Program program;
    std::vector<Session> sessions; ///< of this program, by date and slot
    AdherenceSummary summary;
};

/// One earlier episode opened on its own.
struct EpisodeRecord {
    Patient patient; ///< as it is now
    EarlierEpisode episode;
    std::vector<EpisodeProgram> programs; ///< as episode.programs, with sessions and figures
};

/// Patients and their check-in links. Every call is scoped to the actor's clinic and recorded
/// in the audit trail.
class PatientService {
public:
    /// outbox (optional) receives the patient.discharged event.
    PatientService(Store& store, const Clock& clock, PatientLinks& links, AuditTrail& audit,
                   EventOutbox* outbox = nullptr);

    /// Adds a patient under the actor (as therapist) with a first check-in link. Throws
    /// ValidationException naming each bad field, Poco::ExistsException for a record number
    /// already in use.
    Patient create(const Actor& actor, const NewPatient& input);

    /// Replaces the patient's details (validated as for create). The audit entry lists each
    /// changed field with its old and new value. Throws as create does, and
    /// Poco::NotFoundException when the patient is not in the actor's clinic.
    Patient update(const Actor& actor, std::int64_t patientId, const PatientDetails& input);

    /// Ends the patient's current episode of care: the current program ends today (a new
    /// version; one that had not started yet is shortened to today), every check-in link is
    /// revoked, and the patient leaves the dashboard and the flags but stays in reports and
    /// search. Throws Poco::IllegalStateException when the patient is discharged already.
    Patient discharge(const Actor& actor, std::int64_t patientId);

    /// Starts the patient's next episode of care, with a new check-in link and no program yet
    /// (earlier programs and sessions are kept). Throws Poco::IllegalStateException unless the
    /// patient is discharged.
    Patient readmit(const Actor& actor, std::int64_t patientId);

    /// Throws Poco::NotFoundException when the patient is not in the actor's clinic.
    Patient get(const Actor& actor, std::int64_t patientId);

    /// The patient, read without an audit entry; throws Poco::NotFoundException unless the
    /// patient is in the actor's clinic. For handlers that check scope before reading a body
    /// (and may hand the patient on to the service that audits the request).
    Patient requireInClinic(const Actor& actor, std::int64_t patientId);

    /// The clinic's patients in the given order.
    std::vector<Patient> list(const Actor& actor, PatientOrder order = PatientOrder::Name);

    /// The clinic's patients as list() gives them (ordered, audited), from patients the caller
    /// has just read itself with the store's clinic-wide reads (the caseload's, say), so that a
    /// page showing both reads them once. patients must be all of the actor's clinic's patients.
    std::vector<Patient> listRead(const Actor& actor, std::vector<Patient> patients,
                                  PatientOrder order = PatientOrder::Name);
    /// Audits a view of the clinic's list of count patients, as list() does, for a page that
    /// shows again a list it rendered before.
    void recordList(const Actor& actor, std::size_t count);

    /// The patient's check-in links, newest first.
    std::vector<PatientLink> links(const Actor& actor, std::int64_t patientId);
    /// The same for a patient the caller has read already (get()), without reading it again.
    /// Throws Poco::NotFoundException unless the patient is in the actor's clinic.
    std::vector<PatientLink> links(const Actor& actor, const Patient& patient);
    /// A new link for the patient that works for lifetimeDays (0: until revoked; empty: the
    /// configured lifetime). Older links keep working until revoked or expired. Throws
    /// Poco::IllegalStateException for a discharged patient.
    PatientLink createLink(const Actor& actor, std::int64_t patientId,
                           std::optional<int> lifetimeDays);
    /// Revokes one of the patient's links; throws Poco::NotFoundException when the patient
    /// has no such link in the actor's clinic.
    void revokeLink(const Actor& actor, std::int64_t patientId, std::int64_t linkId);

    /// The episodes of care before patient's current one (patient as read by a view of it),
    /// oldest first, each with its programs; no query at all for a patient in a first episode.
    /// Throws Poco::NotFoundException when the patient is not in the actor's clinic. Not
    /// audited: shown inside a view of the patient that is.
    std::vector<EarlierEpisode> earlierEpisodes(const Actor& actor, const Patient& patient);
    /// One earlier episode with each program's sessions and adherence (from the program's start
    /// to its end, never past today), audited as patient.episode.view. Throws
    /// Poco::NotFoundException when the patient is not in the actor's clinic or episode is not
    /// one of its earlier episodes (the current episode is the patient page's).
    EpisodeRecord earlierEpisode(const Actor& actor, std::int64_t patientId, std::int64_t episode);

private:
    Patient require(const Actor& actor, std::int64_t patientId);
    std::vector<EarlierEpisode> earlierEpisodesOf(const Patient& patient);

    Store& _store;
    const Clock& _clock;
    PatientLinks& _links;
    AuditTrail& _audit;
    EventOutbox* _outbox;
};

} // namespace Limber
