#include "PrintMemory.h"

#include "domain/ValidationException.h"

#include <Poco/Exception.h>

namespace Limber {

namespace {

std::string languageText(const std::string& language) {
    return language.empty() ? "the patient's own" : language;
}

} // namespace

PaperSize PrintMemory::clinicPaper(const Actor& actor) {
    std::optional<Clinic> clinic = _store.clinic(actor.clinicId);
    return clinic ? clinic->paper : PaperSize::Letter;
}

HandoutOptions PrintMemory::handoutOptions(const Actor& actor, const Patient& patient,
                                           const PrintRequest& request) {
    HandoutOptions options;
    options.paper = request.paper ? *request.paper : clinicPaper(actor);
    options.largePrint = request.largePrint.value_or(patient.print.largePrint);
    options.language = request.language.value_or(patient.print.language);
    return options;
}

PaperSize PrintMemory::paper(const Actor& actor, const PrintRequest& request) {
    return request.paper ? *request.paper : clinicPaper(actor);
}

void PrintMemory::remember(const Actor& actor, std::optional<std::int64_t> patientId,
                           const PrintRequest& request) {
    if (request.language && !isHandoutLanguage(*request.language))
        throw ValidationException("language", HANDOUT_LANGUAGE_RULE);
    std::optional<Patient> patient;
    if (patientId) {
        patient = _store.patient(actor.clinicId, *patientId);
        if (!patient)
            throw Poco::NotFoundException("patient " + std::to_string(*patientId));
    }
    const PaperSize before = clinicPaper(actor);
    const bool paperChanged = request.paper && *request.paper != before;
    PatientPrintChoices choices = patient ? patient->print : PatientPrintChoices{};
    if (patient) {
        choices.largePrint = request.largePrint.value_or(choices.largePrint);
        if (request.language)
            choices.language = *request.language == patient->language ? "" : *request.language;
    }
    const bool printChanged = patient && choices != patient->print;
    if (!paperChanged && !printChanged)
        return;
    _store.atomically([&] {
        if (paperChanged) {
            _store.setClinicPaper(actor.clinicId, *request.paper);
            _audit.record(actor, std::nullopt, "clinic.paper",
                          "paper: '" + std::string(paperSizeName(before)) + "' -> '" +
                              std::string(paperSizeName(*request.paper)) + "'");
        }
        if (printChanged) {
            _store.setPatientPrintChoices(actor.clinicId, patient->id, choices);
            std::string changes;
            if (choices.largePrint != patient->print.largePrint)
                changes += std::string("largePrint: ") +
                           (patient->print.largePrint ? "true" : "false") + " -> " +
                           (choices.largePrint ? "true" : "false");
            if (choices.language != patient->print.language)
                changes += (changes.empty() ? "" : "; ") + std::string("language: '") +
                           languageText(patient->print.language) + "' -> '" +
                           languageText(choices.language) + "'";
            _audit.record(actor, patient->id, "patient.print", changes);
        }
    });
}

} // namespace Limber
