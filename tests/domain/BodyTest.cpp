#include "domain/Body.h"

#include <gtest/gtest.h>

#include <limits>

using namespace Limber;

namespace {

double lowest(const PosedBody& body) {
    double low = std::numeric_limits<double>::max();
    for (const auto& sphere : body.spheres())
        low = std::min(low, sphere.centre.y - sphere.radius);
    return low;
}

double highest(const PosedBody& body) {
    double high = std::numeric_limits<double>::lowest();
    for (const auto& sphere : body.spheres())
        high = std::max(high, sphere.centre.y + sphere.radius);
    return high;
}

double distance(const Vector3& a, const Vector3& b) {
    return (a - b).length();
}

} // namespace

TEST(Body, StandingIsAnAdultOfAbout172Centimetres) {
    PosedBody body = poseBody(Pose{});
    EXPECT_NEAR(highest(body) - lowest(body), 172, 3);
    // The fingertips of hanging arms reach mid-thigh, the hip joints sit just above half height.
    EXPECT_NEAR(body.point(BodyPoint::RightHip).y - lowest(body), 91, 2);
    EXPECT_LT(body.point(BodyPoint::RightHand).y, body.point(BodyPoint::RightHip).y);
    EXPECT_GT(body.point(BodyPoint::RightHand).y, body.point(BodyPoint::RightKnee).y);
}

TEST(Body, SegmentsKeepTheirLengthsInAnyPose) {
    Pose pose;
    pose.lean = 70;
    pose.lumbar = 30;
    pose.right.hip = 120;
    pose.right.knee = 140;
    pose.right.shoulder = 170;
    pose.right.elbow = 90;
    pose.left.hipAbduction = 40;
    pose.left.hipRotation = 30;
    for (const Pose& p : {Pose{}, pose}) {
        PosedBody body = poseBody(p);
        EXPECT_NEAR(distance(body.point(BodyPoint::RightHip), body.point(BodyPoint::RightKnee)), 42,
                    1e-9);
        EXPECT_NEAR(distance(body.point(BodyPoint::RightKnee), body.point(BodyPoint::RightAnkle)),
                    41, 1e-9);
        EXPECT_NEAR(
            distance(body.point(BodyPoint::RightShoulder), body.point(BodyPoint::RightElbow)), 29.5,
            1e-9);
        EXPECT_NEAR(distance(body.point(BodyPoint::LeftHip), body.point(BodyPoint::LeftKnee)), 42,
                    1e-9);
    }
}

TEST(Body, KneesBendBackwardAndElbowsForward) {
    Pose pose;
    pose.right.knee = 90;
    pose.right.elbow = 90;
    PosedBody body = poseBody(pose);
    // Standing, facing +x: a bent knee takes the ankle behind it, a bent elbow the hand forward.
    EXPECT_LT(body.point(BodyPoint::RightAnkle).x, body.point(BodyPoint::RightKnee).x - 30);
    EXPECT_GT(body.point(BodyPoint::RightWrist).x, body.point(BodyPoint::RightElbow).x + 20);
}

TEST(Body, LeaningMinusNinetyLiesOnTheBackWithTheHeadToTheLeft) {
    Pose pose;
    pose.lean = -90;
    PosedBody body = poseBody(pose);
    EXPECT_LT(body.point(BodyPoint::Head).x, body.point(BodyPoint::Pelvis).x - 60);
    EXPECT_GT(body.point(BodyPoint::Chest).y, body.point(BodyPoint::UpperBack).y);
    EXPECT_LT(highest(body) - lowest(body), 35);
}

TEST(Body, TheRightSideFacesTheViewerOfASideView) {
    PosedBody body = poseBody(Pose{});
    EXPECT_GT(body.point(BodyPoint::RightShoulder).z, 0);
    EXPECT_LT(body.point(BodyPoint::LeftShoulder).z, 0);
}
