#include "PageRenderer.h"

#include "Templates.h"

#include <Poco/Exception.h>

#include <cmath>

namespace Limber {

PageRenderer::PageRenderer() {
    for (std::string_view path : Templates::names()) {
        if (path.size() < 9 || path.substr(path.size() - 9) != ".mustache")
            continue;
        std::string name(path.substr(0, path.size() - 9));
        kainjow::mustache::mustache parsed{std::string(Templates::find(path))};
        if (!parsed.is_valid())
            throw Poco::DataFormatException("template " + std::string(path) + ": " +
                                            parsed.error_message());
        _templates.emplace(name, std::move(parsed));
    }
    if (!_templates.count("layout"))
        throw Poco::DataFormatException("template layout.mustache is missing");
}

std::string PageRenderer::renderOne(const std::string& name, const PageData& data) const {
    auto found = _templates.find(name);
    if (found == _templates.end())
        throw Poco::NotFoundException("template " + name + ".mustache");
    kainjow::mustache::mustache copy = found->second;
    std::string html = copy.render(data);
    if (!copy.error_message().empty())
        throw Poco::DataFormatException("template " + name + ": " + copy.error_message());
    return html;
}

std::string PageRenderer::page(const std::string& name, const PageData& data) const {
    PageData layout = data;
    layout.set("body", renderOne(name, data));
    return renderOne("layout", layout);
}

std::string PageRenderer::standalone(const std::string& name, const PageData& data) const {
    PageData document = data;
    document.set("body", renderOne(name, data));
    document.set("styles", std::string(staticFile("limber.css")));
    return renderOne("document", document);
}

std::string_view PageRenderer::staticFile(const std::string& name) {
    return Templates::find("static/" + name);
}

void setNavigation(PageData& data, const std::string& path) {
    auto within = [&path](const std::string& section) {
        return path == section || path.rfind(section + "/", 0) == 0;
    };
    std::string patients, newPatient, admin, catalog;
    if (path == "/catalog")
        catalog = "page";
    else if (within("/catalog") || within("/admin/exercises"))
        catalog = "true";
    else if (path == "/patients/new")
        newPatient = "page";
    else if (path == "/patients")
        patients = "page";
    else if (within("/patients"))
        patients = "true";
    else if (path == "/admin/users")
        admin = "page";
    else if (within("/admin"))
        admin = "true";
    // A link not concerned gets false: an empty string would still open its section.
    auto value = [](const std::string& current) {
        return current.empty() ? PageData(false) : PageData(current);
    };
    data.set("navPatients", value(patients));
    data.set("navNewPatient", value(newPatient));
    data.set("navAdmin", value(admin));
    data.set("navCatalog", value(catalog));
}

void addScript(PageData& data, const std::string& file) {
    const PageData* existing = data.get("scripts");
    PageData list =
        existing && existing->is_list() ? PageData(*existing) : PageData(PageData::type::list);
    list.push_back(PageData{"file", file});
    data.set("scripts", list);
}

std::string percentText(const std::optional<double>& ratio) {
    if (!ratio)
        return "\u2013";
    return std::to_string(static_cast<int>(std::lround(*ratio * 100))) + "%";
}

} // namespace Limber
