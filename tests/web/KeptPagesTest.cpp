// Rendered pages kept while everything they show stays the same (KeptPages): the check-in page,
// the patient list and the patient page. A kept page is the page a fresh render gives; any
// change of the clinic's data, made here or by another connection, shows at the next view; a
// link's expiry shows on time; and every view is audited, kept or not.
#include "web/KeptPages.h"

#include "TestServer.h"
#include "support/TestFiles.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <regex>

using namespace Limber;
using Testing::contains;
using Testing::csrfOf;

namespace {

std::int64_t idOf(const std::string& json) {
    return Poco::JSON::Parser()
        .parse(json)
        .extract<Poco::JSON::Object::Ptr>()
        ->getValue<std::int64_t>("id");
}

/// A patient of the test clinic with a program from Monday 16th (the clock says the 25th).
std::int64_t patientWithProgram(Testing::HttpTestClient& therapist, const std::string& name,
                                const std::string& record) {
    std::int64_t id =
        idOf(therapist
                 .postJson("/api/v1/patients",
                           R"({"name": ")" + name + R"(", "recordNumber": ")" + record + R"("})")
                 .body);
    Testing::HttpReply program = therapist.postJson(
        "/api/v1/patients/" + std::to_string(id) + "/programs", Testing::programJson());
    EXPECT_EQ(program.status, 201) << program.body;
    return id;
}

void logSession(Testing::HttpTestClient& therapist, std::int64_t patient, const std::string& date,
                const std::string& note) {
    Testing::HttpReply logged = therapist.postJson(
        "/api/v1/patients/" + std::to_string(patient) + "/sessions",
        R"({"date": ")" + date + R"(", "painBefore": 3, "note": ")" + note +
            R"(", "entries": [{"exercise": "back-flexion-stretch", "done": true}]})");
    ASSERT_EQ(logged.status, 201) << logged.body;
}

std::size_t audits(Testing::TestServer& server, const std::string& action) {
    std::size_t count = 0;
    for (const auto& event :
         server.application().store().auditEvents(server.clinicId(), 0, 4'000'000'000))
        if (event.action == action)
            ++count;
    return count;
}

/// The page without what differs on every view by design (the fresh submission id).
std::string withoutSubmissionId(const std::string& page) {
    return std::regex_replace(page, std::regex("name=\"submission\" value=\"[^\"]*\""),
                              "name=\"submission\"");
}

std::string submissionIdOf(const std::string& page) {
    std::smatch match;
    std::regex_search(page, match, std::regex("name=\"submission\" value=\"([^\"]*)\""));
    return match.size() > 1 ? match[1].str() : std::string();
}

} // namespace

TEST(KeptPage, EveryHoleGetsTheViewsValue) {
    EXPECT_EQ(KeptPage("a HOLE b HOLE", "HOLE").filledWith("x1"), "a x1 b x1");
    EXPECT_EQ(KeptPage("HOLEHOLE", "HOLE").filledWith("-"), "--");
    EXPECT_EQ(KeptPage("no holes", "HOLE").filledWith("x"), "no holes");
    EXPECT_EQ(KeptPage("as it is", "").filledWith("x"), "as it is");
}

TEST(PageKey, PartsNeverRunIntoEachOther) {
    EXPECT_NE(PageKey().add("ab").add("c").text(), PageKey().add("a").add("bc").text());
    EXPECT_NE(PageKey().add("1:a").text(), PageKey().add("1").add("a").text());
    EXPECT_NE(PageKey().add(12).text(), PageKey().add(1).add(2).text());
    EXPECT_EQ(PageKey().add(12).add("x").text(), PageKey().add("12").add("x").text());
}

TEST(KeptPages, KeepsAtMostItsCapacityAndHoldsEachAnchorAsLongAsItsPage) {
    KeptPages pages(2);
    auto anchor = std::make_shared<int>(1);
    std::weak_ptr<int> watched = anchor;
    pages.keep("a", KeptPage("A", {}), std::move(anchor));
    pages.keep("b", KeptPage("B", {}));
    ASSERT_NE(pages.find("a"), nullptr); // used: b is now the least recent
    pages.keep("c", KeptPage("C", {}));
    EXPECT_EQ(pages.size(), 2u);
    EXPECT_EQ(pages.find("b"), nullptr);
    EXPECT_EQ(pages.find("a")->filledWith({}), "A");
    EXPECT_FALSE(watched.expired()) << "the page's anchor lives while the page is kept";
    pages.keep("a", KeptPage("A2", {}));
    EXPECT_EQ(pages.find("a")->filledWith({}), "A2") << "kept again under the same key";
    EXPECT_TRUE(watched.expired());

    KeptPages none(0);
    none.keep("a", KeptPage("A", {}));
    EXPECT_EQ(none.find("a"), nullptr);
}

TEST(KeptPages, APageIsNotGivenFromTheSecondItWouldShowSomethingElse) {
    KeptPages pages(4);
    pages.keep("a", KeptPage("A", {}), nullptr, 1000);
    EXPECT_NE(pages.find("a", 999), nullptr);
    EXPECT_EQ(pages.find("a", 1000), nullptr);
    pages.keep("b", KeptPage("B", {}));
    EXPECT_NE(pages.find("b", 4'000'000'000), nullptr);
}

TEST(KeptPagesWeb, ThePatientListShowsEveryChangeAndEveryViewIsAudited) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t ana = patientWithProgram(therapist, "Ana Ruiz", "C1");
    patientWithProgram(therapist, "Ben Okafor", "C2");

    const std::size_t before = audits(server, "patient.list");
    Testing::HttpReply fresh = therapist.get("/patients");
    Testing::HttpReply kept = therapist.get("/patients");
    ASSERT_EQ(fresh.status, 200);
    ASSERT_EQ(kept.status, 200);
    EXPECT_EQ(kept.body, fresh.body);
    EXPECT_TRUE(contains(kept.body, "Ana Ruiz"));

    // A search is its own page.
    std::string search = therapist.get("/patients?q=Okafor").body;
    EXPECT_TRUE(contains(search, "Ben Okafor"));
    EXPECT_FALSE(contains(search, "Ana Ruiz"));
    EXPECT_TRUE(contains(therapist.get("/patients").body, "Ana Ruiz"));

    // A change made by another connection, which this server never saw.
    server.runSql("UPDATE patients SET name = 'Ana Beltrán' WHERE id = " + std::to_string(ana));
    std::string renamed = therapist.get("/patients").body;
    EXPECT_TRUE(contains(renamed, "Ana Beltrán")) << renamed;
    EXPECT_FALSE(contains(renamed, "Ana Ruiz"));

    // A session logged today moves the last session's column.
    EXPECT_FALSE(contains(renamed, "25 Nov 2026"));
    logSession(therapist, ana, "2026-11-25", "Fine");
    EXPECT_TRUE(contains(therapist.get("/patients").body, "25 Nov 2026"));

    // Another session of the same user: its own form token, never the first session's.
    Testing::HttpTestClient again = server.signedIn();
    std::string other = again.get("/patients").body;
    ASSERT_FALSE(csrfOf(other).empty());
    EXPECT_NE(csrfOf(other), csrfOf(fresh.body));
    EXPECT_EQ(csrfOf(therapist.get("/patients").body), csrfOf(fresh.body));

    // A new day: the flags' period moves, and the page with it.
    std::string yesterday = therapist.get("/patients").body;
    server.clock().setToday(Date::parse("2026-12-20"));
    EXPECT_NE(therapist.get("/patients").body, yesterday);

    EXPECT_EQ(audits(server, "patient.list") - before, 10u) << "one entry for each view";
}

TEST(KeptPagesWeb, ThePatientPageShowsEveryChangeAndALinkExpiresOnTime) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t ana = patientWithProgram(therapist, "Ana Ruiz", "C1");
    const std::string page = "/patients/" + std::to_string(ana);

    const std::size_t viewsBefore = audits(server, "patient.view");
    const std::size_t listsBefore = audits(server, "session.list");
    Testing::HttpReply fresh = therapist.get(page);
    Testing::HttpReply kept = therapist.get(page);
    ASSERT_EQ(fresh.status, 200);
    EXPECT_EQ(kept.body, fresh.body);

    logSession(therapist, ana, "2026-11-24", "Felt loose afterwards");
    EXPECT_TRUE(contains(therapist.get(page).body, "Felt loose afterwards"));

    server.runSql("UPDATE patients SET phone = '+1 555 0100' WHERE id = " + std::to_string(ana));
    EXPECT_TRUE(contains(therapist.get(page).body, "+1 555 0100"));

    // A link that expires in a minute (a day is beyond a signed-in session): the page says so
    // from that second on, with nothing else changed.
    PatientLink link = server.application().links().create(server.clinicId(), ana, 1);
    const std::int64_t expiry = server.clock().nowSeconds() + 60;
    server.runSql("UPDATE patient_links SET expires_at = " + std::to_string(expiry) +
                  " WHERE id = " + std::to_string(link.id));
    std::string withLink = therapist.get(page).body;
    EXPECT_FALSE(contains(withLink, ">expired<")) << withLink;
    EXPECT_EQ(therapist.get(page).body, withLink);
    server.clock().advanceSeconds(59);
    EXPECT_FALSE(contains(therapist.get(page).body, ">expired<"));
    server.clock().advanceSeconds(1);
    EXPECT_TRUE(contains(therapist.get(page).body, ">expired<"));

    // The query is part of the page.
    EXPECT_TRUE(contains(therapist.get(page + "?edited=1").body, "Details saved."));

    EXPECT_EQ(audits(server, "patient.view") - viewsBefore, 9u) << "one entry for each view";
    EXPECT_EQ(audits(server, "session.list") - listsBefore, 9u);
}

TEST(KeptPagesWeb, TheCheckinPageShowsEveryChangeAndEachViewGetsItsOwnSubmissionId) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t ana = patientWithProgram(therapist, "Ana Ruiz", "C1");
    std::string url = server.application().links().currentUrl(server.clinicId(), ana).value();
    Testing::HttpTestClient phone = server.client();
    ASSERT_EQ(phone.get(url.substr(url.find("/p/"))).status, 303);

    const std::size_t before = audits(server, "checkin.view");
    Testing::HttpReply fresh = phone.get("/p");
    Testing::HttpReply kept = phone.get("/p");
    ASSERT_EQ(fresh.status, 200);
    EXPECT_EQ(withoutSubmissionId(kept.body), withoutSubmissionId(fresh.body));
    ASSERT_FALSE(submissionIdOf(kept.body).empty());
    EXPECT_NE(submissionIdOf(kept.body), submissionIdOf(fresh.body));

    server.runSql("UPDATE patients SET first_name = 'Anita' WHERE id = " + std::to_string(ana));
    std::string renamed = phone.get("/p").body;
    EXPECT_TRUE(contains(renamed, "Anita")) << renamed;

    // A kept page's submission id records a session once, as a fresh page's does.
    std::string form = phone.get("/p").body;
    for (int tap = 0; tap < 2; ++tap)
        ASSERT_EQ(phone
                      .postForm("/p", {{"csrf", csrfOf(form)},
                                       {"submission", submissionIdOf(form)},
                                       {"done", "tree-pose:left"}})
                      .status,
                  303);
    EXPECT_EQ(
        server.application()
            .store()
            .sessions(server.clinicId(), ana, Date::parse("2026-11-25"), Date::parse("2026-11-25"))
            .size(),
        1u);
    EXPECT_TRUE(contains(phone.get("/p").body, "value=\"tree-pose:left\" checked"));

    // Five views, and each form sent opens the patient's view too.
    EXPECT_EQ(audits(server, "checkin.view") - before, 7u) << "one entry for each view";
}
