// Every route of the route table, called by every kind of caller against another clinic's
// (or another patient's) records: every cross access is denied, nothing of the other clinic
// shows in any answer, and nothing of it changes. The matrix is built from buildRoutes(), so
// a new route is covered the day it is added; a route with a parameter this file does not
// know fails the test until the matrix learns it.
#include "TestServer.h"
#include "web/Routes.h"

#include <Poco/String.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

using namespace Limber;
using Testing::contains;

namespace {

/// What clinic A owns: the objects every foreign caller aims at.
struct ClinicA {
    std::int64_t patientId = 0;
    std::int64_t programId = 0;
    std::int64_t linkId = 0;
    std::int64_t userId = 0;
    std::int64_t apiKeyId = 0;
    std::string linkToken;
    std::string exerciseId; ///< one of clinic A's own exercises
};

/// Text that belongs to clinic A and must never reach another clinic's caller.
const std::vector<std::string> A_SECRETS = {"Quintrell", "ZQ-77", "dana@bayview.example",
                                            "Zelda's back plan"};

struct Caller {
    std::string name;
    Testing::HttpTestClient client;
    bool isApiKey = false;
};

/// The route's path with each {param} replaced by clinic A's object of that kind.
std::string pathFor(const Route& route, const ClinicA& a) {
    std::string path = route.pattern;
    auto replace = [&path](const std::string& param, const std::string& value) {
        path = Poco::replace(path, "{" + param + "}", value);
    };
    const std::string& p = route.pattern;
    if (contains(p, "{id}")) {
        if (p.rfind("/patients/", 0) == 0 || p.rfind("/api/v1/patients/", 0) == 0 ||
            p.rfind("/fhir/r4/", 0) == 0)
            replace("id", std::to_string(a.patientId));
        else if (p.rfind("/api/v1/programs/", 0) == 0)
            replace("id", std::to_string(a.programId));
        else if (p.rfind("/admin/users/", 0) == 0)
            replace("id", std::to_string(a.userId));
        else if (p.rfind("/admin/api-keys/", 0) == 0)
            replace("id", std::to_string(a.apiKeyId));
    }
    replace("exerciseId", a.exerciseId);
    // Templates come from the packs, which every clinic shares: not clinic A's objects.
    replace("templateId", "runners-back-care");
    replace("linkId", std::to_string(a.linkId));
    replace("number", "1");
    replace("episode", "1");
    // A link token is itself the credential: foreign callers do not have clinic A's.
    replace("token", std::string(43, 'A'));
    replace("name", "limber.css");
    replace("figureId", "tree-pose");
    // FHIR: clinic A's patient (Patient/{id}), and the search of patients.
    replace("type", "Patient");
    // An export format of an Exporter plugin (none is loaded here: ExportWebTest checks the
    // exports' scope with one).
    replace("format", "csv");
    return path;
}

/// A valid exercise of the clinic's own, written as a pack entry.
std::string exerciseEntry(const std::string& id) {
    return R"({"id": ")" + id + R"(", "strategy": "strengthen-trunk", "type": "strength",
        "regions": ["thigh"], "position": "standing", "equipment": ["wall"],
        "defaultDose": {"holdSeconds": 20, "reps": 3}, "source": "clinic protocol",
        "text": {"en": {"name": "Wall sit", "steps": ["Slide down a wall."]}}})";
}

/// A body that would be accepted from clinic A's own caller, so that only scope can refuse.
std::string bodyFor(const Route& route) {
    if (route.pattern == "/api/v1/patients/{id}/programs" ||
        route.pattern == "/api/v1/programs/{id}/versions")
        return Testing::programJson("2026-11-16");
    if (route.pattern == "/api/v1/patients/{id}/sessions")
        return R"({"date": "2026-11-24", "entries": []})";
    if (route.pattern == "/api/v1/patients/{id}/paper-log")
        return R"({"weekStart": "2026-11-16", "days": [1, 1, 0, 1, 0, 0, 0], "pain": 3})";
    if (route.pattern == "/api/v1/patients")
        return R"({"name": "New Person", "recordNumber": "NP-1"})";
    if (route.pattern == "/api/v1/auth/login")
        return R"({"email": "nobody@x.example", "password": "wrong password"})";
    if (route.pattern == "/api/v1/exercises")
        return exerciseEntry("made-by-a-caller");
    if (route.pattern == "/api/v1/exercises/{exerciseId}/revisions")
        return R"({"basedOn": 1, "exercise": )" + exerciseEntry("zq-wall-sit") + "}";
    return "{}";
}

Testing::HttpReply call(Caller& caller, const Route& route, const std::string& path) {
    std::map<std::string, std::string> headers;
    if (route.method == "GET")
        return caller.client.request("GET", path, "", "", headers);
    if (route.pattern.rfind("/api/", 0) == 0)
        return caller.client.request(route.method, path, bodyFor(route), "application/json",
                                     headers);
    std::string csrf = caller.client.csrfToken();
    return caller.client.request(route.method, path, Testing::formEncode({{"csrf", csrf}}),
                                 "application/x-www-form-urlencoded", headers);
}

bool hasObjectParameter(const Route& route) {
    return std::regex_search(route.pattern,
                             std::regex("\\{(id|linkId|number|exerciseId|episode)\\}"));
}

/// Everything of clinic A that a write could change, as text.
std::string snapshotOf(Store& store, std::int64_t clinicId, std::int64_t patientId) {
    std::string text;
    for (const auto& patient : store.patients(clinicId))
        text += patient.name + "|" + patient.recordNumber + "|" + patient.phone +
                (patient.discharged() ? " discharged;" : ";");
    for (const auto& program : store.programsOfPatient(clinicId, patientId))
        text += "program " + std::to_string(program.id) + " v" +
                std::to_string(program.versions.size()) + ";";
    text += std::to_string(store
                               .sessions(clinicId, patientId, Date::parse("2000-01-01"),
                                         Date::parse("2100-01-01"))
                               .size()) +
            " sessions;";
    for (const auto& link : store.patientLinks(clinicId, patientId))
        text += "link " + std::to_string(link.id) + (link.revokedAt ? " revoked;" : ";");
    for (const auto& user : store.users(clinicId))
        text += user.email + (user.disabled ? " disabled;" : ";");
    for (const auto& key : store.apiKeys(clinicId))
        text += "key " + std::to_string(key.id) + (key.revokedAt ? " revoked;" : ";");
    for (const auto& exercise : store.clinicExercises(clinicId))
        text += exercise.exerciseId + " r" + std::to_string(exercise.revision) + " " +
                exercise.entry + ";";
    return text;
}

} // namespace

TEST(AccessMatrix, EveryRouteDeniesEveryCrossClinicAndCrossPatientAccess) {
    Testing::TestServer server;
    Application& app = server.application();
    AccountService& accounts = app.accounts();

    // Clinic A: the TestServer's therapist, an admin, a patient with a program, a key.
    User adminA = accounts.createUser(server.clinicId(), "olga@bayview.example", "Olga Admin",
                                      Role::Admin, "admin password A");
    Actor actorA{server.clinicId(), adminA.id, Role::Admin, "Olga Admin", "127.0.0.1"};
    ClinicA a;
    Patient patientA = app.patients().create(actorA, {"Zelda Quintrell", "", "ZQ-77", "en"});
    a.patientId = patientA.id;
    // An earlier episode (episodes/1) to aim at: discharged and re-admitted before the program.
    app.patients().discharge(actorA, a.patientId);
    app.patients().readmit(actorA, a.patientId);
    Prescription p;
    p.title = "Zelda's back plan";
    p.startDate = Date::parse("2026-11-16");
    p.endDate = Date::parse("2026-12-27");
    p.items.push_back({"tree-pose", app.catalog().defaultDose("tree-pose").value(), ""});
    a.programId = app.programs().create(actorA, a.patientId, p).program.id;
    PatientLink linkA = app.patients().links(actorA, a.patientId).front();
    a.linkId = linkA.id;
    a.linkToken = app.links().tokenOf(linkA);
    a.userId = accounts.userByEmail(Testing::TestServer::EMAIL)->id;
    a.apiKeyId = accounts.createApiKey(actorA, "A's EHR").key.id;
    Exercise ownA = app.exercises().copyOf(actorA, "tree-pose", "zq-wall-sit");
    ownA.text["en"].name = "Quintrell wall sit";
    ownA.text["es"].name = "Sentadilla Quintrell";
    a.exerciseId = app.exercises().create(actorA, ownA).exercise.id;

    // Clinic B: a therapist, an admin, a patient with a link, and a key.
    std::int64_t clinicB = accounts.createClinic({0, "Elsewhere PT", "", ""});
    accounts.createUser(clinicB, "tom@elsewhere.example", "Tom", Role::Therapist,
                        "therapist password B");
    User adminB = accounts.createUser(clinicB, "bea@elsewhere.example", "Bea", Role::Admin,
                                      "admin password B");
    Actor actorB{clinicB, adminB.id, Role::Admin, "Bea", "127.0.0.1"};
    Patient patientB = app.patients().create(actorB, {"Bob Other", "", "B-1", "en"});
    std::string tokenB = app.links().tokenOf(app.patients().links(actorB, patientB.id).front());
    std::string keyB = accounts.createApiKey(actorB, "B's EHR").secret;

    const std::string before = snapshotOf(app.store(), server.clinicId(), a.patientId);

    std::vector<Caller> foreign;
    foreign.push_back({"anonymous", server.client()});
    foreign.push_back({"therapist of B", server.client()});
    foreign.back().client.signIn("tom@elsewhere.example", "therapist password B");
    foreign.push_back({"admin of B", server.client()});
    foreign.back().client.signIn("bea@elsewhere.example", "admin password B");
    foreign.push_back({"patient of B", server.client()});
    ASSERT_EQ(foreign.back().client.get("/p/" + tokenB).status, 303);
    foreign.push_back({"API key of B", server.client(), true});
    Caller therapistA{"therapist of A", server.signedIn()};
    Caller adminOfA{"admin of A", server.client()};
    adminOfA.client.signIn("olga@bayview.example", "admin password A");

    Router routes = [&] {
        WebContext context = app.webContext();
        WebHandlers handlers(context);
        return buildRoutes(handlers);
    }();
    ASSERT_GE(routes.routes().size(), 30u);
    // Signing out ends the callers' sessions: those routes go last.
    std::vector<Route> ordered = routes.routes();
    std::stable_partition(ordered.begin(), ordered.end(), [](const Route& route) {
        return route.pattern.find("logout") == std::string::npos;
    });
    int checked = 0;
    for (const Route& route : ordered) {
        std::string path = pathFor(route, a);
        ASSERT_EQ(path.find('{'), std::string::npos)
            << route.pattern << " has a parameter the access matrix does not know; teach "
            << "pathFor() which object of clinic A it names";
        const bool api =
            route.pattern.rfind("/api/", 0) == 0 || route.pattern.rfind("/fhir/", 0) == 0;
        for (Caller& caller : foreign) {
            if (caller.isApiKey && !api)
                continue;
            std::map<std::string, std::string> headers;
            if (caller.isApiKey)
                headers["Authorization"] = "Bearer " + keyB;
            Testing::HttpReply reply =
                route.method == "GET"
                    ? caller.client.request("GET", path, "", "", headers)
                    : caller.client.request(
                          route.method, path, bodyFor(route),
                          api ? "application/json" : "application/x-www-form-urlencoded", headers);
            if (!api && route.method != "GET")
                reply = call(caller, route, path);
            SCOPED_TRACE(caller.name + " " + route.method + " " + path + " -> " +
                         std::to_string(reply.status) + " " + reply.header("location"));
            for (const auto& secret : A_SECRETS)
                EXPECT_FALSE(contains(reply.body, secret)) << "leaks " << secret;
            const bool signedInCaller =
                caller.name == "therapist of B" || caller.name == "admin of B" || caller.isApiKey;
            switch (route.access) {
            case Access::Public:
                break;
            case Access::PatientLink:
                if (caller.name != "patient of B") {
                    EXPECT_EQ(reply.status, 404);
                }
                break;
            case Access::SignedIn:
            case Access::Admin:
                if (!signedInCaller) {
                    if (api)
                        EXPECT_EQ(reply.status, 401);
                    else
                        EXPECT_TRUE(reply.status == 303 &&
                                    reply.header("location").rfind("/login", 0) == 0);
                } else if (route.access == Access::Admin && (caller.name != "admin of B")) {
                    EXPECT_EQ(reply.status, 403);
                } else if (hasObjectParameter(route)) {
                    EXPECT_TRUE(reply.status == 404 || reply.status == 403);
                }
                break;
            }
            ++checked;
        }
        if (route.access == Access::Admin) {
            Testing::HttpReply reply = call(therapistA, route, path);
            EXPECT_EQ(reply.status, 403) << "a therapist on " << route.method << " " << path;
        }
    }
    EXPECT_GT(checked, 150);
    EXPECT_EQ(snapshotOf(app.store(), server.clinicId(), a.patientId), before)
        << "a foreign caller changed clinic A's records";

    // The control: clinic A's own callers do reach every object the matrix aimed at, so the
    // denials above are about scope, not about ids that name nothing.
    for (const Route& route : ordered) {
        if (route.method != "GET" || route.access == Access::Public ||
            route.access == Access::PatientLink)
            continue;
        // Export formats come from Exporter plugins, none loaded here (ExportWebTest has them).
        if (contains(route.pattern, "/export/{format}"))
            continue;
        Caller& own = route.access == Access::Admin ? adminOfA : therapistA;
        Testing::HttpReply reply = own.client.get(pathFor(route, a));
        bool reached = reply.status == 200 ||
                       (reply.status == 303 && reply.header("location").rfind("/login", 0) != 0);
        EXPECT_TRUE(reached) << own.name << " GET " << pathFor(route, a) << " -> " << reply.status;
    }
}
