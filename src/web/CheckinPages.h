#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// The patient's check-in page behind a personal link (/p/<token>), in the patient's language.
class CheckinPages {
public:
    explicit CheckinPages(WebContext& context) : _context(context) {}

    WebResponse show(WebRequest& request);
    WebResponse submit(WebRequest& request);

private:
    WebResponse render(const CheckinView& view, const Fields* submitted,
                       const std::vector<FieldError>& errors, bool saved, int status);
    WebResponse notFound();

    WebContext& _context;
};

} // namespace Limber
