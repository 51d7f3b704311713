// PageRenderer renders a page as the layout's two halves around the page's own template, into
// one string: the bytes must be those of one Mustache pass over the whole layout with the page
// as its body, for patient pages and portal pages alike; data shared between views is looked up
// after a view's own.
#include "web/PageRenderer.h"

#include "Templates.h"
#include "web/CheckinPages.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

using namespace Limber;

namespace {

/// The page as one pass of kainjow over layout.mustache, the body rendered first and handed in
/// as "body" (how pages were rendered before the layout was split).
std::string wholeLayoutPass(const std::string& name, const PageData& data) {
    kainjow::mustache::mustache page{std::string(Templates::find(name + ".mustache"))};
    kainjow::mustache::mustache layout{std::string(Templates::find("layout.mustache"))};
    PageData body{"body", page.render(data)};
    kainjow::mustache::context<std::string> context(&data);
    context.push(&body);
    return layout.render(context);
}

PageData patientPage() {
    PageData data;
    data.set("title", "Ana <María>");
    data.set("lang", "es");
    data.set("patientPage", true);
    data.set("status", "404");
    data.set("message", "Este enlace no funciona");
    data.set("clinicName", "Clínica & Co");
    data.set("clinicPhone", "+34 600 000 000");
    return data;
}

PageData portalPage() {
    PageData data;
    data.set("title", "Sign in");
    data.set("signedIn", true);
    data.set("isAdmin", true);
    data.set("userName", "Dana Therapist");
    data.set("clinicName", "Back & Neck");
    data.set("csrf", "token-1");
    data.set("afterPost", "saved");
    data.set("email", "dana@example.org");
    data.set("error", "Wrong password");
    setNavigation(data, "/patients/12");
    addScript(data, "builder.js");
    addScript(data, "timer.js");
    return data;
}

} // namespace

TEST(PageRenderer, APageIsOnePassOfTheLayoutAroundItsBody) {
    PageRenderer pages;
    PageData bare;
    bare.set("title", "Plain");
    const PageData patient = patientPage();
    const PageData portal = portalPage();
    for (const std::string name : {"error", "login"}) {
        EXPECT_EQ(pages.page(name, bare), wholeLayoutPass(name, bare)) << name;
        EXPECT_EQ(pages.page(name, patient), wholeLayoutPass(name, patient)) << name;
        EXPECT_EQ(pages.page(name, portal), wholeLayoutPass(name, portal)) << name;
    }
    // The body sits alone on its line inside <main>, as in the layout.
    std::string html = pages.page("error", patient);
    EXPECT_NE(html.find("<main id=\"main\" tabindex=\"-1\">\n<section class=\"card narrow "
                        "error-page\""),
              std::string::npos);
    EXPECT_NE(html.find("</section>\n\n</main>\n</body>\n</html>"), std::string::npos) << html;
}

TEST(PageRenderer, SharedDataIsLookedUpAfterTheViewsOwnInTheOrderGiven) {
    PageRenderer pages;
    PageData data;
    data.set("title", "Own title");
    PageData first;
    first.set("title", "Shared title");
    first.set("message", "From the first shared data");
    first.set("lang", "es");
    PageData second;
    second.set("message", "From the second shared data");
    second.set("status", "410");
    std::string html = pages.page("error", data, {&first, &second});
    EXPECT_NE(html.find("<title>Own title · Limber</title>"), std::string::npos) << html;
    EXPECT_EQ(html.find("Shared title"), std::string::npos);
    EXPECT_NE(html.find("<p>From the first shared data</p>"), std::string::npos);
    EXPECT_EQ(html.find("From the second"), std::string::npos);
    EXPECT_NE(html.find("Error 410"), std::string::npos);
    // The layout sees the shared data too.
    EXPECT_NE(html.find("<html lang=\"es\">"), std::string::npos);
    // The same data handed in the page's own data gives the same page.
    PageData merged = data;
    merged.set("message", "From the first shared data");
    merged.set("lang", "es");
    merged.set("status", "410");
    EXPECT_EQ(html, pages.page("error", merged));
}

namespace {

/// Data that opens every section of the check-in page, the same for both renderings compared.
PageData everyCheckinSection() {
    PageData data = patientPage();
    for (const char* flag : {"running", "notRunningToday", "hasErrors", "severalSlots", "canLog",
                             "hasWeek", "saved", "hasDayProblem"})
        data.set(flag, true);
    data.set("firstName", "Zoë");
    data.set("errors", PageData{PageData::type::list});
    PageData slot;
    slot.set("label", "Session 1");
    slot.set("href", "/p?slot=1");
    PageData slots{PageData::type::list};
    slots.push_back(slot);
    data.set("slots", slots);
    data.set("week", slots);
    data.set("exercisesHtml", "<li>row</li>");
    return data;
}

} // namespace

TEST(PageRenderer, ATemplateWithItsWordsPutInRendersAsTheWordsLookedUp) {
    PageRenderer pages(CheckinPages::filledInTemplates());
    const PageData data = everyCheckinSection();
    for (const FilledInTemplate& variant : CheckinPages::filledInTemplates()) {
        std::string looked = pages.page(variant.from, data, {variant.words});
        EXPECT_EQ(pages.page(variant.as, data, {variant.words}), looked) << variant.as;
        // The words are on the page, and no other tag was touched.
        const std::string hello = variant.words->get("t")->get("hello")->string_value();
        EXPECT_NE(looked.find(hello + ", <bdi>Zoë</bdi>"), std::string::npos) << variant.as;
        EXPECT_NE(looked.find("<li>row</li>"), std::string::npos);
    }
    EXPECT_NE(pages.page("checkin@es", data).find("Hola"), std::string::npos);

    // Words that need escaping are escaped as a look-up escapes them; a name the words do not
    // hold stays a tag and is looked up at render time.
    PageData group;
    group.set("hello", "<b>Tom & \"Jerry's\"</b>");
    const PageData words{"t", group};
    PageRenderer custom({{"checkin", "checkin@custom", &words}});
    PageData withIntro = data;
    withIntro.set("t", PageData{"intro", "Looked up at render time"});
    std::string filled = custom.page("checkin@custom", data, {&words});
    EXPECT_EQ(filled, custom.page("checkin", data, {&words}));
    EXPECT_NE(filled.find("&lt;b&gt;Tom &amp; &quot;Jerry&apos;s&quot;&lt;/b&gt;, <bdi>"),
              std::string::npos);
    EXPECT_NE(custom.page("checkin@custom", withIntro, {&words}).find("Looked up at render time"),
              std::string::npos);

    // A word holding a Mustache tag would be parsed as one: refused at start-up.
    const PageData tagged{"t", PageData{"hello", "{{csrf}}"}};
    EXPECT_THROW(PageRenderer({{"checkin", "checkin@bad", &tagged}}), Poco::DataFormatException);
}
