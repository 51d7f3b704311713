#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// The angles of one side's arm and leg, in whole degrees, each 0 in upright standing with the
/// arms hanging. Forward kinematics (Body.h) turns them into positions, so a figure is always a
/// connected body of adult proportions. Ranges: limbAngleFields().
struct LimbAngles {
    int hip = 0;               ///< flexion: + thigh forward and up, - behind
    int hipAbduction = 0;      ///< + thigh out to the side, - across
    int hipRotation = 0;       ///< + external: the knee turns out
    int knee = 0;              ///< flexion: + heel toward the buttock
    int ankle = 0;             ///< + toes up toward the shin, - pointed (heel raise)
    int toes = 0;              ///< + toes bent up at the ball of the foot (on tiptoe)
    int shoulder = 0;          ///< flexion: + arm forward and up (180 overhead), - behind
    int shoulderAbduction = 0; ///< + arm out to the side and up
    int shoulderRotation = 0;  ///< + internal: a bent elbow brings the hand across the belly
    int elbow = 0;             ///< flexion
    int wrist = 0;             ///< + hand bends the way the elbow bends, - back

    bool operator==(const LimbAngles&) const = default;
};

/// A body position: where the whole body points, how the spine bends, and each side's limbs.
struct Pose {
    int lean = 0;   ///< whole body forward from upright: 90 lying face down, -90 on the back
    int roll = 0;   ///< about the body's long axis: from lying on the back, 90 onto the left side
    int turn = 0;   ///< about the vertical: + turns the front toward the viewer of a side view
    int lumbar = 0; ///< low back flexion: + rounds forward, - arches back
    int lumbarSide = 0;    ///< low back side bend: + toward the right
    int lumbarTwist = 0;   ///< low back rotation: + chest turns to the right
    int thoracic = 0;      ///< upper back flexion: + rounds, - arches
    int thoracicSide = 0;  ///< upper back side bend: + toward the right
    int thoracicTwist = 0; ///< upper back rotation: + chest turns to the right
    int neck = 0;          ///< lower neck flexion: + head forward and down, - back
    int head = 0;          ///< nod at the top of the neck: + chin down, - chin up
    LimbAngles right;
    LimbAngles left;

    bool operator==(const Pose&) const = default;
};

/// One angle a pose file may set, with its range (whole degrees, limits of an adult's joints).
template <typename Owner> struct AngleField {
    std::string_view name;
    int Owner::*member;
    int low;
    int high;
};

/// The whole-body and spine angles, in the order the README documents them.
const std::vector<AngleField<Pose>>& poseAngleFields();
/// The angles of one side's arm and leg.
const std::vector<AngleField<LimbAngles>>& limbAngleFields();

/// A named place on a posed body, for props, arrows and lining up two poses.
enum class BodyPoint {
    Pelvis,
    Sacrum,
    LowBack,
    UpperBack,
    Chest,
    Neck,
    Head,
    BackOfHead,
    Chin,
    RightShoulder,
    RightElbow,
    RightWrist,
    RightHand,
    RightHip,
    RightKnee,
    RightAnkle,
    RightHeel,
    RightSole,
    RightToes,
    LeftShoulder,
    LeftElbow,
    LeftWrist,
    LeftHand,
    LeftHip,
    LeftKnee,
    LeftAnkle,
    LeftHeel,
    LeftSole,
    LeftToes,
};
constexpr std::size_t BODY_POINT_COUNT = static_cast<std::size_t>(BodyPoint::LeftToes) + 1;

std::string_view toString(BodyPoint point);
std::optional<BodyPoint> bodyPointFromString(std::string_view name);
/// Every point's name, for messages.
std::string bodyPointNames();

/// Which of a figure's poses something belongs to.
enum class PoseSlot { Start, End };

/// A point of one pose: "start.rightKnee", or "rightKnee" for the end pose.
struct PointRef {
    PoseSlot pose = PoseSlot::End;
    BodyPoint point = BodyPoint::Pelvis;
};

/// How the viewer looks at the figure. Side: from the body's right (the figure faces right);
/// front: facing the body; top: from above, the body's right toward the viewer's bottom.
enum class FigureView { Side, Front, Top };

/// How two poses are shown: the start pose in light grey behind the end pose, or the two
/// side by side (start on the left).
enum class FigureLayout { Overlay, SideBySide };

/// Things in the picture besides the body. Each is placed from the body, so it always fits
/// the pose:
/// - floor: the ground line the body stands or lies on;
/// - mat: an exercise mat under the body's floor contact;
/// - wall: a wall touching `at` (usually a hand), on its far side from the body; a wall the
///   far hand touches in a side view is the plane behind the body, drawn as a backdrop;
/// - chair: at the pelvis it is sat on; at a hand, its back is held;
/// - counter: a kitchen counter whose top is under `at`;
/// - doorFrame: a door post touching `at` (a forearm on the frame);
/// - strap: a strap from `at` (the hands) around the sole of `to`;
/// - stick: a stick along the back, touching head, upper back and tailbone.
enum class PropType { Floor, Mat, Wall, Chair, Counter, DoorFrame, Strap, Stick };

std::string_view toString(PropType type);
std::optional<PropType> propTypeFromString(std::string_view name);

/// Which pose places a prop: the end pose; the start pose (the chair a patient stands up
/// from); or each pose, each with its own (a stick held in both; every prop in side-by-side
/// figures). A prop placed by the start pose alone is furniture that stays and is drawn solid.
enum class PropPoses { End, Start, Both };

struct Prop {
    PropType type = PropType::Floor;
    std::optional<BodyPoint> at;
    std::optional<BodyPoint> to; ///< strap only
    PropPoses poses = PropPoses::End;
    int offsetX = 0; ///< cm, in the picture (+ right)
    int offsetY = 0; ///< cm, in the picture (+ up)
};

/// An arrow for the movement. Move: from one point to another, straight or bowed; turn: an
/// arc around a point (an ellipse when squashed), angles in the picture: 0 right, 90 up.
enum class ArrowKind { Move, Turn };

struct Arrow {
    ArrowKind kind = ArrowKind::Move;
    PointRef from;   ///< move
    PointRef to;     ///< move
    int bend = 0;    ///< move: how far the arrow bows, % of its length; + to the left of travel
    PointRef around; ///< turn
    int radius = 15; ///< turn: cm
    int fromAngle = 0;
    int toAngle = 90;
    int squash = 100;    ///< turn: height of the ellipse, % of its width
    int offsetX = 0;     ///< cm, in the picture
    int offsetY = 0;     ///< cm, in the picture
    int fromOffsetX = 0; ///< move: cm the tail alone moves besides, for a short cue arrow
    int fromOffsetY = 0;
    bool bothHeads = false; ///< a back-and-forth movement
};

/// A drawing of an exercise, posed by data: the start and end positions, props and arrows.
struct Figure {
    std::string id;
    FigureView view = FigureView::Side;
    int yaw = 0;   ///< degrees the viewer walks around the body from the view, + to its front
    int pitch = 0; ///< degrees the viewer rises above the view's eye level
    FigureLayout layout = FigureLayout::Overlay;
    BodyPoint fixed = BodyPoint::Pelvis; ///< the point that stays put between the two poses
    std::optional<Pose> start;           ///< none: a held position, drawn once
    Pose end;
    std::vector<Prop> props;
    std::vector<Arrow> arrows;
};

std::string_view toString(FigureView view);
std::optional<FigureView> figureViewFromString(std::string_view name);
std::string_view toString(FigureLayout layout);
std::optional<FigureLayout> figureLayoutFromString(std::string_view name);

} // namespace Limber
