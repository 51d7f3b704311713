#include "ProgramJson.h"

#include "DoseJson.h"
#include "domain/Language.h"

namespace Limber {

namespace {

std::optional<Date> readDate(JsonReader& reader, const std::string& key) {
    auto text = reader.string(key, true, 10);
    if (!text)
        return std::nullopt;
    try {
        return Date::parse(*text);
    } catch (const Poco::InvalidArgumentException& error) {
        reader.fail(key, error.message());
        return std::nullopt;
    }
}

std::optional<ProgramItem> readItem(JsonReader& reader, const DefaultDoseLookup& doses) {
    // exerciseRevision is output only (the revision of a clinic's exercise a saved version
    // prescribed); a new version always prescribes the newest, so it is ignored on input.
    reader.rejectUnknown({"exercise", "dose", "note", "exerciseRevision"});
    auto exerciseId = reader.string("exercise", true, 80);
    auto note = reader.string("note", false, PrescriptionLimits::MAX_NOTE, TextKind::Paragraph);
    if (!exerciseId)
        return std::nullopt;
    std::optional<Dose> base = doses(*exerciseId);
    if (!base) {
        reader.fail("exercise", "\"" + *exerciseId + "\" is not an exercise of the catalog");
        return std::nullopt;
    }
    ProgramItem item{*exerciseId, *base, note.value_or("")};
    if (auto doseReader = reader.object("dose", false)) {
        auto dose = readDose(*doseReader, *base);
        if (!dose)
            return std::nullopt;
        item.dose = *dose;
    }
    return item;
}

Poco::JSON::Object::Ptr newObject() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

} // namespace

std::optional<Prescription> readPrescription(JsonReader& reader, const DefaultDoseLookup& doses) {
    std::size_t errorsBefore = reader.errors().list().size();
    Prescription p;
    p.title = reader.string("title", true, PrescriptionLimits::MAX_TITLE).value_or("");
    auto start = readDate(reader, "startDate");
    auto end = readDate(reader, "endDate");
    if (auto items = reader.objectList("items", true, PrescriptionLimits::MAX_ITEMS)) {
        for (auto& itemReader : *items)
            if (auto item = readItem(itemReader, doses))
                p.items.push_back(std::move(*item));
    }
    if (auto education =
            reader.stringList("education", false, PrescriptionLimits::MAX_EDUCATION, 80))
        p.educationIds = *education;
    p.notes = reader.string("notes", false, PrescriptionLimits::MAX_NOTE, TextKind::Paragraph)
                  .value_or("");
    if (reader.errors().list().size() != errorsBefore || !start || !end)
        return std::nullopt;
    p.startDate = *start;
    p.endDate = *end;
    FieldErrors& errors = reader.errors();
    for (const auto& error : prescriptionErrors(p))
        errors.add(reader.pathOf(error.field), error.message);
    if (reader.errors().list().size() != errorsBefore)
        return std::nullopt;
    return p;
}

ProgramDocument readProgramDocument(std::string_view json, const DefaultDoseLookup& doses,
                                    bool standalone) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(json, "program"), "", errors);
    reader.rejectUnknown({"language", "clinic", "therapist", "patient", "title", "startDate",
                          "endDate", "items", "education", "notes", "version", "id", "patientId",
                          "versions", "warnings"});
    ProgramDocument document;
    if (auto language = reader.enumeration("language", false, 8)) {
        if (isSupportedLanguage(*language))
            document.language = *language;
        else
            reader.fail("language", "must be \"en\" or \"es\" (got \"" + *language + "\")");
    }
    if (standalone) {
        if (auto clinic = reader.object("clinic", true)) {
            clinic->rejectUnknown({"name", "address", "phone"});
            document.clinic.name = clinic->string("name", true).value_or("");
            document.clinic.address =
                clinic->string("address", false, 200, TextKind::Paragraph).value_or("");
            document.clinic.phone = clinic->string("phone", false, 40).value_or("");
        }
        if (auto therapist = reader.object("therapist", true)) {
            therapist->rejectUnknown({"name"});
            document.therapistName = therapist->string("name", true).value_or("");
        }
        if (auto patient = reader.object("patient", true)) {
            patient->rejectUnknown({"name", "firstName", "recordNumber"});
            document.patient.name = patient->string("name", true).value_or("");
            document.patient.firstName = patient->string("firstName", false).value_or("");
            document.patient.recordNumber = patient->string("recordNumber", false, 40).value_or("");
        }
        document.patient.language = document.language;
    }
    if (auto prescription = readPrescription(reader, doses))
        document.prescription = std::move(*prescription);
    errors.throwIfAny();
    return document;
}

Poco::JSON::Object::Ptr programDocumentToJson(const ProgramDocument& document) {
    Poco::JSON::Object::Ptr json = newObject();
    if (document.version > 0)
        json->set("version", document.version);
    json->set("language", document.language);
    Poco::JSON::Object::Ptr clinic = newObject();
    clinic->set("name", document.clinic.name);
    clinic->set("address", document.clinic.address);
    clinic->set("phone", document.clinic.phone);
    json->set("clinic", clinic);
    Poco::JSON::Object::Ptr therapist = newObject();
    therapist->set("name", document.therapistName);
    json->set("therapist", therapist);
    Poco::JSON::Object::Ptr patient = newObject();
    patient->set("name", document.patient.name);
    patient->set("firstName", document.patient.firstName);
    patient->set("recordNumber", document.patient.recordNumber);
    json->set("patient", patient);

    const Prescription& p = document.prescription;
    json->set("title", p.title);
    json->set("startDate", p.startDate.toString());
    json->set("endDate", p.endDate.toString());
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& item : p.items) {
        Poco::JSON::Object::Ptr entry = newObject();
        entry->set("exercise", item.exerciseId);
        entry->set("dose", doseToJson(item.dose));
        if (!item.note.empty())
            entry->set("note", item.note);
        if (item.exerciseRevision > 0)
            entry->set("exerciseRevision", item.exerciseRevision);
        items->add(entry);
    }
    json->set("items", items);
    Poco::JSON::Array::Ptr education = new Poco::JSON::Array;
    for (const auto& id : p.educationIds)
        education->add(id);
    json->set("education", education);
    json->set("notes", p.notes);
    return json;
}

} // namespace Limber
