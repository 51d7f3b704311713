#pragma once

#include "FontLibrary.h"
#include "HandoutReport.h"
#include "TextLayout.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// The type sizes of a handout, in points.
struct Typography {
    double body;
    double small;
    double table;
    double heading;
    double title;
    double doseBig;
    double doseMid;

    static Typography of(const HandoutOptions& options);
};

/// The page and its margins, in points. The footer sits in the bottom margin.
struct PageGeometry {
    double width;
    double height;
    double marginX;
    double marginTop;
    double marginBottom;

    static PageGeometry of(const HandoutOptions& options);
    double contentWidth() const { return width - 2 * marginX; }
    double contentHeight() const { return height - marginTop - marginBottom; }
};

/// A line of text in a block: x from the content's left edge, baseline down from the block's
/// top. maxWidth is the room the layout gave it (the text is never wider).
struct LaidText {
    double x = 0;
    double baseline = 0;
    std::string text;
    FontFace face = FontFace::Regular;
    double size = 11;
    double gray = 0;      ///< 0 black ... 1 white
    double maxWidth = 0;  ///< the box the line must stay in
    bool centred = false; ///< x is the middle of the line rather than its start
};

/// A rectangle: filled (fill >= 0, a gray level), outlined (stroke >= 0), or both.
struct LaidBox {
    double x = 0;
    double top = 0;
    double width = 0;
    double height = 0;
    double fill = -1;
    double stroke = -1;
    double lineWidth = 0.75;
};

/// A drawing the renderer makes in a rectangle of the block.
struct LaidGraphic {
    enum class Kind { QrCode, Logo, Figure, Badge } kind = Kind::Badge;
    double x = 0;
    double top = 0;
    double width = 0;
    double height = 0;
    std::string figureId; ///< for Figure
    std::string label;    ///< for Badge: the number in the circle
};

/// A piece of the handout that is never split across pages.
struct LaidBlock : FlowBlock {
    std::vector<LaidBox> boxes; ///< drawn first, under the text
    std::vector<LaidText> texts;
    std::vector<LaidGraphic> graphics;
};

/// Width of UTF-8 text in a face and size, in points.
using FaceMeasure = std::function<double(std::string_view utf8, FontFace face, double size)>;

/// What the layout needs to know besides the handout.
struct LayoutContext {
    PageGeometry page;
    Typography type;
    FaceMeasure measure;
    /// The width / height of the box an exercise's drawing fills best (FigureSource::aspect);
    /// 0 or empty: no drawing.
    std::function<double(const std::string& figureId)> figureAspect;
    double logoAspect = 0; ///< logo width / height; 0: no logo
};

/// Lays the handout out as blocks, in order: header with the check-in panel, summary table,
/// the program's note, safety box, one card per exercise, the good habits (in an earlier gap,
/// on the first page or after a card, when that saves a page), then the log sheet (starting
/// a page). Pure: no PDF is
/// involved, so tests can check every line stays in its box.
std::vector<LaidBlock> layoutHandout(const Handout& handout, const LayoutContext& context);

} // namespace Limber
