#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// The page of a password reset link an admin made (AccountService::createResetLink), for a
/// user who is not signed in: GET /reset/{token} shows the form for a new password, POST sets
/// it (AccountService::resetPassword). A link that does not work answers 404 with the same
/// page whatever the reason, so the page tells nothing about other links.
class PasswordResetPages {
public:
    explicit PasswordResetPages(WebContext& context) : _context(context) {}

    WebResponse form(WebRequest& request);
    WebResponse reset(WebRequest& request);

private:
    WebContext& _context;
};

} // namespace Limber
