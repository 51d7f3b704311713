#include "PageRenderer.h"

#include "Templates.h"
#include "domain/Adherence.h"

#include <Poco/Exception.h>

#include <atomic>
#include <cmath>
#include <iterator>

namespace Limber {

namespace {

using ThreadCopies = std::map<std::pair<std::uint64_t, std::string>, kainjow::mustache::mustache>;

/// The templates this thread rendered, per renderer and name.
ThreadCopies& threadCopies() {
    thread_local ThreadCopies copies;
    return copies;
}

/// The layout's halves, parsed as templates of their own under these names (no file name holds
/// a '#').
const std::string LAYOUT_HEAD = "layout#head";
const std::string LAYOUT_TAIL = "layout#tail";
const std::string BODY_TAG = "{{{body}}}";

/// What kainjow renders into: appends each piece to one string (its own render() goes through
/// an ostringstream and copies the result out).
struct Appender {
    std::string& out;
};

Appender& operator<<(Appender& appender, const std::string& piece) {
    appender.out += piece;
    return appender;
}

std::uint64_t nextSerial() {
    static std::atomic<std::uint64_t> serial{0};
    return ++serial;
}

/// The string words holds under a dotted name "a.b" (one dot), or nullptr.
const PageData* wordOf(const PageData& words, std::string_view name) {
    auto dot = name.find('.');
    if (dot == std::string_view::npos || name.find('.', dot + 1) != std::string_view::npos)
        return nullptr;
    const PageData* group = words.get(std::string(name.substr(0, dot)));
    if (!group || !group->is_object())
        return nullptr;
    const PageData* word = group->get(std::string(name.substr(dot + 1)));
    return word && word->is_string() ? word : nullptr;
}

/// text with the variable tags that name one of words replaced by the word (see PageRenderer).
std::string fillInWords(std::string_view text, const PageData& words, const std::string& from) {
    std::string out;
    out.reserve(text.size());
    std::size_t done = 0;
    for (auto at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", done)) {
        const bool triple = text.compare(at, 3, "{{{") == 0;
        const bool ampersand = !triple && text.compare(at, 3, "{{&") == 0;
        const std::size_t nameAt = at + (triple || ampersand ? 3 : 2);
        const std::string_view close = triple ? "}}}" : "}}";
        const auto end = text.find(close, nameAt);
        if (end == std::string_view::npos)
            break; // left to the parser to report
        out.append(text.substr(done, at - done));
        done = end + close.size();
        const PageData* word = wordOf(words, text.substr(nameAt, end - nameAt));
        if (!word) {
            out.append(text.substr(at, done - at));
            continue;
        }
        const std::string& value = word->string_value();
        if (value.find("{{") != std::string::npos || value.find("}}") != std::string::npos)
            throw Poco::DataFormatException("template " + from + ".mustache: the word " +
                                            std::string(text.substr(nameAt, end - nameAt)) +
                                            " holds a Mustache tag");
        out += triple || ampersand ? value : kainjow::mustache::html_escape(value);
    }
    out.append(text.substr(done));
    return out;
}

} // namespace

PageRenderer::PageRenderer(const std::vector<FilledInTemplate>& filledIn) : _serial(nextSerial()) {
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
    std::string_view layout = Templates::find("layout.mustache");
    auto at = layout.find(BODY_TAG);
    if (at == std::string_view::npos || layout.find(BODY_TAG, at + 1) != std::string_view::npos)
        throw Poco::DataFormatException("template layout.mustache must hold " + BODY_TAG + " once");
    for (const auto& [name, text] : {std::pair{LAYOUT_HEAD, layout.substr(0, at)},
                                     std::pair{LAYOUT_TAIL, layout.substr(at + BODY_TAG.size())}}) {
        kainjow::mustache::mustache half{std::string(text)};
        if (!half.is_valid())
            throw Poco::DataFormatException("template layout.mustache: " + BODY_TAG +
                                            " must stand outside any section (" +
                                            half.error_message() + ")");
        _templates.emplace(name, std::move(half));
    }
    for (const FilledInTemplate& variant : filledIn) {
        std::string_view text = Templates::find(variant.from + ".mustache");
        if (text.empty() || !variant.words)
            throw Poco::DataFormatException("template " + variant.from +
                                            ".mustache is missing, or its words");
        kainjow::mustache::mustache parsed{fillInWords(text, *variant.words, variant.from)};
        if (!parsed.is_valid())
            throw Poco::DataFormatException("template " + variant.as + " (" + variant.from +
                                            ".mustache with its words): " + parsed.error_message());
        _templates.insert_or_assign(variant.as, std::move(parsed));
    }
}

kainjow::mustache::mustache& PageRenderer::threadCopy(const std::string& name) const {
    ThreadCopies& copies = threadCopies();
    auto key = std::make_pair(_serial, name);
    auto copy = copies.find(key);
    if (copy != copies.end())
        return copy->second;
    auto found = _templates.find(name);
    if (found == _templates.end())
        throw Poco::NotFoundException("template " + name + ".mustache");
    return copies.emplace(std::move(key), found->second).first->second;
}

void PageRenderer::dropThreadCopy(const std::string& name) const {
    threadCopies().erase(std::make_pair(_serial, name));
}

void PageRenderer::renderInto(std::string& out, const std::string& name,
                              kainjow::mustache::context<std::string>& context) const {
    kainjow::mustache::mustache& parsed = threadCopy(name);
    Appender appender{out};
    parsed.render(context, appender);
    if (!parsed.error_message().empty()) {
        std::string message = parsed.error_message();
        dropThreadCopy(name);
        throw Poco::DataFormatException("template " + name + ": " + message);
    }
}

std::string PageRenderer::renderOne(const std::string& name, const PageData& data,
                                    const PageData* extra) const {
    kainjow::mustache::context<std::string> context(&data);
    if (extra)
        context.push(extra);
    std::string html;
    renderInto(html, name, context);
    return html;
}

std::string PageRenderer::page(const std::string& name, const PageData& data,
                               SharedData shared) const {
    // The context looks up its most recently pushed data first: shared in reverse, then data.
    kainjow::mustache::context<std::string> context;
    for (auto layer = std::rbegin(shared); layer != std::rend(shared); ++layer)
        context.push(*layer);
    context.push(&data);
    std::string html;
    html.reserve(16384);
    renderInto(html, LAYOUT_HEAD, context);
    renderInto(html, name, context);
    renderInto(html, LAYOUT_TAIL, context);
    return html;
}

std::string PageRenderer::standalone(const std::string& name, const PageData& data) const {
    PageData document{"body", renderOne(name, data)};
    document.set("styles", std::string(staticFile("limber.css")));
    return renderOne("document", data, &document);
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
    return percentOf(ratio);
}

} // namespace Limber
