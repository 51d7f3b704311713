// PageRenderer renders a page as the layout's two halves around the page's own template, into
// one string: the bytes must be those of one Mustache pass over the whole layout with the page
// as its body, for patient pages and portal pages alike; data shared between views is looked up
// after a view's own.
#include "web/PageRenderer.h"

#include "Templates.h"

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
