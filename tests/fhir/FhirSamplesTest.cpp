// Writes the FHIR R4 that Limber produces for the demo clinic and for edge cases into the
// folder named by LIMBER_FHIR_SAMPLES (tests/fhir/validate.mjs checks every file there with two
// outside validators), and checks the mapping's own promises: stable ids, idempotent
// transactions, references that resolve, versions, statuses and the dose in the extension.

#include "../services/ServiceFixture.h"
#include "fhir/FhirMapping.h"
#include "services/DemoClinic.h"
#include "services/FhirRecords.h"

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>

#include <cstdlib>
#include <fstream>
#include <set>

using namespace Limber;

namespace {

std::string samplesDir() {
    const char* dir = std::getenv("LIMBER_FHIR_SAMPLES");
    return dir && *dir ? dir : "";
}

void writeSample(const std::string& name, const Fhir::Json& json) {
    std::string dir = samplesDir();
    if (dir.empty())
        return;
    Poco::File(dir).createDirectories();
    std::ofstream out(dir + "/" + name + ".json", std::ios::binary);
    out << Fhir::toText(json);
    ASSERT_TRUE(out.good()) << "cannot write " << dir << "/" << name << ".json";
}

/// The resource of the list with that type and id, or null.
Fhir::Json find(const std::vector<Fhir::Json>& resources, const std::string& type,
                const std::string& id) {
    for (const auto& resource : resources)
        if (resource->getValue<std::string>("resourceType") == type &&
            resource->getValue<std::string>("id") == id)
            return resource;
    return nullptr;
}

std::vector<Fhir::Json> ofType(const std::vector<Fhir::Json>& resources, const std::string& type) {
    std::vector<Fhir::Json> list;
    for (const auto& resource : resources)
        if (resource->getValue<std::string>("resourceType") == type)
            list.push_back(resource);
    return list;
}

/// Every "reference" string anywhere in json.
void collectReferences(const Poco::Dynamic::Var& node, std::vector<std::string>& out) {
    if (node.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto json = node.extract<Poco::JSON::Object::Ptr>();
        for (const auto& name : json->getNames()) {
            if (name == "reference" && json->get(name).isString())
                out.push_back(json->getValue<std::string>(name));
            else
                collectReferences(json->get(name), out);
        }
    } else if (node.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto list = node.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < list->size(); ++i)
            collectReferences(list->get(i), out);
    }
}

/// The part of the exercise-dose extension named part.
Poco::JSON::Object::Ptr dosePart(const Fhir::Json& request, const std::string& part) {
    auto extension = request->getArray("extension")->getObject(0);
    auto parts = extension->getArray("extension");
    for (std::size_t i = 0; i < parts->size(); ++i)
        if (parts->getObject(i)->getValue<std::string>("url") == part)
            return parts->getObject(i);
    return nullptr;
}

class FhirSamplesTest : public Testing::ServiceFixture {
protected:
    /// Instants on the fixture's day (Wednesday 2026-11-25, 18:30 UTC), as in a real clinic.
    FhirSamplesTest() { clock.advanceSeconds(1'795'631'400 - clock.nowSeconds()); }

    Fhir::PatientRecord recordOf(const Patient& patient) {
        return fhirPatientRecord(store, catalog, clock, bases(), clinicId, patient.id);
    }

    Fhir::Bases bases() const { return fhirBases("https://limber.example.org/", clinicId); }

    /// Writes the patient's resources one by one and as both Bundles; returns the resources.
    std::vector<Fhir::Json> writePatient(const std::string& name, const Patient& patient) {
        Fhir::PatientRecord record = recordOf(patient);
        std::vector<Fhir::Json> resources = Fhir::allResources(record);
        writeSample(name + "-collection", Fhir::collectionBundle(resources, record.bases));
        writeSample(name + "-transaction", Fhir::transactionBundle(record));
        for (const auto& resource : resources)
            writeSample(name + "-" + resource->getValue<std::string>("resourceType") + "-" +
                            resource->getValue<std::string>("id"),
                        resource);
        return resources;
    }

    SessionInput session(Date date, int slot, std::vector<SessionEntry> entries,
                         std::optional<int> before, std::optional<int> after) {
        SessionInput input;
        input.date = date;
        input.slot = slot;
        input.entries = std::move(entries);
        input.painBefore = before;
        input.painAfter = after;
        return input;
    }
};

/// A transaction of a Patient, a CarePlan listing `requests` ServiceRequests (each basedOn the
/// CarePlan, about the Patient) and three Observations basedOn the first request.
Fhir::Json carePlanTransaction(int requests) {
    auto entry = [](const std::string& url, const std::string& type,
                    std::vector<std::pair<std::string, std::vector<std::string>>> refs) {
        Poco::JSON::Object::Ptr resource = new Poco::JSON::Object;
        resource->set("resourceType", type);
        for (const auto& [element, targets] : refs) {
            Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
            for (const auto& target : targets) {
                Poco::JSON::Object::Ptr reference = new Poco::JSON::Object;
                reference->set("reference", target);
                list->add(reference);
            }
            resource->set(element, list);
        }
        Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
        json->set("fullUrl", url);
        json->set("resource", resource);
        return json;
    };
    std::vector<std::string> requestUrls;
    for (int i = 0; i < requests; ++i)
        requestUrls.push_back("urn:uuid:s" + std::to_string(i));
    Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
    entries->add(entry("urn:uuid:p", "Patient", {}));
    entries->add(
        entry("urn:uuid:c", "CarePlan", {{"subject", {"urn:uuid:p"}}, {"activity", requestUrls}}));
    for (const auto& url : requestUrls)
        entries->add(entry(url, "ServiceRequest",
                           {{"basedOn", {"urn:uuid:c"}}, {"subject", {"urn:uuid:p"}}}));
    for (int i = 0; i < 3; ++i)
        entries->add(entry("urn:uuid:o" + std::to_string(i), "Observation",
                           {{"basedOn", {requestUrls.front()}}, {"subject", {"urn:uuid:p"}}}));
    Poco::JSON::Object::Ptr bundle = new Poco::JSON::Object;
    bundle->set("resourceType", "Bundle");
    bundle->set("type", "transaction");
    bundle->set("entry", entries);
    return bundle;
}

/// Checks that parts apply in order: at most max entries each, every reference to an entry of
/// the transaction made to one already applied or in the same part, every entry sent, and the
/// last copy of each entry whole. Returns the number of parts.
std::size_t checkParts(const Fhir::Json& transaction, const std::vector<Fhir::Json>& parts,
                       std::size_t max) {
    std::map<std::string, std::string> wholeText;
    Poco::JSON::Array::Ptr all = transaction->getArray("entry");
    for (std::size_t i = 0; i < all->size(); ++i)
        wholeText[all->getObject(i)->getValue<std::string>("fullUrl")] =
            Fhir::toText(all->getObject(i));
    std::set<std::string> applied;
    std::map<std::string, std::string> lastSent;
    for (const auto& part : parts) {
        EXPECT_EQ(part->getValue<std::string>("type"), "transaction");
        Poco::JSON::Array::Ptr entries = part->getArray("entry");
        EXPECT_LE(entries->size(), max);
        std::set<std::string> here;
        for (std::size_t i = 0; i < entries->size(); ++i)
            here.insert(entries->getObject(i)->getValue<std::string>("fullUrl"));
        for (std::size_t i = 0; i < entries->size(); ++i) {
            Fhir::Json entry = entries->getObject(i);
            std::vector<std::string> refs;
            collectReferences(Poco::Dynamic::Var(entry), refs);
            for (const auto& ref : refs) {
                if (wholeText.count(ref)) {
                    EXPECT_TRUE(applied.count(ref) || here.count(ref))
                        << entry->getValue<std::string>("fullUrl") << " refers ahead to " << ref;
                }
            }
            lastSent[entry->getValue<std::string>("fullUrl")] = Fhir::toText(entry);
        }
        applied.insert(here.begin(), here.end());
    }
    EXPECT_EQ(lastSent, wholeText) << "an entry is missing or its last copy is not whole";
    return parts.size();
}

TEST(FhirMapping, TransactionPartsApplyInOrderWithinTheEntryLimit) {
    // A CarePlan and its 5 requests fit one part of 8 with the Patient: 2 parts in all.
    Fhir::Json small = carePlanTransaction(5);
    EXPECT_EQ(checkParts(small, Fhir::transactionParts(small, 8), 8), 2u);
    // 9 requests do not fit with their CarePlan: it goes first without activity, whole after.
    Fhir::Json large = carePlanTransaction(9);
    std::vector<Fhir::Json> parts = Fhir::transactionParts(large, 8);
    checkParts(large, parts, 8);
    Fhir::Json firstCarePlan =
        parts.front()->getArray("entry")->getObject(1)->getObject("resource");
    EXPECT_EQ(firstCarePlan->getValue<std::string>("resourceType"), "CarePlan");
    EXPECT_FALSE(firstCarePlan->has("activity"));
    EXPECT_TRUE(firstCarePlan->has("subject"));
    // Any limit down to one entry a part.
    for (std::size_t max : {1u, 2u, 3u, 7u, 50u})
        checkParts(large, Fhir::transactionParts(large, max), max);
    EXPECT_EQ(Fhir::transactionParts(large, 50).size(), 1u);
    EXPECT_THROW(Fhir::transactionParts(large, 0), std::invalid_argument);
}

TEST(FhirMapping, ActivityDefinitionIdsFitFhirsSixtyFourCharacters) {
    Fhir::ExerciseData exercise;
    exercise.id = std::string(80, 'a');
    exercise.revision = 12;
    Fhir::ExerciseData sibling = exercise;
    sibling.id.back() = 'b';
    const std::string id = Fhir::activityDefinitionId(exercise);
    EXPECT_LE(id.size(), 64u);
    EXPECT_EQ(id.substr(id.size() - 4), "-r12");
    EXPECT_NE(id, Fhir::activityDefinitionId(sibling)) << "long ids must stay apart";
    EXPECT_EQ(id, Fhir::activityDefinitionId(exercise)) << "and stable";
    for (char c : id)
        EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') << id;
    exercise.id = "tree-pose";
    exercise.revision = 0;
    EXPECT_EQ(Fhir::activityDefinitionId(exercise), "tree-pose");
    exercise.id = std::string(62, 'c');
    exercise.revision = 3;
    EXPECT_EQ(Fhir::activityDefinitionId(exercise).size(), 64u);
}

TEST_F(FhirSamplesTest, APatientWithoutProgramIsAPatientOfTheClinic) {
    Patient patient = addPatient("BV-0");
    std::vector<Fhir::Json> resources = writePatient("no-program", patient);
    ASSERT_EQ(resources.size(), 3u); // Organization, Practitioner, Patient
    Fhir::Json json = find(resources, "Patient", std::to_string(patient.id));
    ASSERT_TRUE(json);
    auto recordNumber = json->getArray("identifier")->getObject(0);
    EXPECT_EQ(recordNumber->getValue<std::string>("value"), "BV-0");
    EXPECT_EQ(recordNumber->getValue<std::string>("system"),
              "https://limber.example.org/fhir/r4/NamingSystem/clinic-" + std::to_string(clinicId) +
                  "-record-number");
    EXPECT_EQ(json->getObject("managingOrganization")->getValue<std::string>("reference"),
              "Organization/" + std::to_string(clinicId));
}

TEST_F(FhirSamplesTest, NamesKeepTheirAccentsAndScripts) {
    // Right-to-left scripts are refused by Limber itself (handouts cannot print them).
    const std::vector<std::pair<std::string, std::string>> names{
        {"José Núñez-Åberg", "es"},   {"王秀英", "en"},    {"Ольга Петрова", "en"},
        {"Ελένη Παπαδοπούλου", "en"}, {"山田 花子", "es"}, {"Nguyễn Thị Ánh", "en"}};
    int n = 0;
    for (const auto& [name, language] : names) {
        Patient patient;
        try {
            patient = patients.create(actor, {name, "", "INTL-" + std::to_string(++n), language});
        } catch (const ValidationException& invalid) {
            FAIL() << name << ": " << invalid.errors().front().field << " "
                   << invalid.errors().front().message;
        }
        programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-2)));
        sessions.log(actor, patient.id,
                     session(clock.today(), 1, {{"back-flexion-stretch", Side::Both, true}}, 2, 1),
                     SessionSource::PatientLink);
        std::vector<Fhir::Json> resources = writePatient("names-" + std::to_string(n), patient);
        Fhir::Json json = find(resources, "Patient", std::to_string(patient.id));
        ASSERT_TRUE(json);
        auto written = json->getArray("name")->getObject(0);
        EXPECT_EQ(written->getValue<std::string>("text"), name);
        // Written as UTF-8 text, read back the same.
        auto parsed =
            Poco::JSON::Parser().parse(Fhir::toText(json)).extract<Poco::JSON::Object::Ptr>();
        EXPECT_EQ(parsed->getArray("name")->getObject(0)->getValue<std::string>("text"), name);
        EXPECT_NE(Fhir::toText(json).find(name), std::string::npos) << "escaped: " << name;
    }
}

TEST_F(FhirSamplesTest, EachSideBreathsRestAndTwoSessionsADayAreInTheDose) {
    Patient patient = addPatient("BV-2");
    Prescription p = runnerProgram(clock.today().plusDays(-3));
    p.items[0].dose.sessionsPerDay = 2; // back-flexion-stretch, hold in seconds
    p.items[0].dose.restSeconds = 15;
    p.items[0].dose.daysPerWeek = 5;
    // tree-pose: hold in breaths, each side (its catalog dose)
    ASSERT_EQ(p.items[1].dose.holdUnit, HoldUnit::Breaths);
    ASSERT_EQ(p.items[1].dose.side, Side::Each);
    programs.create(actor, patient.id, p);
    const Date yesterday = clock.today().plusDays(-1);
    sessions.log(actor, patient.id,
                 session(yesterday, 1,
                         {{"back-flexion-stretch", Side::Both, true},
                          {"tree-pose", Side::Left, true},
                          {"tree-pose", Side::Right, true}},
                         4, 2),
                 SessionSource::PatientLink);
    sessions.log(actor, patient.id,
                 session(yesterday, 2, {{"back-flexion-stretch", Side::Both, true}}, 3, 1),
                 SessionSource::PatientLink);
    // Only the left side today: tree-pose is not done.
    sessions.log(actor, patient.id,
                 session(clock.today(), 1,
                         {{"back-flexion-stretch", Side::Both, true},
                          {"tree-pose", Side::Left, true},
                          {"tree-pose", Side::Right, false}},
                         std::nullopt, 0),
                 SessionSource::PatientLink);
    std::vector<Fhir::Json> resources = writePatient("dose", patient);

    const std::string programId =
        std::to_string(store.programsOfPatient(clinicId, patient.id).front().id);
    Fhir::Json twice = find(resources, "ServiceRequest", programId + "-1-1");
    Fhir::Json breaths = find(resources, "ServiceRequest", programId + "-1-2");
    ASSERT_TRUE(twice && breaths);
    EXPECT_EQ(twice->getObject("occurrenceTiming")->getObject("repeat")->getValue<int>("frequency"),
              2);
    EXPECT_EQ(dosePart(twice, "hold")->getObject("valueDuration")->getValue<int>("value"), 30);
    EXPECT_EQ(dosePart(twice, "rest")->getObject("valueDuration")->getValue<int>("value"), 15);
    EXPECT_EQ(dosePart(twice, "daysPerWeek")->getValue<int>("valueInteger"), 5);
    EXPECT_EQ(dosePart(twice, "side")->getValue<std::string>("valueCode"), "both");
    EXPECT_EQ(dosePart(breaths, "holdBreaths")->getValue<int>("valueInteger"), 5);
    EXPECT_FALSE(dosePart(breaths, "hold"));
    EXPECT_EQ(dosePart(breaths, "side")->getValue<std::string>("valueCode"), "each-side");
    EXPECT_NE(twice->getValue<std::string>("patientInstruction").find("twice a day"),
              std::string::npos)
        << twice->getValue<std::string>("patientInstruction");

    auto sessionsDone = [&](const std::string& date, int item) {
        Fhir::Json json =
            find(resources, "Observation", programId + "-" + date + "-" + std::to_string(item));
        return json ? json->getObject("valueQuantity")->getValue<int>("value") : -1;
    };
    EXPECT_EQ(sessionsDone(yesterday.toString(), 1), 2);
    EXPECT_EQ(sessionsDone(yesterday.toString(), 2), 1);
    EXPECT_EQ(sessionsDone(clock.today().toString(), 1), 1);
    EXPECT_EQ(sessionsDone(clock.today().toString(), 2), 0) << "one side is not the exercise";

    // Pain: two sessions yesterday, before and after each; today after only.
    std::vector<Fhir::Json> pains;
    for (const auto& json : ofType(resources, "Observation"))
        if (json->getObject("code")->getArray("coding")->getObject(0)->getValue<std::string>(
                "code") == "72514-3")
            pains.push_back(json);
    EXPECT_EQ(pains.size(), 5u);
    Fhir::Json second =
        find(resources, "Observation", programId + "-" + yesterday.toString() + "-s2-pain-before");
    ASSERT_TRUE(second);
    EXPECT_EQ(second->getObject("valueQuantity")->getValue<int>("value"), 3);
}

TEST_F(FhirSamplesTest, ARevisedProgramIsANewCarePlanVersionAndReplacesTheRequests) {
    Patient patient = addPatient("BV-3");
    clock.setToday(Date::parse("2026-11-20"));
    Prescription first = runnerProgram(Date::parse("2026-11-18"));
    Program program = programs.create(actor, patient.id, first).program;
    sessions.log(actor, patient.id,
                 session(clock.today(), 1, {{"back-flexion-stretch", Side::Both, true}}, 5, 3),
                 SessionSource::PatientLink);
    clock.setToday(Date::parse("2026-11-25"));
    Prescription second = first;
    second.items[0].dose.reps = 3;
    second.items.erase(second.items.begin() + 1);
    second.items.push_back({"cat-cow", catalog.defaultDose("cat-cow").value(), "Slowly"});
    programs.revise(actor, program.id, second);
    sessions.log(
        actor, patient.id,
        session(clock.today(), 1,
                {{"back-flexion-stretch", Side::Both, true}, {"cat-cow", Side::Both, false}}, 2, 1),
        SessionSource::PatientLink);
    std::vector<Fhir::Json> resources = writePatient("revised", patient);
    const std::string id = std::to_string(program.id);

    Fhir::Json plan = find(resources, "CarePlan", id);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->getObject("meta")->getValue<std::string>("versionId"), "2");
    EXPECT_EQ(plan->getArray("activity")->size(), 2u);
    EXPECT_EQ(plan->getValue<std::string>("status"), "active");

    Fhir::Json old = find(resources, "ServiceRequest", id + "-1-1");
    Fhir::Json now = find(resources, "ServiceRequest", id + "-2-1");
    Fhir::Json added = find(resources, "ServiceRequest", id + "-2-2");
    ASSERT_TRUE(old && now && added);
    EXPECT_EQ(old->getValue<std::string>("status"), "revoked");
    EXPECT_EQ(old->getObject("occurrenceTiming")
                  ->getObject("repeat")
                  ->getObject("boundsPeriod")
                  ->getValue<std::string>("end"),
              "2026-11-24");
    EXPECT_EQ(now->getValue<std::string>("status"), "active");
    EXPECT_EQ(now->getArray("replaces")->getObject(0)->getValue<std::string>("reference"),
              "ServiceRequest/" + id + "-1-1");
    EXPECT_FALSE(added->has("replaces"));
    EXPECT_EQ(added->getArray("note")->getObject(0)->getValue<std::string>("text"), "Slowly");
    // The day logged under version 1 is based on version 1's request.
    Fhir::Json day1 = find(resources, "Observation", id + "-2026-11-20-1");
    ASSERT_TRUE(day1);
    EXPECT_EQ(day1->getArray("basedOn")->getObject(0)->getValue<std::string>("reference"),
              "ServiceRequest/" + id + "-1-1");
    Fhir::Json day2 = find(resources, "Observation", id + "-2026-11-25-2");
    ASSERT_TRUE(day2);
    EXPECT_EQ(day2->getObject("valueQuantity")->getValue<int>("value"), 0);
}

TEST_F(FhirSamplesTest, TheTransactionIsTheSameEveryTimeAndEveryReferenceResolves) {
    Patient patient = addPatient("BV-4");
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    sessions.log(actor, patient.id,
                 session(clock.today(), 1, {{"back-flexion-stretch", Side::Both, true}}, 4, 2),
                 SessionSource::PatientLink);
    Fhir::Json once = Fhir::transactionBundle(recordOf(patient));
    Fhir::Json again = Fhir::transactionBundle(recordOf(patient));
    EXPECT_EQ(Fhir::toText(once), Fhir::toText(again));

    std::set<std::string> fullUrls;
    auto entries = once->getArray("entry");
    for (std::size_t i = 0; i < entries->size(); ++i) {
        auto entry = entries->getObject(i);
        EXPECT_TRUE(fullUrls.insert(entry->getValue<std::string>("fullUrl")).second);
        auto request = entry->getObject("request");
        EXPECT_EQ(request->getValue<std::string>("method"), "PUT");
        EXPECT_NE(request->getValue<std::string>("url").find("?identifier="), std::string::npos);
        EXPECT_FALSE(entry->getObject("resource")->has("id"));
    }
    std::vector<std::string> references;
    collectReferences(Poco::Dynamic::Var(once), references);
    ASSERT_FALSE(references.empty());
    for (const auto& reference : references)
        EXPECT_TRUE(fullUrls.count(reference)) << reference << " is not an entry of the Bundle";

    // The collection's relative references resolve to its own entries too.
    std::vector<Fhir::Json> resources = Fhir::allResources(recordOf(patient));
    references.clear();
    for (const auto& resource : resources)
        collectReferences(Poco::Dynamic::Var(resource), references);
    for (const auto& reference : references) {
        auto slash = reference.find('/');
        EXPECT_TRUE(find(resources, reference.substr(0, slash), reference.substr(slash + 1)))
            << reference;
    }
}

TEST_F(FhirSamplesTest, TheDemoClinicAndTheDoseDefinition) {
    writeSample("StructureDefinition-exercise-dose",
                Fhir::exerciseDoseStructureDefinition(bases()));
    // The demo clinic in a store of its own (it needs an empty database).
    Testing::TestDatabase demoDatabase;
    SqlStore demoStore(demoDatabase.config());
    PatientLinks demoLinks(demoStore, clock, std::string(32, 'k'), "http://127.0.0.1:8080");
    AuditTrail demoAudit(demoStore, clock);
    AccountService demoAccounts(demoStore, clock, demoAudit);
    ASSERT_TRUE(seedDemoClinic(demoStore, clock, demoAccounts, demoLinks, catalog, demoAudit));
    std::vector<Clinic> clinics = demoStore.clinics();
    ASSERT_EQ(clinics.size(), 1u);
    std::size_t observations = 0;
    for (const auto& patient : demoStore.patients(clinics.front().id)) {
        Fhir::Bases demoBases = fhirBases("https://limber.example.org", clinics.front().id);
        Fhir::PatientRecord record =
            fhirPatientRecord(demoStore, catalog, clock, demoBases, clinics.front().id, patient.id);
        std::vector<Fhir::Json> resources = Fhir::allResources(record);
        observations += ofType(resources, "Observation").size();
        writeSample("demo-" + std::to_string(patient.id) + "-collection",
                    Fhir::collectionBundle(resources, demoBases));
        writeSample("demo-" + std::to_string(patient.id) + "-transaction",
                    Fhir::transactionBundle(record));
    }
    EXPECT_GT(observations, 0u) << "the demo clinic's check-ins are missing";
}

} // namespace
