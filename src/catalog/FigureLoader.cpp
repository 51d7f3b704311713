#include "FigureLoader.h"

#include "PackLoader.h"
#include "json/JsonReader.h"

#include <regex>
#include <set>

namespace Limber {

namespace {

const std::regex FIGURE_ID("[a-z0-9]+(-[a-z0-9]+)*");
constexpr std::size_t MAX_FIGURES = 2000;
constexpr std::size_t MAX_PROPS = 12;
constexpr std::size_t MAX_ARROWS = 8;
constexpr int MAX_OFFSET = 150; // cm

/// Reads one side's limb angles into limb; "both" is read first, then each side on top.
void readLimb(JsonReader& reader, LimbAngles& limb) {
    std::vector<std::string_view> names;
    for (const auto& field : limbAngleFields())
        names.push_back(field.name);
    reader.rejectUnknown(names);
    for (const auto& field : limbAngleFields()) {
        std::string name(field.name);
        if (auto value = reader.integer(name, false, field.low, field.high))
            limb.*field.member = *value;
    }
}

Pose readPose(JsonReader& reader) {
    std::vector<std::string_view> names{"both", "right", "left"};
    for (const auto& field : poseAngleFields())
        names.push_back(field.name);
    reader.rejectUnknown(names);
    Pose pose;
    for (const auto& field : poseAngleFields()) {
        std::string name(field.name);
        if (auto value = reader.integer(name, false, field.low, field.high))
            pose.*field.member = *value;
    }
    if (auto both = reader.object("both", false)) {
        readLimb(*both, pose.right);
        pose.left = pose.right;
    }
    if (auto right = reader.object("right", false))
        readLimb(*right, pose.right);
    if (auto left = reader.object("left", false))
        readLimb(*left, pose.left);
    return pose;
}

std::optional<BodyPoint> readPoint(JsonReader& reader, const std::string& key, bool required) {
    auto name = reader.string(key, required, 40);
    if (!name)
        return std::nullopt;
    auto point = bodyPointFromString(*name);
    if (!point)
        reader.fail(key, "\"" + *name + "\" is not a point of the body (one of " +
                             bodyPointNames() + ")");
    return point;
}

/// "start.rightKnee" or "end.rightKnee" ("rightKnee" alone: the end pose).
std::optional<PointRef> readPointRef(JsonReader& reader, const std::string& key, bool hasStart) {
    auto text = reader.string(key, true, 50);
    if (!text)
        return std::nullopt;
    PointRef ref;
    std::string name = *text;
    if (name.rfind("start.", 0) == 0) {
        ref.pose = PoseSlot::Start;
        name = name.substr(6);
        if (!hasStart) {
            reader.fail(key, "names the start pose, but the figure has none");
            return std::nullopt;
        }
    } else if (name.rfind("end.", 0) == 0) {
        name = name.substr(4);
    }
    auto point = bodyPointFromString(name);
    if (!point) {
        reader.fail(key, "\"" + name + "\" is not a point of the body (one of " + bodyPointNames() +
                             ")");
        return std::nullopt;
    }
    ref.point = *point;
    return ref;
}

std::optional<Prop> readProp(JsonReader& reader) {
    reader.rejectUnknown({"type", "at", "to", "poses", "dx", "dy"});
    Prop prop;
    auto type = reader.string("type", true, 40);
    if (!type)
        return std::nullopt;
    auto parsed = propTypeFromString(*type);
    if (!parsed) {
        reader.fail("type", "\"" + *type +
                                "\" is not a known prop (one of floor, mat, wall, chair, counter, "
                                "doorFrame, strap, stick)");
        return std::nullopt;
    }
    prop.type = *parsed;
    bool needsAt = prop.type == PropType::Wall || prop.type == PropType::Counter ||
                   prop.type == PropType::DoorFrame || prop.type == PropType::Strap;
    bool takesAt = needsAt || prop.type == PropType::Chair;
    if (takesAt)
        prop.at = readPoint(reader, "at", needsAt);
    else if (reader.has("at"))
        reader.fail("at", "a " + *type + " is not placed at a point");
    if (prop.type == PropType::Strap)
        prop.to = readPoint(reader, "to", true);
    else if (reader.has("to"))
        reader.fail("to", "only a strap goes to a second point");
    if (auto poses = reader.string("poses", false, 10)) {
        if (*poses == "both")
            prop.poses = PropPoses::Both;
        else if (*poses == "start")
            prop.poses = PropPoses::Start;
        else if (*poses != "end")
            reader.fail("poses", "must be \"end\", \"start\" or \"both\" (got \"" + *poses + "\")");
    }
    prop.offsetX = reader.integer("dx", false, -MAX_OFFSET, MAX_OFFSET).value_or(0);
    prop.offsetY = reader.integer("dy", false, -MAX_OFFSET, MAX_OFFSET).value_or(0);
    return prop;
}

std::optional<Arrow> readArrow(JsonReader& reader, bool hasStart) {
    Arrow arrow;
    auto type = reader.string("type", true, 20);
    if (!type)
        return std::nullopt;
    if (*type == "move") {
        reader.rejectUnknown(
            {"type", "from", "to", "bend", "dx", "dy", "fromDx", "fromDy", "heads"});
        arrow.kind = ArrowKind::Move;
        auto from = readPointRef(reader, "from", hasStart);
        auto to = readPointRef(reader, "to", hasStart);
        arrow.bend = reader.integer("bend", false, -100, 100).value_or(0);
        arrow.fromOffsetX = reader.integer("fromDx", false, -MAX_OFFSET, MAX_OFFSET).value_or(0);
        arrow.fromOffsetY = reader.integer("fromDy", false, -MAX_OFFSET, MAX_OFFSET).value_or(0);
        if (!from || !to)
            return std::nullopt;
        arrow.from = *from;
        arrow.to = *to;
    } else if (*type == "turn") {
        reader.rejectUnknown(
            {"type", "around", "radius", "from", "to", "squash", "dx", "dy", "heads"});
        arrow.kind = ArrowKind::Turn;
        auto around = readPointRef(reader, "around", hasStart);
        arrow.radius = reader.integer("radius", true, 3, 100).value_or(15);
        arrow.fromAngle = reader.integer("from", true, -720, 720).value_or(0);
        arrow.toAngle = reader.integer("to", true, -720, 720).value_or(90);
        arrow.squash = reader.integer("squash", false, 10, 100).value_or(100);
        if (arrow.fromAngle == arrow.toAngle)
            reader.fail("to",
                        "must differ from \"from\": the arrow turns from one angle to another");
        if (std::abs(arrow.toAngle - arrow.fromAngle) > 350)
            reader.fail("to", "the arc may turn at most 350 degrees, so that its head shows");
        if (!around)
            return std::nullopt;
        arrow.around = *around;
    } else {
        reader.fail("type", "must be \"move\" or \"turn\" (got \"" + *type + "\")");
        return std::nullopt;
    }
    arrow.offsetX = reader.integer("dx", false, -MAX_OFFSET, MAX_OFFSET).value_or(0);
    arrow.offsetY = reader.integer("dy", false, -MAX_OFFSET, MAX_OFFSET).value_or(0);
    if (auto heads = reader.string("heads", false, 10)) {
        if (*heads == "both")
            arrow.bothHeads = true;
        else if (*heads != "end")
            reader.fail("heads", "must be \"end\" or \"both\" (got \"" + *heads + "\")");
    }
    return arrow;
}

/// Reads one figure; its errors go to the reader's FieldErrors.
Figure readFigure(JsonReader& reader, const std::set<std::string>& seen) {
    reader.rejectUnknown(
        {"id", "view", "yaw", "pitch", "layout", "fixed", "start", "end", "props", "arrows"});
    Figure figure;
    if (auto id = reader.string("id", true, 80)) {
        if (!std::regex_match(*id, FIGURE_ID))
            reader.fail("id", "must be lower-case letters and digits joined by dashes (got \"" +
                                  *id + "\")");
        else if (seen.count(*id))
            reader.fail("id", "\"" + *id + "\" is used by another figure of this library");
        figure.id = *id;
    }
    if (auto view = reader.string("view", false, 20)) {
        if (auto parsed = figureViewFromString(*view))
            figure.view = *parsed;
        else
            reader.fail("view", "must be one of side, front, top (got \"" + *view + "\")");
    }
    figure.yaw = reader.integer("yaw", false, -90, 90).value_or(0);
    figure.pitch = reader.integer("pitch", false, -60, 60).value_or(0);
    if (auto layout = reader.string("layout", false, 20)) {
        if (auto parsed = figureLayoutFromString(*layout))
            figure.layout = *parsed;
        else
            reader.fail("layout", "must be overlay or sideBySide (got \"" + *layout + "\")");
    }
    if (reader.has("fixed"))
        figure.fixed = readPoint(reader, "fixed", false).value_or(BodyPoint::Pelvis);
    if (auto start = reader.object("start", false))
        figure.start = readPose(*start);
    if (auto end = reader.object("end", false))
        figure.end = readPose(*end);
    else
        reader.fail("end", "is required: every figure shows the position the exercise reaches");
    if (figure.layout == FigureLayout::SideBySide && !reader.has("start"))
        reader.fail("start", "is required for a side-by-side figure");
    if (auto props = reader.objectList("props", false, MAX_PROPS))
        for (auto& propReader : *props)
            if (auto prop = readProp(propReader))
                figure.props.push_back(*prop);
    if (auto arrows = reader.objectList("arrows", false, MAX_ARROWS))
        for (auto& arrowReader : *arrows)
            if (auto arrow = readArrow(arrowReader, figure.start.has_value()))
                figure.arrows.push_back(*arrow);
    return figure;
}

} // namespace

FigureLoadResult loadFigureLibrary(std::string_view json, const std::string& fileName) {
    FigureLoadResult result;
    auto report = [&result, &fileName](const std::string& figureId, const FieldErrors& errors) {
        for (const auto& error : errors.list())
            result.problems.push_back({fileName, figureId, error.field, error.message, false});
    };
    FieldErrors libraryErrors;
    Poco::JSON::Object::Ptr root;
    try {
        root = parseJsonObject(json, "figures");
    } catch (const ValidationException& error) {
        libraryErrors.addAll(error.errors());
        report("", libraryErrors);
        return result;
    }
    JsonReader reader(root, "", libraryErrors);
    reader.rejectUnknown({"format", "figures"});
    if (auto format = reader.string("format", true); format && *format != "limber.figures/1")
        reader.fail("format", "must be \"limber.figures/1\" (got \"" + *format + "\")");
    FigureLibrary library;
    std::set<std::string> ids;
    Poco::JSON::Array::Ptr figures = reader.has("figures") ? root->getArray("figures") : nullptr;
    if (!reader.has("figures"))
        reader.fail("figures", "is required");
    else if (!figures)
        reader.fail("figures", "must be an array of figures");
    else if (figures->size() > MAX_FIGURES)
        reader.fail("figures", "must have at most " + std::to_string(MAX_FIGURES) + " figures");
    else
        for (std::size_t i = 0; i < figures->size(); ++i) {
            std::string index = "figures[" + std::to_string(i) + "]";
            Poco::JSON::Object::Ptr object = figures->getObject(i);
            if (!object) {
                reader.fail(index, "must be an object");
                continue;
            }
            // Each figure's errors are filed under its id, with paths inside the figure.
            FieldErrors errors;
            JsonReader figureReader(object, "", errors);
            Figure figure = readFigure(figureReader, ids);
            report(figure.id.empty() ? index : figure.id, errors);
            if (figure.id.empty())
                continue;
            bool duplicate = ids.count(figure.id) > 0;
            ids.insert(figure.id);
            if (errors.empty() && !duplicate)
                library.add(std::move(figure));
        }
    report("", libraryErrors);
    if (!result.hasErrors())
        result.library = std::move(library);
    return result;
}

FigureLibrary loadFigureLibraryOrThrow(std::string_view json, const std::string& fileName) {
    FigureLoadResult result = loadFigureLibrary(json, fileName);
    if (result.hasErrors())
        throw PackException(result.problems);
    return std::move(*result.library);
}

} // namespace Limber
