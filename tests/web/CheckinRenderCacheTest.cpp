// The check-in page's exercise rows, rendered once per program version, language and session
// (ExerciseRowsCache): a kept render is the one a fresh render gives, and a new version or other
// content under the same key is rendered again.
#include "TestServer.h"
#include "domain/DoseText.h"
#include "web/CheckinExerciseRows.h"

#include <gtest/gtest.h>

#include <regex>

using namespace Limber;
using Testing::contains;

namespace {

Prescription prescriptionTitled(const std::string& title) {
    Prescription p;
    p.title = title;
    p.startDate = Date::parse("2026-11-20");
    p.endDate = Date::parse("2026-12-31");
    return p;
}

/// A render that counts its calls and writes the prescription's title as the rows' HTML.
struct CountingRender {
    int calls = 0;
    ExerciseRowsCache::Render of(const Prescription& prescription) {
        return [this, prescription] {
            ++calls;
            auto rows = std::make_shared<ExerciseRows>();
            rows->prescription = prescription;
            rows->rows.push_back({"tree-pose", {Side::Left, Side::Right}, {}});
            for (int ticks = 0; ticks < 4; ++ticks)
                rows->rows.back().html.push_back(prescription.title + "/" + std::to_string(ticks) +
                                                 ";");
            return std::shared_ptr<const ExerciseRows>(rows);
        };
    }
};

/// The page without what differs on every view by design (the fresh submission id).
std::string withoutSubmissionId(const std::string& page) {
    return std::regex_replace(page, std::regex("name=\"submission\" value=\"[^\"]*\""),
                              "name=\"submission\"");
}

} // namespace

TEST(ExerciseRowsCache, AKeptRenderIsServedWithoutRenderingAgain) {
    ExerciseRowsCache cache;
    CountingRender render;
    Prescription p = prescriptionTitled("Back care");
    auto first = cache.get({7, 1, "en", 1}, p, render.of(p));
    auto second = cache.get({7, 1, "en", 1}, p, render.of(p));
    EXPECT_EQ(render.calls, 1);
    EXPECT_EQ(first.get(), second.get());
    // Each part of the key is its own entry.
    cache.get({7, 2, "en", 1}, p, render.of(p));
    cache.get({7, 1, "es", 1}, p, render.of(p));
    cache.get({7, 1, "en", 2}, p, render.of(p));
    cache.get({8, 1, "en", 1}, p, render.of(p));
    EXPECT_EQ(render.calls, 5);
    EXPECT_EQ(cache.size(), 5u);
}

TEST(ExerciseRowsCache, OtherContentUnderTheSameKeyIsRenderedAgain) {
    ExerciseRowsCache cache;
    CountingRender render;
    Prescription before = prescriptionTitled("Back care");
    Prescription after = before;
    after.items.push_back({"tree-pose", Dose{}, "Near a wall."});
    cache.get({7, 1, "en", 1}, before, render.of(before));
    auto rows = cache.get({7, 1, "en", 1}, after, render.of(after));
    EXPECT_EQ(render.calls, 2);
    EXPECT_EQ(rows->prescription, after);
    EXPECT_EQ(cache.get({7, 1, "en", 1}, after, render.of(after)).get(), rows.get());
    EXPECT_EQ(render.calls, 2);
    EXPECT_EQ(cache.size(), 1u);
}

TEST(ExerciseRowsCache, KeepsAtMostItsCapacityForgettingTheLeastRecentlyUsed) {
    ExerciseRowsCache cache(2);
    CountingRender render;
    Prescription p = prescriptionTitled("Back care");
    cache.get({1, 1, "en", 1}, p, render.of(p));
    cache.get({2, 1, "en", 1}, p, render.of(p));
    cache.get({1, 1, "en", 1}, p, render.of(p)); // used: 2 is now the least recent
    cache.get({3, 1, "en", 1}, p, render.of(p));
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_EQ(render.calls, 3);
    cache.get({1, 1, "en", 1}, p, render.of(p));
    EXPECT_EQ(render.calls, 3) << "kept";
    cache.get({2, 1, "en", 1}, p, render.of(p));
    EXPECT_EQ(render.calls, 4) << "forgotten";

    ExerciseRowsCache none(0);
    none.get({1, 1, "en", 1}, p, render.of(p));
    none.get({1, 1, "en", 1}, p, render.of(p));
    EXPECT_EQ(render.calls, 6);
    EXPECT_EQ(none.size(), 0u);
}

TEST(ExerciseRowsCache, EachRowShowsTheBoxesTheViewTicked) {
    ExerciseRowsCache cache;
    CountingRender render;
    Prescription p = prescriptionTitled("B");
    auto rows = cache.get({1, 1, "en", 1}, p, render.of(p));
    auto html = [&](std::vector<std::string> done) {
        std::string out;
        rows->appendTo(out, [&](const std::string& key) {
            return std::find(done.begin(), done.end(), key) != done.end();
        });
        return out;
    };
    EXPECT_EQ(html({}), "B/0;");
    EXPECT_EQ(html({"tree-pose:left"}), "B/1;");
    EXPECT_EQ(html({"tree-pose:right"}), "B/2;");
    EXPECT_EQ(html({"tree-pose:left", "tree-pose:right", "tree-pose:both"}), "B/3;");
}

TEST(CheckinRenderCache, AKeptPageIsTheFreshPageAndANewVersionIsNotServedTheOldRows) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor actor{server.clinicId(), 1, Role::Therapist, "Dana"};
    Patient patient = app.patients().create(actor, {"Ana Ruiz", "", "C1", "en"});
    Prescription p = prescriptionTitled("Back care");
    p.items.push_back({"tree-pose", app.catalog().defaultDose("tree-pose").value(), "Wall."});
    p.items.push_back(
        {"back-flexion-stretch", app.catalog().defaultDose("back-flexion-stretch").value(), ""});
    SavedProgram saved = app.programs().create(actor, patient.id, p);
    std::string url = app.links().currentUrl(server.clinicId(), patient.id).value();
    Testing::HttpTestClient phone = server.client();
    ASSERT_EQ(phone.get(url.substr(url.find("/p/"))).status, 303);

    Testing::HttpReply fresh = phone.get("/p");
    Testing::HttpReply kept = phone.get("/p");
    ASSERT_EQ(fresh.status, 200);
    ASSERT_EQ(kept.status, 200);
    EXPECT_EQ(withoutSubmissionId(kept.body), withoutSubmissionId(fresh.body));
    EXPECT_NE(kept.body, fresh.body) << "each view still gets its own submission id";
    std::string oldDose = describeDose(p.items[1].dose, "en");
    ASSERT_TRUE(contains(kept.body, oldDose)) << kept.body;

    // Ticks are the view's own: saved boxes show ticked on the kept rows.
    ASSERT_EQ(phone
                  .postForm("/p", {{"csrf", Testing::csrfOf(kept.body)},
                                   {"done", "tree-pose:left"},
                                   {"done", "tree-pose:right"}})
                  .status,
              303);
    std::string ticked = phone.get("/p").body;
    EXPECT_TRUE(contains(ticked, "value=\"tree-pose:left\" checked")) << ticked;
    EXPECT_TRUE(contains(ticked, "value=\"tree-pose:right\" checked"));
    EXPECT_FALSE(contains(ticked, "value=\"back-flexion-stretch:both\" checked"));

    // A new version in force today: its rows, not the kept ones of version 1.
    Prescription revised = p;
    revised.items[1].dose.reps += 3;
    revised.items[1].note = "Slowly, please.";
    app.programs().revise(actor, saved.program.id, revised);
    std::string newDose = describeDose(revised.items[1].dose, "en");
    ASSERT_NE(newDose, oldDose);
    std::string page = phone.get("/p").body;
    EXPECT_TRUE(contains(page, newDose)) << page;
    EXPECT_FALSE(contains(page, oldDose));
    EXPECT_TRUE(contains(page, "Slowly, please."));
}
