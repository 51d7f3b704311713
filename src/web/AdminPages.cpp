#include "AdminPages.h"

#include "AdminUsersView.h"
#include "ApiEndpoints.h"
#include "FormErrors.h"
#include "PortalPages.h"
#include "domain/DateStyle.h"
#include "reports/AuditCsv.h"
#include "services/PluginOverview.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <ctime>

namespace Limber {

namespace {

const FieldLabels NEW_USER_LABELS{
    {"name", "Name"}, {"email", "Email"}, {"role", "Role"}, {"password", "First password"}};

/// The audit page's period: from and to (ISO dates) from the query, by default the last 7 days.
std::pair<Date, Date> periodOf(const Fields& query, Date today) {
    Date to = dateParam(query, "to").value_or(today);
    Date from = dateParam(query, "from").value_or(to.plusDays(-6));
    if (from.daysUntil(to) > 366)
        throw ValidationException("from", "the period can be at most a year");
    return {from, to};
}

} // namespace

PageData AdminPages::pageData(const WebRequest& request, const std::string& title) const {
    PageData data;
    data.set("title", title);
    data.set("signedIn", true);
    data.set("isAdmin", true);
    data.set("userName", request.signedIn->user.name);
    data.set("csrf", request.signedIn->session.csrfToken);
    setNavigation(data, request.path);
    if (request.method == "POST")
        data.set("afterPost", request.path);
    if (auto clinic = _context.accounts.clinic(request.signedIn->user.clinicId))
        data.set("clinicName", clinic->name);
    return data;
}

WebResponse AdminPages::usersPage(WebRequest& request, const std::vector<FieldError>& errors,
                                  int status, const Fields* kept, const ResetLinkGrant* resetLink) {
    Actor actor = request.actor();
    // Times on the clinic's wall clock, as everywhere: "6 Dec 2026, 14:03 CET".
    auto instantText = [this](std::int64_t at) { return timeText(at, _context.clock.timeZone()); };
    PageData rows = adminUserRows(_context.accounts.users(actor),
                                  _context.accounts.lastSignIns(actor), actor.userId, instantText);
    PageData data = pageData(request, "Users");
    data.set("users", rows);
    setFormErrors(data, errors, NEW_USER_LABELS);
    // The new-user form shows what was typed after an error or a sign-in (the password never).
    const Fields* typed = kept ? kept : errors.empty() ? nullptr : &request.form;
    data.set("restored", kept != nullptr);
    data.set("name", typed ? typed->get("name") : "");
    data.set("email", typed ? typed->get("email") : "");
    data.set("roleAdmin", typed && typed->get("role") == "admin");
    data.set("saved", request.query.has("saved"));
    if (resetLink) {
        addResetLink(data, *resetLink, _context.links.publicUrl(), instantText);
        // Reloading the page shows the list, not the link again (which has no GET address).
        data.set("afterPost", "/admin/users");
    }
    return WebResponse::html(_context.pages.page("admin_users", data), status);
}

WebResponse AdminPages::users(WebRequest& request) {
    std::optional<Fields> kept = takeKeptForm(_context, request, "/admin/users");
    if (!kept)
        return usersPage(request, {}, 200);
    WebResponse response = usersPage(request, {}, 200, &*kept);
    forgetKeptForm(response);
    return response;
}

WebResponse AdminPages::addUser(WebRequest& request) {
    std::string role = request.form.get("role", "therapist");
    try {
        if (role != "therapist" && role != "admin")
            throw ValidationException("role", "must be therapist or admin");
        _context.accounts.addUser(
            request.actor(), request.form.get("email"), request.form.get("name"),
            role == "admin" ? Role::Admin : Role::Therapist, request.form.get("password"));
    } catch (const ValidationException& invalid) {
        return usersPage(request, invalid.errors(), 400);
    } catch (const Poco::ExistsException& exists) {
        return usersPage(request, {{"email", exists.message()}}, 409);
    }
    return WebResponse::redirect("/admin/users?saved=1");
}

WebResponse AdminPages::disableUser(WebRequest& request) {
    _context.accounts.setDisabled(request.actor(), request.idParam("id"), true);
    return WebResponse::redirect("/admin/users?saved=1");
}

WebResponse AdminPages::enableUser(WebRequest& request) {
    _context.accounts.setDisabled(request.actor(), request.idParam("id"), false);
    return WebResponse::redirect("/admin/users?saved=1");
}

WebResponse AdminPages::resetLink(WebRequest& request) {
    ResetLinkGrant grant =
        _context.accounts.createResetLink(request.actor(), request.idParam("id"));
    // The link is shown on this one response only (no redirect: its token is never stored).
    return usersPage(request, {}, 201, nullptr, &grant);
}

WebResponse AdminPages::keysPage(WebRequest& request, const std::string& newSecret, int status) {
    PageData rows{PageData::type::list};
    for (const auto& key : _context.accounts.apiKeys(request.actor())) {
        PageData row;
        row.set("id", text(key.id));
        row.set("name", key.name);
        row.set("created", timeText(key.createdAt, _context.clock.timeZone(), "en", true));
        row.set("revoked", key.revokedAt.has_value());
        row.set("revokedAt", key.revokedAt
                                 ? timeText(*key.revokedAt, _context.clock.timeZone(), "en", true)
                                 : "");
        rows.push_back(row);
    }
    PageData data = pageData(request, "API keys");
    data.set("keys", rows);
    data.set("hasKeys", !rows.is_empty_list());
    data.set("hasSecret", !newSecret.empty());
    data.set("secret", newSecret);
    return WebResponse::html(_context.pages.page("admin_keys", data), status);
}

WebResponse AdminPages::apiKeys(WebRequest& request) {
    return keysPage(request, {}, 200);
}

WebResponse AdminPages::createApiKey(WebRequest& request) {
    ApiKeyGrant grant = _context.accounts.createApiKey(request.actor(), request.form.get("name"));
    // The secret is shown on this one response only (no redirect: it is never stored).
    return keysPage(request, grant.secret, 201);
}

WebResponse AdminPages::revokeApiKey(WebRequest& request) {
    _context.accounts.revokeApiKey(request.actor(), request.idParam("id"));
    return WebResponse::redirect("/admin/api-keys");
}

WebResponse AdminPages::audit(WebRequest& request) {
    auto [from, to] = periodOf(request.query, _context.clock.today());
    PageData rows{PageData::type::list};
    for (const auto& event : _context.audit.list(request.actor(), from, to)) {
        PageData row;
        row.set("id", text(event.id));
        row.set("at", timeText(event.at, _context.clock.timeZone(), "en", true));
        row.set("actor", event.actor);
        row.set("patient", event.patientId ? text(*event.patientId) : "");
        row.set("hasPatient", event.patientId.has_value());
        row.set("action", event.action);
        row.set("detail", event.detail);
        row.set("address", event.address);
        rows.push_back(row);
    }
    PageData data = pageData(request, "Audit trail");
    data.set("from", from.toString());
    data.set("to", to.toString());
    data.set("timeZone", _context.clock.timeZone().name());
    data.set("events", rows);
    data.set("empty", rows.is_empty_list());
    return WebResponse::html(_context.pages.page("admin_audit", data));
}

WebResponse AdminPages::auditCsv(WebRequest& request) {
    auto [from, to] = periodOf(request.query, _context.clock.today());
    WebResponse response;
    response.contentType = "text/csv; charset=utf-8";
    response.body = auditEventsCsv(_context.audit.list(request.actor(), from, to, true));
    response.headers.emplace_back(
        "Content-Disposition",
        contentDisposition("attachment",
                           "audit-" + from.toString() + "-to-" + to.toString() + ".csv"));
    return response;
}

// --- flag rules --------------------------------------------------------------------------

WebResponse AdminPages::flagRulesPage(WebRequest& request, const FlagRules& rules,
                                      const Fields* typed, const std::vector<FieldError>& errors,
                                      int status, bool restored) {
    PageData data = pageData(request, "Flag rules");
    data.set("restored", restored);
    auto value = [&](const std::string& name, int stored) {
        return typed ? typed->get(name) : std::to_string(stored);
    };
    data.set("thresholdPercent", value("thresholdPercent", rules.thresholdPercent));
    data.set("windowDays", value("windowDays", rules.windowDays));
    data.set("quietDays", value("quietDays", rules.quietDays));
    data.set("painHigh", value("painHigh", rules.painHigh));
    data.set("painRise", value("painRise", rules.painRise));
    static const FieldLabels LABELS = {{"thresholdPercent", "Adherence below (%)"},
                                       {"windowDays", "over the last (days)"},
                                       {"quietDays", "No session for (days)"},
                                       {"painHigh", "Pain at or above"},
                                       {"painRise", "Pain up by"}};
    setFormErrors(data, errors, LABELS);
    data.set("saved", request.query.has("saved"));
    return WebResponse::html(_context.pages.page("admin_flags", data), status);
}

WebResponse AdminPages::flagRules(WebRequest& request) {
    FlagRules rules = _context.reports.flagRules(request.actor());
    std::optional<Fields> kept = takeKeptForm(_context, request, "/admin/flags");
    if (!kept)
        return flagRulesPage(request, rules, nullptr, {}, 200);
    WebResponse response = flagRulesPage(request, rules, &*kept, {}, 200, true);
    forgetKeptForm(response);
    return response;
}

WebResponse AdminPages::saveFlagRules(WebRequest& request) {
    FlagRules rules;
    FieldErrors errors;
    auto number = [&](const char* name, int& target) {
        std::string typed = Poco::trim(request.form.get(name));
        if (!Poco::NumberParser::tryParse(typed, target))
            errors.add(name, "must be a whole number");
    };
    number("thresholdPercent", rules.thresholdPercent);
    number("windowDays", rules.windowDays);
    number("quietDays", rules.quietDays);
    number("painHigh", rules.painHigh);
    number("painRise", rules.painRise);
    try {
        errors.throwIfAny();
        _context.reports.setFlagRules(request.actor(), rules);
    } catch (const ValidationException& invalid) {
        return flagRulesPage(request, rules, &request.form, invalid.errors(), 400);
    }
    return WebResponse::redirect("/admin/flags?saved=1");
}

WebResponse AdminPages::plugins(WebRequest& request) {
    PageData data = pageData(request, "Plugins");
    std::vector<PluginFacts> facts;
    if (_context.plugins)
        facts = pluginFacts(*_context.plugins, _context.store);
    if (_context.fhir.pushEnabled())
        facts.push_back(fhirPushFacts(_context.fhir.serverUrl, !_context.fhir.serverToken.empty(),
                                      _context.store));
    PageData list{PageData::type::list};
    for (const PluginFacts& plugin : facts) {
        PageData row;
        row.set("id", plugin.id);
        row.set("name", plugin.name);
        row.set("version", plugin.version);
        std::string capabilities;
        for (const auto& capability : plugin.capabilities)
            capabilities += (capabilities.empty() ? "" : ", ") + capability;
        row.set("capabilities", capabilities);
        PageData settings{PageData::type::list};
        for (const auto& [key, value] : plugin.settings) {
            PageData setting;
            setting.set("key", key);
            setting.set("value", value);
            settings.push_back(setting);
        }
        row.set("settings", settings);
        row.set("hasSettings", !plugin.settings.empty());
        row.set("hasOutbox", plugin.outbox.has_value());
        if (plugin.outbox) {
            row.set("pending", std::to_string(plugin.outbox->pending));
            row.set("delivered", std::to_string(plugin.outbox->delivered));
            row.set("dead", std::to_string(plugin.outbox->dead));
            row.set("lastError", plugin.outbox->lastError);
            row.set("hasLastError", !plugin.outbox->lastError.empty());
        }
        list.push_back(row);
    }
    data.set("noPlugins", list.is_empty_list());
    data.set("plugins", list);
    return WebResponse::html(_context.pages.page("admin_plugins", data));
}

} // namespace Limber
