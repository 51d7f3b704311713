#pragma once

#include "Figure.h"
#include "Vector3.h"

#include <array>
#include <optional>
#include <vector>

namespace Limber {

/// The parts of the body a drawing shades and layers as one: the trunk, the neck, the head,
/// and each arm and leg.
enum class BodyGroup { Trunk, Neck, Head, RightArm, LeftArm, RightLeg, LeftLeg };

/// A ball of flesh.
struct BodySphere {
    Vector3 centre;
    double radius = 0;
};

/// A stretch of a body part: a capsule from one point to another (a ball where they are the
/// same, like the skull). A capsule of the trunk is two side by side, at plus and minus across,
/// which makes the trunk wider than it is deep.
struct BodyStroke {
    Vector3 from;
    Vector3 to;
    double radius = 0;
    Vector3 across; ///< zero for a single capsule
};

/// One part of the body (the trunk, the neck, the head, an arm, a leg): its strokes in order
/// from the root outward, so that a drawing outlines them together as one smooth shape.
struct BodyPart {
    BodyGroup group = BodyGroup::Trunk;
    std::vector<BodyStroke> strokes;
};

/// A body in a pose: its parts and named points in world centimetres: x forward (where an
/// upright, unturned body faces), y up, z toward the viewer of a side view (the right of an
/// upright body). The pelvis (midway between the hip joints) starts at the origin.
struct PosedBody {
    std::vector<BodyPart> parts;
    std::array<Vector3, BODY_POINT_COUNT> points{};

    const Vector3& point(BodyPoint which) const { return points[static_cast<std::size_t>(which)]; }
    /// Moves every part and point by offset.
    void move(const Vector3& offset);
    /// Every ball of flesh of the parts in group, or of all parts when group is empty: the
    /// space the body takes, to rest it on the floor and to place props against it.
    std::vector<BodySphere> spheres(std::optional<BodyGroup> group = std::nullopt) const;
};

/// Builds the body of an adult of 172 cm in pose by forward kinematics: the pelvis, then the
/// spine in four joints, neck and head; each arm and leg from its root joint outward.
PosedBody poseBody(const Pose& pose);

} // namespace Limber
