#pragma once

#include "Figure.h"
#include "Vector3.h"

#include <array>
#include <vector>

namespace Limber {

/// The parts of the body a drawing shades and layers as one: the trunk, the neck, the head,
/// and each arm and leg.
enum class BodyGroup { Trunk, Neck, Head, RightArm, LeftArm, RightLeg, LeftLeg };

/// A ball of flesh: pieces of the body are the smooth hull around a few of them.
struct BodySphere {
    Vector3 centre;
    double radius = 0;
};

/// One rigid piece of the body (a thigh, the chest, a hand), drawn as the outline around its
/// spheres. Pieces of one group are outlined together, so a limb reads as one shape.
struct BodyPiece {
    BodyGroup group = BodyGroup::Trunk;
    std::vector<BodySphere> spheres;
};

/// A body in a pose: its pieces and named points in world centimetres: x forward (where an
/// upright, unturned body faces), y up, z toward the viewer of a side view (the right of an
/// upright body). The pelvis (midway between the hip joints) starts at the origin.
struct PosedBody {
    std::vector<BodyPiece> pieces;
    std::array<Vector3, BODY_POINT_COUNT> points{};

    const Vector3& point(BodyPoint which) const { return points[static_cast<std::size_t>(which)]; }
    /// Moves every piece and point by offset.
    void move(const Vector3& offset);
};

/// Builds the body of an adult of 172 cm in pose by forward kinematics: the pelvis, then the
/// spine in four joints, neck and head; each arm and leg from its root joint outward.
PosedBody poseBody(const Pose& pose);

} // namespace Limber
