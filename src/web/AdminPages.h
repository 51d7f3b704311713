#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// The clinic admin's pages: users, API keys, and the audit trail with its CSV export. The
/// route table gives them Access::Admin; the services check the role again.
class AdminPages {
public:
    explicit AdminPages(WebContext& context) : _context(context) {}

    WebResponse users(WebRequest& request);
    WebResponse addUser(WebRequest& request);
    WebResponse disableUser(WebRequest& request);
    WebResponse enableUser(WebRequest& request);
    /// POST /admin/users/{id}/reset-link: a one-time password reset link, shown once.
    WebResponse resetLink(WebRequest& request);
    WebResponse apiKeys(WebRequest& request);
    WebResponse createApiKey(WebRequest& request);
    WebResponse revokeApiKey(WebRequest& request);
    WebResponse audit(WebRequest& request);
    WebResponse auditCsv(WebRequest& request);
    /// GET and POST /admin/flags: the clinic's flag rules.
    WebResponse flagRules(WebRequest& request);
    WebResponse saveFlagRules(WebRequest& request);
    /// GET /admin/plugins: the loaded plugins, their settings (secrets hidden) and outbox.
    WebResponse plugins(WebRequest& request);

private:
    PageData pageData(const WebRequest& request, const std::string& title) const;
    /// kept: a new-user form kept across a sign-in (KeptForms), shown instead of an empty one.
    /// resetLink: a password reset link just made, shown on this response only.
    WebResponse usersPage(WebRequest& request, const std::vector<FieldError>& errors, int status,
                          const Fields* kept = nullptr, const ResetLinkGrant* resetLink = nullptr);
    WebResponse keysPage(WebRequest& request, const std::string& newSecret, int status);
    WebResponse flagRulesPage(WebRequest& request, const FlagRules& rules, const Fields* typed,
                              const std::vector<FieldError>& errors, int status,
                              bool restored = false);

    WebContext& _context;
};

} // namespace Limber
