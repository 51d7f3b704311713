// The therapist's portal and the patient's check-in page, as a browser without JavaScript
// uses them: forms, redirects, marked fields, kept input.
#include "TestServer.h"
#include "support/TestFiles.h"
#include "support/TextOrder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <regex>

using namespace Limber;
using Testing::contains;
using Testing::csrfOf;

namespace {

/// Signs in through the form like a browser; returns the CSRF token of the first page.
std::string signInWithForm(Testing::HttpTestClient& browser) {
    Testing::HttpReply reply =
        browser.postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                    {"password", Testing::TestServer::PASSWORD},
                                    {"next", "/patients"}});
    EXPECT_EQ(reply.status, 303);
    EXPECT_EQ(reply.header("location"), "/patients");
    return csrfOf(browser.get("/patients").body);
}

std::vector<std::pair<std::string, std::string>> runnerForm(const std::string& csrf,
                                                            const std::string& reps = "2") {
    return {{"csrf", csrf},
            {"title", "Runner's back care"},
            {"startDate", "2026-11-23"},
            {"endDate", "2027-01-03"},
            {"ex.back-flexion-stretch.include", "on"},
            {"ex.back-flexion-stretch.hold", "30"},
            {"ex.back-flexion-stretch.holdUnit", "seconds"},
            {"ex.back-flexion-stretch.reps", reps},
            {"ex.back-flexion-stretch.sets", "1"},
            {"ex.back-flexion-stretch.side", "both"},
            {"ex.back-flexion-stretch.sessionsPerDay", "1"},
            {"ex.back-flexion-stretch.daysPerWeek", "5"},
            {"ex.back-flexion-stretch.order", "2"},
            {"ex.tree-pose.include", "on"},
            {"ex.tree-pose.hold", "5"},
            {"ex.tree-pose.holdUnit", "breaths"},
            {"ex.tree-pose.reps", "1"},
            {"ex.tree-pose.side", "each"},
            {"ex.tree-pose.order", "1"},
            {"ex.tree-pose.note", "Next to a wall"},
            {"edu.warm-up", "on"}};
}

} // namespace

TEST(Portal, SigningInWithAWrongPasswordKeepsTheEmail) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    Testing::HttpReply reply = browser.postForm(
        "/login", {{"email", "dana@bayview.example"}, {"password", "nope"}, {"next", "/"}});
    EXPECT_EQ(reply.status, 401);
    EXPECT_TRUE(contains(reply.body, "The email or password is wrong."));
    EXPECT_TRUE(contains(reply.body, "value=\"dana@bayview.example\""));
}

TEST(Portal, SignInNeverRedirectsToAnotherSite) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    Testing::HttpReply reply =
        browser.postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                    {"password", Testing::TestServer::PASSWORD},
                                    {"next", "//evil.example/x"}});
    EXPECT_EQ(reply.header("location"), "/");
}

TEST(Portal, ANewPatientFormKeepsWhatWasTypedAndMarksTheWrongField) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    Testing::HttpReply invalid = browser.postForm(
        "/patients", {{"csrf", csrf}, {"name", "José Núñez-Åberg"}, {"recordNumber", ""}});
    EXPECT_EQ(invalid.status, 400);
    EXPECT_TRUE(contains(invalid.body, "value=\"José Núñez-Åberg\""));
    EXPECT_TRUE(contains(invalid.body,
                         "name=\"recordNumber\" required maxlength=\"40\" "
                         "autocomplete=\"off\" dir=\"auto\" value=\"\" aria-invalid=\"true\" "
                         "aria-describedby=\"recordNumber-error\""));
    // The summary names the field by its label and links to it; the note sits by the field.
    EXPECT_TRUE(contains(invalid.body, "<a href=\"#recordNumber\">Record number</a>: must be"));
    EXPECT_TRUE(contains(invalid.body, "id=\"recordNumber-error\">must be 1 to 40 characters<"));
    EXPECT_FALSE(contains(invalid.body,
                          "name=\"name\" required maxlength=\"120\" "
                          "autocomplete=\"off\" dir=\"auto\" value=\"José Núñez-Åberg\" "
                          "aria-invalid"));
    Testing::HttpReply created = browser.postForm(
        "/patients", {{"csrf", csrf}, {"name", "José Núñez-Åberg"}, {"recordNumber", "BV-1"}});
    ASSERT_EQ(created.status, 303);
    Testing::HttpReply page = browser.get(created.header("location"));
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "José Núñez-Åberg"));
    EXPECT_TRUE(contains(page.body, "/p/"));
}

TEST(Portal, PortalPagesSendTheirOriginAndRefuseANullOne) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    EXPECT_EQ(browser.get("/login").header("referrer-policy"), "same-origin");
    Testing::HttpReply reply =
        browser.request("POST", "/login",
                        Testing::formEncode({{"email", Testing::TestServer::EMAIL},
                                             {"password", Testing::TestServer::PASSWORD}}),
                        "application/x-www-form-urlencoded", {{"Origin", "null"}});
    EXPECT_EQ(reply.status, 403);
    EXPECT_TRUE(browser.cookie("__Host-limber_session").empty());
}

TEST(Portal, AFormWithoutTheCsrfTokenChangesNothing) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    signInWithForm(browser);
    Testing::HttpReply reply =
        browser.postForm("/patients", {{"name", "Eve"}, {"recordNumber", "X"}});
    EXPECT_EQ(reply.status, 403);
    EXPECT_TRUE(server.application()
                    .patients()
                    .list({server.clinicId(), 1, Role::Therapist, "Dana"})
                    .empty());
}

TEST(Portal, BuildingAProgramSavesVersionsAndMarksImpossibleDoses) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string patient =
        browser
            .postForm("/patients", {{"csrf", csrf}, {"name", "Mei Tanaka"}, {"recordNumber", "B2"}})
            .header("location");

    Testing::HttpReply form = browser.get(patient + "/program");
    EXPECT_EQ(form.status, 200);
    EXPECT_TRUE(contains(form.body, "Kneeling hip flexor stretch"));

    Testing::HttpReply invalid = browser.postForm(patient + "/program", runnerForm(csrf, "0"));
    EXPECT_EQ(invalid.status, 400);
    EXPECT_TRUE(contains(invalid.body, "Nothing was saved"));
    EXPECT_TRUE(contains(invalid.body,
                         "name=\"ex.back-flexion-stretch.reps\" inputmode=\"numeric\" "
                         "size=\"4\" value=\"0\" aria-invalid=\"true\" "
                         "aria-describedby=\"reps-back-flexion-stretch-error\""));
    EXPECT_TRUE(
        contains(invalid.body, "<p class=\"field-error\" id=\"reps-back-flexion-stretch-error\">"))
        << "the message sits beside the field it is about";
    EXPECT_TRUE(contains(invalid.body, "value=\"Next to a wall\"")) << "typed note lost";

    Testing::HttpReply saved = browser.postForm(patient + "/program", runnerForm(csrf));
    ASSERT_EQ(saved.status, 303);
    Testing::HttpReply page = browser.get(saved.header("location"));
    EXPECT_TRUE(contains(page.body, "version 1"));
    // The order field put tree pose first.
    EXPECT_TRUE(Testing::inOrder(page.body, {"Tree pose", "Back flexion stretch"}));
    EXPECT_TRUE(contains(page.body, "Hold 5 breaths · 1 rep · each side"));
    ASSERT_EQ(browser.postForm(patient + "/program", runnerForm(csrf, "3")).status, 303);
    EXPECT_TRUE(contains(browser.get(patient).body, "version 2"));

    Testing::HttpReply pdf = browser.get(patient + "/handout.pdf?paper=a4");
    EXPECT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
    EXPECT_EQ(browser.get(patient + "/handout.pdf?paper=legal").status, 400);
}

TEST(Portal, ThePatientPageOffersPaperLargePrintAndTheHandoutsLanguage) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string patient = browser
                              .postForm("/patients", {{"csrf", csrf},
                                                      {"name", "Lucía Fernández"},
                                                      {"recordNumber", "B5"},
                                                      {"language", "es"}})
                              .header("location");
    ASSERT_EQ(browser.postForm(patient + "/program", runnerForm(csrf)).status, 303);

    // A form that works without JavaScript; the patient's own language is chosen.
    std::string page = browser.get(patient).body;
    EXPECT_TRUE(contains(page, "<form method=\"post\" action=\"" + patient + "/handout.pdf\""));
    EXPECT_TRUE(contains(page, "<select id=\"print-paper\" name=\"paper\"><option "
                               "value=\"letter\" selected>Letter</option><option "
                               "value=\"a4\">A4</option></select>"));
    EXPECT_TRUE(contains(page, "<option value=\"es\" selected>Español</option>"));
    EXPECT_TRUE(contains(page, "<option value=\"en\">English</option>"));
    EXPECT_TRUE(contains(page, "<input type=\"checkbox\" name=\"largePrint\" value=\"true\">"));

    // What the form sends: A4, large print, English for a Spanish-speaking patient.
    auto printed = [&](const std::string& query) {
        Testing::HttpReply reply = browser.get(patient + "/handout.pdf?" + query);
        EXPECT_EQ(reply.status, 200) << query << "\n" << reply.body;
        Testing::TempDir dir;
        Testing::writeFile(dir.file("h.pdf"), reply.body);
        return std::pair{Testing::runProcess("pdfinfo", {dir.file("h.pdf")}).out,
                         Testing::runProcess("pdftotext", {dir.file("h.pdf"), "-"}).out};
    };
    auto [a4Info, a4Text] = printed("paper=a4&lang=en&largePrint=true");
    EXPECT_TRUE(contains(a4Info, "595.276 x 841.89 pts (A4)")) << a4Info;
    EXPECT_TRUE(contains(a4Text, "Your home exercise program")) << a4Text;
    auto [letterInfo, spanishText] = printed("paper=letter&lang=es");
    EXPECT_TRUE(contains(letterInfo, "612 x 792 pts (letter)")) << letterInfo;
    EXPECT_TRUE(contains(spanishText, "Su programa de ejercicios en casa"));
    auto [ownInfo, ownText] = printed("lang=");
    EXPECT_TRUE(contains(ownText, "Su programa de ejercicios en casa")) << "the patient's own";
    // Large print takes more pages than the same handout in normal print.
    auto pages = [](const std::string& info) {
        std::size_t at = info.find("Pages:");
        return at == std::string::npos ? 0 : std::stoi(info.substr(at + 6));
    };
    EXPECT_GT(pages(printed("paper=a4&lang=en&largePrint=true").first),
              pages(printed("paper=a4&lang=en").first));

    // Unknown values are refused, naming the field.
    for (const auto& [query, field] :
         std::vector<std::pair<std::string, std::string>>{{"paper=legal", "paper"},
                                                          {"paper=A5", "paper"},
                                                          {"lang=fr", "lang"},
                                                          {"lang=EN", "lang"},
                                                          {"lang=es-MX", "lang"},
                                                          {"largePrint=yes", "largePrint"},
                                                          {"largePrint=", "largePrint"}}) {
        Testing::HttpReply refused = browser.get(patient + "/handout.pdf?" + query);
        EXPECT_EQ(refused.status, 400) << query;
        EXPECT_TRUE(contains(refused.body, field)) << query << "\n" << refused.body;
    }
    // The reports offer the paper size too, and their PDFs follow it.
    std::string report = browser.get(patient + "/report").body;
    EXPECT_TRUE(contains(report, "action=\"" + patient + "/report.pdf\""));
    EXPECT_TRUE(contains(report, "name=\"paper\"><option value=\"letter\" selected>"));
    std::string clinic = browser.get("/reports/clinic?sort=adherence&order=desc").body;
    EXPECT_TRUE(contains(clinic, "action=\"/reports/clinic.pdf\""));
    EXPECT_TRUE(contains(clinic, "<input type=\"hidden\" name=\"sort\" value=\"adherence\">"
                                 "<input type=\"hidden\" name=\"order\" value=\"desc\">"));
    for (const std::string& path : {patient + "/report.pdf", std::string("/reports/clinic.pdf")}) {
        Testing::HttpReply pdf = browser.get(path + "?paper=a4");
        ASSERT_EQ(pdf.status, 200) << path;
        Testing::TempDir dir;
        Testing::writeFile(dir.file("r.pdf"), pdf.body);
        EXPECT_TRUE(contains(Testing::runProcess("pdfinfo", {dir.file("r.pdf")}).out, "(A4)"))
            << path;
    }
}

TEST(Portal, TheCheckInPageSpeaksThePatientsLanguageAndKeepsTodaysEntry) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor actor{server.clinicId(), 1, Role::Therapist, "Dana"};
    Patient patient = app.patients().create(actor, {"Lucía Fernández", "", "B3", "es"});
    Prescription p;
    p.title = "Equilibrio";
    p.startDate = Date::parse("2026-11-20");
    p.endDate = Date::parse("2026-12-31");
    p.items.push_back({"tree-pose", app.catalog().defaultDose("tree-pose").value(), ""});
    app.programs().create(actor, patient.id, p);
    std::string url = app.links().currentUrl(server.clinicId(), patient.id).value();
    std::string path = url.substr(url.find("/p/"));

    Testing::HttpTestClient phone = server.client();
    Testing::HttpReply swap = phone.get(path);
    ASSERT_EQ(swap.status, 303) << "the printed link swaps its token for a cookie";
    EXPECT_EQ(swap.header("location"), "/p");
    Testing::HttpReply page = phone.get("/p");
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Hola, <bdi>Lucía"));
    EXPECT_TRUE(contains(page.body, "lang=\"es\""));
    EXPECT_TRUE(contains(page.body, "Mantener 5 respiraciones"));
    EXPECT_EQ(page.header("referrer-policy"), "no-referrer");

    std::string csrf = csrfOf(page.body);
    ASSERT_FALSE(csrf.empty());
    Testing::HttpReply badPain =
        phone.postForm("/p", {{"csrf", csrf}, {"painBefore", "12"}, {"note", "me duele"}});
    EXPECT_EQ(badPain.status, 400);
    EXPECT_TRUE(contains(badPain.body, "me duele")) << "typed note lost";

    // Browsers post from a no-referrer page with "Origin: null"; the form token stands in.
    Testing::HttpReply posted = phone.request(
        "POST", "/p",
        Testing::formEncode({{"csrf", csrf}, {"done", "tree-pose:left"}, {"painBefore", "3"}}),
        "application/x-www-form-urlencoded", {{"Origin", "null"}});
    ASSERT_EQ(posted.status, 303) << posted.body;
    EXPECT_EQ(posted.header("location"), "/p?saved=1");
    Testing::HttpReply again = phone.get(posted.header("location"));
    EXPECT_TRUE(contains(again.body, "Guardado"));
    EXPECT_TRUE(contains(again.body, "value=\"tree-pose:left\" checked"));
    EXPECT_FALSE(contains(again.body, "value=\"tree-pose:right\" checked"));
}

TEST(Portal, AnUnknownLinkIsAFriendlyNotFound) {
    Testing::TestServer server;
    Testing::HttpReply page = server.client().get("/p/" + std::string(43, 'A'));
    EXPECT_EQ(page.status, 404);
    EXPECT_TRUE(contains(page.body, "This link does not work"));
    EXPECT_EQ(server.client().get("/p").status, 404) << "no link cookie";
    EXPECT_EQ(server.client().postForm("/p", {{"painBefore", "1"}}).status, 404);
}

TEST(Portal, StaticFilesAreServedAndNothingElse) {
    Testing::TestServer server;
    Testing::HttpReply css = server.client().get("/static/limber.css");
    EXPECT_EQ(css.status, 200);
    EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
    Testing::HttpReply script = server.client().get("/static/limber.js");
    EXPECT_EQ(script.status, 200);
    EXPECT_EQ(script.header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(server.client().get("/static/..%2F..%2Fetc%2Fpasswd").status, 404);
    EXPECT_EQ(server.client().get("/static/missing.css").status, 404);
}

TEST(Portal, APageAnsweringAFormAsksToBeAPlainVisitInTheHistory) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    // The script (static/limber.js) turns the history entry into the form's own address, so
    // Back never resends the form.
    Testing::HttpReply invalid =
        browser.postForm("/patients", {{"csrf", csrf}, {"name", "Ana"}, {"recordNumber", ""}});
    EXPECT_EQ(invalid.status, 400);
    EXPECT_TRUE(contains(invalid.body, "data-after-post=\"/patients/new\""));
    EXPECT_TRUE(contains(invalid.body, "<script src=\"/static/limber.js\" defer></script>"));
    EXPECT_FALSE(contains(browser.get("/patients/new").body, "data-after-post"));
}

TEST(Portal, TheMenuMarksWhereTheUserIs) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    signInWithForm(browser);
    std::string list = browser.get("/patients").body;
    EXPECT_TRUE(contains(list, "<a href=\"/patients\" aria-current=\"page\">Patients</a>"));
    EXPECT_TRUE(contains(list, "<a href=\"/patients/new\">New patient</a>"));
    std::string form = browser.get("/patients/new").body;
    EXPECT_TRUE(contains(form, "<a href=\"/patients\">Patients</a>"));
    EXPECT_TRUE(contains(form, "<a href=\"/patients/new\" aria-current=\"page\">"));
    EXPECT_TRUE(contains(form, "<a class=\"skip-link\" href=\"#main\">Skip to content</a>"));
    EXPECT_TRUE(contains(form, "<main id=\"main\" tabindex=\"-1\">"));
}

TEST(Portal, AnErrorPageKeepsTheSignedInUsersHeader) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    Testing::HttpReply missing = browser.get("/patients/99999");
    EXPECT_EQ(missing.status, 404);
    EXPECT_TRUE(contains(missing.body, "Dana Whitfield"));
    EXPECT_EQ(csrfOf(missing.body), csrf) << "signing out works from an error page";
    EXPECT_TRUE(contains(missing.body, "Back to the patient list"));
    Testing::HttpReply linkError = server.client().get("/p/" + std::string(43, 'A'));
    EXPECT_FALSE(contains(linkError.body, "class=\"topbar\"")) << "no portal menu for patients";
}

namespace {

/// A new patient (created through the form) and the address of their page.
std::string newPatient(Testing::HttpTestClient& browser, const std::string& csrf,
                       const std::string& name, const std::string& record) {
    return browser.postForm("/patients", {{"csrf", csrf}, {"name", name}, {"recordNumber", record}})
        .header("location");
}

/// runnerForm with one field changed (or added).
std::vector<std::pair<std::string, std::string>>
withField(std::vector<std::pair<std::string, std::string>> form, const std::string& name,
          const std::string& value) {
    for (auto& [field, current] : form)
        if (field == name) {
            current = value;
            return form;
        }
    form.emplace_back(name, value);
    return form;
}

/// The program's list of a builder page, from <ol> to </ol>; empty when the page has none.
std::string chosenList(const std::string& page) {
    return Testing::between(page, "<ol class=\"chosen-list\">", "</ol>");
}

/// What marks an exercise's row in that list.
std::string row(const std::string& exerciseId) {
    return "data-exercise=\"" + exerciseId + "\"";
}

} // namespace

TEST(Portal, TheBuilderMovesAndRemovesExercisesWithoutSaving) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string patient = newPatient(browser, csrf, "Mei Tanaka", "B2");

    // Tree pose is first (order 1); moving the back flexion stretch up puts it first.
    Testing::HttpReply moved = browser.postForm(
        patient + "/program", withField(runnerForm(csrf), "action", "up:back-flexion-stretch"));
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_TRUE(
        Testing::inOrder(chosenList(moved.body), {row("back-flexion-stretch"), row("tree-pose")}));
    EXPECT_TRUE(contains(moved.body, "name=\"ex.back-flexion-stretch.order\" inputmode=\"numeric\" "
                                     "size=\"4\" value=\"1\""));
    EXPECT_TRUE(contains(moved.body, "value=\"Next to a wall\"")) << "typed note lost";

    Testing::HttpReply removed = browser.postForm(
        patient + "/program", withField(runnerForm(csrf), "action", "remove:tree-pose"));
    ASSERT_EQ(removed.status, 200);
    std::string left = chosenList(removed.body);
    ASSERT_FALSE(left.empty()) << "no program list";
    EXPECT_FALSE(contains(left, row("tree-pose")));
    EXPECT_TRUE(contains(left, row("back-flexion-stretch")));
    EXPECT_TRUE(contains(removed.body, "id=\"ex-tree-pose\" name=\"ex.tree-pose.include\">"))
        << "tree pose is back in the catalog, not ticked";

    EXPECT_TRUE(contains(browser.get(patient).body, "No program yet")) << "nothing was saved";
}

TEST(Portal, TheBuilderShowsAGuardrailBesideItsFieldAndChecksAsYouType) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string patient = newPatient(browser, csrf, "Mei Tanaka", "B2");
    auto shortHold = withField(runnerForm(csrf), "ex.back-flexion-stretch.hold", "8");

    Testing::HttpReply page =
        browser.postForm(patient + "/program", withField(shortHold, "action", "filter"));
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "aria-describedby=\"hold-back-flexion-stretch-warning\""));
    EXPECT_TRUE(contains(page.body, "<p class=\"field-warning\" id=\"hold-back-flexion-stretch-"
                                    "warning\">A static stretch is usually held 10 to 60 seconds; "
                                    "8 s is short</p>"));

    Testing::HttpReply checked = browser.postForm(patient + "/program/check", shortHold);
    ASSERT_EQ(checked.status, 200);
    EXPECT_EQ(checked.header("content-type").rfind("application/json", 0), 0u);
    EXPECT_TRUE(contains(checked.body, R"("field":"ex.back-flexion-stretch.hold")"));
    EXPECT_TRUE(contains(checked.body, "8 s is short"));
    Testing::HttpReply wrong = browser.postForm(
        patient + "/program/check", withField(runnerForm(csrf), "ex.tree-pose.reps", "many"));
    EXPECT_TRUE(contains(wrong.body, R"("errors":[{"field":"ex.tree-pose.reps")")) << wrong.body;
    EXPECT_EQ(browser.postForm(patient + "/program/check", {{"title", "x"}}).status, 403)
        << "the check needs the form's token like every POST";
    EXPECT_TRUE(contains(browser.get(patient).body, "No program yet")) << "nothing was saved";
}

TEST(Portal, APreviewPrintsTheFormWithoutSavingIt) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string patient = newPatient(browser, csrf, "Mei Tanaka", "B2");

    Testing::HttpReply pdf = browser.postForm(patient + "/program/preview.pdf", runnerForm(csrf));
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.header("content-type"), "application/pdf");
    EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
    // Marked as a preview, with no check-in link to scan or type.
    Testing::TempDir dir;
    Testing::writeFile(dir.file("preview.pdf"), pdf.body);
    std::string text = Testing::runProcess("pdftotext", {dir.file("preview.pdf"), "-"}).out;
    EXPECT_TRUE(contains(text, "Preview, not saved")) << text;
    EXPECT_FALSE(contains(text, "Scan the code")) << text;
    EXPECT_TRUE(contains(browser.get(patient).body, "No program yet")) << "nothing was saved";

    Testing::HttpReply invalid =
        browser.postForm(patient + "/program/preview.pdf", runnerForm(csrf, "0"));
    EXPECT_EQ(invalid.status, 400);
    EXPECT_TRUE(contains(invalid.body, "aria-describedby=\"reps-back-flexion-stretch-error\""))
        << "what cannot be printed comes back as the builder, the mistake marked";
    bool audited = false;
    for (const auto& event :
         server.application().store().auditEvents(server.clinicId(), 0, 2'000'000'000))
        audited = audited || event.action == "handout.preview";
    EXPECT_TRUE(audited);
}

TEST(Portal, AProgramCanStartAsACopyOfAnotherPatientsProgram) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string source = newPatient(browser, csrf, "Ana Ortega", "BV-7");
    ASSERT_EQ(browser.postForm(source + "/program", runnerForm(csrf)).status, 303);
    std::string target = newPatient(browser, csrf, "Åsa Öberg", "BV-8");
    std::string sourceId = source.substr(source.rfind('/') + 1);

    Testing::HttpReply search = browser.get(target + "/program?copySearch=bv-7");
    ASSERT_EQ(search.status, 200);
    EXPECT_TRUE(contains(search.body, "href=\"" + target + "/program?copyFrom=" + sourceId + "\""));
    EXPECT_TRUE(contains(browser.get(target + "/program?copySearch=nobody").body,
                         "No other patient with a program matches"));

    Testing::HttpReply copied = browser.get(target + "/program?copyFrom=" + sourceId);
    ASSERT_EQ(copied.status, 200);
    EXPECT_TRUE(contains(copied.body, "Copied from <bdi>Ana Ortega</bdi>\u2019s program"));
    EXPECT_TRUE(contains(chosenList(copied.body), row("tree-pose")));
    EXPECT_TRUE(contains(copied.body, "value=\"Next to a wall\""));
    EXPECT_TRUE(contains(copied.body, "id=\"startDate\" name=\"startDate\" type=\"date\" required "
                                      "value=\"2026-11-25\""))
        << "a copy starts today";
    EXPECT_EQ(browser.get(target + "/program?copyFrom=99999").status, 404);
    EXPECT_EQ(browser.get(target + "/program?copyFrom=x").status, 400);
}

TEST(Portal, ThePatientPageListsEachVersionWithWhatChangedAndItsHandout) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string patient = newPatient(browser, csrf, "Mei Tanaka", "B2");
    ASSERT_EQ(browser.postForm(patient + "/program", runnerForm(csrf)).status, 303);
    Testing::HttpReply second = browser.postForm(patient + "/program", runnerForm(csrf, "3"));
    ASSERT_EQ(second.status, 303);
    EXPECT_EQ(second.header("location"), patient + "?saved=2");

    Testing::HttpReply page = browser.get(second.header("location"));
    EXPECT_TRUE(contains(page.body, "Program saved as a new version (2)"));
    EXPECT_TRUE(contains(page.body,
                         "<li><bdi>Back flexion stretch (both knees to chest)</bdi>: 2 reps "
                         "\u2192 3 reps</li>"));
    EXPECT_TRUE(contains(page.body, "First version: 2 exercises"));
    EXPECT_TRUE(contains(page.body, "href=\"" + patient + "/handout.pdf?version=1\""));
    Testing::HttpReply first = browser.get(patient + "/handout.pdf?version=1");
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(first.body.rfind("%PDF-", 0), 0u);
    EXPECT_EQ(browser.get(patient + "/handout.pdf?version=3").status, 404);
    EXPECT_EQ(browser.get(patient + "/handout.pdf?version=first").status, 400);
}

TEST(Portal, ALinkThatDoesNotWorkAnswersInTheBrowsersLanguage) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor actor{server.clinicId(), 1, Role::Therapist, "Dana"};
    Patient patient = app.patients().create(actor, {"Lucía Fernández", "", "B3", "es"});
    PatientLink link = app.patients().links(actor, patient.id).front();
    std::string path = "/p/" + app.links().tokenOf(link);
    app.patients().revokeLink(actor, patient.id, link.id);

    Testing::HttpReply page =
        server.client().request("GET", path, "", "", {{"Accept-Language", "en-GB;q=0.5,es-MX"}});
    EXPECT_EQ(page.status, 404);
    EXPECT_TRUE(contains(page.body, "lang=\"es\""));
    EXPECT_TRUE(contains(page.body, "Este enlace no funciona"));
    EXPECT_TRUE(contains(page.body, "Llame a la clínica que le dio su hoja de ejercicios"));
    EXPECT_FALSE(contains(page.body, "Lucía")) << "nothing of the patient shows";
    EXPECT_FALSE(contains(page.body, "Bayview")) << "nor which clinic made the link";

    // An address that never was a link gets the very same page.
    Testing::HttpReply unknown = server.client().request(
        "GET", "/p/" + std::string(43, 'A'), "", "", {{"Accept-Language", "en-GB;q=0.5,es-MX"}});
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.body, page.body);
    Testing::HttpReply english = server.client().request(
        "GET", "/p/" + std::string(43, 'B'), "", "", {{"Accept-Language", "en-US,es;q=0.8"}});
    EXPECT_TRUE(contains(english.body, "This link does not work"));
}

TEST(Portal, TheCheckInPageShowsDrawingsAndWhatTheHoldTimerCounts) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor actor{server.clinicId(), 1, Role::Therapist, "Dana"};
    Patient patient = app.patients().create(actor, {"Lucía Fernández", "", "B3", "es"});
    Prescription p;
    p.title = "Equilibrio";
    p.startDate = Date::parse("2026-11-20");
    p.endDate = Date::parse("2026-12-31");
    p.items.push_back({"tree-pose", app.catalog().defaultDose("tree-pose").value(), ""});
    app.programs().create(actor, patient.id, p);
    std::string url = app.links().currentUrl(server.clinicId(), patient.id).value();
    Testing::HttpTestClient phone = server.client();
    ASSERT_EQ(phone.get(url.substr(url.find("/p/"))).status, 303);
    Testing::HttpReply page = phone.get("/p");
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "<img class=\"exercise-figure\" src=\"/figures/tree-pose.svg?"
                                    "lang=es\" alt=\"Dibujo de Postura del árbol\""));
    EXPECT_TRUE(contains(page.body, "data-hold=\"5\" data-unit=\"breaths\" data-reps=\"1\" "
                                    "data-rest=\"0\" data-each-side=\"true\""));
    EXPECT_TRUE(contains(page.body, "data-timer-switch=\"Cambie de lado\""));
    EXPECT_TRUE(contains(page.body, "<script src=\"/static/timer.js\" defer></script>"));
    // The pain scale: one radio button a number, none chosen until the patient taps one.
    EXPECT_TRUE(contains(page.body, "id=\"painBefore-7\" name=\"painBefore\" value=\"7\">"));
    EXPECT_FALSE(contains(page.body, "name=\"painBefore\" value=\"\" checked"));
    EXPECT_EQ(server.client().get("/static/timer.js").status, 200);
}

namespace {

/// text as Mustache writes it into a page.
std::string escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

/// The check-in page's fold (<details class="exercise...">...</details>) of the exercise
/// whose first tick box has value `firstBox`; empty when there is none.
std::string exerciseFold(const std::string& page, const std::string& firstBox) {
    auto box = page.find("value=\"" + firstBox + "\"");
    if (box == std::string::npos)
        return {};
    auto start = page.rfind("<details class=\"exercise", box);
    auto end = page.find("</fieldset>", box);
    return page.substr(start, end - start);
}

} // namespace

TEST(Portal, EachExerciseOfTheCheckInPageOpensToItsStepsPrecautionsAndNote) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor actor{server.clinicId(), 1, Role::Therapist, "Dana"};
    Patient patient = app.patients().create(actor, {"Lucía Fernández", "", "B3", "es"});
    Prescription p;
    p.title = "Equilibrio";
    p.startDate = Date::parse("2026-11-20");
    p.endDate = Date::parse("2026-12-31");
    p.items.push_back({"tree-pose", app.catalog().defaultDose("tree-pose").value(),
                       "Empiece junto a una pared."});
    p.items.push_back(
        {"back-flexion-stretch", app.catalog().defaultDose("back-flexion-stretch").value(), ""});
    app.programs().create(actor, patient.id, p);
    std::string url = app.links().currentUrl(server.clinicId(), patient.id).value();
    Testing::HttpTestClient phone = server.client();
    ASSERT_EQ(phone.get(url.substr(url.find("/p/"))).status, 303);
    Testing::HttpReply page = phone.get("/p");
    ASSERT_EQ(page.status, 200);

    const ExerciseText& spanish = app.catalog().exercise("tree-pose")->textIn("es");
    const ExerciseText& english = app.catalog().exercise("tree-pose")->textIn("en");
    ASSERT_FALSE(spanish.steps.empty());
    ASSERT_FALSE(spanish.precautions.empty());
    std::string tree = exerciseFold(page.body, "tree-pose:left");
    ASSERT_FALSE(tree.empty()) << page.body;
    EXPECT_TRUE(contains(tree, "<details class=\"exercise\" open>")) << "nothing done: open";
    EXPECT_TRUE(contains(tree, "<summary><span>Cómo hacerlo</span></summary>"));
    for (const auto& step : spanish.steps)
        EXPECT_TRUE(contains(tree, "<li><bdi>" + escaped(step) + "</bdi></li>")) << step;
    for (const auto& precaution : spanish.precautions)
        EXPECT_TRUE(contains(tree, "<li><bdi>" + escaped(precaution) + "</bdi></li>"))
            << precaution;
    EXPECT_TRUE(contains(tree, "Precauciones"));
    EXPECT_FALSE(contains(tree, escaped(english.steps.front()))) << "in the patient's language";
    EXPECT_TRUE(
        contains(tree, "<strong>De su terapeuta:</strong> <bdi>Empiece junto a una pared.</bdi>"));
    std::string back = exerciseFold(page.body, "back-flexion-stretch:both");
    ASSERT_FALSE(back.empty());
    EXPECT_FALSE(contains(back, "De su terapeuta")) << "no note, no empty note box";
    EXPECT_TRUE(contains(back, "<ol class=\"steps\">"));

    // What is done folds to its name; an exercise done on one side of two stays open.
    std::string csrf = csrfOf(page.body);
    ASSERT_EQ(
        phone
            .postForm("/p",
                      {{"csrf", csrf}, {"done", "tree-pose:left"}, {"done", "tree-pose:right"}})
            .status,
        303);
    Testing::HttpReply saved = phone.get("/p");
    tree = exerciseFold(saved.body, "tree-pose:left");
    EXPECT_TRUE(contains(tree, "<details class=\"exercise all-done\">")) << tree;
    EXPECT_TRUE(contains(tree, "✓ Hecho</span></summary>"));
    EXPECT_TRUE(contains(exerciseFold(saved.body, "back-flexion-stretch:both"),
                         "<details class=\"exercise\" open>"));
    ASSERT_EQ(
        phone.postForm("/p", {{"csrf", csrfOf(saved.body)}, {"done", "tree-pose:right"}}).status,
        303);
    tree = exerciseFold(phone.get("/p").body, "tree-pose:left");
    EXPECT_TRUE(contains(tree, "<details class=\"exercise\" open>")) << "one side of two";
}

TEST(Portal, ASessionSaysWhatItCountedSidesOrExercises) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor actor{server.clinicId(), 1, Role::Therapist, "Dana"};
    // done: the boxes the patient ticks; the row must say "<n> of <m> <unit>".
    auto sessionRow = [&](const std::string& record, std::vector<const char*> ids,
                          std::vector<std::string> done) {
        Patient patient = app.patients().create(actor, {"Ana Ruiz", "", record, "en"});
        Prescription p;
        p.title = "Back care";
        p.startDate = Date::parse("2026-11-20");
        p.endDate = Date::parse("2026-12-31");
        for (const char* id : ids)
            p.items.push_back({id, app.catalog().defaultDose(id).value(), ""});
        app.programs().create(actor, patient.id, p);
        std::string url = app.links().currentUrl(server.clinicId(), patient.id).value();
        Testing::HttpTestClient phone = server.client();
        phone.get(url.substr(url.find("/p/")));
        std::vector<std::pair<std::string, std::string>> form{
            {"csrf", csrfOf(phone.get("/p").body)}};
        for (const auto& each : done)
            form.push_back({"done", each});
        EXPECT_EQ(phone.postForm("/p", form).status, 303);
        Testing::HttpTestClient browser = server.client();
        signInWithForm(browser);
        std::string page = browser.get("/patients/" + std::to_string(patient.id)).body;
        std::smatch row;
        std::regex_search(page, row, std::regex("<td class=\"nowrap\">([^<]* of [^<]*)</td>"));
        return row.size() > 1 ? row[1].str() : page;
    };
    // tree-pose is done on each side, back-flexion-stretch and pelvic-tilt on both together.
    EXPECT_EQ(sessionRow("A1", {"tree-pose", "back-flexion-stretch"},
                         {"tree-pose:left", "back-flexion-stretch:both"}),
              "2 of 3 sides");
    EXPECT_EQ(sessionRow("A2", {"back-flexion-stretch", "pelvic-tilt"}, {"pelvic-tilt:both"}),
              "1 of 2 exercises");
    EXPECT_EQ(sessionRow("A3", {"pelvic-tilt"}, {"pelvic-tilt:both"}), "1 of 1 exercise");
}

TEST(Portal, TheCheckInPageNamesAClinicsOwnExerciseAtTheRevisionPrescribed) {
    Testing::TestServer server;
    Application& app = server.application();
    User admin = app.accounts().createUser(server.clinicId(), "olga@bayview.example", "Olga",
                                           Role::Admin, "a long password");
    Actor olga{server.clinicId(), admin.id, Role::Admin, "Olga"};
    Exercise own = app.exercises().copyOf(olga, "tree-pose", "wall-tree");
    own.text["en"].name = "Wall tree, first words";
    own.text["es"].name = "Árbol en la pared, primeras palabras";
    app.exercises().create(olga, own);
    Actor actor{server.clinicId(), 1, Role::Therapist, "Dana"};
    Patient patient = app.patients().create(actor, {"Lee Park", "", "B4", "en"});
    Prescription p;
    p.title = "Balance";
    p.startDate = Date::parse("2026-11-20");
    p.endDate = Date::parse("2026-12-31");
    p.items.push_back({"wall-tree", own.defaultDose, ""});
    p.items.push_back({"tree-pose", app.catalog().defaultDose("tree-pose").value(), ""});
    app.programs().create(actor, patient.id, p);
    own.text["en"].name = "Wall tree, second words";
    app.exercises().update(olga, "wall-tree", own, 1);

    std::string url = app.links().currentUrl(server.clinicId(), patient.id).value();
    Testing::HttpTestClient phone = server.client();
    ASSERT_EQ(phone.get(url.substr(url.find("/p/"))).status, 303);
    Testing::HttpReply page = phone.get("/p");
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Wall tree, first words")) << "the revision prescribed";
    EXPECT_FALSE(contains(page.body, "Wall tree, second words"));
    EXPECT_TRUE(contains(page.body, "Tree pose")) << "the pack's exercise beside it";
}

namespace {

std::string unescapedHtml(std::string text) {
    static const std::vector<std::pair<std::string, std::string>> ENTITIES{
        {"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
    for (const auto& [entity, character] : ENTITIES)
        for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1))
            text.replace(at, entity.size(), character);
    return text;
}

std::string attributeOf(const std::string& tag, const std::string& name) {
    std::smatch match;
    std::regex pattern("\\s" + name + "=\"([^\"]*)\"");
    return std::regex_search(tag, match, pattern) ? unescapedHtml(match[1].str()) : std::string();
}

/// What a browser without JavaScript posts from the builder page: every field of the program
/// form as drawn (unticked boxes left out, each select's selected option or else its first),
/// with the boxes in tick ticked and action set.
std::vector<std::pair<std::string, std::string>> postedBuilder(const std::string& page,
                                                               const std::vector<std::string>& tick,
                                                               const std::string& action) {
    std::string form = Testing::between(page, "class=\"program\" data-check", "</form>");
    std::vector<std::pair<std::string, std::string>> fields;
    static const std::regex CONTROL("<input[^>]*>|<select[^>]*>[\\s\\S]*?</select>|"
                                    "<textarea[^>]*>[^<]*</textarea>");
    for (std::sregex_iterator each(form.begin(), form.end(), CONTROL), end; each != end; ++each) {
        std::string control = each->str();
        std::string tag = control.substr(0, control.find('>') + 1);
        std::string name = attributeOf(tag, "name");
        if (name.empty())
            continue;
        if (control.rfind("<select", 0) == 0) {
            static const std::regex OPTION("<option value=\"([^\"]*)\"( selected)?");
            std::string chosen;
            bool first = true;
            for (std::sregex_iterator option(control.begin(), control.end(), OPTION), none;
                 option != none; ++option) {
                if (first || (*option)[2].matched)
                    chosen = (*option)[1].str();
                first = false;
            }
            fields.emplace_back(name, chosen);
        } else if (control.rfind("<textarea", 0) == 0) {
            fields.emplace_back(name, unescapedHtml(Testing::between(control, ">", "</textarea>")));
        } else if (attributeOf(tag, "type") == "checkbox") {
            bool ticked = tag.find(" checked") != std::string::npos ||
                          std::find(tick.begin(), tick.end(), name) != tick.end();
            if (ticked)
                fields.emplace_back(name, "on");
        } else {
            fields.emplace_back(name, attributeOf(tag, "value"));
        }
    }
    fields.emplace_back("action", action);
    return fields;
}

/// The dose of exerciseId in the patient's saved program.
std::optional<Dose> savedDose(Testing::TestServer& server, const std::string& patientPage,
                              const std::string& exerciseId) {
    std::int64_t patientId = std::stoll(patientPage.substr(patientPage.rfind('/') + 1));
    for (const Program& program :
         server.application().store().programsOfPatient(server.clinicId(), patientId))
        for (const ProgramItem& item : program.current().prescription.items)
            if (item.exerciseId == exerciseId)
                return item.dose;
    return std::nullopt;
}

/// The catalog's default dose of the hamstring stretch: held 30 s, 3 reps, each side.
void expectHamstringDefault(const std::optional<Dose>& dose, const char* how) {
    ASSERT_TRUE(dose.has_value()) << how << ": the stretch was not saved";
    EXPECT_EQ(dose->holdUnit, HoldUnit::Seconds) << how;
    EXPECT_EQ(dose->hold, 30) << how;
    EXPECT_EQ(dose->reps, 3) << how;
    EXPECT_EQ(dose->sets, 1) << how;
    EXPECT_EQ(dose->side, Side::Each) << how;
    EXPECT_EQ(dose->sessionsPerDay, 1) << how;
    EXPECT_EQ(dose->daysPerWeek, 7) << how;
}

const std::string HAMSTRING = "supine-hamstring-stretch";

} // namespace

TEST(Portal, AnExerciseAddedAnyWayArrivesWithItsCatalogDefaultDose) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string include = "ex." + HAMSTRING + ".include";
    auto titled = [](std::vector<std::pair<std::string, std::string>> form) {
        return withField(form, "title", "Back care");
    };
    auto searched = [&](const std::string& patient, const std::string& page,
                        const std::string& query) {
        Testing::HttpReply reply = browser.postForm(
            patient + "/program", withField(postedBuilder(page, {}, "filter"), "q", query));
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.body;
    };

    // 1. Ticked in the catalog as first drawn, then saved.
    std::string first = newPatient(browser, csrf, "Ana Ortega", "BV-1");
    std::string page = browser.get(first + "/program").body;
    Testing::HttpReply saved =
        browser.postForm(first + "/program", titled(postedBuilder(page, {include}, "save")));
    ASSERT_EQ(saved.status, 303) << Testing::between(saved.body, "<div class=\"alert\"", "</div>");
    expectHamstringDefault(savedDose(server, first, HAMSTRING), "ticked and saved");

    // 2. Two searches ("puente", then "hamstring"), then ticked and saved: the row was not in
    //    the form posted by the second search.
    std::string second = newPatient(browser, csrf, "Bo Lind", "BV-2");
    page = browser.get(second + "/program").body;
    page = searched(second, page, "puente");
    EXPECT_FALSE(contains(page, "data-exercise=\"" + HAMSTRING + "\""));
    page = searched(second, page, "hamstring");
    std::string drawn = Testing::between(page, "data-exercise=\"" + HAMSTRING + "\"", "</li>");
    EXPECT_TRUE(contains(drawn, "name=\"ex." + HAMSTRING +
                                    ".hold\" inputmode=\"numeric\" size=\"4\" value=\"30\""))
        << drawn;
    EXPECT_TRUE(contains(drawn, "<option value=\"each\" selected>each side</option>")) << drawn;
    ASSERT_EQ(browser.postForm(second + "/program", titled(postedBuilder(page, {include}, "save")))
                  .status,
              303);
    expectHamstringDefault(savedDose(server, second, HAMSTRING), "searched twice, ticked, saved");

    // 3. Searched twice, ticked, then the form redrawn (another search) before saving.
    std::string third = newPatient(browser, csrf, "Cy Moss", "BV-3");
    page = searched(third, browser.get(third + "/program").body, "puente");
    page = searched(third, page, "hamstring");
    Testing::HttpReply redrawn = browser.postForm(
        third + "/program", withField(postedBuilder(page, {include}, "filter"), "q", "puente"));
    ASSERT_EQ(redrawn.status, 200);
    EXPECT_TRUE(contains(chosenList(redrawn.body), "data-exercise=\"" + HAMSTRING + "\""));
    ASSERT_EQ(browser.postForm(third + "/program", titled(postedBuilder(redrawn.body, {}, "save")))
                  .status,
              303);
    expectHamstringDefault(savedDose(server, third, HAMSTRING), "ticked, redrawn, saved");

    // 4. Ticked with no dose field at all (a form a script made, or a page drawn before a
    //    search): the default, not blanks and not "both sides".
    std::string fourth = newPatient(browser, csrf, "Di Park", "BV-4");
    ASSERT_EQ(browser
                  .postForm(fourth + "/program", {{"csrf", csrf},
                                                  {"title", "Back care"},
                                                  {"startDate", "2026-11-25"},
                                                  {"endDate", "2027-01-05"},
                                                  {include, "on"},
                                                  {"action", "save"}})
                  .status,
              303);
    expectHamstringDefault(savedDose(server, fourth, HAMSTRING), "posted without dose fields");

    // 5. A select posted with a value it does not offer is drawn with the default, not the
    //    browser's first option ("both sides together").
    std::string fifth = newPatient(browser, csrf, "Ed Roy", "BV-5");
    Testing::HttpReply odd = browser.postForm(
        fifth + "/program",
        {{"csrf", csrf}, {include, "on"}, {"ex." + HAMSTRING + ".side", ""}, {"action", "filter"}});
    ASSERT_EQ(odd.status, 200);
    EXPECT_TRUE(
        contains(chosenList(odd.body), "<option value=\"each\" selected>each side</option>"));
}

TEST(Portal, PatientSearchIgnoresCaseAccentsAndPunctuation) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string jose = newPatient(browser, csrf, "José Núñez-Åberg", "BV-1042");
    newPatient(browser, csrf, "Lucía Fernández", "BV-1043");
    newPatient(browser, csrf, "Renée Dubois", "BV-1044");
    auto listed = [&](const std::string& query) {
        Testing::HttpReply page = browser.get("/patients?q=" + query);
        EXPECT_EQ(page.status, 200);
        std::string names;
        for (const char* name : {"José Núñez-Åberg", "Lucía Fernández", "Renée Dubois"})
            if (contains(page.body, std::string(">") + name + "<"))
                names += (names.empty() ? "" : ", ") + std::string(name);
        return names;
    };
    EXPECT_EQ(listed("jose"), "José Núñez-Åberg");
    EXPECT_EQ(listed("NUNEZ"), "José Núñez-Åberg");
    EXPECT_EQ(listed("bv1042"), "José Núñez-Åberg");
    EXPECT_EQ(listed("bv+1042"), "José Núñez-Åberg");
    EXPECT_EQ(listed("lucia"), "Lucía Fernández");
    EXPECT_EQ(listed("renee"), "Renée Dubois");
    EXPECT_EQ(listed("bv-104"), "José Núñez-Åberg, Lucía Fernández, Renée Dubois");
    EXPECT_EQ(listed("maria"), "");

    // The builder's "copy another patient's program" finds the same way.
    ASSERT_EQ(browser.postForm(jose + "/program", runnerForm(csrf)).status, 303);
    std::string other = newPatient(browser, csrf, "Åsa Öberg", "BV-8");
    std::string joseId = jose.substr(jose.rfind('/') + 1);
    for (const char* typed : {"jose", "nunez+aberg", "bv1042"})
        EXPECT_TRUE(contains(browser.get(other + "/program?copySearch=" + typed).body,
                             "program?copyFrom=" + joseId + "\""))
            << typed;
}

TEST(Portal, EveryAdminPageOffersTheSameButtonsInOneStyle) {
    Testing::TestServer server;
    Application& app = server.application();
    app.accounts().createUser(server.clinicId(), "ana@bayview.example", "Ana", Role::Admin,
                              "admin password here");
    app.accounts().createUser(server.clinicId(), "lukasz@bayview.example", "Łukasz",
                              Role::Therapist, "therapist password");
    Testing::HttpTestClient ana = server.client();
    ana.signIn("ana@bayview.example", "admin password here");
    const std::vector<std::pair<std::string, std::string>> pages{{"/admin/users", "Users"},
                                                                 {"/admin/api-keys", "API keys"},
                                                                 {"/admin/audit", "Audit trail"},
                                                                 {"/admin/flags", "Flag rules"},
                                                                 {"/admin/plugins", "Plugins"}};
    ASSERT_EQ(ana.postForm("/admin/api-keys",
                           {{"csrf", csrfOf(ana.get("/admin/api-keys").body)}, {"name", "EHR"}})
                  .status,
              201);
    for (const auto& [path, current] : pages) {
        Testing::HttpReply page = ana.get(path);
        ASSERT_EQ(page.status, 200) << path;
        std::string nav = "<nav class=\"actions admin-nav\" aria-label=\"Admin\">";
        for (const auto& [target, label] : pages)
            nav += "<a class=\"button secondary\" href=\"" + target + "\"" +
                   (label == current ? " aria-current=\"page\"" : "") + ">" + label + "</a>";
        EXPECT_TRUE(contains(page.body, nav + "</nav>"))
            << path << ": every admin page, every link";
        // Row actions (disable, enable, revoke) are buttons like the others, not links; the
        // only link-styled button is Sign out.
        std::size_t linkStyled = 0;
        for (auto at = page.body.find("class=\"link\""); at != std::string::npos;
             at = page.body.find("class=\"link\"", at + 1))
            ++linkStyled;
        EXPECT_EQ(linkStyled, 1u) << path;
        EXPECT_FALSE(contains(page.body, "\n    <button type=\"submit\">"))
            << path << ": a form's own button sits in its form-actions row";
    }
    EXPECT_TRUE(
        contains(ana.get("/admin/users").body,
                 "<button type=\"submit\" class=\"secondary small-button\">Disable</button>"));
    EXPECT_TRUE(
        contains(ana.get("/admin/api-keys").body,
                 "<button type=\"submit\" class=\"secondary small-button\">Revoke</button>"));
}

TEST(Portal, OwnPasswordPageChangesItAndSignsOutTheOtherDevices) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    Testing::HttpTestClient otherDevice = server.client();
    std::string csrf = signInWithForm(browser);
    signInWithForm(otherDevice);

    Testing::HttpReply page = browser.get("/account/password");
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "name=\"currentPassword\""));
    EXPECT_TRUE(contains(browser.get("/patients").body, "href=\"/account/password\""))
        << "every signed-in page links to it";

    const std::string fresh = "a brand new password";
    // Without the form's CSRF token: refused before anything is looked at.
    EXPECT_EQ(
        browser
            .postForm("/account/password", {{"currentPassword", Testing::TestServer::PASSWORD},
                                            {"newPassword", fresh},
                                            {"repeatedPassword", fresh}})
            .status,
        403);
    // Each mistake is named on its field; nothing changes.
    Testing::HttpReply wrong =
        browser.postForm("/account/password", {{"csrf", csrf},
                                               {"currentPassword", "not my password"},
                                               {"newPassword", "short"},
                                               {"repeatedPassword", "short"}});
    EXPECT_EQ(wrong.status, 400);
    EXPECT_TRUE(contains(wrong.body, "Current password</a>: is not your current password"));
    EXPECT_TRUE(contains(wrong.body, "New password</a>: must be 8 to 128 characters"));
    EXPECT_TRUE(contains(wrong.body, "id=\"currentPassword\" name=\"currentPassword\" "
                                     "type=\"password\" required maxlength=\"128\" "
                                     "autocomplete=\"current-password\" aria-invalid=\"true\""));
    Testing::HttpReply mismatch =
        browser.postForm("/account/password", {{"csrf", csrf},
                                               {"currentPassword", Testing::TestServer::PASSWORD},
                                               {"newPassword", fresh},
                                               {"repeatedPassword", fresh + "!"}});
    EXPECT_EQ(mismatch.status, 400);
    EXPECT_TRUE(contains(mismatch.body, "New password again</a>: is not the same"));
    EXPECT_FALSE(contains(mismatch.body, fresh)) << "passwords are never sent back";
    EXPECT_EQ(otherDevice.get("/patients").status, 200) << "a refused change signs nobody out";

    Testing::HttpReply changed =
        browser.postForm("/account/password", {{"csrf", csrf},
                                               {"currentPassword", Testing::TestServer::PASSWORD},
                                               {"newPassword", fresh},
                                               {"repeatedPassword", fresh}});
    ASSERT_EQ(changed.status, 303);
    EXPECT_EQ(changed.header("location"), "/account/password?saved=1");
    Testing::HttpReply saved = browser.get("/account/password?saved=1");
    EXPECT_EQ(saved.status, 200) << "this browser stays signed in, under a new session";
    EXPECT_TRUE(contains(saved.body, "Your password is changed."));
    EXPECT_NE(csrfOf(saved.body), csrf);
    EXPECT_EQ(otherDevice.get("/patients").status, 303) << "the other device is signed out";

    Testing::HttpTestClient later = server.client();
    EXPECT_EQ(later
                  .postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                       {"password", Testing::TestServer::PASSWORD}})
                  .status,
              401);
    EXPECT_EQ(later.postForm("/login", {{"email", Testing::TestServer::EMAIL}, {"password", fresh}})
                  .status,
              303);
    EXPECT_EQ(server.client().get("/account/password").status, 303) << "signed in only";
}

TEST(Portal, AKneelingLungeIsPrescribedAllRepsOnOneSideFirstAndTheTimerIsTold) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    const std::string lunge = "kneeling-hip-flexor-stretch";
    std::string patient = newPatient(browser, csrf, "Ana Ortega", "BV-1");

    // Without a script: the catalog's default is drawn and saved as one side first.
    std::string page = browser.get(patient + "/program").body;
    std::string drawn = Testing::between(page, row(lunge), "</li>");
    EXPECT_TRUE(contains(drawn, "<option value=\"each-one-side-first\" selected>each side, all "
                                "reps on one side first</option>"))
        << drawn;
    EXPECT_TRUE(contains(drawn, "<option value=\"each\">each side</option>")) << drawn;
    auto form =
        withField(postedBuilder(page, {"ex." + lunge + ".include"}, "save"), "title", "Back care");
    ASSERT_EQ(browser.postForm(patient + "/program", form).status, 303);
    std::optional<Dose> saved = savedDose(server, patient, lunge);
    ASSERT_TRUE(saved.has_value());
    EXPECT_EQ(saved->side, Side::Each);
    EXPECT_EQ(saved->sideOrder, SideOrder::OneSideFirst);
    Testing::HttpReply patientPage = browser.get(patient);
    EXPECT_TRUE(contains(patientPage.body, "each side: all reps on one side, then switch"));

    // The check-in page tells the timer; an alternating each-side exercise says nothing more.
    Application& app = server.application();
    std::int64_t patientId = std::stoll(patient.substr(patient.rfind('/') + 1));
    std::string url = app.links().currentUrl(server.clinicId(), patientId).value();
    Testing::HttpTestClient phone = server.client();
    ASSERT_EQ(phone.get(url.substr(url.find("/p/"))).status, 303);
    std::string checkin = phone.get("/p").body;
    EXPECT_TRUE(contains(checkin, "data-each-side=\"true\" data-side-order=\"one-side-first\""))
        << Testing::between(checkin, "<fieldset class=\"exercise-check\"", ">");

    // Switched back to alternating in the builder: version 2 lists the change, and the
    // check-in page no longer marks the exercise.
    page = browser.get(patient + "/program").body;
    form = withField(postedBuilder(page, {}, "save"), "ex." + lunge + ".side", "each");
    ASSERT_EQ(browser.postForm(patient + "/program", form).status, 303);
    EXPECT_EQ(savedDose(server, patient, lunge)->sideOrder, SideOrder::Alternate);
    EXPECT_TRUE(
        contains(browser.get(patient).body, "each side, all reps on one side first → each side"));
    checkin = phone.get("/p").body;
    EXPECT_TRUE(contains(checkin, "data-each-side=\"true\""));
    EXPECT_FALSE(contains(checkin, "data-side-order")) << "alternating is the timer's default";

    // Posted with an option the select does not offer (the API's word, not the form's): the
    // catalog's default, as for any side the builder does not know, never "both".
    form = withField(postedBuilder(browser.get(patient + "/program").body, {}, "save"),
                     "ex." + lunge + ".side", "one-side-first");
    ASSERT_EQ(browser.postForm(patient + "/program", form).status, 303);
    EXPECT_EQ(savedDose(server, patient, lunge)->side, Side::Each);
    EXPECT_EQ(savedDose(server, patient, lunge)->sideOrder, SideOrder::OneSideFirst);
}

TEST(Portal, APageWhoseAuditEntryCannotBeWrittenIsNotShown) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.signedIn();
    std::string csrf = csrfOf(browser.get("/patients/new").body);
    Testing::HttpReply created = browser.postForm(
        "/patients", {{"csrf", csrf}, {"name", "José Núñez-Åberg"}, {"recordNumber", "BV-1"}});
    ASSERT_EQ(created.status, 303);
    const std::string page = created.header("location");
    ASSERT_EQ(browser.get(page).status, 200);
    // The page is read and rendered while its entry commits; the answer waits for the entry.
    if (server.dialect() == SqlDialect::PostgreSQL) {
        server.runSql("CREATE FUNCTION refuse_view() RETURNS trigger AS $$ BEGIN RAISE "
                      "EXCEPTION 'views refused'; END $$ LANGUAGE plpgsql");
        server.runSql("CREATE TRIGGER refuse_view BEFORE INSERT ON audit_events FOR EACH ROW "
                      "WHEN (NEW.action = 'patient.view') EXECUTE FUNCTION refuse_view()");
    } else {
        server.runSql("CREATE TRIGGER refuse_view BEFORE INSERT ON audit_events WHEN "
                      "NEW.action = 'patient.view' BEGIN SELECT RAISE(ABORT, 'views refused'); "
                      "END");
    }
    Testing::HttpReply refused = browser.get(page);
    EXPECT_GE(refused.status, 500);
    EXPECT_FALSE(contains(refused.body, "José Núñez-Åberg")) << "shown without its entry";
    // Pages that need no such entry still serve.
    EXPECT_EQ(browser.get("/patients").status, 200);
}
