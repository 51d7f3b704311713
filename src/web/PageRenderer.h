#pragma once

#include <kainjow/mustache.hpp>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

using PageData = kainjow::mustache::data;

/// Data several views share (a language's words, say), built once and kept for as long as the
/// renderer: handed to page() beside a view's own data instead of being copied into it.
/// Looked up after the view's data, in the order given.
using SharedData = std::initializer_list<const PageData*>;

/// The portal's Mustache pages (templates/*.mustache, compiled in). Every template is parsed
/// once at start-up; a template that does not parse stops start-up. Thread-safe: kainjow's
/// render() is not const, so each thread renders its own copy of a parsed template, made on
/// the thread's first use of it and kept (copying the component tree per render was a large
/// share of a page's allocations).
///
/// The layout is parsed a second time as two halves, split at its one `{{{body}}}` (which must
/// stand outside any section, or start-up stops): a page is the first half, the page's own
/// template and the second half rendered one after the other into one string, so the body is
/// never copied into the layout's data. The bytes are those of one pass over the whole layout.
/// A template kept a second time, under another name, with a page's fixed words put in (see
/// PageRenderer's constructor).
struct FilledInTemplate {
    std::string from;      ///< the template's name, e.g. "checkin"
    std::string as;        ///< the name the filled-in copy is kept under, e.g. "checkin@es"
    const PageData* words; ///< an object of objects of words, e.g. {"t": {"hello": "Hola"}}
};

class PageRenderer {
public:
    /// Parses every template. Each of filledIn is parsed once more with its words put in:
    /// every `{{a.b}}`, `{{{a.b}}}` and `{{&a.b}}` whose a.b is a string of words becomes that
    /// text (escaped as Mustache escapes it, or as it is), so that a view renders the words
    /// with no look-up (each look-up of a dotted name splits it and walks the context). A tag
    /// whose name the words do not hold stays a tag. The bytes rendered are those of the
    /// template rendered with the words in its context, provided no data of a section the tag
    /// stands in has a key of the words' first name.
    /// Throws Poco::DataFormatException naming the template and the parser's message, or
    /// naming a word that holds a Mustache tag.
    explicit PageRenderer(const std::vector<FilledInTemplate>& filledIn = {});

    /// Renders page (e.g. "patients") with data, inside layout.mustache. data must hold "title".
    /// shared is looked up after data, by the page and the layout alike.
    std::string page(const std::string& name, const PageData& data, SharedData shared = {}) const;

    /// Renders page inside document.mustache instead: a whole HTML file that needs no server
    /// (the stylesheet inlined), for reports saved from the command line. data must hold
    /// "title".
    std::string standalone(const std::string& name, const PageData& data) const;

    /// Renders the template name with data alone (no layout): a piece of a page.
    std::string fragment(const std::string& name, const PageData& data) const {
        return renderOne(name, data);
    }

    /// A static file (templates/static/...) by name, or empty when there is none.
    static std::string_view staticFile(const std::string& name);

private:
    /// Renders name with data and, when given, extra (looked up first).
    std::string renderOne(const std::string& name, const PageData& data,
                          const PageData* extra = nullptr) const;
    /// Appends name rendered in context to out.
    void renderInto(std::string& out, const std::string& name,
                    kainjow::mustache::context<std::string>& context) const;
    /// This thread's copy of the parsed template name.
    kainjow::mustache::mustache& threadCopy(const std::string& name) const;
    /// Forgets this thread's copy of name (after a render error, which it keeps).
    void dropThreadCopy(const std::string& name) const;

    std::map<std::string, kainjow::mustache::mustache> _templates;
    std::uint64_t _serial; ///< tells renderers apart in the per-thread copies
};

/// Mustache has no numbers (an int would render as a boolean): numbers go in as text.
inline std::string text(long long value) {
    return std::to_string(value);
}

/// Marks the main navigation's link for path: "navPatients", "navNewPatient" or "navAdmin" is
/// set to "page" on the link's own page and to "true" elsewhere in its section (for
/// aria-current); the others are set to false.
void setNavigation(PageData& data, const std::string& path);

/// text for a section that shows only when there is text: Mustache opens a section for any
/// string, the empty one too, so an empty value goes in as false.
inline PageData optionalText(const std::string& value) {
    return value.empty() ? PageData(false) : PageData(value);
}

/// Adds a page's own script (templates/static/<file>) to data, loaded after limber.js.
void addScript(PageData& data, const std::string& file);

/// A ratio 0..1 as a whole percentage ("83%"); "–" when empty.
std::string percentText(const std::optional<double>& ratio);

} // namespace Limber
