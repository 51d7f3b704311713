#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// Typing in the printed log sheet: one form per program week, as on the paper (a box per
/// day, the week's pain 0-10, a note). Sessions made here are marked as from paper; days
/// the patient logged through the link are shown and kept.
class PaperLogPages {
public:
    explicit PaperLogPages(WebContext& context) : _context(context) {}

    /// GET /patients/{id}/paper-log?week=YYYY-MM-DD
    WebResponse form(WebRequest& request);
    /// POST /patients/{id}/paper-log
    WebResponse save(WebRequest& request);
    /// POST /api/v1/patients/{id}/paper-log
    WebResponse saveJson(WebRequest& request);

private:
    WebResponse render(WebRequest& request, const Patient& patient, const Program& program,
                       Date weekStart, const Fields* submitted,
                       const std::vector<FieldError>& errors, int status, bool restored = false);

    WebContext& _context;
};

} // namespace Limber
