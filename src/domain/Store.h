#pragma once

#include "Clinic.h"
#include "Date.h"
#include "Patient.h"
#include "Program.h"
#include "Session.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// Where Limber keeps its records. The interface knows no SQL; each call is atomic.
/// Look-ups by id take the clinic too and find nothing in another clinic.
/// Throws Poco::ExistsException on a duplicate unique key, Poco::NotFoundException when a call
/// names a parent record that is missing, and Poco::Data exceptions when the database fails.
class Store {
public:
    virtual ~Store() = default;

    /// Returns when the database answers a trivial query; throws otherwise.
    virtual void ping() = 0;

    virtual std::int64_t createClinic(const Clinic& clinic) = 0;
    virtual std::optional<Clinic> clinic(std::int64_t clinicId) = 0;
    virtual std::vector<Clinic> clinics() = 0;

    virtual std::int64_t createUser(const User& user) = 0;
    virtual std::optional<User> user(std::int64_t userId) = 0;
    /// email is matched as stored (callers lower-case it).
    virtual std::optional<User> userByEmail(const std::string& email) = 0;
    virtual std::vector<User> users(std::int64_t clinicId) = 0;

    virtual void createLoginSession(const LoginSession& session) = 0;
    virtual std::optional<LoginSession> loginSession(const std::string& tokenHash) = 0;
    virtual void touchLoginSession(const std::string& tokenHash, std::int64_t seenAt) = 0;
    virtual void deleteLoginSession(const std::string& tokenHash) = 0;

    /// Adds the patient together with its first check-in link (link's patient id is filled in);
    /// returns the patient's id. Throws Poco::ExistsException when the record number is taken
    /// in the clinic.
    virtual std::int64_t createPatient(const Patient& patient, const PatientLink& firstLink) = 0;
    virtual std::optional<Patient> patient(std::int64_t clinicId, std::int64_t patientId) = 0;
    /// The clinic's patients ordered by name.
    virtual std::vector<Patient> patients(std::int64_t clinicId) = 0;

    virtual std::int64_t createPatientLink(const PatientLink& link) = 0;
    virtual std::optional<PatientLink> patientLinkByTokenHash(const std::string& tokenHash) = 0;
    /// The patient's links, newest first.
    virtual std::vector<PatientLink> patientLinks(std::int64_t clinicId,
                                                  std::int64_t patientId) = 0;

    /// Creates a program for the patient with first as version 1; returns the program id.
    virtual std::int64_t createProgram(std::int64_t clinicId, std::int64_t patientId,
                                       const ProgramVersion& first) = 0;
    /// Appends version as the next version of the program; returns its number.
    virtual int addProgramVersion(std::int64_t clinicId, std::int64_t programId,
                                  const ProgramVersion& version) = 0;
    virtual std::optional<Program> program(std::int64_t clinicId, std::int64_t programId) = 0;
    /// The patient's programs, oldest first.
    virtual std::vector<Program> programsOfPatient(std::int64_t clinicId,
                                                   std::int64_t patientId) = 0;

    /// Saves session, replacing one already logged for the same program, date and slot.
    /// Returns the session's id.
    virtual std::int64_t saveSession(const Session& session) = 0;
    /// The patient's sessions with from <= date <= to, ordered by date and slot.
    virtual std::vector<Session> sessions(std::int64_t clinicId, std::int64_t patientId, Date from,
                                          Date to) = 0;
};

} // namespace Limber
