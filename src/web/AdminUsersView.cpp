#include "AdminUsersView.h"

namespace Limber {

PageData adminUserRows(const std::vector<User>& users,
                       const std::map<std::int64_t, std::int64_t>& lastSignIns, std::int64_t selfId,
                       const std::function<std::string(std::int64_t)>& instantText) {
    PageData rows{PageData::type::list};
    for (const auto& user : users) {
        PageData row;
        row.set("id", text(user.id));
        row.set("name", user.name);
        row.set("email", user.email);
        row.set("role", user.role == Role::Admin ? "admin" : "therapist");
        row.set("disabled", user.disabled);
        row.set("self", user.id == selfId);
        auto last = lastSignIns.find(user.id);
        row.set("lastSignIn", last == lastSignIns.end() ? "never" : instantText(last->second));
        rows.push_back(row);
    }
    return rows;
}

void addResetLink(PageData& data, const ResetLinkGrant& grant, const std::string& publicUrl,
                  const std::function<std::string(std::int64_t)>& instantText) {
    data.set("hasResetLink", true);
    data.set("resetLinkName", grant.user.name);
    data.set("resetLinkUrl", publicUrl + "/reset/" + grant.token);
    data.set("resetLinkExpires", instantText(grant.expiresAt));
}

} // namespace Limber
