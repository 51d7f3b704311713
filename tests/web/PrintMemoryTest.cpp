// Print choices are remembered: the paper per clinic (handouts and reports), large print and
// the handout's language per patient. A print with choices in the portal (a form, as a browser
// without JavaScript sends it) remembers them with an audit entry; the next print and the
// forms start from them; a choice named in the address still wins. Both engines via ctest.
#include "TestServer.h"
#include "support/TestFiles.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

using namespace Limber;
using Testing::contains;
using Testing::csrfOf;

namespace {

Poco::JSON::Object::Ptr json(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string signInWithForm(Testing::HttpTestClient& browser) {
    Testing::HttpReply reply =
        browser.postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                    {"password", Testing::TestServer::PASSWORD},
                                    {"next", "/patients"}});
    EXPECT_EQ(reply.status, 303);
    return csrfOf(browser.get("/patients").body);
}

/// A patient added through the portal with a two-exercise program; returns its page's path.
std::string patientWithProgram(Testing::HttpTestClient& browser, const std::string& csrf,
                               const std::string& name, const std::string& record,
                               const std::string& language) {
    std::string patient =
        browser
            .postForm(
                "/patients",
                {{"csrf", csrf}, {"name", name}, {"recordNumber", record}, {"language", language}})
            .header("location");
    Testing::HttpReply saved =
        browser.postForm(patient + "/program", {{"csrf", csrf},
                                                {"title", "Back care"},
                                                {"startDate", "2026-11-23"},
                                                {"endDate", "2027-01-03"},
                                                {"ex.tree-pose.include", "on"},
                                                {"ex.tree-pose.hold", "5"},
                                                {"ex.tree-pose.holdUnit", "breaths"},
                                                {"ex.tree-pose.reps", "1"},
                                                {"ex.tree-pose.side", "each"},
                                                {"ex.tree-pose.order", "1"},
                                                {"ex.tree-pose.note", "Next to a wall"},
                                                {"ex.back-flexion-stretch.include", "on"},
                                                {"ex.back-flexion-stretch.hold", "30"},
                                                {"ex.back-flexion-stretch.holdUnit", "seconds"},
                                                {"ex.back-flexion-stretch.reps", "2"},
                                                {"ex.back-flexion-stretch.sets", "1"},
                                                {"ex.back-flexion-stretch.side", "both"},
                                                {"ex.back-flexion-stretch.sessionsPerDay", "1"},
                                                {"ex.back-flexion-stretch.daysPerWeek", "5"},
                                                {"ex.back-flexion-stretch.order", "2"},
                                                {"edu.warm-up", "on"}});
    EXPECT_EQ(saved.status, 303) << saved.body;
    return patient;
}

/// What pdfinfo and pdftotext say of a PDF reply.
struct PdfFacts {
    std::string info;
    std::string text;
    int pages = 0;
    double wordHeight = 0; ///< the median height of the words: larger in large print
    bool a4() const { return contains(info, "(A4)"); }
    bool letter() const { return contains(info, "(letter)"); }
};

PdfFacts pdfOf(const Testing::HttpReply& reply) {
    EXPECT_EQ(reply.status, 200) << reply.body.substr(0, 400);
    EXPECT_EQ(reply.header("content-type"), "application/pdf");
    Testing::TempDir dir;
    Testing::writeFile(dir.file("p.pdf"), reply.body);
    PdfFacts facts{Testing::runProcess("pdfinfo", {dir.file("p.pdf")}).out,
                   Testing::runProcess("pdftotext", {dir.file("p.pdf"), "-"}).out};
    std::size_t at = facts.info.find("Pages:");
    facts.pages = at == std::string::npos ? 0 : std::stoi(facts.info.substr(at + 6));
    std::string boxes = Testing::runProcess("pdftotext", {"-bbox", dir.file("p.pdf"), "-"}).out;
    std::vector<double> heights;
    std::regex word(R"re(yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)")re");
    for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), word);
         it != std::sregex_iterator(); ++it)
        heights.push_back(std::stod((*it)[2]) - std::stod((*it)[1]));
    if (!heights.empty()) {
        std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
        facts.wordHeight = heights[heights.size() / 2];
    }
    return facts;
}

std::vector<std::string> auditOf(Testing::TestServer& server, const std::string& action) {
    std::vector<std::string> details;
    for (const auto& event :
         server.application().store().auditEvents(server.clinicId(), 0, 2'000'000'000))
        if (event.action == action)
            details.push_back(event.detail);
    return details;
}

const std::string SPANISH_TITLE = "Su programa de ejercicios en casa";
const std::string ENGLISH_TITLE = "Your home exercise program";

bool offersPaper(const std::string& page, const std::string& chosen) {
    return contains(page, "<option value=\"" + chosen + "\" selected>");
}

} // namespace

TEST(PrintMemory, AHandoutPrintedWithChoicesIsPrintedAndOfferedSoAgain) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string lucia = patientWithProgram(browser, csrf, "Lucía Fernández", "B5", "es");

    // At first: Letter, normal print, the patient's own language, in the form and the PDF.
    std::string page = browser.get(lucia).body;
    EXPECT_TRUE(contains(page, "<form method=\"post\" action=\"" + lucia + "/handout.pdf\""));
    EXPECT_TRUE(offersPaper(page, "letter"));
    EXPECT_TRUE(contains(page, "<option value=\"es\" selected>Español</option>"));
    EXPECT_TRUE(contains(page, "<input type=\"checkbox\" name=\"largePrint\" value=\"true\">"));
    PdfFacts first = pdfOf(browser.get(lucia + "/handout.pdf"));
    EXPECT_TRUE(first.letter()) << first.info;
    EXPECT_TRUE(contains(first.text, SPANISH_TITLE));
    const PdfFacts normal = pdfOf(browser.get(lucia + "/handout.pdf?paper=a4"));

    // The form's choices: remembered, then the browser is sent to the PDF printed with them.
    Testing::HttpReply chosen =
        browser.postForm(lucia + "/handout.pdf",
                         {{"csrf", csrf}, {"paper", "a4"}, {"lang", "en"}, {"largePrint", "true"}});
    ASSERT_EQ(chosen.status, 303) << chosen.body;
    EXPECT_EQ(chosen.header("location"), lucia + "/handout.pdf?paper=a4&largePrint=true&lang=en");
    PdfFacts printed = pdfOf(browser.get(chosen.header("location")));
    EXPECT_TRUE(printed.a4()) << printed.info;
    EXPECT_TRUE(contains(printed.text, ENGLISH_TITLE));
    EXPECT_GT(printed.wordHeight, normal.wordHeight * 1.15) << "large print";

    // Next time the form starts from them, and so does the plain "Print handout" address.
    page = browser.get(lucia).body;
    EXPECT_TRUE(offersPaper(page, "a4"));
    EXPECT_FALSE(offersPaper(page, "letter"));
    EXPECT_TRUE(contains(page, "<option value=\"en\" selected>English</option>"));
    EXPECT_TRUE(
        contains(page, "<input type=\"checkbox\" name=\"largePrint\" value=\"true\" checked>"));
    PdfFacts again = pdfOf(browser.get(lucia + "/handout.pdf"));
    EXPECT_TRUE(again.a4()) << again.info;
    EXPECT_TRUE(contains(again.text, ENGLISH_TITLE));
    EXPECT_EQ(again.pages, printed.pages);
    EXPECT_DOUBLE_EQ(again.wordHeight, printed.wordHeight) << "large print, as remembered";

    // A choice named in the address wins for that print and is not remembered.
    PdfFacts named = pdfOf(browser.get(lucia + "/handout.pdf?paper=letter&lang=es&largePrint=0"));
    EXPECT_TRUE(named.letter()) << named.info;
    EXPECT_TRUE(contains(named.text, SPANISH_TITLE));
    EXPECT_LT(named.wordHeight * 1.15, printed.wordHeight)
        << "normal print named over the remembered large print";
    EXPECT_TRUE(offersPaper(browser.get(lucia).body, "a4"));

    // Each change is audited once with its old and new value; the same choices again write
    // nothing.
    EXPECT_EQ(auditOf(server, "clinic.paper"), std::vector<std::string>{"paper: 'letter' -> 'a4'"});
    EXPECT_EQ(auditOf(server, "patient.print"),
              std::vector<std::string>{
                  "largePrint: false -> true; language: 'the patient's own' -> 'en'"});
    EXPECT_EQ(
        browser
            .postForm(lucia + "/handout.pdf",
                      {{"csrf", csrf}, {"paper", "a4"}, {"lang", "en"}, {"largePrint", "true"}})
            .status,
        303);
    EXPECT_EQ(auditOf(server, "clinic.paper").size(), 1u);
    EXPECT_EQ(auditOf(server, "patient.print").size(), 1u);

    // An unticked box sends nothing: normal print. The patient's own language is remembered
    // as "the patient's own".
    Testing::HttpReply back =
        browser.postForm(lucia + "/handout.pdf", {{"csrf", csrf}, {"paper", "a4"}, {"lang", "es"}});
    ASSERT_EQ(back.status, 303);
    EXPECT_EQ(back.header("location"), lucia + "/handout.pdf?paper=a4&largePrint=false&lang=es");
    page = browser.get(lucia).body;
    EXPECT_TRUE(contains(page, "<option value=\"es\" selected>Español</option>"));
    EXPECT_TRUE(contains(page, "<input type=\"checkbox\" name=\"largePrint\" value=\"true\">"));
    EXPECT_EQ(auditOf(server, "patient.print").back(),
              "largePrint: true -> false; language: 'en' -> 'the patient's own'");

    // The paper is the clinic's, large print and language each patient's own.
    browser.postForm(lucia + "/handout.pdf",
                     {{"csrf", csrf}, {"paper", "a4"}, {"lang", "en"}, {"largePrint", "true"}});
    std::string ana = patientWithProgram(browser, csrf, "Ana Ruiz", "B6", "es");
    page = browser.get(ana).body;
    EXPECT_TRUE(offersPaper(page, "a4"));
    EXPECT_TRUE(contains(page, "<option value=\"es\" selected>Español</option>"));
    EXPECT_TRUE(contains(page, "<input type=\"checkbox\" name=\"largePrint\" value=\"true\">"));
    PdfFacts anas = pdfOf(browser.get(ana + "/handout.pdf"));
    EXPECT_TRUE(anas.a4()) << anas.info;
    EXPECT_TRUE(contains(anas.text, SPANISH_TITLE));
}

TEST(PrintMemory, AWrongChoiceIsRefusedAndNothingIsRemembered) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string patient = patientWithProgram(browser, csrf, "Lee Park", "B7", "en");
    for (const auto& [field, value] :
         std::vector<std::pair<std::string, std::string>>{{"paper", "legal"},
                                                          {"paper", "A5"},
                                                          {"paper", ""},
                                                          {"lang", "fr"},
                                                          {"lang", "EN"},
                                                          {"lang", "es-MX"},
                                                          {"largePrint", "yes"},
                                                          {"largePrint", ""}}) {
        std::vector<std::pair<std::string, std::string>> form{
            {"csrf", csrf}, {"paper", "a4"}, {"lang", "es"}, {"largePrint", "true"}};
        for (auto& each : form)
            if (each.first == field)
                each.second = value;
        Testing::HttpReply refused = browser.postForm(patient + "/handout.pdf", form);
        EXPECT_EQ(refused.status, 400) << field << "=" << value;
        EXPECT_TRUE(contains(refused.body, field)) << field << "=" << value << "\n" << refused.body;
        if (field != "paper")
            continue;
        for (const std::string& path :
             {patient + "/report.pdf", std::string("/reports/clinic.pdf")}) {
            EXPECT_EQ(browser.postForm(path, form).status, 400) << path << " " << value;
        }
    }
    EXPECT_TRUE(auditOf(server, "clinic.paper").empty());
    EXPECT_TRUE(auditOf(server, "patient.print").empty());
    EXPECT_TRUE(offersPaper(browser.get(patient).body, "letter"));
    // Without the form's token nothing is remembered either.
    EXPECT_EQ(browser.postForm(patient + "/handout.pdf", {{"paper", "a4"}}).status, 403);
    EXPECT_TRUE(auditOf(server, "clinic.paper").empty());
    // Another clinic's patient, or one that does not exist, is not found.
    EXPECT_EQ(
        browser.postForm("/patients/999/handout.pdf", {{"csrf", csrf}, {"paper", "a4"}}).status,
        404);
    EXPECT_EQ(
        browser.postForm("/patients/999/report.pdf", {{"csrf", csrf}, {"paper", "a4"}}).status,
        404);
    EXPECT_TRUE(auditOf(server, "clinic.paper").empty());
}

TEST(PrintMemory, TheReportsRememberTheClinicsPaperAndKeepTheirPeriodAndOrder) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    std::string patient = patientWithProgram(browser, csrf, "Lee Park", "B8", "en");

    std::string report = browser.get(patient + "/report").body;
    EXPECT_TRUE(contains(report, "<form method=\"post\" action=\"" + patient + "/report.pdf\""));
    EXPECT_TRUE(offersPaper(report, "letter"));
    EXPECT_TRUE(pdfOf(browser.get(patient + "/report.pdf")).letter());

    Testing::HttpReply chosen = browser.postForm(
        patient + "/report.pdf",
        {{"csrf", csrf}, {"from", "2026-11-23"}, {"to", "2026-11-25"}, {"paper", "a4"}});
    ASSERT_EQ(chosen.status, 303) << chosen.body;
    EXPECT_EQ(chosen.header("location"),
              patient + "/report.pdf?from=2026-11-23&to=2026-11-25&paper=a4");
    EXPECT_TRUE(pdfOf(browser.get(chosen.header("location"))).a4());
    // Remembered for the clinic: the reports and the handouts start from A4.
    EXPECT_TRUE(pdfOf(browser.get(patient + "/report.pdf")).a4());
    EXPECT_TRUE(pdfOf(browser.get("/reports/clinic.pdf")).a4());
    EXPECT_TRUE(pdfOf(browser.get(patient + "/handout.pdf")).a4());
    EXPECT_TRUE(offersPaper(browser.get(patient + "/report").body, "a4"));
    EXPECT_TRUE(offersPaper(browser.get("/reports/clinic").body, "a4"));
    EXPECT_TRUE(offersPaper(browser.get(patient).body, "a4"));
    EXPECT_TRUE(pdfOf(browser.get("/reports/clinic.pdf?paper=letter")).letter()) << "named wins";

    // The clinic report's form keeps its period, sort and order; a wrong one is refused.
    std::string clinic = browser.get("/reports/clinic?sort=adherence&order=desc").body;
    EXPECT_TRUE(contains(clinic, "<form method=\"post\" action=\"/reports/clinic.pdf\""));
    chosen = browser.postForm("/reports/clinic.pdf", {{"csrf", csrf},
                                                      {"from", "2026-11-01"},
                                                      {"to", "2026-11-25"},
                                                      {"sort", "adherence"},
                                                      {"order", "desc"},
                                                      {"paper", "letter"}});
    ASSERT_EQ(chosen.status, 303) << chosen.body;
    EXPECT_EQ(chosen.header("location"), "/reports/clinic.pdf?from=2026-11-01&to=2026-11-25&"
                                         "sort=adherence&order=desc&paper=letter");
    EXPECT_TRUE(pdfOf(browser.get(chosen.header("location"))).letter());
    EXPECT_TRUE(offersPaper(browser.get(patient).body, "letter"));
    EXPECT_EQ(auditOf(server, "clinic.paper"),
              (std::vector<std::string>{"paper: 'letter' -> 'a4'", "paper: 'a4' -> 'letter'"}));
    for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
             {"sort", "name; DROP"}, {"order", "up"}, {"from", "2026-13-01"}}) {
        std::vector<std::pair<std::string, std::string>> form{{"csrf", csrf}, {"paper", "a4"}};
        form.emplace_back(field, value);
        Testing::HttpReply refused = browser.postForm("/reports/clinic.pdf", form);
        EXPECT_EQ(refused.status, 400) << field;
        EXPECT_TRUE(contains(refused.body, field)) << refused.body;
    }
    EXPECT_EQ(auditOf(server, "clinic.paper").size(), 2u) << "a refused form remembers nothing";
}

TEST(PrintMemory, TheApiShowsAndChangesAPatientsPrintChoices) {
    Testing::TestServer server;
    Testing::HttpTestClient api = server.signedIn();
    Testing::HttpReply created =
        api.postJson("/api/v1/patients", R"({"name": "Lucía Fernández", "recordNumber": "B9",
        "language": "es"})");
    ASSERT_EQ(created.status, 201) << created.body;
    auto patient = json(created.body);
    EXPECT_FALSE(patient->getValue<bool>("handoutLargePrint"));
    EXPECT_TRUE(patient->isNull("handoutLanguage"));
    const std::string id = patient->getValue<std::string>("id");
    const std::string path = "/api/v1/patients/" + id;
    Testing::HttpReply program =
        api.postJson(path + "/programs", Testing::programJson("2026-11-16"));
    ASSERT_EQ(program.status, 201) << program.body;
    const std::string handout =
        "/api/v1/programs/" + json(program.body)->getValue<std::string>("id") + "/handout.pdf";
    PdfFacts before = pdfOf(api.get(handout));
    EXPECT_TRUE(before.letter());
    EXPECT_TRUE(contains(before.text, SPANISH_TITLE));

    Testing::HttpReply changed =
        api.request("PATCH", path, R"({"handoutLargePrint": true, "handoutLanguage": "en"})",
                    "application/json");
    ASSERT_EQ(changed.status, 200) << changed.body;
    patient = json(changed.body);
    EXPECT_TRUE(patient->getValue<bool>("handoutLargePrint"));
    EXPECT_EQ(patient->getValue<std::string>("handoutLanguage"), "en");
    EXPECT_EQ(patient->getValue<std::string>("name"), "Lucía Fernández");
    EXPECT_EQ(auditOf(server, "patient.print"),
              std::vector<std::string>{
                  "largePrint: false -> true; language: 'the patient's own' -> 'en'"});
    EXPECT_TRUE(json(api.get(path).body)->getValue<bool>("handoutLargePrint"));

    // The API's handout follows them unless the address names its own.
    PdfFacts after = pdfOf(api.get(handout));
    EXPECT_TRUE(contains(after.text, ENGLISH_TITLE));
    EXPECT_GT(after.wordHeight, before.wordHeight * 1.15) << "large print";
    PdfFacts named = pdfOf(api.get(handout + "?largePrint=false&lang=es"));
    EXPECT_TRUE(contains(named.text, SPANISH_TITLE));
    EXPECT_DOUBLE_EQ(named.wordHeight, before.wordHeight);

    // "" goes back to the patient's own language; wrong values are refused, naming the field,
    // and change nothing.
    patient =
        json(api.request("PATCH", path, R"({"handoutLanguage": ""})", "application/json").body);
    EXPECT_TRUE(patient->isNull("handoutLanguage"));
    for (const std::string& body :
         {std::string(R"({"handoutLanguage": "fr", "name": "Lucía F."})"),
          std::string(R"({"handoutLanguage": "ES"})"),
          std::string(R"({"handoutLargePrint": "yes"})"),
          std::string(R"({"handoutLargePrint": 1})"), std::string(R"({"handoutLanguage": 5})")}) {
        Testing::HttpReply refused = api.request("PATCH", path, body, "application/json");
        EXPECT_EQ(refused.status, 400) << body;
        EXPECT_TRUE(contains(refused.body, body.find("Language") != std::string::npos
                                               ? "handoutLanguage"
                                               : "handoutLargePrint"))
            << body << "\n"
            << refused.body;
    }
    patient = json(api.get(path).body);
    EXPECT_EQ(patient->getValue<std::string>("name"), "Lucía Fernández");
    EXPECT_TRUE(patient->getValue<bool>("handoutLargePrint"));
    EXPECT_EQ(auditOf(server, "patient.print").size(), 2u);
}
