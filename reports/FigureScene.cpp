#include "FigureScene.h"

#include "domain/Body.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace Limber {

namespace {

constexpr double MAT_THICKNESS = 2;   // cm
constexpr double SIDE_VIEW_TURN = 12; // degrees
constexpr double SIDE_BY_SIDE_GAP = 22;
constexpr double TOUCH_REACH = 14; // how far from an anchor a prop looks for the touching surface
constexpr double SEAT_HEIGHT = 45;
constexpr double SEAT_DEPTH = 42;
constexpr double CHAIR_BACK_ABOVE_SEAT = 38;
constexpr double COUNTER_DEPTH = 60;

/// A point in the picture plane and its depth (larger is nearer the viewer).
struct Projected {
    double x = 0;
    double y = 0;
    double depth = 0;
    Point point() const { return {x, y}; }
};

/// An orthographic viewer: yaw walks around the body, pitch rises above it.
class Camera {
public:
    explicit Camera(const Figure& figure) {
        double pitch = figure.pitch + (figure.view == FigureView::Top ? 90 : 0);
        _level = pitch == 0;
        // A level side view is turned a little toward the body's front so that the far limbs
        // show beside the near ones, as an illustrator draws them. (Seen from above, the turn
        // would only tilt the floor.)
        double yaw = figure.yaw;
        if (figure.view == FigureView::Front)
            yaw += 90;
        else if (figure.view == FigureView::Side && _level)
            yaw += SIDE_VIEW_TURN;
        _rotation = Rotation::aboutX(pitch) * Rotation::aboutY(-yaw);
    }

    Projected project(const Vector3& v) const {
        Vector3 c = _rotation * v;
        return {c.x, c.y, c.z};
    }
    /// Whether the floor is seen edge-on, as a line.
    bool level() const { return _level; }

private:
    Rotation _rotation;
    bool _level = true;
};

/// One body of the figure, placed in the world, and where it lands in the picture.
struct PlacedPose {
    PosedBody body;
    PoseSlot slot = PoseSlot::End;
    bool ghost = false;
    double shiftX = 0; ///< picture shift (the end pose of a side-by-side figure)

    Projected at(const Camera& camera, BodyPoint point) const {
        Projected p = camera.project(body.point(point));
        p.x += shiftX;
        return p;
    }
    /// The body's balls of flesh (of group, or all) in the picture, with their radii.
    std::vector<std::pair<Projected, double>>
    circles(const Camera& camera, std::optional<BodyGroup> group = std::nullopt) const {
        std::vector<std::pair<Projected, double>> list;
        for (const auto& sphere : body.spheres(group)) {
            Projected p = camera.project(sphere.centre);
            p.x += shiftX;
            list.push_back({p, sphere.radius});
        }
        return list;
    }
};

/// A shape with the depth it is sorted by (farther first).
struct DepthShape {
    double depth = 0;
    SceneShape shape;
};

/// Sets the body on the floor: its lowest point at height 0.
void ground(PosedBody& body) {
    double lowest = std::numeric_limits<double>::max();
    for (const auto& sphere : body.spheres())
        lowest = std::min(lowest, sphere.centre.y - sphere.radius);
    body.move({0, -lowest, 0});
}

bool isLimb(BodyGroup group) {
    return group != BodyGroup::Trunk && group != BodyGroup::Neck && group != BodyGroup::Head;
}

BodyPoint rootOf(BodyGroup group) {
    switch (group) {
    case BodyGroup::RightArm:
        return BodyPoint::RightShoulder;
    case BodyGroup::LeftArm:
        return BodyPoint::LeftShoulder;
    case BodyGroup::RightLeg:
        return BodyPoint::RightHip;
    case BodyGroup::LeftLeg:
        return BodyPoint::LeftHip;
    default:
        return BodyPoint::Pelvis;
    }
}

/// The same limb of the other side.
BodyGroup otherSide(BodyGroup group) {
    switch (group) {
    case BodyGroup::RightArm:
        return BodyGroup::LeftArm;
    case BodyGroup::LeftArm:
        return BodyGroup::RightArm;
    case BodyGroup::RightLeg:
        return BodyGroup::LeftLeg;
    case BodyGroup::LeftLeg:
        return BodyGroup::RightLeg;
    default:
        return group;
    }
}

/// A stroke of the body as seen by the camera: one capsule, or for a trunk seen from the front
/// or above (its pair of capsules clearly apart) the two capsules and the band between them,
/// so that the trunk is wide without its ends bulging as far (the two shoulders).
void projectStroke(const BodyStroke& stroke, const Camera& camera, double shiftX,
                   std::vector<SceneStroke>& out) {
    Projected a = camera.project(stroke.from);
    Projected b = camera.project(stroke.to);
    Point from{a.x + shiftX, a.y};
    Point to{b.x + shiftX, b.y};
    if (stroke.across.dot(stroke.across) == 0) {
        out.push_back({from, to, stroke.radius, false});
        return;
    }
    Projected across = camera.project(stroke.across);
    double dx = to.x - from.x;
    double dy = to.y - from.y;
    double length = std::hypot(dx, dy);
    // The spread of the pair across the stroke's direction in the picture, and the offset
    // from the middle to each capsule.
    double nx = length > 1e-6 ? -dy / length : 0;
    double ny = length > 1e-6 ? dx / length : 0;
    double spread =
        length > 1e-6 ? std::abs(across.x * nx + across.y * ny) : std::hypot(across.x, across.y);
    if (spread < 0.35 * stroke.radius) {
        out.push_back({from, to, stroke.radius + spread, false});
        return;
    }
    double ox = length > 1e-6 ? nx * spread : across.x;
    double oy = length > 1e-6 ? ny * spread : across.y;
    out.push_back({{from.x + ox, from.y + oy}, {to.x + ox, to.y + oy}, stroke.radius, false});
    out.push_back({{from.x - ox, from.y - oy}, {to.x - ox, to.y - oy}, stroke.radius, false});
    if (length > 1e-6)
        out.push_back({from, to, spread, true});
}

bool isLeg(BodyGroup group) {
    return group == BodyGroup::RightLeg || group == BodyGroup::LeftLeg;
}

/// The body's parts as shapes with their depths. A limb whose root (shoulder, hip) lies
/// clearly behind the other side's is a far limb and drawn grey, so a side view reads as one
/// near and one far side; seen from the front or above, both sides are near.
void addBody(const PlacedPose& pose, const Camera& camera, std::vector<DepthShape>& out) {
    // The pelvis (the trunk's first stroke), to cover the top of each near leg with.
    std::vector<SceneStroke> pelvis;
    for (const auto& part : pose.body.parts)
        if (part.group == BodyGroup::Trunk && !part.strokes.empty())
            projectStroke(part.strokes.front(), camera, pose.shiftX, pelvis);
    for (const auto& part : pose.body.parts) {
        if (part.strokes.empty())
            continue;
        DepthShape item;
        item.shape.kind = SceneShape::Kind::Body;
        double depthSum = 0;
        for (const auto& stroke : part.strokes) {
            projectStroke(stroke, camera, pose.shiftX, item.shape.strokes);
            depthSum += camera.project(stroke.from).depth + camera.project(stroke.to).depth;
        }
        item.depth = depthSum / (2.0 * static_cast<double>(part.strokes.size()));
        // The neck tucks behind the trunk and the head sits in front of it.
        if (part.group == BodyGroup::Neck)
            item.depth -= 0.5;
        if (part.group == BodyGroup::Head)
            item.depth += 0.5;
        bool far =
            isLimb(part.group) && pose.at(camera, rootOf(part.group)).depth <
                                      pose.at(camera, rootOf(otherSide(part.group))).depth - 3;
        item.shape.ink = pose.ghost ? FigureInk::Ghost : far ? FigureInk::Far : FigureInk::Near;
        if (item.shape.ink == FigureInk::Near && isLeg(part.group))
            item.shape.covers = pelvis;
        out.push_back(std::move(item));
    }
}

SceneShape polygon(FigureInk ink, std::vector<Point> points) {
    return {SceneShape::Kind::Polygon, ink, std::move(points), {}, {}};
}

SceneShape polyline(FigureInk ink, std::vector<Point> points) {
    return {SceneShape::Kind::Polyline, ink, std::move(points), {}, {}};
}

/// A box from x0 to x1 (either order) and y0 to y1.
SceneShape box(FigureInk ink, double x0, double x1, double y0, double y1) {
    return {SceneShape::Kind::Box, ink, {{x0, y0}, {x1, y1}}, {}, {}};
}

double sign(double value) {
    return value < 0 ? -1 : 1;
}

/// The outermost surface of the body near anchor, toward direction (+1 right, -1 left).
double touchingFace(const PlacedPose& pose, const Camera& camera, const Projected& anchor,
                    double direction) {
    double face = anchor.x;
    for (const auto& [p, radius] : pose.circles(camera)) {
        if (std::hypot(p.x - anchor.x, p.y - anchor.y) > TOUCH_REACH)
            continue;
        face = direction > 0 ? std::max(face, p.x + radius) : std::min(face, p.x - radius);
    }
    return face;
}

/// The lowest point of the body near anchor (a hand resting on a counter or chair back).
double touchingBottom(const PlacedPose& pose, const Camera& camera, const Projected& anchor) {
    double bottom = anchor.y;
    for (const auto& [p, radius] : pose.circles(camera))
        if (std::hypot(p.x - anchor.x, p.y - anchor.y) <= TOUCH_REACH / 2)
            bottom = std::min(bottom, p.y - radius);
    return bottom;
}

/// Everything a figure is laid out from: the camera, the placed poses and where the floor is.
struct Layout {
    const Figure& figure;
    Camera camera;
    std::vector<PlacedPose> poses; ///< the start pose first, when there is one
    double floorY = 0;

    const PlacedPose& pose(PoseSlot slot) const {
        return slot == PoseSlot::Start ? poses.front() : poses.back();
    }
    Projected at(const PointRef& ref) const { return pose(ref.pose).at(camera, ref.point); }
    /// The poses a prop is placed by.
    std::vector<const PlacedPose*> posesOf(const Prop& prop) const {
        std::vector<const PlacedPose*> list;
        if (prop.poses == PropPoses::Both || figure.layout == FigureLayout::SideBySide)
            for (const auto& p : poses)
                list.push_back(&p);
        else if (prop.poses == PropPoses::Start)
            list.push_back(&poses.front());
        else
            list.push_back(&poses.back());
        return list;
    }
    /// Whether a prop placed by pose is drawn as part of the start pose's ghost.
    bool ghostly(const Prop& prop, const PlacedPose& by) const {
        return by.ghost && prop.poses != PropPoses::Start;
    }
};

void addChair(const Layout& layout, const PlacedPose& pose, const Prop& prop,
              std::vector<DepthShape>& behind) {
    const Camera& camera = layout.camera;
    FigureInk ink = layout.ghostly(prop, pose) ? FigureInk::GhostFurniture : FigureInk::Furniture;
    Projected pelvis = pose.at(camera, BodyPoint::Pelvis);
    double floor = layout.floorY;
    double backX = 0;
    double direction = 1; // from the back of the chair toward its front edge
    double seatTop = floor + SEAT_HEIGHT;
    double backTop = 0;
    BodyPoint at = prop.at.value_or(BodyPoint::Pelvis);
    if (at == BodyPoint::Pelvis) {
        // Sat on: the seat under the buttocks, the back behind them, facing where the knees go.
        direction = sign(pose.at(camera, BodyPoint::RightKnee).x - pelvis.x);
        seatTop = std::numeric_limits<double>::max();
        double back = pelvis.x;
        for (const auto& [p, radius] : pose.circles(camera, BodyGroup::Trunk)) {
            seatTop = std::min(seatTop, p.y - radius);
            back = direction > 0 ? std::min(back, p.x - radius) : std::max(back, p.x + radius);
        }
        backX = back - direction * 1.5 + prop.offsetX;
        seatTop += prop.offsetY;
        backTop = seatTop + CHAIR_BACK_ABOVE_SEAT;
    } else {
        // Held by its back: the top of the back under the hand, the seat away from the body.
        Projected hand = pose.at(camera, at);
        direction = sign(hand.x - pelvis.x);
        backX = hand.x - direction * 1.5 + prop.offsetX;
        backTop = touchingBottom(pose, camera, hand) + prop.offsetY;
    }
    const double d = direction;
    double seatBottom = seatTop - 3.5;
    behind.push_back({0, box(ink, backX, backX + d * 3, floor, backTop)}); // back leg
    behind.push_back(
        {0, box(ink, backX - d * 0.8, backX + d * 3.2, backTop - 14, backTop)}); // rest
    behind.push_back({0, box(ink, backX + d * (SEAT_DEPTH - 3), backX + d * SEAT_DEPTH, floor,
                             seatBottom)}); // front leg
    behind.push_back(
        {0, box(ink, backX, backX + d * (SEAT_DEPTH + 1), seatBottom, seatTop)}); // seat
}

void addCounter(const Layout& layout, const PlacedPose& pose, const Prop& prop,
                std::vector<DepthShape>& behind) {
    const Camera& camera = layout.camera;
    FigureInk ink = layout.ghostly(prop, pose) ? FigureInk::GhostFurniture : FigureInk::Furniture;
    Projected pelvis = pose.at(camera, BodyPoint::Pelvis);
    Projected hand = pose.at(camera, prop.at.value_or(BodyPoint::RightHand));
    double d = sign(hand.x - pelvis.x);
    double top = touchingBottom(pose, camera, hand) + prop.offsetY;
    double front = hand.x - d * 7 + prop.offsetX;
    double floor = layout.floorY;
    double back = front + d * COUNTER_DEPTH;
    behind.push_back({0, box(ink, front + d * 6, back, floor, floor + 9)}); // plinth
    behind.push_back({0, box(ink, front, back, floor + 9, top - 4)});       // cupboard
    behind.push_back({0, box(ink, front - d * 2, back, top - 4, top)});     // worktop
}

void addStrap(const Layout& layout, const PlacedPose& pose, const Prop& prop,
              std::vector<DepthShape>& front) {
    const Camera& camera = layout.camera;
    Projected hand = pose.at(camera, prop.at.value_or(BodyPoint::RightHand));
    BodyPoint foot = prop.to.value_or(BodyPoint::RightSole);
    Projected sole = pose.at(camera, foot);
    bool left = static_cast<int>(foot) >= static_cast<int>(BodyPoint::LeftShoulder);
    Projected ankle = pose.at(camera, left ? BodyPoint::LeftAnkle : BodyPoint::RightAnkle);
    Projected toes = pose.at(camera, left ? BodyPoint::LeftToes : BodyPoint::RightToes);
    // Around the sole: from the hands to just past the ball of the foot and back.
    double ux = sole.x - ankle.x;
    double uy = sole.y - ankle.y;
    double length = std::max(std::hypot(ux, uy), 1e-6);
    Point out{sole.x + ux / length * 1.2, sole.y + uy / length * 1.2};
    Point tip{toes.x + (out.x - sole.x) * 0.6 - (toes.x - sole.x) * 0.3,
              toes.y + (out.y - sole.y) * 0.6 - (toes.y - sole.y) * 0.3};
    FigureInk ink = layout.ghostly(prop, pose) ? FigureInk::GhostStrap : FigureInk::Strap;
    front.push_back({0, polyline(ink, {hand.point(), out, tip, {hand.x + 1, hand.y + 1}})});
}

void addStick(const Layout& layout, const PlacedPose& pose, const Prop& prop,
              std::vector<DepthShape>& sorted) {
    const Camera& camera = layout.camera;
    Projected sacrum = pose.at(camera, BodyPoint::Sacrum);
    Projected head = pose.at(camera, BodyPoint::BackOfHead);
    Projected chest = pose.at(camera, BodyPoint::Chest);
    double ux = head.x - sacrum.x;
    double uy = head.y - sacrum.y;
    double length = std::max(std::hypot(ux, uy), 1e-6);
    ux /= length;
    uy /= length;
    double nx = -uy;
    double ny = ux;
    if ((chest.x - sacrum.x) * nx + (chest.y - sacrum.y) * ny > 0) {
        nx = -nx;
        ny = -ny;
    }
    // Slide the line out until it rests on the back of the trunk and head.
    double offset = 0;
    for (BodyGroup group : {BodyGroup::Trunk, BodyGroup::Head})
        for (const auto& [p, radius] : pose.circles(camera, group)) {
            double along = (p.x - sacrum.x) * nx + (p.y - sacrum.y) * ny;
            offset = std::max(offset, along + radius);
        }
    offset += 1.2;
    Point base{sacrum.x + nx * offset, sacrum.y + ny * offset};
    Point from{base.x - ux * 22, base.y - uy * 22};
    Point to{base.x + ux * (length + 14), base.y + uy * (length + 14)};
    FigureInk ink = layout.ghostly(prop, pose) ? FigureInk::GhostStick : FigureInk::Stick;
    // Just in front of the trunk, behind the near arm whose hand holds it.
    sorted.push_back({pose.at(camera, BodyPoint::Pelvis).depth + 1, polyline(ink, {from, to})});
}

/// The floor under the bodies (a mat band on a level view, a quadrilateral seen from above).
void addGround(Layout& layout, FigureScene& scene, std::vector<DepthShape>& behind) {
    bool hasFloor = false;
    bool hasMat = false;
    for (const auto& prop : layout.figure.props) {
        hasFloor = hasFloor || prop.type == PropType::Floor;
        hasMat = hasMat || prop.type == PropType::Mat;
    }
    if (!hasFloor && !hasMat)
        return;
    const Camera& camera = layout.camera;
    if (camera.level()) {
        layout.floorY = hasMat ? -MAT_THICKNESS : 0;
        scene.floorY = layout.floorY;
        if (!hasMat)
            return;
        // The mat runs under whatever touches the floor, with a margin.
        double left = std::numeric_limits<double>::max();
        double right = std::numeric_limits<double>::lowest();
        for (const auto& pose : layout.poses)
            for (const auto& sphere : pose.body.spheres())
                if (sphere.centre.y - sphere.radius < 4) {
                    Projected p = camera.project(sphere.centre);
                    left = std::min(left, p.x + pose.shiftX - sphere.radius);
                    right = std::max(right, p.x + pose.shiftX + sphere.radius);
                }
        if (left < right)
            behind.push_back({0, box(FigureInk::Mat, left - 10, right + 10, -MAT_THICKNESS, 0)});
        return;
    }
    // Seen from above: a mat (or a patch of floor) under the whole body, in perspective.
    double minX = std::numeric_limits<double>::max();
    double maxX = std::numeric_limits<double>::lowest();
    double minZ = minX;
    double maxZ = maxX;
    for (const auto& pose : layout.poses)
        for (const auto& sphere : pose.body.spheres()) {
            minX = std::min(minX, sphere.centre.x - sphere.radius);
            maxX = std::max(maxX, sphere.centre.x + sphere.radius);
            minZ = std::min(minZ, sphere.centre.z - sphere.radius);
            maxZ = std::max(maxZ, sphere.centre.z + sphere.radius);
        }
    double margin = 8;
    std::vector<Point> corners;
    for (auto [x, z] : {std::pair{minX - margin, minZ - margin},
                        {maxX + margin, minZ - margin},
                        {maxX + margin, maxZ + margin},
                        {minX - margin, maxZ + margin}}) {
        Projected p = camera.project({x, -1, z});
        corners.push_back(p.point());
    }
    behind.push_back({0, polygon(FigureInk::Mat, corners)});
}

void addProps(Layout& layout, FigureScene& scene, std::vector<DepthShape>& behind,
              std::vector<std::vector<DepthShape>>& sorted, std::vector<DepthShape>& front) {
    const Camera& camera = layout.camera;
    for (const auto& prop : layout.figure.props) {
        for (const PlacedPose* pose : layout.posesOf(prop)) {
            std::size_t index = static_cast<std::size_t>(pose - layout.poses.data());
            switch (prop.type) {
            case PropType::Floor:
            case PropType::Mat:
                break;
            case PropType::Wall:
            case PropType::DoorFrame: {
                BodyPoint at = prop.at.value_or(BodyPoint::RightHand);
                Projected anchor = pose->at(camera, at);
                Projected pelvis = pose->at(camera, BodyPoint::Pelvis);
                SceneUpright upright;
                upright.bottom = layout.floorY;
                upright.ghost = layout.ghostly(prop, *pose);
                if (prop.type == PropType::Wall && anchor.depth < pelvis.depth - 10) {
                    // The far hand touches the wall behind the body: show that wall as a
                    // backdrop panel around the body.
                    upright.kind = SceneUpright::Kind::Backdrop;
                    upright.x = anchor.x - 45 + prop.offsetX;
                    upright.width = 90;
                } else {
                    double direction = sign(anchor.x - pelvis.x);
                    upright.kind = prop.type == PropType::DoorFrame ? SceneUpright::Kind::Post
                                                                    : SceneUpright::Kind::Wall;
                    upright.side = direction;
                    upright.x = touchingFace(*pose, camera, anchor, direction) + prop.offsetX;
                    upright.width = prop.type == PropType::DoorFrame ? 10 : 0;
                }
                scene.uprights.push_back(upright);
                break;
            }
            case PropType::Chair:
                addChair(layout, *pose, prop, behind);
                break;
            case PropType::Counter:
                addCounter(layout, *pose, prop, behind);
                break;
            case PropType::Strap:
                addStrap(layout, *pose, prop, front);
                break;
            case PropType::Stick:
                addStick(layout, *pose, prop, sorted[index]);
                break;
            }
        }
    }
}

Point lerp(const Point& a, const Point& b, double t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

SceneArrow moveArrow(const Layout& layout, const Arrow& arrow) {
    Projected a = layout.at(arrow.from);
    Projected b = layout.at(arrow.to);
    Point from{a.x + arrow.offsetX + arrow.fromOffsetX, a.y + arrow.offsetY + arrow.fromOffsetY};
    Point to{b.x + arrow.offsetX, b.y + arrow.offsetY};
    double dx = to.x - from.x;
    double dy = to.y - from.y;
    double chord = std::max(std::hypot(dx, dy), 1e-9);
    // A quadratic curve whose middle lies bend% of the chord to the left of travel...
    double lift = 2 * arrow.bend / 100.0 * chord;
    Point control{(from.x + to.x) / 2 - dy / chord * lift, (from.y + to.y) / 2 + dx / chord * lift};
    // ...standing a little off the body at both ends: the part of it between t0 and t1...
    double length = chord * (1 + std::abs(arrow.bend) / 100.0);
    double t0 = std::min(3.0, chord * 0.12) / length;
    double t1 = 1 - t0;
    auto at = [&](double t) {
        double u = 1 - t;
        return Point{u * u * from.x + 2 * u * t * control.x + t * t * to.x,
                     u * u * from.y + 2 * u * t * control.y + t * t * to.y};
    };
    Point start = at(t0);
    Point end = at(t1);
    Point middle{(1 - t0) * (1 - t1) * from.x + ((1 - t0) * t1 + t0 * (1 - t1)) * control.x +
                     t0 * t1 * to.x,
                 (1 - t0) * (1 - t1) * from.y + ((1 - t0) * t1 + t0 * (1 - t1)) * control.y +
                     t0 * t1 * to.y};
    // ...as the cubic curve that is exactly that quadratic.
    SceneArrow result;
    result.curve = {start, lerp(start, middle, 2.0 / 3), lerp(end, middle, 2.0 / 3), end};
    result.headAtStart = arrow.bothHeads;
    return result;
}

SceneArrow turnArrow(const Layout& layout, const Arrow& arrow) {
    Projected centre = layout.at(arrow.around);
    double cx = centre.x + arrow.offsetX;
    double cy = centre.y + arrow.offsetY;
    double rx = arrow.radius;
    double ry = arrow.radius * arrow.squash / 100.0;
    // An arc of an ellipse in pieces of at most 90 degrees, each a cubic curve.
    int pieces =
        std::max(1, static_cast<int>(std::ceil(std::abs(arrow.toAngle - arrow.fromAngle) / 90.0)));
    double step = (arrow.toAngle - arrow.fromAngle) * std::numbers::pi / 180 / pieces;
    double k = 4.0 / 3 * std::tan(step / 4);
    SceneArrow result;
    double angle = arrow.fromAngle * std::numbers::pi / 180;
    result.curve.push_back({cx + rx * std::cos(angle), cy + ry * std::sin(angle)});
    for (int i = 0; i < pieces; ++i) {
        double next = angle + step;
        result.curve.push_back({cx + rx * (std::cos(angle) - k * std::sin(angle)),
                                cy + ry * (std::sin(angle) + k * std::cos(angle))});
        result.curve.push_back({cx + rx * (std::cos(next) + k * std::sin(next)),
                                cy + ry * (std::sin(next) - k * std::cos(next))});
        result.curve.push_back({cx + rx * std::cos(next), cy + ry * std::sin(next)});
        angle = next;
    }
    result.headAtStart = arrow.bothHeads;
    return result;
}

void sortByDepth(std::vector<DepthShape>& shapes) {
    std::stable_sort(shapes.begin(), shapes.end(),
                     [](const DepthShape& a, const DepthShape& b) { return a.depth < b.depth; });
}

} // namespace

FigureScene::Box FigureScene::bounds() const {
    Box box{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
            std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
    auto take = [&box](const Point& p) {
        box.left = std::min(box.left, p.x);
        box.right = std::max(box.right, p.x);
        box.bottom = std::min(box.bottom, p.y);
        box.top = std::max(box.top, p.y);
    };
    for (const auto& shape : shapes) {
        for (const auto& p : shape.points)
            take(p);
        for (const auto& stroke : shape.strokes)
            for (const Point& end : {stroke.from, stroke.to}) {
                // (A flat band lies inside its capsules.)
                take({end.x - stroke.radius, end.y - stroke.radius});
                take({end.x + stroke.radius, end.y + stroke.radius});
            }
    }
    // A Bezier curve lies inside the hull of its control points.
    for (const auto& arrow : arrows)
        for (const auto& p : arrow.curve)
            take(p);
    if (floorY && box.left <= box.right)
        take({box.left, *floorY});
    for (const auto& upright : uprights) {
        take({upright.x, upright.bottom});
        take({upright.x + upright.side * upright.width, upright.bottom});
    }
    if (box.left > box.right)
        return {};
    return box;
}

FigureScene layOutFigure(const Figure& figure) {
    Layout layout{figure, Camera(figure), {}, 0};
    if (figure.start)
        layout.poses.push_back(
            {poseBody(*figure.start), PoseSlot::Start, figure.layout == FigureLayout::Overlay, 0});
    layout.poses.push_back({poseBody(figure.end), PoseSlot::End, false, 0});
    for (auto& pose : layout.poses)
        ground(pose.body);
    if (layout.poses.size() == 2) {
        // The fixed point stays put across the floor; each pose keeps its own height.
        Vector3 from = layout.poses[1].body.point(figure.fixed);
        Vector3 to = layout.poses[0].body.point(figure.fixed);
        layout.poses[1].body.move({to.x - from.x, 0, to.z - from.z});
        if (figure.layout == FigureLayout::SideBySide) {
            double startRight = std::numeric_limits<double>::lowest();
            double endLeft = std::numeric_limits<double>::max();
            for (const auto& [p, r] : layout.poses[0].circles(layout.camera))
                startRight = std::max(startRight, p.x + r);
            for (const auto& [p, r] : layout.poses[1].circles(layout.camera))
                endLeft = std::min(endLeft, p.x - r);
            layout.poses[1].shiftX = startRight - endLeft + SIDE_BY_SIDE_GAP;
        }
    }

    FigureScene scene;
    std::vector<DepthShape> behind;
    std::vector<std::vector<DepthShape>> sorted(layout.poses.size());
    std::vector<DepthShape> front;
    addGround(layout, scene, behind);
    for (std::size_t i = 0; i < layout.poses.size(); ++i)
        addBody(layout.poses[i], layout.camera, sorted[i]);
    addProps(layout, scene, behind, sorted, front);

    // Ghost furniture before the end pose's, each pose's body far to near, straps on top.
    std::stable_partition(behind.begin(), behind.end(),
                          [](const DepthShape& s) { return s.shape.ink == FigureInk::Mat; });
    std::stable_partition(behind.begin(), behind.end(), [](const DepthShape& s) {
        return s.shape.ink == FigureInk::Mat || s.shape.ink == FigureInk::GhostFurniture;
    });
    for (auto& item : behind)
        scene.shapes.push_back(std::move(item.shape));
    for (auto& list : sorted) {
        sortByDepth(list);
        for (auto& item : list)
            scene.shapes.push_back(std::move(item.shape));
    }
    std::stable_partition(front.begin(), front.end(),
                          [](const DepthShape& s) { return s.shape.ink == FigureInk::GhostStrap; });
    for (auto& item : front)
        scene.shapes.push_back(std::move(item.shape));

    for (const auto& arrow : figure.arrows)
        scene.arrows.push_back(arrow.kind == ArrowKind::Move ? moveArrow(layout, arrow)
                                                             : turnArrow(layout, arrow));
    return scene;
}

} // namespace Limber
