// Text people type may be right to left (Hebrew, Arabic). Every page puts such text in an
// element of its own direction (<bdi>, or dir="auto" on the element that holds only it), so
// that a Hebrew name followed by a record number, a colon or a badge in a left-to-right row
// does not carry its neighbours into its own order.
#include "TestServer.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

using namespace Limber;
using Testing::contains;

namespace {

const std::string NAME = "\u05DE\u05E8\u05D9\u05DD \u05DB\u05D4\u05DF";       // Miriam Cohen
const std::string FIRST_NAME = "\u05DE\u05E8\u05D9\u05DD";                    // Miriam
const std::string RECORD = "\u05EA-12";                                       // Tav-12
const std::string TITLE = "\u05D2\u05D1 \u05D1\u05E8\u05D9\u05D0";            // Healthy back
const std::string NEW_TITLE = "\u05D2\u05D1 \u05D7\u05D6\u05E7";              // Strong back
const std::string NOTE = "\u05DB\u05D5\u05D0\u05D1 \u05E7\u05E6\u05EA (3)";   // It hurts a bit
const std::string ADMIN_NAME = "\u05E0\u05D5\u05E2\u05D4 \u05DC\u05D5\u05D9"; // Noa Levi

/// Where each occurrence of text in html is isolated, or why not: every occurrence must be
/// the start of a <bdi> element or of an element with dir="auto" (the text right after that
/// element's start tag), or, inside a start tag, a value of a tag that has dir="auto". The
/// document's <title> is exempt: it holds text only, and the browser shows it in its own bar.
std::vector<std::string> unisolated(const std::string& html, const std::string& text) {
    std::vector<std::string> problems;
    for (std::size_t at = html.find(text); at != std::string::npos;
         at = html.find(text, at + text.size())) {
        const std::size_t open = html.rfind('<', at);
        const std::size_t close = html.rfind('>', at);
        const std::string context = html.substr(open == std::string::npos ? 0 : open, 160);
        if (open == std::string::npos) {
            problems.push_back("outside any element: " + context);
            continue;
        }
        if (close == std::string::npos || close < open) {
            // Inside a start tag, as an attribute's value.
            const std::string tag = html.substr(open, html.find('>', at) - open);
            if (!contains(tag, "dir=\"auto\""))
                problems.push_back("in a tag without dir=\"auto\": " + tag);
            continue;
        }
        const std::string tag = html.substr(open, close + 1 - open);
        const bool rightAfterTag = close + 1 == at;
        const bool isolating = tag == "<bdi>" || contains(tag, "dir=\"auto\"");
        if (tag == "<title>")
            continue;
        if (!rightAfterTag || !isolating)
            problems.push_back("not isolated: ..." +
                               html.substr(open, std::min<std::size_t>(at + text.size() + 40 - open,
                                                                       html.size() - open)));
    }
    return problems;
}

struct HebrewClinic {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    std::string patientId;
    std::string programId;
    std::string checkinPath;
};

/// A clinic whose patient, program (two versions: the title changed), session note and admin
/// are written in Hebrew, next to patients named in Latin letters.
void fill(HebrewClinic& clinic) {
    auto json = [](const std::string& body) {
        return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    };
    Testing::HttpTestClient& therapist = clinic.therapist;
    for (const auto& [name, record] :
         std::vector<std::pair<std::string, std::string>>{{"Ann Lee", "R-1"}, {"Bo Chen", "R-2"}})
        therapist.postJson("/api/v1/patients",
                           R"({"name": ")" + name + R"(", "recordNumber": ")" + record + R"("})");
    Testing::HttpReply patient = therapist.postJson(
        "/api/v1/patients", R"({"name": ")" + NAME + R"(", "firstName": ")" + FIRST_NAME +
                                R"(", "recordNumber": ")" + RECORD + R"("})");
    ASSERT_EQ(patient.status, 201) << patient.body;
    clinic.patientId = std::to_string(json(patient.body)->getValue<std::int64_t>("id"));
    std::string program = Testing::programJson();
    program.replace(program.find("Runner's back care"), std::string("Runner's back care").size(),
                    TITLE);
    Testing::HttpReply saved =
        therapist.postJson("/api/v1/patients/" + clinic.patientId + "/programs", program);
    ASSERT_EQ(saved.status, 201) << saved.body;
    clinic.programId = std::to_string(json(saved.body)->getValue<std::int64_t>("id"));
    std::string revised = program;
    revised.replace(revised.find(TITLE), TITLE.size(), NEW_TITLE);
    Testing::HttpReply version =
        therapist.postJson("/api/v1/programs/" + clinic.programId + "/versions", revised);
    ASSERT_EQ(version.status, 201) << version.body;
    Testing::HttpReply session = therapist.postJson(
        "/api/v1/patients/" + clinic.patientId + "/sessions",
        R"({"date": "2026-11-24", "painBefore": 2, "note": ")" + NOTE +
            R"(", "entries": [{"exercise": "back-flexion-stretch", "done": true}]})");
    ASSERT_EQ(session.status, 201) << session.body;
    Application& app = clinic.server.application();
    app.accounts().createUser(clinic.server.clinicId(), "noa@bayview.example", ADMIN_NAME,
                              Role::Admin, "noa's long password");
    Actor actor{clinic.server.clinicId(), 0, Role::Admin, "test", "127.0.0.1"};
    PatientLink link = app.patients().links(actor, std::stoll(clinic.patientId)).front();
    clinic.checkinPath = "/p/" + app.links().tokenOf(link);
}

} // namespace

TEST(BidiIsolation, EveryPageIsolatesTheHebrewTextPeopleTyped) {
    HebrewClinic clinic;
    fill(clinic);
    if (HasFatalFailure())
        return;
    const std::string patient = "/patients/" + clinic.patientId;
    struct Page {
        std::string path;
        std::vector<std::string> texts;
    };
    const std::vector<Page> pages = {
        {"/patients", {NAME, RECORD}},
        {"/patients?q=" + std::string("%D7%9E%D7%A8%D7%99%D7%9D"), {NAME, RECORD, FIRST_NAME}},
        {patient, {NAME, RECORD, NEW_TITLE, TITLE, NOTE}},
        {patient + "/edit", {NAME, FIRST_NAME, RECORD}},
        {patient + "/discharge", {NAME, RECORD, NEW_TITLE}},
        {patient + "/report", {NAME, RECORD, NEW_TITLE, NOTE}},
        {patient + "/paper-log", {NAME, RECORD}},
        {patient + "/program", {NAME, NEW_TITLE}},
        {"/reports/clinic", {NAME, RECORD, NEW_TITLE}},
    };
    for (const auto& page : pages) {
        Testing::HttpReply reply = clinic.therapist.get(page.path);
        ASSERT_EQ(reply.status, 200) << page.path;
        for (const auto& text : page.texts) {
            EXPECT_TRUE(contains(reply.body, text)) << page.path << " does not show " << text;
            for (const auto& problem : unisolated(reply.body, text))
                ADD_FAILURE() << page.path << ": " << problem;
        }
    }
    // The admin's pages: the users list and the header show the admin's name.
    Testing::HttpTestClient admin = clinic.server.client();
    admin.signIn("noa@bayview.example", "noa's long password");
    for (const std::string path : {"/admin/users", "/admin/flags", "/patients"}) {
        Testing::HttpReply reply = admin.get(path);
        ASSERT_EQ(reply.status, 200) << path;
        EXPECT_TRUE(contains(reply.body, ADMIN_NAME)) << path;
        for (const auto& problem : unisolated(reply.body, ADMIN_NAME))
            ADD_FAILURE() << path << ": " << problem;
    }
    // The patient's check-in page greets them by their first name and shows the title.
    Testing::HttpTestClient phone = clinic.server.client();
    ASSERT_EQ(phone.get(clinic.checkinPath).status, 303);
    Testing::HttpReply checkin = phone.get("/p");
    ASSERT_EQ(checkin.status, 200);
    for (const auto& text : {FIRST_NAME, NEW_TITLE}) {
        EXPECT_TRUE(contains(checkin.body, text)) << "/p does not show " << text;
        for (const auto& problem : unisolated(checkin.body, text))
            ADD_FAILURE() << "/p: " << problem;
    }
}

TEST(BidiIsolation, TheVersionHistoryIsolatesTitlesInsideItsSentence) {
    HebrewClinic clinic;
    fill(clinic);
    if (HasFatalFailure())
        return;
    std::string page = clinic.therapist.get("/patients/" + clinic.patientId).body;
    EXPECT_TRUE(contains(page, "Title \u201c<bdi>" + TITLE + "</bdi>\u201d \u2192 \u201c<bdi>" +
                                   NEW_TITLE + "</bdi>\u201d"))
        << page;
}

TEST(BidiIsolation, TheCheckFindsTextThatIsNotIsolated) {
    // The helper itself: a bare name, a name after other text in the element, a value in an
    // input without dir="auto" are found; the isolated forms are not.
    EXPECT_EQ(unisolated("<td>" + NAME + "</td>", NAME).size(), 1u);
    EXPECT_EQ(unisolated("<p>Record <bdi>x</bdi> " + NAME + "</p>", NAME).size(), 1u);
    EXPECT_EQ(unisolated("<input value=\"" + NAME + "\">", NAME).size(), 1u);
    EXPECT_TRUE(unisolated("<td><bdi>" + NAME + "</bdi></td>", NAME).empty());
    EXPECT_TRUE(unisolated("<li dir=\"auto\">" + NAME + "</li>", NAME).empty());
    EXPECT_TRUE(unisolated("<input dir=\"auto\" value=\"" + NAME + "\">", NAME).empty());
    EXPECT_TRUE(unisolated("<title>" + NAME + " \u00b7 Limber</title>", NAME).empty());
}

// An earlier episode of care: the patient page's list of episodes and the read-only episode
// page show the program's titles, the session's note and the patient, each isolated.
TEST(BidiIsolation, EarlierEpisodesIsolateTheHebrewTextPeopleTyped) {
    HebrewClinic clinic;
    fill(clinic);
    if (HasFatalFailure())
        return;
    const std::string patient = "/patients/" + clinic.patientId;
    for (const std::string action : {"discharge", "readmit"}) {
        Testing::HttpReply reply =
            clinic.therapist.postJson("/api/v1" + patient + "/" + action, "{}");
        ASSERT_EQ(reply.status, 200) << action << ": " << reply.body;
    }
    const std::vector<std::pair<std::string, std::vector<std::string>>> pages = {
        {patient, {NAME, RECORD, NEW_TITLE}},
        {patient + "/episodes/1", {NAME, RECORD, NEW_TITLE, NOTE}},
    };
    for (const auto& [path, texts] : pages) {
        Testing::HttpReply reply = clinic.therapist.get(path);
        ASSERT_EQ(reply.status, 200) << path;
        for (const auto& text : texts) {
            EXPECT_TRUE(contains(reply.body, text)) << path << " does not show " << text;
            for (const auto& problem : unisolated(reply.body, text))
                ADD_FAILURE() << path << ": " << problem;
        }
    }
}
