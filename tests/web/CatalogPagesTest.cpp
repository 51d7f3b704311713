// The portal's catalog, the clinic admin's exercise pages and the program builder's templates
// and filters, as a browser without JavaScript uses them.
#include "TestServer.h"
#include "support/TextOrder.h"

#include <gtest/gtest.h>

using namespace Limber;
using Testing::contains;
using Testing::csrfOf;

namespace {

Testing::HttpTestClient admin(Testing::TestServer& server) {
    server.application().accounts().createUser(server.clinicId(), "ana@bayview.example", "Ana",
                                               Role::Admin, "admin password here");
    Testing::HttpTestClient client = server.client();
    client.signIn("ana@bayview.example", "admin password here");
    return client;
}

std::vector<std::pair<std::string, std::string>> wallSitForm(const std::string& csrf) {
    return {{"csrf", csrf},
            {"id", "wall-sit"},
            {"strategy", "strengthen-trunk"},
            {"type", "strength"},
            {"position", "standing"},
            {"regions", "thigh"},
            {"regions", "buttock"},
            {"equipment", "wall"},
            {"figure", "sit-to-stand"},
            {"dose.hold", "20"},
            {"dose.holdUnit", "seconds"},
            {"dose.reps", "3"},
            {"dose.sets", "1"},
            {"dose.side", "both"},
            {"dose.sessionsPerDay", "1"},
            {"dose.daysPerWeek", "3"},
            {"source", "Bayview protocol"},
            {"en.name", "Wall sit"},
            {"en.aliases", "wall squat"},
            {"en.steps", "Stand with your back against a wall.\nSlide down until your knees are "
                         "bent halfway."},
            {"es.name", "Sentadilla en la pared"},
            {"es.steps", "Apoye la espalda en una pared.\nBaje hasta doblar las rodillas."}};
}

} // namespace

TEST(CatalogPages, TheCatalogFindsExercisesByAccentlessSpanishAndByFacet) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    Testing::HttpReply all = therapist.get("/catalog");
    ASSERT_EQ(all.status, 200);
    EXPECT_TRUE(contains(all.body, "32 of 32 exercises"));
    EXPECT_TRUE(contains(all.body, "<img src=\"/figures/tree-pose.svg\""));
    Testing::HttpReply found = therapist.get("/catalog?q=arbol&lang=es");
    EXPECT_TRUE(contains(found.body, "Postura del árbol"));
    EXPECT_TRUE(contains(found.body, "1 of 32 exercises"));
    Testing::HttpReply strap = therapist.get("/catalog?equipment=strap");
    EXPECT_TRUE(contains(strap.body, "Hamstring stretch with a strap"));
    EXPECT_FALSE(contains(strap.body, "Tree pose"));
    EXPECT_EQ(therapist.get("/catalog?region=elbow").status, 400);
}

TEST(CatalogPages, AnExercisePageShowsEveryTextInTheLanguageAsked) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    Testing::HttpReply page = therapist.get("/catalog/back-flexion-stretch?lang=es");
    ASSERT_EQ(page.status, 200);
    for (const char* text : {"Pasos", "Lleve ambas rodillas al pecho", "osteoporosis", "Precaución",
                             "Rodilla al pecho", "Mantener 30 s"})
        EXPECT_TRUE(contains(page.body, text)) << text;
    EXPECT_FALSE(contains(page.body, "Edit</a>")) << "a therapist edits nothing";
    EXPECT_EQ(therapist.get("/catalog/moonwalk").status, 404);
}

TEST(CatalogPages, AnAdminCopiesABuiltInAddsAndEditsAndOldRevisionsStayReadable) {
    Testing::TestServer server;
    Testing::HttpTestClient ana = admin(server);
    Testing::HttpReply copy = ana.get("/admin/exercises/new?from=tree-pose");
    ASSERT_EQ(copy.status, 200);
    EXPECT_TRUE(contains(copy.body, "value=\"tree-pose-adapted\""));
    EXPECT_TRUE(contains(copy.body, "Postura del árbol"));
    EXPECT_TRUE(contains(copy.body, "Adapted from"));

    std::string csrf = csrfOf(copy.body);
    Testing::HttpReply created = ana.postForm("/admin/exercises", wallSitForm(csrf));
    ASSERT_EQ(created.status, 303) << created.body;
    EXPECT_EQ(created.header("location"), "/catalog/wall-sit?saved=1");
    Testing::HttpReply page = ana.get("/catalog/wall-sit");
    EXPECT_TRUE(contains(page.body, "revision 1"));
    EXPECT_TRUE(contains(page.body, "/admin/exercises/wall-sit/edit"));

    auto form = wallSitForm(csrf);
    form.push_back({"basedOn", "1"});
    for (auto& [name, value] : form)
        if (name == "en.steps")
            value = "Lean your back on a wall.\nSlide down slowly.";
    Testing::HttpReply edited = ana.postForm("/admin/exercises/wall-sit", form);
    ASSERT_EQ(edited.status, 303) << edited.body;
    Testing::HttpReply newest = ana.get("/catalog/wall-sit");
    EXPECT_TRUE(contains(newest.body, "Lean your back on a wall."));
    Testing::HttpReply first = ana.get("/catalog/wall-sit?revision=1");
    EXPECT_TRUE(contains(first.body, "Stand with your back against a wall."));
    EXPECT_TRUE(contains(first.body, "not the newest (2)"));

    // The same edit again is stale: refused, and what was typed stays in the form.
    Testing::HttpReply stale = ana.postForm("/admin/exercises/wall-sit", form);
    EXPECT_EQ(stale.status, 409);
    EXPECT_TRUE(contains(stale.body, "Slide down slowly."));
}

TEST(CatalogPages, ANewExercisesIdIsMadeFromItsNameUnlessOneIsTyped) {
    Testing::TestServer server;
    Testing::HttpTestClient ana = admin(server);
    Testing::HttpReply blank = ana.get("/admin/exercises/new");
    EXPECT_TRUE(contains(blank.body, "made from the English name"));
    std::string csrf = csrfOf(blank.body);
    auto named = [&](const std::string& id, const std::string& name) {
        auto form = wallSitForm(csrf);
        for (auto& [field, value] : form) {
            if (field == "id")
                value = id;
            if (field == "en.name")
                value = name;
        }
        return ana.postForm("/admin/exercises", form);
    };
    EXPECT_EQ(named("", "Wall Sit (Against a Door)").header("location"),
              "/catalog/wall-sit-against-a-door?saved=1");
    EXPECT_EQ(named("", "Wall sit, against a door!").header("location"),
              "/catalog/wall-sit-against-a-door-2?saved=1")
        << "the same name again gets an id of its own";
    EXPECT_EQ(named("", "Estiramiento de cuádriceps").header("location"),
              "/catalog/estiramiento-de-cuadriceps?saved=1");
    EXPECT_EQ(named("", "Tree pose").header("location"), "/catalog/tree-pose-2?saved=1")
        << "a built-in exercise's id is taken";
    EXPECT_EQ(named("my-wall-sit", "Wall sit").header("location"), "/catalog/my-wall-sit?saved=1")
        << "a typed id is kept";

    Testing::HttpReply typedTaken = named("my-wall-sit", "Another wall sit");
    EXPECT_EQ(typedTaken.status, 409) << "a typed id already used is refused, not renamed";
    EXPECT_TRUE(contains(typedTaken.body, "already has an exercise with this id"));
    Testing::HttpReply typedBad = named("Wall Sit", "Wall sit");
    EXPECT_EQ(typedBad.status, 400);
    EXPECT_TRUE(contains(typedBad.body, "value=\"Wall Sit\" aria-invalid=\"true\""));
    Testing::HttpReply noName = named("", "");
    EXPECT_EQ(noName.status, 400) << "no name, no id to make";
}

TEST(CatalogPages, TheExerciseFormMarksEachBadFieldAndKeepsWhatWasTyped) {
    Testing::TestServer server;
    Testing::HttpTestClient ana = admin(server);
    std::string csrf = csrfOf(ana.get("/admin/exercises/new").body);
    auto form = wallSitForm(csrf);
    for (auto& [name, value] : form) {
        if (name == "dose.reps")
            value = "lots";
    }
    Testing::HttpReply reply = ana.postForm("/admin/exercises", form);
    EXPECT_EQ(reply.status, 400);
    EXPECT_TRUE(contains(reply.body, "Nothing was saved"));
    EXPECT_TRUE(contains(reply.body, "name=\"dose.reps\" inputmode=\"numeric\" size=\"3\" "
                                     "value=\"lots\" aria-invalid=\"true\""));
    EXPECT_TRUE(contains(reply.body, "Sentadilla en la pared"));
    for (auto& [name, value] : form)
        if (name == "dose.reps")
            value = "0";
    reply = ana.postForm("/admin/exercises", form);
    EXPECT_EQ(reply.status, 400);
    EXPECT_TRUE(contains(reply.body, "defaultDose.reps: must be between 1 and 50"));
    EXPECT_TRUE(server.application().store().clinicExercises(server.clinicId()).empty());
}

TEST(CatalogPages, BuiltInsCannotBeEditedEvenByAnAdmin) {
    Testing::TestServer server;
    Testing::HttpTestClient ana = admin(server);
    EXPECT_EQ(ana.get("/admin/exercises/tree-pose/edit").status, 404);
    std::string csrf = csrfOf(ana.get("/catalog").body);
    EXPECT_EQ(ana.postForm("/admin/exercises/tree-pose", {{"csrf", csrf}}).status, 404);
    Testing::HttpReply page = ana.get("/catalog/tree-pose");
    EXPECT_FALSE(contains(page.body, "/admin/exercises/tree-pose/edit"));
    EXPECT_TRUE(contains(page.body, "/admin/exercises/new?from=tree-pose"));
}

TEST(CatalogPages, TheBuilderStartsFromATemplateInThePatientsLanguage) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    Actor actor{server.clinicId(), 1, Role::Therapist, "Dana", "127.0.0.1"};
    Patient patient =
        server.application().patients().create(actor, {"Lucía Gómez", "", "LG-1", "es"});
    std::string path = "/patients/" + std::to_string(patient.id) + "/program";
    Testing::HttpReply page = therapist.get(path + "?template=older-adult-balance");
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "value=\"Persona mayor: equilibrio y fuerza\""));
    EXPECT_TRUE(contains(page.body, "name=\"ex.sit-to-stand.include\" checked"));
    EXPECT_TRUE(contains(page.body, "value=\"2027-02-16\"")); // 12 weeks from 2026-11-25
    // The chosen exercises come first.
    EXPECT_TRUE(Testing::inOrder(
        page.body, {"ex.marching-in-place.include", "ex.back-flexion-stretch.include"}));
    EXPECT_EQ(therapist.get(path + "?template=moonwalk").status, 400);
}

TEST(CatalogPages, TheBuildersFilterKeepsWhatWasTypedAndTheChosenExercises) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    Actor actor{server.clinicId(), 1, Role::Therapist, "Dana", "127.0.0.1"};
    Patient patient = server.application().patients().create(actor, {"Ana", "", "A-1", "en"});
    std::string path = "/patients/" + std::to_string(patient.id) + "/program";
    std::string csrf = csrfOf(therapist.get(path).body);
    Testing::HttpReply filtered = therapist.postForm(path, {{"csrf", csrf},
                                                            {"action", "filter"},
                                                            {"title", "My typed title"},
                                                            {"startDate", "2026-11-25"},
                                                            {"endDate", "2027-01-05"},
                                                            {"ex.tree-pose.include", "on"},
                                                            {"ex.tree-pose.hold", "7"},
                                                            {"ex.tree-pose.holdUnit", "breaths"},
                                                            {"position", "kneeling"}});
    ASSERT_EQ(filtered.status, 200);
    EXPECT_TRUE(contains(filtered.body, "value=\"My typed title\""));
    EXPECT_TRUE(contains(filtered.body, "name=\"ex.tree-pose.hold\" inputmode=\"numeric\" "
                                        "size=\"4\" value=\"7\""));
    EXPECT_TRUE(contains(filtered.body, "ex.childs-pose.include"));
    EXPECT_FALSE(contains(filtered.body, "ex.calf-stretch.include"));
    EXPECT_TRUE(server.application().programs().current(actor, patient.id) == std::nullopt)
        << "filtering saves nothing";
}

TEST(CatalogPages, TheExerciseEditorKeepsAllRepsOnOneSideFirst) {
    Testing::TestServer server;
    Testing::HttpTestClient ana = admin(server);
    // A copy of the kneeling lunge starts as the catalog does it: one side first.
    Testing::HttpReply copy = ana.get("/admin/exercises/new?from=kneeling-hip-flexor-stretch");
    ASSERT_EQ(copy.status, 200);
    EXPECT_TRUE(contains(copy.body, "<option value=\"each-one-side-first\" selected>each side, "
                                    "all reps on one side first</option>"));
    auto form = wallSitForm(csrfOf(copy.body));
    for (auto& [name, value] : form)
        if (name == "dose.side")
            value = "each-one-side-first";
    ASSERT_EQ(ana.postForm("/admin/exercises", form).status, 303);
    EXPECT_TRUE(contains(ana.get("/catalog/wall-sit").body,
                         "each side: all reps on one side, then switch"));
    Testing::HttpReply edit = ana.get("/admin/exercises/wall-sit/edit");
    ASSERT_EQ(edit.status, 200);
    EXPECT_TRUE(contains(edit.body, "<option value=\"each-one-side-first\" selected>"));
}
