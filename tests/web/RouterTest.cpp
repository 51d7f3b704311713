#include "web/Router.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

Handler answering(int status) {
    return [status](WebRequest&) { return WebResponse::text("", status); };
}

} // namespace

TEST(Router, MatchesPatternsAndCapturesParameters) {
    Router router;
    router.add("GET", "/api/v1/programs/{id}/versions/{number}", Access::SignedIn, answering(200));
    RouteMatch match = router.match("GET", "/api/v1/programs/12/versions/3");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.params.at("id"), "12");
    EXPECT_EQ(match.params.at("number"), "3");
    EXPECT_EQ(router.match("GET", "/api/v1/programs/12/versions").route, nullptr);
    EXPECT_EQ(router.match("GET", "/api/v1/programs//versions/3").route, nullptr);
}

TEST(Router, APatternSegmentMayEndInALiteralSuffix) {
    Router router;
    router.add("GET", "/figures/{figureId}.svg", Access::Public, answering(200));
    RouteMatch match = router.match("GET", "/figures/tree-pose.svg");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.params.at("figureId"), "tree-pose");
    EXPECT_EQ(router.match("GET", "/figures/tree-pose.png").route, nullptr);
    EXPECT_EQ(router.match("GET", "/figures/.svg").route, nullptr);
    EXPECT_EQ(router.match("GET", "/figures/tree-pose").route, nullptr);
}

TEST(Router, TellsAWrongMethodFromAnUnknownPath) {
    Router router;
    router.add("GET", "/patients", Access::SignedIn, answering(200));
    RouteMatch wrongMethod = router.match("DELETE", "/patients");
    EXPECT_EQ(wrongMethod.route, nullptr);
    EXPECT_TRUE(wrongMethod.pathKnown);
    EXPECT_FALSE(router.match("GET", "/elsewhere").pathKnown);
    EXPECT_NE(router.match("HEAD", "/patients").route, nullptr) << "HEAD is served as GET";
}

TEST(WebRequest, DecodesFormsWithRepeatedFields) {
    Fields form(parseUrlEncoded("done=a%3Aleft&done=b&name=Jos%C3%A9+N&empty="));
    EXPECT_EQ(form.all("done"), (std::vector<std::string>{"a:left", "b"}));
    EXPECT_EQ(form.get("name"), "José N");
    EXPECT_TRUE(form.has("empty"));
    EXPECT_EQ(form.get("missing", "fallback"), "fallback");
}
