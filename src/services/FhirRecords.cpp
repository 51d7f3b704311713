#include "services/FhirRecords.h"

#include "domain/DoseText.h"
#include "services/ClinicCatalog.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <map>
#include <set>

namespace Limber {

namespace {

std::string holdUnitName(HoldUnit unit) {
    switch (unit) {
    case HoldUnit::Seconds:
        return "seconds";
    case HoldUnit::Breaths:
        return "breaths";
    case HoldUnit::None:
        break;
    }
    return "";
}

Fhir::DoseData doseData(const Dose& dose, const std::string& nameForPatient,
                        const std::string& language) {
    Fhir::DoseData data;
    data.holdUnit = holdUnitName(dose.holdUnit);
    data.hold = dose.hold;
    data.reps = dose.reps;
    data.sets = dose.sets;
    data.side = std::string(toString(dose.side));
    data.sideOrder = std::string(toString(dose.sideOrder));
    data.sessionsPerDay = dose.sessionsPerDay;
    data.daysPerWeek = dose.daysPerWeek;
    data.restSeconds = dose.restSeconds;
    data.text = nameForPatient + ": " + describeDose(dose, language);
    return data;
}

Fhir::ExerciseData exerciseData(const Exercise& exercise) {
    const ExerciseText& english = exercise.textIn("en");
    Fhir::ExerciseData data;
    data.id = exercise.id;
    data.revision = exercise.revision;
    data.name = english.name;
    data.type = std::string(toString(exercise.type));
    data.regions = exercise.regions;
    data.steps = english.steps;
    data.source = exercise.source;
    return data;
}

/// Whether the session did the exercise: it names it and every side named is done.
bool did(const Session& session, const std::string& exerciseId) {
    bool named = false;
    for (const auto& entry : session.entries) {
        if (entry.exerciseId != exerciseId)
            continue;
        if (!entry.done)
            return false;
        named = true;
    }
    return named;
}

} // namespace

Fhir::Bases fhirBases(const std::string& publicUrl, std::int64_t clinicId,
                      const std::string& recordNumberSystem) {
    std::string base = publicUrl;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    Fhir::Bases bases;
    bases.fhirBase = base + "/fhir/r4";
    bases.canonicalBase = bases.fhirBase;
    bases.recordNumberSystem =
        recordNumberSystem.empty()
            ? bases.fhirBase + "/NamingSystem/clinic-" + std::to_string(clinicId) + "-record-number"
            : recordNumberSystem;
    return bases;
}

Fhir::PatientRecord fhirPatientRecord(Store& store, const Catalog& shared, const Clock& clock,
                                      const Fhir::Bases& bases, std::int64_t clinicId,
                                      std::int64_t patientId) {
    std::optional<Patient> patient = store.patient(clinicId, patientId);
    if (!patient)
        throw Poco::NotFoundException("no patient " + std::to_string(patientId) + " in the clinic");
    std::optional<Clinic> clinic = store.clinic(clinicId);
    if (!clinic)
        throw Poco::NotFoundException("no clinic " + std::to_string(clinicId));

    Fhir::PatientRecord record;
    record.bases = bases;
    record.today = clock.today().toString();
    record.clinic = {std::to_string(clinic->id), clinic->name, clinic->address, clinic->phone};
    record.patient.id = std::to_string(patient->id);
    record.patient.recordNumber = patient->recordNumber;
    record.patient.name = patient->name;
    record.patient.firstName = patient->firstName;
    record.patient.language = patient->language;
    record.patient.birthDate = patient->birthDate;
    record.patient.phone = patient->phone;
    record.patient.email = patient->email;
    record.patient.createdAt = patient->createdAt;

    std::set<std::int64_t> therapistIds;
    auto addTherapist = [&](std::int64_t userId) {
        if (userId <= 0 || !therapistIds.insert(userId).second)
            return;
        std::optional<User> user = store.user(userId);
        if (user && user->clinicId == clinicId)
            record.therapists.push_back({std::to_string(user->id), user->name});
        else
            therapistIds.erase(userId);
    };
    addTherapist(patient->therapistId);
    if (therapistIds.count(patient->therapistId))
        record.patient.therapistId = std::to_string(patient->therapistId);

    std::vector<Program> programs = store.programsOfPatient(clinicId, patientId);
    std::set<std::pair<std::string, int>> exercisesSeen;
    std::optional<Date> firstDay;
    for (const auto& program : programs) {
        Fhir::ProgramData programData;
        programData.id = std::to_string(program.id);
        for (const auto& version : program.versions) {
            const Prescription& prescription = version.prescription;
            Catalog catalog = prescriptionCatalog(store, shared, clinicId, prescription);
            Fhir::VersionData versionData;
            versionData.number = version.number;
            versionData.title = prescription.title;
            versionData.startDate = prescription.startDate.toString();
            versionData.endDate = prescription.endDate.toString();
            versionData.effectiveFrom = version.effectiveFrom.toString();
            versionData.createdAt = version.createdAt;
            addTherapist(version.createdBy);
            if (therapistIds.count(version.createdBy))
                versionData.authorId = std::to_string(version.createdBy);
            for (const auto& item : prescription.items) {
                const Exercise* exercise = catalog.exercise(item.exerciseId);
                std::string nameForPatient =
                    exercise ? exercise->textIn(patient->language).name : item.exerciseId;
                if (exercise && exercisesSeen.insert({exercise->id, exercise->revision}).second)
                    record.exercises.push_back(exerciseData(*exercise));
                versionData.items.push_back(
                    {item.exerciseId, exercise ? exercise->revision : item.exerciseRevision,
                     doseData(item.dose, nameForPatient, patient->language), item.note});
            }
            if (!firstDay || prescription.startDate < *firstDay)
                firstDay = prescription.startDate;
            programData.versions.push_back(std::move(versionData));
        }
        record.programs.push_back(std::move(programData));
    }
    if (!firstDay)
        return record;

    // Sessions grouped by program, day and version, in date order.
    std::map<std::tuple<std::int64_t, Date, int>, std::vector<Session>> days;
    for (auto& session : store.sessions(clinicId, patientId, *firstDay, clock.today()))
        days[{session.programId, session.date, session.programVersion}].push_back(session);
    std::map<std::int64_t, const Program*> programById;
    for (const auto& program : programs)
        programById[program.id] = &program;
    for (const auto& [key, sessions] : days) {
        const auto& [programId, date, versionNumber] = key;
        auto found = programById.find(programId);
        if (found == programById.end())
            continue;
        const ProgramVersion* version = found->second->version(versionNumber);
        if (!version)
            continue;
        std::int64_t recordedAt = 0;
        for (const auto& session : sessions) {
            recordedAt = std::max(recordedAt, session.recordedAt);
            for (bool before : {true, false}) {
                const std::optional<int>& pain = before ? session.painBefore : session.painAfter;
                if (pain)
                    record.pains.push_back({std::to_string(programId), versionNumber,
                                            date.toString(), session.slot, before, *pain,
                                            session.recordedAt});
            }
        }
        for (const auto& item : version->prescription.items) {
            int done = 0;
            for (const auto& session : sessions)
                if (did(session, item.exerciseId))
                    ++done;
            record.days.push_back({std::to_string(programId), versionNumber, date.toString(),
                                   item.exerciseId, done, item.dose.sessionsPerDay, recordedAt});
        }
    }
    return record;
}

} // namespace Limber
