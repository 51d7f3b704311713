#include "CommandTargets.h"

#include "Commands.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>

namespace Limber {

std::int64_t clinicOf(const Arguments& arguments, Store& store) {
    std::vector<Clinic> clinics = store.clinics();
    if (auto asked = arguments.value("clinic")) {
        std::int64_t id = 0;
        if (!Poco::NumberParser::tryParse64(*asked, id))
            throw UsageError{"--clinic must be a clinic id (got \"" + *asked + "\")"};
        for (const auto& clinic : clinics)
            if (clinic.id == id)
                return id;
        throw Poco::NotFoundException("no clinic " + *asked + " in the database");
    }
    if (clinics.empty())
        throw Poco::NotFoundException("the database holds no clinic");
    if (clinics.size() > 1) {
        std::string list;
        for (const auto& clinic : clinics)
            list += (list.empty() ? "" : ", ") + std::to_string(clinic.id) + ": " + clinic.name;
        throw UsageError{"the database holds several clinics; choose one with --clinic ID (" +
                         list + ")"};
    }
    return clinics.front().id;
}

std::int64_t patientOf(const std::string& word, std::int64_t clinicId, Store& store) {
    std::int64_t id = 0;
    if (Poco::NumberParser::tryParse64(word, id) && id > 0 && store.patient(clinicId, id))
        return id;
    for (const auto& patient : store.patients(clinicId))
        if (patient.recordNumber == word)
            return patient.id;
    throw Poco::NotFoundException("no patient with the id or record number \"" + word +
                                  "\" in the clinic");
}

} // namespace Limber
