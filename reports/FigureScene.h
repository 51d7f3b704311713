#pragma once

#include "Canvas.h"
#include "domain/Figure.h"

#include <optional>
#include <vector>

namespace Limber {

/// What a part of a figure is drawn as; FigureDrawing turns each into a Style.
enum class FigureInk {
    Near,           ///< the body and its near limbs: white, outlined in black
    Far,            ///< limbs on the far side: grey
    Ghost,          ///< the start pose behind the end pose: very light
    Furniture,      ///< chair, counter
    GhostFurniture, ///< furniture of the start pose
    Mat,
    Strap,
    GhostStrap,
    Stick,
    GhostStick,
};

/// One capsule of a body part in the picture: a round-capped stroke from one point to another,
/// radius wide on each side.
struct SceneStroke {
    Point from;
    Point to;
    double radius = 0;
    bool flat = false; ///< square ends: the band between a wide trunk's pair of capsules
};

/// One thing to draw, in the picture's centimetres (x right, y up).
struct SceneShape {
    enum class Kind {
        Body,     ///< a body part: its strokes outlined together, so they merge into one shape
        Polygon,  ///< a closed shape through points
        Polyline, ///< an open line through points
        Box,      ///< an upright rectangle with opposite corners points[0] and points[1]
    };
    Kind kind = Kind::Polygon;
    FigureInk ink = FigureInk::Near;
    std::vector<Point> points;        ///< Polygon, Polyline, Box
    std::vector<SceneStroke> strokes; ///< Body
    /// Body: filled over the part once it is drawn, without outline: where a leg leaves the
    /// pelvis, so that it grows out of the trunk instead of showing its rounded end on it.
    std::vector<SceneStroke> covers;
};

/// A movement arrow: a chain of cubic Bezier curves (its start, then two control points and
/// an end point per curve), with a head at its end, and at its start too when both.
struct SceneArrow {
    std::vector<Point> curve;
    bool headAtStart = false;
};

/// A wall, a door post or a backdrop wall that runs from the floor up to the top of the
/// drawing.
struct SceneUpright {
    enum class Kind {
        Wall,     ///< a line at x, hatched on its far side
        Post,     ///< a door post of width from x
        Backdrop, ///< the wall behind the body: a pale panel of width from x
    };
    Kind kind = Kind::Wall;
    double x = 0;       ///< the face the body touches (a backdrop's left edge)
    double side = 1;    ///< +1: the wall or post lies to the right of x, -1 to the left
    double width = 0;   ///< cm, for a post or a backdrop
    double bottom = 0;  ///< where it stands
    bool ghost = false; ///< belongs to the start pose
};

/// A figure laid out in the picture plane, ready to be scaled onto a canvas: the shapes in
/// drawing order, the arrows (drawn last), the floor line and uprights (drawn first, stretched
/// to the edges of the canvas).
struct FigureScene {
    std::vector<SceneShape> shapes;
    std::vector<SceneArrow> arrows;
    std::optional<double> floorY; ///< a floor line at this height
    std::vector<SceneUpright> uprights;

    /// The smallest box around every shape (strokes with their width) and arrow, the floor and
    /// the uprights' feet.
    struct Box {
        double left = 0;
        double bottom = 0;
        double right = 0;
        double top = 0;
    };
    Box bounds() const;
};

/// Poses the figure's bodies, places its props and arrows and projects all of it for the
/// figure's view.
FigureScene layOutFigure(const Figure& figure);

} // namespace Limber
