#pragma once

#include "catalog/Catalog.h"
#include "reports/FigureSource.h"
#include "reports/HandoutReport.h"

#include <string>

namespace Limber::Testing {

/// A handout of count exercises from the built-in pack (repeating its exercises with other
/// doses when count is larger than the pack), with notes, both advice items, a six-week
/// program, a check-in link and code: what a clinic prints every day.
Handout sampleHandout(const Catalog& catalog, std::size_t count);

/// A figure source that draws a plain stick figure (head, trunk, arms and legs: a dozen
/// strokes) for every id: the weight of a real figure on the page, for layout tests and the
/// benchmark until the figure library is wired in.
class StickFigures : public FigureSource {
public:
    bool has(const std::string&) const override { return true; }
    void draw(const std::string& figureId, Canvas& canvas) const override;
};

} // namespace Limber::Testing
