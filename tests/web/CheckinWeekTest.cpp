// The check-in page's week: the last seven days of the program, each marked when a session of
// the current program was logged that day, and the day shown with its own sessions.
#include "TestServer.h"

#include <gtest/gtest.h>

#include <string>

using namespace Limber;
using Testing::contains;

namespace {

/// The week's link for date as the page writes it, up to its classes.
std::string dayLink(const std::string& date) {
    return "<a href=\"/p?date=" + date + "\" class=\"day";
}

/// The classes of date's link in the week ("day", "day logged", "day current"...); empty when
/// the week shows no such day.
std::string classesOf(const std::string& page, const std::string& date) {
    const std::string start = "<a href=\"/p?date=" + date + "\" class=\"";
    std::size_t at = page.find(start);
    if (at == std::string::npos)
        return {};
    at += start.size();
    return page.substr(at, page.find('"', at) - at);
}

Prescription backCare(Application& app, const std::string& start) {
    Prescription p;
    p.title = "Back care";
    p.startDate = Date::parse(start);
    p.endDate = Date::parse("2026-12-31");
    Dose twice = app.catalog().defaultDose("tree-pose").value();
    twice.sessionsPerDay = 2;
    p.items.push_back({"tree-pose", twice, ""});
    return p;
}

} // namespace

TEST(CheckinWeek, MarksTheDaysTheCurrentProgramWasLoggedAndShowsTheDaysOwnSessions) {
    Testing::TestServer server; // today is 2026-11-25
    Application& app = server.application();
    Actor actor{server.clinicId(), 1, Role::Therapist, "Dana"};
    Patient patient = app.patients().create(actor, {"Ana Ruiz", "", "W1", "en"});
    auto log = [&](const std::string& date, int slot, int pain) {
        SessionInput input;
        input.date = Date::parse(date);
        input.slot = slot;
        input.painBefore = pain;
        app.sessions().log(actor, patient.id, input, SessionSource::Therapist);
    };
    // An earlier program, logged on the 23rd, then the current one from the 21st.
    app.programs().create(actor, patient.id, backCare(app, "2026-11-10"));
    log("2026-11-23", 1, 2);
    app.programs().create(actor, patient.id, backCare(app, "2026-11-21"));
    log("2026-11-22", 1, 4);
    log("2026-11-24", 1, 6);
    log("2026-11-24", 2, 7);

    std::string url = app.links().currentUrl(server.clinicId(), patient.id).value();
    Testing::HttpTestClient phone = server.client();
    ASSERT_EQ(phone.get(url.substr(url.find("/p/"))).status, 303);
    std::string page = phone.get("/p").body;

    EXPECT_FALSE(contains(page, dayLink("2026-11-19"))) << "before the program";
    EXPECT_FALSE(contains(page, dayLink("2026-11-20"))) << "before the program";
    EXPECT_EQ(classesOf(page, "2026-11-21"), "day");
    EXPECT_EQ(classesOf(page, "2026-11-22"), "day logged");
    EXPECT_EQ(classesOf(page, "2026-11-23"), "day") << "another program's session";
    EXPECT_EQ(classesOf(page, "2026-11-24"), "day logged") << "two sessions, one mark";
    EXPECT_EQ(classesOf(page, "2026-11-25"), "day current");

    // A day shown reads its own sessions: the 24th has both sessions ticked, the 22nd its
    // first, and offers its second when none is picked.
    std::string full = phone.get("/p?date=2026-11-24").body;
    EXPECT_EQ(classesOf(full, "2026-11-24"), "day current logged");
    EXPECT_TRUE(contains(full, ">Session 1 <span class=\"tick\">✓</span></a>")) << full;
    EXPECT_TRUE(contains(full, ">Session 2 <span class=\"tick\">✓</span></a>"));
    std::string half = phone.get("/p?date=2026-11-22").body;
    EXPECT_TRUE(contains(half, ">Session 1 <span class=\"tick\">✓</span></a>"));
    EXPECT_TRUE(contains(half, "class=\"slot current\" aria-current=\"page\">Session 2</a>"))
        << half;
}
