#include "FigureImages.h"

#include "catalog/FigureLibrary.h"
#include "reports/FigureDrawing.h"

#include <Poco/Exception.h>

namespace Limber {

WebResponse FigureImages::svg(WebRequest& request) {
    const std::string& id = request.params.at("figureId");
    const Figure* figure = builtInFigureLibrary().find(id);
    if (!figure)
        throw Poco::NotFoundException("figure " + id);
    std::string language = request.query.get("lang", "en");
    if (language != "es")
        language = "en";
    std::string title;
    for (const Exercise* exercise : _context.catalog.exercises())
        if (exercise->figureId == id) {
            title = exercise->textIn(language).name;
            break;
        }
    WebResponse response;
    response.contentType = "image/svg+xml";
    response.body = figureSvg(*figure, title.empty() ? id : title);
    response.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return response;
}

} // namespace Limber
