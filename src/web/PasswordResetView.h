#pragma once

#include "FormErrors.h"
#include "PageRenderer.h"

#include <string>
#include <vector>

namespace Limber {

/// What the page of a password reset link (/reset/{token}) shows.
enum class ResetPageState {
    Form,            ///< the link works: the form for the new password
    LinkDoesNotWork, ///< unknown, used, replaced, expired, or its user is disabled
    Done,            ///< the new password is set
};

/// Fills data (a portal page's, not signed in) for the reset page: state flags (form,
/// linkDoesNotWork, done), userName (whose link it is, for the form) and the form's errors
/// with their labels. The token itself is never put in the page: the form posts to the
/// page's own address.
void setPasswordResetPage(PageData& data, ResetPageState state, const std::string& userName,
                          const std::vector<FieldError>& errors);

} // namespace Limber
