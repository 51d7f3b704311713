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

void add(PosedBody& body, BodyGroup group, const Frame& frame,
         std::initializer_list<std::pair<Vector3, double>> spheres) {
    BodyPiece piece{group, {}};
    for (const auto& [centre, radius] : spheres)
        piece.spheres.push_back({frame.apply(centre), radius});
    body.pieces.push_back(std::move(piece));
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
    add(body, group, shoulder,
        {{{0, -1, 0}, 5.4}, {{0.3, -13, 0}, 4.4}, {{0, -UPPER_ARM, 0}, 3.5}});
    Frame elbow = shoulder.child({0, -UPPER_ARM, 0}, Rotation::aboutZ(a.elbow));
    add(body, group, elbow, {{{0, 0, 0}, 3.5}, {{0.4, -7, 0}, 3.7}, {{0, -FOREARM, 0}, 2.4}});
    Frame wrist = elbow.child({0, -FOREARM, 0}, Rotation::aboutZ(a.wrist));
    add(body, group, wrist, {{{0, -1, 0}, 2.4}, {{0.3, -8.5, 0}, 2.8}, {{0.2, -17, 0}, 1.6}});

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
    add(body, group, hip, {{{1, -8, 0}, 8.2}, {{0.5, -23, 0}, 6.8}, {{0, -THIGH, 0}, 5}});
    Frame knee = hip.child({0, -THIGH, 0}, Rotation::aboutZ(-a.knee));
    add(body, group, knee,
        {{{0.5, 0, 0}, 5}, {{-1.6, -11, 0}, 5.4}, {{-0.5, -28, 0}, 3.7}, {{0, -SHIN, 0}, 3.1}});
    Frame ankle = knee.child({0, -SHIN, 0}, Rotation::aboutZ(a.ankle));
    add(body, group, ankle, {{{0.5, 0, 0}, 3.3}, {{-4, -4.3, 0}, 3.4}, {{12.5, -5.6, 0}, 2.5}});
    Frame toes = ankle.child({12.5, -5.6, 0}, Rotation::aboutZ(a.toes));
    add(body, group, toes, {{{0, 0, 0}, 2.5}, {{5.5, -0.5, 0}, 1.7}});

    set(body, sided(BodyPoint::RightHip, isLeft), hip.origin);
    set(body, sided(BodyPoint::RightKnee, isLeft), knee.origin);
    set(body, sided(BodyPoint::RightAnkle, isLeft), ankle.origin);
    set(body, sided(BodyPoint::RightHeel, isLeft), ankle.apply({-4, -7.7, 0}));
    set(body, sided(BodyPoint::RightSole, isLeft), ankle.apply({11, -8.1, 0}));
    set(body, sided(BodyPoint::RightToes, isLeft), toes.apply({7.2, -0.5, 0}));
}

} // namespace

void PosedBody::move(const Vector3& offset) {
    for (auto& piece : pieces)
        for (auto& sphere : piece.spheres)
            sphere.centre = sphere.centre + offset;
    for (auto& point : points)
        point = point + offset;
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

    // The trunk: pelvis and buttocks, belly and waist, ribs, chest and shoulder girdle, each
    // a pair of spheres (left and right, so the trunk is wider than deep) on the spine's frames.
    // Neighbouring pieces share a pair, so that their outlines join into one smooth trunk.
    using Pair = std::pair<Frame, BodySphere>;
    auto pair = [](const Frame& frame, Vector3 centre, double radius) {
        return Pair{frame, {centre, radius}};
    };
    const Pair buttocks = pair(pelvis, {-4.5, 0, 6.5}, 9);
    const Pair hips = pair(pelvis, {1, -1, 8}, 9.5);
    const Pair belly = pair(pelvis, {2, 10, 5.5}, 9);
    const Pair waist = pair(lumbar3, {7, 0, 5}, 9);
    const Pair lowRibs = pair(thoracic12, {8, 2, 6}, 10.5);
    const Pair chest = pair(thoracic6, {8, 0, 7}, 11.5);
    const Pair collar = pair(neckBase, {4, -5, 9}, 8.5);
    const Pair shoulders = pair(neckBase, {-1, -1.5, 12}, 5.5);
    auto trunkPiece = [&body](std::initializer_list<Pair> pairs) {
        BodyPiece piece{BodyGroup::Trunk, {}};
        for (const auto& [frame, sphere] : pairs)
            for (double side : {1.0, -1.0}) {
                Vector3 local{sphere.centre.x, sphere.centre.y, side * sphere.centre.z};
                piece.spheres.push_back({frame.apply(local), sphere.radius});
            }
        body.pieces.push_back(std::move(piece));
    };
    trunkPiece({buttocks, hips, belly});
    trunkPiece({buttocks, belly, waist});
    trunkPiece({waist, lowRibs});
    trunkPiece({lowRibs, chest});
    trunkPiece({chest, collar, shoulders});

    add(body, BodyGroup::Neck, neck, {{{3, 0, 0}, 5.6}, {{2.5, NECK_LENGTH, 0}, 5}});
    add(body, BodyGroup::Head, head,
        {{{2.5, 7, 0}, 9.5}, {{7, -1, 0}, 5.5}, {{11.8, 3.5, 0}, 1.5}});

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
