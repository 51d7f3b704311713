#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// The exercise drawings for the web, as SVG: the same drawing the handout prints.
class FigureImages {
public:
    explicit FigureImages(WebContext& context) : _context(context) {}

    /// GET /figures/{figureId}.svg[?lang=es]: the figure, named for screen readers after the
    /// exercise drawn with it (in lang, English by default). Public and cacheable like a
    /// static file; an unknown id answers 404.
    WebResponse svg(WebRequest& request);

private:
    WebContext& _context;
};

} // namespace Limber
