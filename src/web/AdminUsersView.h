#pragma once

#include "PageRenderer.h"
#include "domain/Clinic.h"
#include "services/AccountService.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace Limber {

/// The rows of the admin's users page, one per user in the given order: id, name, email, role
/// ("admin" or "therapist"), disabled, self (the admin looking), and lastSignIn, the instant
/// of their newest sign-in written by instantText, or "never".
PageData adminUserRows(const std::vector<User>& users,
                       const std::map<std::int64_t, std::int64_t>& lastSignIns, std::int64_t selfId,
                       const std::function<std::string(std::int64_t)>& instantText);

/// The password reset link just made, shown once on the users page: hasResetLink,
/// resetLinkName (whose), resetLinkUrl (publicUrl/reset/token) and resetLinkExpires (by
/// instantText).
void addResetLink(PageData& data, const ResetLinkGrant& grant, const std::string& publicUrl,
                  const std::function<std::string(std::int64_t)>& instantText);

} // namespace Limber
