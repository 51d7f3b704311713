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

double cross(const Point& o, const Point& a, const Point& b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/// The convex hull of points, counter-clockwise (Andrew's monotone chain).
std::vector<Point> convexHull(std::vector<Point> points) {
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
        return a.x < b.x || (a.x == b.x && a.y < b.y);
    });
    if (points.size() < 3)
        return points;
    std::vector<Point> hull(2 * points.size());
    std::size_t k = 0;
    for (const auto& p : points) {
        while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0)
            --k;
        hull[k++] = p;
    }
    for (std::size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
        while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0)
            --k;
        hull[k++] = points[i];
    }
    hull.resize(k - 1);
    return hull;
}

/// The outline around circles: the hull of points sampled on each.
std::vector<Point> hullOfCircles(const std::vector<std::pair<Point, double>>& circles) {
    std::vector<Point> points;
    for (const auto& [centre, radius] : circles) {
        int steps = std::clamp(static_cast<int>(10 + 2.2 * radius), 12, 40);
        for (int i = 0; i < steps; ++i) {
            double angle = 2 * std::numbers::pi * i / steps;
            points.push_back(
                {centre.x + radius * std::cos(angle), centre.y + radius * std::sin(angle)});
        }
    }
    return convexHull(std::move(points));
}

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
    std::vector<std::pair<Projected, double>> circles(const Camera& camera) const {
        std::vector<std::pair<Projected, double>> list;
        for (const auto& piece : body.pieces)
            for (const auto& sphere : piece.spheres) {
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
    for (const auto& piece : body.pieces)
        for (const auto& sphere : piece.spheres)
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

/// The body's groups as shapes with their depths. A limb whose root (shoulder, hip) lies
/// clearly behind the other side's is a far limb and drawn lighter, so a side view reads as
/// one near and one far side; seen from the front or above, both sides are near.
void addBody(const PlacedPose& pose, const Camera& camera, std::vector<DepthShape>& out) {
    for (BodyGroup group : {BodyGroup::Trunk, BodyGroup::Neck, BodyGroup::Head, BodyGroup::RightArm,
                            BodyGroup::LeftArm, BodyGroup::RightLeg, BodyGroup::LeftLeg}) {
        DepthShape item;
        item.shape.kind = SceneShape::Kind::Body;
        double depthSum = 0;
        int count = 0;
        for (const auto& piece : pose.body.pieces) {
            if (piece.group != group)
                continue;
            std::vector<std::pair<Point, double>> circles;
            for (const auto& sphere : piece.spheres) {
                Projected p = camera.project(sphere.centre);
                circles.push_back({{p.x + pose.shiftX, p.y}, sphere.radius});
                depthSum += p.depth;
                ++count;
            }
            item.shape.paths.push_back(hullOfCircles(circles));
        }
        if (count == 0)
            continue;
        item.depth = depthSum / count;
        // The neck tucks behind the trunk and the head sits in front of it.
        if (group == BodyGroup::Neck)
            item.depth -= 0.5;
        if (group == BodyGroup::Head)
            item.depth += 0.5;
        bool far = isLimb(group) && pose.at(camera, rootOf(group)).depth <
                                        pose.at(camera, rootOf(otherSide(group))).depth - 3;
        item.shape.ink = pose.ghost ? FigureInk::Ghost : far ? FigureInk::Far : FigureInk::Near;
        out.push_back(std::move(item));
    }
}

SceneShape polygon(FigureInk ink, std::vector<Point> points) {
    return {SceneShape::Kind::Polygon, ink, {std::move(points)}};
}

SceneShape polyline(FigureInk ink, std::vector<Point> points) {
    return {SceneShape::Kind::Polyline, ink, {std::move(points)}};
}

/// A box from x0 to x1 (either order) and y0 to y1.
SceneShape box(FigureInk ink, double x0, double x1, double y0, double y1) {
    return polygon(ink, {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
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
        for (const auto& piece : pose.body.pieces)
            if (piece.group == BodyGroup::Trunk)
                for (const auto& sphere : piece.spheres) {
                    Projected p = camera.project(sphere.centre);
                    seatTop = std::min(seatTop, p.y - sphere.radius);
                    double x = p.x + pose.shiftX;
                    back = direction > 0 ? std::min(back, x - sphere.radius)
                                         : std::max(back, x + sphere.radius);
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
    for (const auto& piece : pose.body.pieces) {
        if (piece.group != BodyGroup::Trunk && piece.group != BodyGroup::Head)
            continue;
        for (const auto& sphere : piece.spheres) {
            Projected p = camera.project(sphere.centre);
            double along = (p.x + pose.shiftX - sacrum.x) * nx + (p.y - sacrum.y) * ny;
            offset = std::max(offset, along + sphere.radius);
        }
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
            for (const auto& piece : pose.body.pieces)
                for (const auto& sphere : piece.spheres)
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
        for (const auto& piece : pose.body.pieces)
            for (const auto& sphere : piece.spheres) {
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

/// Trims length from the start of a path (keeps at least its last point).
void trimStart(std::vector<Point>& path, double length) {
    while (path.size() > 2) {
        double step = std::hypot(path[1].x - path[0].x, path[1].y - path[0].y);
        if (step > length)
            break;
        length -= step;
        path.erase(path.begin());
    }
    double step = std::hypot(path[1].x - path[0].x, path[1].y - path[0].y);
    if (step > 1e-9) {
        double t = std::min(length / step, 0.9);
        path[0] = {path[0].x + (path[1].x - path[0].x) * t,
                   path[0].y + (path[1].y - path[0].y) * t};
    }
}

SceneArrow moveArrow(const Layout& layout, const Arrow& arrow) {
    Projected a = layout.at(arrow.from);
    Projected b = layout.at(arrow.to);
    Point from{a.x + arrow.offsetX + arrow.fromOffsetX, a.y + arrow.offsetY + arrow.fromOffsetY};
    Point to{b.x + arrow.offsetX, b.y + arrow.offsetY};
    double dx = to.x - from.x;
    double dy = to.y - from.y;
    double chord = std::hypot(dx, dy);
    // A quadratic curve whose middle lies bend% of the chord to the left of travel.
    double lift = 2 * arrow.bend / 100.0 * chord;
    Point control{(from.x + to.x) / 2 - dy / std::max(chord, 1e-9) * lift,
                  (from.y + to.y) / 2 + dx / std::max(chord, 1e-9) * lift};
    SceneArrow result;
    const int steps = arrow.bend == 0 ? 1 : 24;
    for (int i = 0; i <= steps; ++i) {
        double t = static_cast<double>(i) / steps;
        double u = 1 - t;
        result.path.push_back({u * u * from.x + 2 * u * t * control.x + t * t * to.x,
                               u * u * from.y + 2 * u * t * control.y + t * t * to.y});
    }
    // Stand a little off the body at both ends.
    double gap = std::min(3.0, chord * 0.12);
    trimStart(result.path, gap);
    std::reverse(result.path.begin(), result.path.end());
    trimStart(result.path, gap);
    std::reverse(result.path.begin(), result.path.end());
    result.headAtStart = arrow.bothHeads;
    return result;
}

SceneArrow turnArrow(const Layout& layout, const Arrow& arrow) {
    Projected centre = layout.at(arrow.around);
    double cx = centre.x + arrow.offsetX;
    double cy = centre.y + arrow.offsetY;
    double rx = arrow.radius;
    double ry = arrow.radius * arrow.squash / 100.0;
    int steps = std::max(12, std::abs(arrow.toAngle - arrow.fromAngle) / 5);
    SceneArrow result;
    for (int i = 0; i <= steps; ++i) {
        double degrees = arrow.fromAngle + (arrow.toAngle - arrow.fromAngle) * i / double(steps);
        double angle = degrees * std::numbers::pi / 180;
        result.path.push_back({cx + rx * std::cos(angle), cy + ry * std::sin(angle)});
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
    for (const auto& shape : shapes)
        for (const auto& path : shape.paths)
            for (const auto& p : path)
                take(p);
    for (const auto& arrow : arrows)
        for (const auto& p : arrow.path)
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
