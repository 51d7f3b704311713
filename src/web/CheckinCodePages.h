#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// The page where a patient who cannot scan the handout's QR code types the short code printed
/// beside it. A code that works does what the scanned link does (sets the link cookie and
/// redirects to /p); wrong codes count as wrong links against the address (429 after ten).
class CheckinCodePages {
public:
    explicit CheckinCodePages(WebContext& context) : _context(context) {}

    /// GET /p/code
    WebResponse form(WebRequest& request);
    /// POST /p/code
    WebResponse submit(WebRequest& request);

private:
    WebResponse render(WebRequest& request, const std::string& code, bool wrong, int status);

    WebContext& _context;
};

} // namespace Limber
