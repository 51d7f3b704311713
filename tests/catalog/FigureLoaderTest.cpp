#include "catalog/FigureLoader.h"

#include "catalog/Catalog.h"
#include "catalog/PackLoader.h"
#include "support/TestFiles.h"

#include <gtest/gtest.h>

using namespace Limber;
using Testing::contains;

namespace {

/// A library holding one figure whose body is figureFields (without braces).
std::string library(const std::string& figureFields) {
    return R"({"format": "limber.figures/1", "figures": [{)" + figureFields + "}]}";
}

/// The problems of loading json, as "entry: field: message" lines.
std::string problemsOf(const std::string& json) {
    FigureLoadResult result = loadFigureLibrary(json, "figures.json");
    std::string text;
    for (const auto& problem : result.problems)
        text += problem.toString() + "\n";
    return text;
}

const char* GOOD = R"("id": "knee-hug", "view": "side", "fixed": "pelvis",
    "start": {"lean": -90, "both": {"hip": 45, "knee": 90}},
    "end": {"lean": -90, "both": {"hip": 120, "knee": 130}, "right": {"shoulder": 40}},
    "props": [{"type": "floor"}, {"type": "mat"}],
    "arrows": [{"type": "move", "from": "start.rightKnee", "to": "end.rightKnee", "bend": -30}])";

} // namespace

TEST(FigureLoader, ReadsAFigureWithAnglesPropsAndArrows) {
    FigureLoadResult result = loadFigureLibrary(library(GOOD), "figures.json");
    ASSERT_FALSE(result.hasErrors()) << problemsOf(library(GOOD));
    const Figure* figure = result.library->find("knee-hug");
    ASSERT_NE(figure, nullptr);
    ASSERT_TRUE(figure->start.has_value());
    EXPECT_EQ(figure->start->lean, -90);
    EXPECT_EQ(figure->end.left.hip, 120); // from "both"
    EXPECT_EQ(figure->end.right.shoulder, 40);
    EXPECT_EQ(figure->end.left.shoulder, 0); // "right" overrides one side only
    ASSERT_EQ(figure->props.size(), 2u);
    EXPECT_EQ(figure->props[1].type, PropType::Mat);
    ASSERT_EQ(figure->arrows.size(), 1u);
    EXPECT_EQ(figure->arrows[0].from.pose, PoseSlot::Start);
    EXPECT_EQ(figure->arrows[0].to.point, BodyPoint::RightKnee);
}

TEST(FigureLoader, AFigureWithoutAnEndPoseIsAnErrorNamingIt) {
    std::string problems = problemsOf(library(R"("id": "no-pose", "props": [{"type": "floor"}])"));
    EXPECT_TRUE(contains(problems, "figures.json: no-pose: end: is required")) << problems;
}

TEST(FigureLoader, AnAngleOutOfItsJointsRangeIsAnError) {
    std::string problems =
        problemsOf(library(R"("id": "bad-knee", "end": {"right": {"knee": 200}, "lumbar": -90})"));
    EXPECT_TRUE(contains(problems, "bad-knee: end.right.knee: must be between 0 and 160 (got 200)"))
        << problems;
    EXPECT_TRUE(contains(problems, "bad-knee: end.lumbar: must be between -40 and 70")) << problems;
}

TEST(FigureLoader, AnUnknownPropIsAnError) {
    std::string problems =
        problemsOf(library(R"("id": "trampoline", "end": {}, "props": [{"type": "trampoline"}])"));
    EXPECT_TRUE(contains(problems, "trampoline: props[0].type: \"trampoline\" is not a known prop"))
        << problems;
}

TEST(FigureLoader, UnknownIdsPointsAndFieldsAreErrors) {
    std::string problems = problemsOf(R"({"format": "limber.figures/1", "figures": [
        {"id": "Bad Id", "end": {}},
        {"id": "twice", "end": {}},
        {"id": "twice", "end": {}},
        {"id": "odd", "end": {"elbows": 3}, "props": [{"type": "wall", "at": "elbowTip"}],
         "arrows": [{"type": "move", "from": "start.rightKnee", "to": "end.rightKnee"}]}]})");
    EXPECT_TRUE(contains(problems, "figures.json: Bad Id: id: must be lower-case")) << problems;
    EXPECT_TRUE(contains(problems, "twice: id: \"twice\" is used by another figure")) << problems;
    EXPECT_TRUE(contains(problems, "odd: end.elbows: is not a known field")) << problems;
    EXPECT_TRUE(contains(problems, "odd: props[0].at: \"elbowTip\" is not a point of the body"))
        << problems;
    EXPECT_TRUE(
        contains(problems, "odd: arrows[0].from: names the start pose, but the figure has none"))
        << problems;
}

TEST(FigureLoader, ALibraryThatIsNotJsonOrOfAnotherFormatIsAnError) {
    EXPECT_TRUE(contains(problemsOf("{"), "figures.json: figures: is not valid JSON"));
    EXPECT_TRUE(contains(problemsOf(R"({"format": "limber.pack/1", "figures": []})"),
                         "figures.json: format: must be \"limber.figures/1\""));
    EXPECT_THROW(loadFigureLibraryOrThrow("{", "figures.json"), PackException);
}

TEST(FigureLibrary, TheBuiltInLibraryLoads) {
    const FigureLibrary& figures = builtInFigureLibrary();
    EXPECT_GE(figures.figures().size(), 32u);
    EXPECT_NE(figures.find("tree-pose"), nullptr);
    EXPECT_EQ(figures.find("no-such-figure"), nullptr);
}

TEST(FigureLibrary, EveryBuiltInExerciseHasAFigure) {
    Catalog catalog = loadBuiltInCatalog();
    for (const Exercise* exercise : catalog.exercises())
        EXPECT_NE(builtInFigureLibrary().find(exercise->figureId), nullptr)
            << exercise->id << " names figure \"" << exercise->figureId << "\"";
}
