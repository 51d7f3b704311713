#include "PasswordResetPages.h"

#include "PasswordResetView.h"
#include "PortalPages.h"

#include <Poco/Exception.h>

namespace Limber {

namespace {

WebResponse resetPage(WebContext& context, const WebRequest& request, ResetPageState state,
                      const std::string& userName, const std::vector<FieldError>& errors,
                      int status) {
    PageData data = portalPageData(context, request, "Set a new password");
    setPasswordResetPage(data, state, userName, errors);
    return WebResponse::html(context.pages.page("password_reset", data), status);
}

std::string tokenOf(const WebRequest& request) {
    auto found = request.params.find("token");
    return found == request.params.end() ? std::string() : found->second;
}

} // namespace

WebResponse PasswordResetPages::form(WebRequest& request) {
    std::optional<User> user = _context.accounts.resetLinkUser(tokenOf(request));
    if (!user)
        return resetPage(_context, request, ResetPageState::LinkDoesNotWork, {}, {}, 404);
    return resetPage(_context, request, ResetPageState::Form, user->name, {}, 200);
}

WebResponse PasswordResetPages::reset(WebRequest& request) {
    const std::string token = tokenOf(request);
    try {
        _context.accounts.resetPassword(token, request.form.get("newPassword"),
                                        request.form.get("repeatedPassword"),
                                        request.remoteAddress);
    } catch (const ValidationException& invalid) {
        std::optional<User> user = _context.accounts.resetLinkUser(token);
        return resetPage(_context, request, ResetPageState::Form, user ? user->name : "",
                         invalid.errors(), 400);
    } catch (const Poco::NotFoundException&) {
        return resetPage(_context, request, ResetPageState::LinkDoesNotWork, {}, {}, 404);
    }
    return resetPage(_context, request, ResetPageState::Done, {}, {}, 200);
}

} // namespace Limber
