// The exercise drawings as the portal, the check-in page and integrators load them.
#include "TestServer.h"

#include <gtest/gtest.h>

using namespace Limber;

TEST(FigureImages, AnyoneGetsAFigureAsCacheableSvgNamedAfterItsExercise) {
    Testing::TestServer server;
    Testing::HttpReply reply = server.client().get("/figures/tree-pose.svg");
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.header("content-type"), "image/svg+xml");
    EXPECT_NE(reply.header("cache-control").find("max-age"), std::string::npos);
    EXPECT_EQ(reply.body.rfind("<svg ", 0), 0u);
    const Exercise* tree = server.application().catalog().exercise("tree-pose");
    ASSERT_NE(tree, nullptr);
    EXPECT_NE(reply.body.find("<title>" + tree->textIn("en").name + "</title>"), std::string::npos)
        << reply.body.substr(0, 300);
}

TEST(FigureImages, AnUnknownFigureAnswersNotFound) {
    Testing::TestServer server;
    EXPECT_EQ(server.client().get("/figures/no-such-figure.svg").status, 404);
    EXPECT_EQ(server.client().get("/figures/tree-pose.png").status, 404);
    EXPECT_EQ(server.client().get("/figures/..%2Fsecret.svg").status, 404);
}
