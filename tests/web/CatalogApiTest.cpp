// The catalog API as an integrator uses it: search and filters, terms, templates, and a
// clinic admin's own exercises with their revisions.
#include "TestServer.h"
#include "web/Routes.h"

#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <gtest/gtest.h>

using namespace Limber;

namespace {

Poco::JSON::Object::Ptr json(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::vector<std::string> idsOf(const std::string& body, const std::string& key = "exercises") {
    std::vector<std::string> ids;
    auto array = json(body)->getArray(key);
    for (std::size_t i = 0; i < array->size(); ++i)
        ids.push_back(array->getObject(i)->getValue<std::string>("id"));
    return ids;
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string wallSit(const std::string& id = "wall-sit", const std::string& step = "Slide down.") {
    return R"({"id": ")" + id + R"(", "strategy": "strengthen-trunk", "type": "strength",
        "regions": ["thigh"], "position": "standing", "equipment": ["wall"],
        "defaultDose": {"holdSeconds": 20, "reps": 3}, "figure": "sit-to-stand",
        "source": "Bayview protocol",
        "text": {"en": {"name": "Wall sit", "steps": ["Lean on a wall.", ")" +
           step + R"("]},
                 "es": {"name": "Sentadilla en la pared", "steps": ["Apóyese en la pared.",
                        "Baje despacio."]}}})";
}

/// A client signed in as a clinic admin of the test server's clinic.
Testing::HttpTestClient admin(Testing::TestServer& server) {
    server.application().accounts().createUser(server.clinicId(), "ana@bayview.example", "Ana",
                                               Role::Admin, "admin password here");
    Testing::HttpTestClient client = server.client();
    client.signIn("ana@bayview.example", "admin password here");
    return client;
}

} // namespace

TEST(CatalogApi, FiltersAndSearchesInBothLanguagesIgnoringAccents) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    auto spanish = idsOf(therapist.get("/api/v1/exercises?q=rod%C3%ADlla+pecho").body);
    EXPECT_TRUE(has(spanish, "single-knee-to-chest"));
    EXPECT_TRUE(has(spanish, "back-flexion-stretch"));
    EXPECT_EQ(idsOf(therapist.get("/api/v1/exercises?position=kneeling&type=stretch").body),
              (std::vector<std::string>{"childs-pose", "kneeling-hip-flexor-stretch"}));
    auto balance = idsOf(therapist.get("/api/v1/exercises?strategy=build-balance").body);
    EXPECT_EQ(balance.size(), 4u);
    auto neck = idsOf(therapist.get("/api/v1/exercises?region=neck&equipment=chair").body);
    EXPECT_EQ(neck, std::vector<std::string>{"chin-tuck"});
    Testing::HttpReply es = therapist.get("/api/v1/exercises/tree-pose?lang=es");
    EXPECT_EQ(json(es.body)->getValue<std::string>("name"), "Postura del árbol");
    EXPECT_EQ(json(es.body)->getValue<std::string>("figure"), "tree-pose");
}

TEST(CatalogApi, AnUnknownFilterValueIsRefusedNamingTheParameter) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    Testing::HttpReply reply = therapist.get("/api/v1/exercises?region=elbow");
    EXPECT_EQ(reply.status, 400);
    auto fields = json(reply.body)->getObject("error")->getArray("fields");
    EXPECT_EQ(fields->getObject(0)->getValue<std::string>("field"), "region");
    EXPECT_NE(fields->getObject(0)->getValue<std::string>("message").find("lower-back"),
              std::string::npos);
    EXPECT_EQ(therapist.get("/api/v1/exercises?lang=fr").status, 400);
    EXPECT_EQ(therapist.get("/api/v1/exercises?type=yoga").status, 400);
}

TEST(CatalogApi, ListsTermsAndTemplatesAndATemplateIsAProgramBodyReadyToPost) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    auto terms = json(therapist.get("/api/v1/terms?lang=es").body);
    EXPECT_EQ(terms->getArray("strategies")->getObject(0)->getValue<std::string>("label"),
              "Relaje la espalda");
    auto templates = idsOf(therapist.get("/api/v1/templates").body, "templates");
    for (const char* id : {"runners-back-care", "desk-worker", "older-adult-balance", "after-hiit"})
        EXPECT_TRUE(has(templates, id)) << id;

    Testing::HttpReply one =
        therapist.get("/api/v1/templates/runners-back-care?lang=es&startDate=2026-11-23");
    ASSERT_EQ(one.status, 200);
    auto program = json(one.body)->getObject("program");
    EXPECT_EQ(program->getValue<std::string>("title"),
              "Espalda sana para corredores: las cuatro estrategias");
    EXPECT_EQ(program->getValue<std::string>("endDate"), "2027-01-03");
    std::ostringstream body;
    program->stringify(body);
    Testing::HttpReply patient =
        therapist.postJson("/api/v1/patients", R"({"name": "Ana", "recordNumber": "T-1"})");
    std::string patientId = std::to_string(json(patient.body)->getValue<std::int64_t>("id"));
    Testing::HttpReply saved =
        therapist.postJson("/api/v1/patients/" + patientId + "/programs", body.str());
    EXPECT_EQ(saved.status, 201) << saved.body;
    EXPECT_EQ(json(saved.body)->getArray("warnings")->size(), 0u);
    EXPECT_EQ(therapist.get("/api/v1/templates/moonwalk").status, 404);
}

TEST(CatalogApi, AnAdminAddsAndRevisesTheClinicsExerciseAndTherapistsUseIt) {
    Testing::TestServer server;
    Testing::HttpTestClient ana = admin(server);
    Testing::HttpReply created = ana.postJson("/api/v1/exercises", wallSit());
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.header("location"), "/api/v1/exercises/wall-sit");
    EXPECT_EQ(json(created.body)->getObject("exercise")->getValue<int>("revision"), 1);

    Testing::HttpTestClient therapist = server.signedIn();
    EXPECT_EQ(idsOf(therapist.get("/api/v1/exercises?own=true").body),
              std::vector<std::string>{"wall-sit"});
    EXPECT_TRUE(has(idsOf(therapist.get("/api/v1/exercises?q=sentadilla+pared").body), "wall-sit"));
    // Therapists use it but may not change it.
    EXPECT_EQ(therapist.postJson("/api/v1/exercises", wallSit("other")).status, 403);

    Testing::HttpReply revised = ana.postJson("/api/v1/exercises/wall-sit/revisions",
                                              R"({"basedOn": 1, "exercise": )" +
                                                  wallSit("wall-sit", "Slide down slowly.") + "}");
    ASSERT_EQ(revised.status, 201) << revised.body;
    Testing::HttpReply stale = ana.postJson("/api/v1/exercises/wall-sit/revisions",
                                            R"({"basedOn": 1, "exercise": )" + wallSit() + "}");
    EXPECT_EQ(stale.status, 409);
    auto revisions =
        json(therapist.get("/api/v1/exercises/wall-sit/revisions").body)->getArray("revisions");
    ASSERT_EQ(revisions->size(), 2u);
    EXPECT_EQ(revisions->getObject(1)
                  ->getObject("entry")
                  ->getObject("text")
                  ->getObject("en")
                  ->getArray("steps")
                  ->getElement<std::string>(1),
              "Slide down slowly.");
    EXPECT_EQ(revisions->getObject(0)->getValue<std::string>("createdBy"), "Ana");
}

TEST(CatalogApi, BuiltInExercisesAreReadOnlyAndBadEntriesNameTheirFields) {
    Testing::TestServer server;
    Testing::HttpTestClient ana = admin(server);
    Testing::HttpReply entry = ana.get("/api/v1/exercises/tree-pose?format=entry");
    ASSERT_EQ(entry.status, 200);
    EXPECT_EQ(ana.postJson("/api/v1/exercises/tree-pose/revisions",
                           R"({"basedOn": 1, "exercise": )" + entry.body + "}")
                  .status,
              404);
    Testing::HttpReply taken = ana.postJson("/api/v1/exercises", entry.body);
    EXPECT_EQ(taken.status, 400);
    EXPECT_NE(taken.body.find("\"field\":\"id\""), std::string::npos) << taken.body;

    std::string bad = wallSit();
    bad.replace(bad.find("\"reps\": 3"), 9, "\"reps\": 0");
    bad.replace(bad.find("\"thigh\""), 7, "\"elbow\"");
    Testing::HttpReply refused = ana.postJson("/api/v1/exercises", bad);
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(refused.body.find("defaultDose.reps"), std::string::npos) << refused.body;
    EXPECT_NE(refused.body.find("regions[0]"), std::string::npos) << refused.body;
    EXPECT_TRUE(json(ana.get("/api/v1/exercises?own=true").body)->getArray("exercises")->size() ==
                0);
}

TEST(CatalogApi, AProgramWithTheClinicsExercisePinsItsRevision) {
    Testing::TestServer server;
    Testing::HttpTestClient ana = admin(server);
    ASSERT_EQ(ana.postJson("/api/v1/exercises", wallSit()).status, 201);
    Testing::HttpTestClient therapist = server.signedIn();
    Testing::HttpReply patient =
        therapist.postJson("/api/v1/patients", R"({"name": "Ana", "recordNumber": "T-1"})");
    std::string patientId = std::to_string(json(patient.body)->getValue<std::int64_t>("id"));
    Testing::HttpReply saved =
        therapist.postJson("/api/v1/patients/" + patientId + "/programs",
                           Testing::programJson("2026-11-23", "wall-sit", R"({"reps": 4})"));
    ASSERT_EQ(saved.status, 201) << saved.body;
    auto item = json(saved.body)->getArray("items")->getObject(0);
    EXPECT_EQ(item->getValue<int>("exerciseRevision"), 1);
    EXPECT_EQ(item->getObject("dose")->getValue<int>("holdSeconds"), 20); // its default dose
    // The document can be sent back as a revision as it is.
    std::string programId = std::to_string(json(saved.body)->getValue<std::int64_t>("id"));
    EXPECT_EQ(therapist.postJson("/api/v1/programs/" + programId + "/versions", saved.body).status,
              201);
}

TEST(CatalogApi, TheOpenApiFileDocumentsEveryCatalogRouteAndItsFilters) {
    Testing::TestServer server;
    auto paths = json(server.client().get("/api/v1/openapi.json").body)->getObject("paths");
    Router routes = [&] {
        WebContext context = server.application().webContext();
        WebHandlers handlers(context);
        return buildRoutes(handlers);
    }();
    int documented = 0;
    for (const Route& route : routes.routes()) {
        const std::string& p = route.pattern;
        if (p.rfind("/api/v1/", 0) != 0)
            continue;
        if (p.find("/exercises") == std::string::npos && p.find("/terms") == std::string::npos &&
            p.find("/templates") == std::string::npos)
            continue;
        ASSERT_TRUE(paths->has(p)) << p;
        std::string method = Poco::toLower(route.method);
        EXPECT_TRUE(paths->getObject(p)->has(method)) << route.method << " " << p;
        ++documented;
    }
    EXPECT_EQ(documented, 8);
    std::ostringstream list;
    paths->getObject("/api/v1/exercises")
        ->getObject("get")
        ->getArray("parameters")
        ->stringify(list);
    for (const char* parameter : {"\"q\"", "\"strategy\"", "\"region\"", "\"position\"",
                                  "\"equipment\"", "\"type\"", "\"own\"", "\"lang\""})
        EXPECT_NE(list.str().find(parameter), std::string::npos) << parameter;
}
