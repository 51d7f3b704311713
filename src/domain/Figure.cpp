#include "Figure.h"

#include <array>

namespace Limber {

namespace {

constexpr std::array<std::string_view, BODY_POINT_COUNT> POINT_NAMES = {
    "pelvis",    "sacrum",       "lowBack",   "upperBack",     "chest",      "neck",
    "head",      "backOfHead",   "chin",      "rightShoulder", "rightElbow", "rightWrist",
    "rightHand", "rightHip",     "rightKnee", "rightAnkle",    "rightHeel",  "rightSole",
    "rightToes", "leftShoulder", "leftElbow", "leftWrist",     "leftHand",   "leftHip",
    "leftKnee",  "leftAnkle",    "leftHeel",  "leftSole",      "leftToes"};

constexpr std::array<std::string_view, 8> PROP_NAMES = {"floor",   "mat",       "wall",  "chair",
                                                        "counter", "doorFrame", "strap", "stick"};

constexpr std::array<std::string_view, 3> VIEW_NAMES = {"side", "front", "top"};
constexpr std::array<std::string_view, 2> LAYOUT_NAMES = {"overlay", "sideBySide"};

template <typename Enum, std::size_t N>
std::optional<Enum> find(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == name)
            return static_cast<Enum>(i);
    return std::nullopt;
}

} // namespace

const std::vector<AngleField<Pose>>& poseAngleFields() {
    static const std::vector<AngleField<Pose>> fields = {
        {"lean", &Pose::lean, -180, 180},
        {"roll", &Pose::roll, -180, 180},
        {"turn", &Pose::turn, -180, 180},
        {"lumbar", &Pose::lumbar, -40, 70},
        {"lumbarSide", &Pose::lumbarSide, -35, 35},
        {"lumbarTwist", &Pose::lumbarTwist, -45, 45},
        {"thoracic", &Pose::thoracic, -40, 70},
        {"thoracicSide", &Pose::thoracicSide, -40, 40},
        {"thoracicTwist", &Pose::thoracicTwist, -50, 50},
        {"neck", &Pose::neck, -60, 70},
        {"head", &Pose::head, -40, 40},
    };
    return fields;
}

const std::vector<AngleField<LimbAngles>>& limbAngleFields() {
    static const std::vector<AngleField<LimbAngles>> fields = {
        {"hip", &LimbAngles::hip, -40, 145},
        {"hipAbduction", &LimbAngles::hipAbduction, -30, 70},
        {"hipRotation", &LimbAngles::hipRotation, -50, 70},
        {"knee", &LimbAngles::knee, 0, 160},
        {"ankle", &LimbAngles::ankle, -80, 40},
        {"toes", &LimbAngles::toes, -10, 90},
        {"shoulder", &LimbAngles::shoulder, -70, 185},
        {"shoulderAbduction", &LimbAngles::shoulderAbduction, -40, 185},
        {"shoulderRotation", &LimbAngles::shoulderRotation, -90, 100},
        {"elbow", &LimbAngles::elbow, 0, 160},
        {"wrist", &LimbAngles::wrist, -90, 90},
    };
    return fields;
}

std::string_view toString(BodyPoint point) {
    return POINT_NAMES[static_cast<std::size_t>(point)];
}

std::optional<BodyPoint> bodyPointFromString(std::string_view name) {
    return find<BodyPoint>(POINT_NAMES, name);
}

std::string bodyPointNames() {
    std::string names;
    for (auto name : POINT_NAMES)
        names += (names.empty() ? "" : ", ") + std::string(name);
    return names;
}

std::string_view toString(PropType type) {
    return PROP_NAMES[static_cast<std::size_t>(type)];
}

std::optional<PropType> propTypeFromString(std::string_view name) {
    return find<PropType>(PROP_NAMES, name);
}

std::string_view toString(FigureView view) {
    return VIEW_NAMES[static_cast<std::size_t>(view)];
}

std::optional<FigureView> figureViewFromString(std::string_view name) {
    return find<FigureView>(VIEW_NAMES, name);
}

std::string_view toString(FigureLayout layout) {
    return LAYOUT_NAMES[static_cast<std::size_t>(layout)];
}

std::optional<FigureLayout> figureLayoutFromString(std::string_view name) {
    return find<FigureLayout>(LAYOUT_NAMES, name);
}

} // namespace Limber
