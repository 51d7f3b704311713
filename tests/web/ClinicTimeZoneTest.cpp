// The clinic's time zone decides "today" and every time shown; dates read one way per language.
#include "TestServer.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <regex>

using namespace Limber;
using Testing::contains;

namespace {

constexpr const char* ADMIN_EMAIL = "olga@bayview.example";
constexpr const char* ADMIN_PASSWORD = "an admin's long password";

std::int64_t utcInstant(int year, int month, int day, int hour, int minute) {
    return static_cast<std::int64_t>(Date::fromYmd(year, month, day).daysSinceEpoch()) * 86400 +
           hour * 3600 + minute * 60;
}

std::int64_t newPatient(Testing::HttpTestClient& therapist, const std::string& name,
                        const std::string& record = "TZ-1", const std::string& language = "en") {
    Testing::HttpReply reply = therapist.postJson(
        "/api/v1/patients", R"({"name": ")" + name + R"(", "recordNumber": ")" + record +
                                R"(", "language": ")" + language + R"("})");
    EXPECT_EQ(reply.status, 201) << reply.body;
    return Poco::JSON::Parser()
        .parse(reply.body)
        .extract<Poco::JSON::Object::Ptr>()
        ->getValue<std::int64_t>("id");
}

/// Gives the patient a program starting on 1 December 2026 through the API.
void addProgram(Testing::HttpTestClient& therapist, std::int64_t patientId) {
    Testing::HttpReply reply =
        therapist.postJson("/api/v1/patients/" + std::to_string(patientId) + "/programs",
                           Testing::programJson("2026-12-01"));
    ASSERT_EQ(reply.status, 201) << reply.body;
}

/// The start date the program builder offers for a new program: the clinic's today.
std::string builderStartDate(Testing::HttpTestClient& therapist, std::int64_t patientId) {
    std::string page = therapist.get("/patients/" + std::to_string(patientId) + "/program").body;
    auto at = page.find("id=\"startDate\"");
    if (at == std::string::npos)
        return {};
    at = page.find("value=\"", at) + 7;
    return page.substr(at, page.find('"', at) - at);
}

void logSession(Testing::HttpTestClient& therapist, std::int64_t patientId,
                const std::string& date) {
    Testing::HttpReply reply = therapist.request(
        "POST", "/api/v1/patients/" + std::to_string(patientId) + "/sessions",
        R"({"date": ")" + date +
            R"(", "entries": [{"exercise": "back-flexion-stretch", "done": true}]})",
        "application/json", {{"X-CSRF-Token", therapist.csrfToken()}});
    EXPECT_EQ(reply.status, 201) << reply.body;
}

/// The text a person reads on a page: tags, scripts and styles removed.
std::string visibleText(std::string html) {
    html = std::regex_replace(html, std::regex("<(script|style)[^>]*>[\\s\\S]*?</\\1>"), " ");
    html = std::regex_replace(html, std::regex("<[^>]*>"), " ");
    return html;
}

/// Dates written in any style but the one of the language: ISO days, US "Dec 6, 2026",
/// numeric "10/12/2026", and "UTC" as a clock.
std::vector<std::string> foreignDates(const std::string& html) {
    static const std::regex FOREIGN(
        "\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* "
        "\\d{1,2},? \\d{4}\\b|\\b\\d{1,2}/\\d{1,2}/\\d{4}\\b|\\bUTC\\b");
    std::vector<std::string> found;
    std::string text = visibleText(html);
    for (std::sregex_iterator it(text.begin(), text.end(), FOREIGN), end; it != end; ++it)
        found.push_back(it->str());
    return found;
}

} // namespace

// The first day of a program, seen at night, at noon and late in the evening of the clinic's
// day (Madrid is UTC+1 in December: 00:30 there is 23:30 UTC the day before).
TEST(ClinicTimeZone, AProgramOnItsFirstDayShowsItsStartAndNothingCountedAtEveryHour) {
    for (auto [hour, minute] : {std::pair{0, 30}, std::pair{12, 0}, std::pair{23, 30}}) {
        SCOPED_TRACE(std::to_string(hour) + ":" + std::to_string(minute) + " in Madrid");
        Testing::TestServer server;
        server.clock().followZone(TimeZone::named("Europe/Madrid"));
        server.clock().setNowSeconds(utcInstant(2026, 12, 6, hour, minute) - 3600);
        Testing::HttpTestClient therapist = server.signedIn();
        std::int64_t id = newPatient(therapist, "Lucía Primera");
        std::string start = builderStartDate(therapist, id);
        EXPECT_EQ(start, "2026-12-06") << "the clinic's day, not the UTC one";
        ASSERT_EQ(therapist
                      .postJson("/api/v1/patients/" + std::to_string(id) + "/programs",
                                Testing::programJson(start))
                      .status,
                  201);

        std::string page = therapist.get("/patients/" + std::to_string(id)).body;
        EXPECT_TRUE(contains(page, "Since the start: from 6 Dec 2026, nothing counted yet"))
            << page;
        EXPECT_FALSE(contains(page, "to 5 Dec 2026"));
        EXPECT_TRUE(contains(page, "6 Dec 2026 to 27 Dec 2026")) << "the program's dates";
        char admitted[64];
        std::snprintf(admitted, sizeof admitted, "6 Dec 2026, %02d:%02d CET", hour, minute);
        EXPECT_TRUE(contains(page, admitted)) << "admitted at the clinic's time";

        // Practice today counts today; tomorrow, the first day is counted whatever was done.
        logSession(therapist, id, "2026-12-06");
        page = therapist.get("/patients/" + std::to_string(id)).body;
        EXPECT_TRUE(contains(page, "Since the start: 6 Dec 2026</p>")) << page;
        server.clock().advanceSeconds(24 * 3600);
        therapist = server.signedIn(); // the day's sign-in has ended
        page = therapist.get("/patients/" + std::to_string(id)).body;
        EXPECT_TRUE(contains(page, "Since the start: 6 Dec 2026</p>"));
        EXPECT_TRUE(contains(page, "<dt>Days done</dt><dd>100%</dd>")) << page;
        server.clock().advanceSeconds(24 * 3600);
        therapist = server.signedIn(); // the day's sign-in has ended
        page = therapist.get("/patients/" + std::to_string(id)).body;
        EXPECT_TRUE(contains(page, "Since the start: 6 Dec 2026 to 7 Dec 2026</p>"));
    }
}

// A patient in Sydney opening the link at 08:00 on Monday 7 December local time, while it is
// still Sunday in UTC: "today" on the phone is Monday.
TEST(ClinicTimeZone, ThePatientsTodayIsTheClinicsDayNotTheUtcDay) {
    Testing::TestServer server;
    server.clock().followZone(TimeZone::named("Australia/Sydney"));
    server.clock().setNowSeconds(utcInstant(2026, 12, 6, 21, 0)); // 08:00 AEDT on the 7th
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t id = newPatient(therapist, "Aiko Sato");
    addProgram(therapist, id);
    if (HasFatalFailure())
        return;
    Application& app = server.application();
    Actor actor{server.clinicId(), 0, Role::Admin, "test", "127.0.0.1"};
    PatientLink link = app.patients().links(actor, id).front();
    Testing::HttpTestClient phone = server.client();
    ASSERT_EQ(phone.get("/p/" + app.links().tokenOf(link)).status, 303);
    std::string page = phone.get("/p").body;
    EXPECT_TRUE(contains(page, "Exercises of Mon 7 Dec")) << page;
    EXPECT_TRUE(contains(page, "max=\"2026-12-07\"")) << "no day after the clinic's today";
    EXPECT_EQ(foreignDates(page), std::vector<std::string>{});

    // A Spanish patient reads the same day in Spanish, in the same style.
    std::int64_t lucia = newPatient(therapist, "Lucía Gómez", "TZ-2", "es");
    addProgram(therapist, lucia);
    if (HasFatalFailure())
        return;
    PatientLink luciasLink = app.patients().links(actor, lucia).front();
    Testing::HttpTestClient luciasPhone = server.client();
    ASSERT_EQ(luciasPhone.get("/p/" + app.links().tokenOf(luciasLink)).status, 303);
    page = luciasPhone.get("/p?date=2026-12-03").body;
    EXPECT_TRUE(contains(page, "jue 3 dic")) << page;
    EXPECT_FALSE(contains(page, "3 Dec"));
    EXPECT_EQ(foreignDates(page), std::vector<std::string>{});
}

// Every page a therapist or an admin reads writes dates one way ("6 Dec 2026") and times on
// the clinic's clock with its abbreviation, never in UTC.
TEST(ClinicTimeZone, EveryPageWritesDatesInOneStyleAndTimesOnTheClinicsClock) {
    Testing::TestServer server;
    server.clock().followZone(TimeZone::named("America/New_York"));
    server.clock().setNowSeconds(utcInstant(2026, 12, 7, 2, 15)); // 21:15 EST on the 6th
    server.application().accounts().createUser(server.clinicId(), ADMIN_EMAIL, "Olga Admin",
                                               Role::Admin, ADMIN_PASSWORD);
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t id = newPatient(therapist, "Renée Núñez");
    ASSERT_EQ(therapist
                  .postJson("/api/v1/patients/" + std::to_string(id) + "/programs",
                            Testing::programJson("2026-11-30"))
                  .status,
              201);
    logSession(therapist, id, "2026-12-02");
    const std::string patient = "/patients/" + std::to_string(id);
    for (const std::string& path :
         {std::string("/patients"), patient, patient + "/report", std::string("/reports/clinic"),
          patient + "/discharge", patient + "/paper-log", std::string("/catalog")}) {
        Testing::HttpReply reply = therapist.get(path);
        ASSERT_EQ(reply.status, 200) << path;
        EXPECT_EQ(foreignDates(reply.body), std::vector<std::string>{}) << path;
    }
    std::string page = therapist.get(patient).body;
    EXPECT_TRUE(contains(page, "6 Dec 2026, 21:15 EST")) << "admitted, on the clinic's clock";
    EXPECT_TRUE(contains(page, "30 Nov 2026 to 27 Dec 2026"));

    Testing::HttpTestClient admin = server.client();
    admin.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    Testing::HttpReply audit = admin.get("/admin/audit");
    ASSERT_EQ(audit.status, 200);
    // The entries' details are the record as written (ISO days); the times are the clinic's.
    EXPECT_FALSE(contains(visibleText(audit.body), "UTC"));
    EXPECT_TRUE(contains(audit.body, "6 Dec 2026, 21:15:00 EST")) << audit.body;
    EXPECT_TRUE(contains(audit.body, "times in America/New_York"));
    // The audit's days are the clinic's days: the events of the evening of the 6th (already
    // the 7th in UTC) are in "the 6th" and not in "the 7th".
    EXPECT_TRUE(
        contains(admin.get("/admin/audit?from=2026-12-06&to=2026-12-06").body, "patient.create"));
    EXPECT_FALSE(
        contains(admin.get("/admin/audit?from=2026-12-07&to=2026-12-07").body, "patient.create"));
}

// A discharge at 08:00 on 7 December in Sydney (still the 6th in UTC): both reports, on the page
// and in the CSV, give the clinic's day of the discharge.
TEST(ClinicTimeZone, ReportsGiveTheDayOfADischargeOnTheClinicsCalendar) {
    Testing::TestServer server;
    server.clock().followZone(TimeZone::named("Australia/Sydney"));
    server.clock().setNowSeconds(utcInstant(2026, 12, 1, 0, 0));
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t id = newPatient(therapist, "Aiko Sato");
    addProgram(therapist, id);
    if (HasFatalFailure())
        return;
    server.clock().setNowSeconds(utcInstant(2026, 12, 6, 21, 0)); // 08:00 AEDT on the 7th
    therapist = server.signedIn();
    Testing::HttpReply discharged =
        therapist.request("POST", "/api/v1/patients/" + std::to_string(id) + "/discharge", "{}",
                          "application/json", {{"X-CSRF-Token", therapist.csrfToken()}});
    ASSERT_EQ(discharged.status, 200) << discharged.body;

    std::string report = therapist.get("/patients/" + std::to_string(id) + "/report").body;
    EXPECT_TRUE(contains(report, "Discharged on 7 Dec 2026")) << report;
    std::string clinic = therapist.get("/reports/clinic").body;
    EXPECT_TRUE(contains(clinic, "Discharged on 7 Dec 2026")) << clinic;
    EXPECT_FALSE(contains(clinic, "Discharged on 6 Dec 2026"));
    std::string csv = therapist.get("/reports/clinic.csv").body;
    EXPECT_TRUE(contains(csv, "\"discharged\",\"2026-12-07\"")) << csv;
}
