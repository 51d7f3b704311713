#include "Body.h"

namespace Limber {

namespace {

// Proportions of an adult of 172 cm, in centimetres, in each segment's own axes: x to the
// front, y along the segment (up for the spine, down for the limbs at rest), z to the right.
// Standing, the hip joints are 91 cm above the floor, the shoulders 143 and the crown 173.
constexpr double SPINE_BASE_BACK = -4; // lumbosacral joint behind the hip joints...
constexpr double SPINE_BASE_UP = 10;   // ...and above them
constexpr double LUMBAR_HALF = 9;      // L5/S1 to L3, L3 to T12
constexpr double THORACIC_HALF = 14;   // T12 to T6, T6 to C7
constexpr double NECK_LENGTH = 10;     // C7 to the top of the neck
constexpr double HIP_HALF_WIDTH = 9;   // midline to each hip joint
constexpr double SHOULDER_HALF_WIDTH = 18;
constexpr double UPPER_ARM = 29.5;
constexpr double FOREARM = 25;
constexpr double THIGH = 42;
constexpr double SHIN = 41;

Rotation spineTurn(double flexion, double side, double twist) {
    return Rotation::aboutZ(-flexion) * Rotation::aboutX(side) * Rotation::aboutY(-twist);
}

/// Adds a stroke from one point to another, both in frame's axes, to group's part.
void add(PosedBody& body, BodyGroup group, const Frame& frame, Vector3 from, Vector3 to,
         double radius) {
    BodyPart* part = nullptr;
    for (auto& candidate : body.parts)
        if (candidate.group == group)
            part = &candidate;
    if (!part)
        part = &body.parts.emplace_back(BodyPart{group, {}});
    part->strokes.push_back({frame.apply(from), frame.apply(to), radius, {}});
}

void set(PosedBody& body, BodyPoint point, const Vector3& at) {
    body.points[static_cast<std::size_t>(point)] = at;
}

/// Offsets BodyPoint from the right side's point to the same point of the left side.
BodyPoint sided(BodyPoint right, bool isLeft) {
    if (!isLeft)
        return right;
    return static_cast<BodyPoint>(static_cast<int>(right) +
                                  static_cast<int>(BodyPoint::LeftShoulder) -
                                  static_cast<int>(BodyPoint::RightShoulder));
}

void addArm(PosedBody& body, const Frame& neckBase, const LimbAngles& a, bool isLeft) {
    const double side = isLeft ? -1 : 1;
    const BodyGroup group = isLeft ? BodyGroup::LeftArm : BodyGroup::RightArm;
    Frame shoulder = neckBase.child({1, -4, side * SHOULDER_HALF_WIDTH},
                                    Rotation::aboutZ(a.shoulder) *
                                        Rotation::aboutX(-side * a.shoulderAbduction) *
                                        Rotation::aboutY(side * a.shoulderRotation));
    // The upper arm tapers in two strokes, then the forearm and the hand.
    add(body, group, shoulder, {0, -1, 0}, {0.3, -14, 0}, 4.1);
    add(body, group, shoulder, {0.3, -14, 0}, {0, -UPPER_ARM, 0}, 3.3);
    Frame elbow = shoulder.child({0, -UPPER_ARM, 0}, Rotation::aboutZ(a.elbow));
    add(body, group, elbow, {0, 0, 0}, {0, -FOREARM, 0}, 2.8);
    Frame wrist = elbow.child({0, -FOREARM, 0}, Rotation::aboutZ(a.wrist));
    add(body, group, wrist, {0, -1, 0}, {0.2, -14.5, 0}, 2.1);

    set(body, sided(BodyPoint::RightShoulder, isLeft), shoulder.origin);
    set(body, sided(BodyPoint::RightElbow, isLeft), elbow.origin);
    set(body, sided(BodyPoint::RightWrist, isLeft), wrist.origin);
    set(body, sided(BodyPoint::RightHand, isLeft), wrist.apply({0.3, -8.5, 0}));
}

void addLeg(PosedBody& body, const Frame& pelvis, const LimbAngles& a, bool isLeft) {
    const double side = isLeft ? -1 : 1;
    const BodyGroup group = isLeft ? BodyGroup::LeftLeg : BodyGroup::RightLeg;
    Frame hip = pelvis.child({0, 0, side * HIP_HALF_WIDTH},
                             Rotation::aboutZ(a.hip) * Rotation::aboutX(-side * a.hipAbduction) *
                                 Rotation::aboutY(-side * a.hipRotation));
    // Thigh and shin taper in two strokes each (the calf bulging behind the shin), then the
    // foot: ankle to heel, heel to the ball of the foot, the toes.
    add(body, group, hip, {1, -9, 0}, {0.5, -24, 0}, 6.6);
    add(body, group, hip, {0.5, -24, 0}, {0, -THIGH, 0}, 5.1);
    Frame knee = hip.child({0, -THIGH, 0}, Rotation::aboutZ(-a.knee));
    add(body, group, knee, {0.5, 0, 0}, {-1.2, -12, 0}, 4.4);
    add(body, group, knee, {-1.2, -12, 0}, {0, -SHIN, 0}, 3.1);
    Frame ankle = knee.child({0, -SHIN, 0}, Rotation::aboutZ(a.ankle));
    add(body, group, ankle, {0, 0, 0}, {-3.5, -4.5, 0}, 3.1);
    add(body, group, ankle, {-3.5, -4.5, 0}, {12.5, -5.6, 0}, 2.5);
    Frame toes = ankle.child({12.5, -5.6, 0}, Rotation::aboutZ(a.toes));
    add(body, group, toes, {0, 0, 0}, {5.5, -0.5, 0}, 1.7);

    set(body, sided(BodyPoint::RightHip, isLeft), hip.origin);
    set(body, sided(BodyPoint::RightKnee, isLeft), knee.origin);
    set(body, sided(BodyPoint::RightAnkle, isLeft), ankle.origin);
    set(body, sided(BodyPoint::RightHeel, isLeft), ankle.apply({-4, -7.7, 0}));
    set(body, sided(BodyPoint::RightSole, isLeft), ankle.apply({11, -8.1, 0}));
    set(body, sided(BodyPoint::RightToes, isLeft), toes.apply({7.2, -0.5, 0}));
}

} // namespace

void PosedBody::move(const Vector3& offset) {
    for (auto& part : parts)
        for (auto& stroke : part.strokes) {
            stroke.from = stroke.from + offset;
            stroke.to = stroke.to + offset;
        }
    for (auto& point : points)
        point = point + offset;
}

std::vector<BodySphere> PosedBody::spheres(std::optional<BodyGroup> group) const {
    std::vector<BodySphere> list;
    for (const auto& part : parts) {
        if (group && part.group != *group)
            continue;
        // A capsule's ends are where it reaches farthest in any direction.
        for (const auto& stroke : part.strokes)
            for (const Vector3& end : {stroke.from, stroke.to}) {
                if (stroke.across.dot(stroke.across) == 0) {
                    list.push_back({end, stroke.radius});
                    continue;
                }
                list.push_back({end + stroke.across, stroke.radius});
                list.push_back({end - stroke.across, stroke.radius});
            }
    }
    return list;
}

PosedBody poseBody(const Pose& pose) {
    PosedBody body;
    Frame pelvis{{0, 0, 0},
                 Rotation::aboutY(-pose.turn) * Rotation::aboutZ(-pose.lean) *
                     Rotation::aboutY(pose.roll)};
    Frame sacrum =
        pelvis.child({SPINE_BASE_BACK, SPINE_BASE_UP, 0},
                     spineTurn(pose.lumbar / 2.0, pose.lumbarSide / 2.0, pose.lumbarTwist / 2.0));
    Frame lumbar3 =
        sacrum.child({0, LUMBAR_HALF, 0},
                     spineTurn(pose.lumbar / 2.0, pose.lumbarSide / 2.0, pose.lumbarTwist / 2.0));
    Frame thoracic12 =
        lumbar3.child({0, LUMBAR_HALF, 0}, spineTurn(pose.thoracic / 2.0, pose.thoracicSide / 2.0,
                                                     pose.thoracicTwist / 2.0));
    Frame thoracic6 = thoracic12.child(
        {0, THORACIC_HALF, 0},
        spineTurn(pose.thoracic / 2.0, pose.thoracicSide / 2.0, pose.thoracicTwist / 2.0));
    Frame neckBase = thoracic6.child({0, THORACIC_HALF, 0}, Rotation());
    Frame neck = neckBase.child({0, 0, 0}, Rotation::aboutZ(-pose.neck));
    Frame head = neck.child({0, NECK_LENGTH, 0}, Rotation::aboutZ(-pose.head));

    // The trunk from the buttocks up to the shoulders along the spine's frames, each stroke a
    // pair of capsules (left and right, so the trunk is wider than deep); then the neck, and
    // the head: the skull, the face toward the chin, the nose.
    BodyPart trunk{BodyGroup::Trunk, {}};
    auto stretch = [&trunk](const Frame& a, Vector3 from, const Frame& b, Vector3 to, double radius,
                            double halfWidth) {
        trunk.strokes.push_back(
            {a.apply(from), b.apply(to), radius, a.rotation * Vector3{0, 0, halfWidth}});
    };
    const Vector3 buttocks{-3.5, 0, 0};
    const Vector3 hips{1, 1, 0};
    const Vector3 waist{5, 0, 0};
    const Vector3 lowRibs{7, 2, 0};
    const Vector3 chest{7, 0, 0};
    const Vector3 shoulders{2, -6, 0};
    stretch(pelvis, buttocks, pelvis, hips, 8.8, 7);
    stretch(pelvis, hips, lumbar3, waist, 8.6, 5.5);
    stretch(lumbar3, waist, thoracic12, lowRibs, 9.6, 5.5);
    stretch(thoracic12, lowRibs, thoracic6, chest, 11, 7);
    stretch(thoracic6, chest, neckBase, shoulders, 8.5, 10);
    body.parts.push_back(std::move(trunk));
    add(body, BodyGroup::Neck, neck, {3, 0, 0}, {2.5, NECK_LENGTH, 0}, 5.2);
    add(body, BodyGroup::Head, head, {2.5, 7, 0}, {2.5, 7, 0}, 9.5);
    add(body, BodyGroup::Head, head, {3.5, 4, 0}, {7.5, -1.5, 0}, 5.2);
    add(body, BodyGroup::Head, head, {10, 4, 0}, {11.6, 2.6, 0}, 1.4); // the nose

    addArm(body, neckBase, pose.right, false);
    addArm(body, neckBase, pose.left, true);
    addLeg(body, pelvis, pose.right, false);
    addLeg(body, pelvis, pose.left, true);

    set(body, BodyPoint::Pelvis, pelvis.origin);
    set(body, BodyPoint::Sacrum, pelvis.apply({-13, 8, 0}));
    set(body, BodyPoint::LowBack, lumbar3.apply({-3, 0, 0}));
    set(body, BodyPoint::UpperBack, thoracic6.apply({-4, 0, 0}));
    set(body, BodyPoint::Chest, thoracic6.apply({19, 0, 0}));
    set(body, BodyPoint::Neck, neck.apply({3, 5, 0}));
    set(body, BodyPoint::Head, head.apply({2.5, 7, 0}));
    set(body, BodyPoint::BackOfHead, head.apply({-7, 7, 0}));
    set(body, BodyPoint::Chin, head.apply({9, -5.5, 0}));
    return body;
}

} // namespace Limber
