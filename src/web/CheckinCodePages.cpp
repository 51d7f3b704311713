#include "CheckinCodePages.h"

#include "ApiEndpoints.h"
#include "BrowserLanguage.h"

#include <Poco/String.h>

#include <algorithm>

namespace Limber {

namespace {

struct CodeText {
    const char* heading;
    const char* intro;
    const char* label;
    const char* open;
    const char* wrong;
    const char* help;
};

const CodeText ENGLISH{"Open your check-in page",
                       "Type the code printed beside the square code on your exercise handout.",
                       "Your code",
                       "Open my page",
                       "That code does not open a check-in page. Check it against your handout, "
                       "or ask your clinic for a new one.",
                       "Capital or small letters, spaces and dashes do not matter."};

const CodeText SPANISH{"Abra su página de registro",
                       "Escriba el código impreso junto al código cuadrado de su hoja de "
                       "ejercicios.",
                       "Su código",
                       "Abrir mi página",
                       "Ese código no abre ninguna página de registro. Compárelo con su hoja o "
                       "pida uno nuevo a su clínica.",
                       "No importan las mayúsculas, los espacios ni los guiones."};

/// The browser's language: the patient's own is not known yet.
const CodeText& textFor(const WebRequest& request, std::string& language) {
    language = browserLanguage(request);
    return language == "es" ? SPANISH : ENGLISH;
}

} // namespace

WebResponse CheckinCodePages::render(WebRequest& request, const std::string& code, bool wrong,
                                     int status) {
    std::string language;
    const CodeText& t = textFor(request, language);
    PageData text;
    text.set("heading", t.heading);
    text.set("intro", t.intro);
    text.set("label", t.label);
    text.set("open", t.open);
    text.set("wrong", t.wrong);
    text.set("help", t.help);
    PageData data;
    data.set("t", text);
    data.set("title", t.heading);
    data.set("lang", language);
    data.set("patientPage", true);
    data.set("code", code);
    data.set("wrong", wrong);
    return WebResponse::html(_context.pages.page("checkin_code", data), status);
}

WebResponse CheckinCodePages::form(WebRequest& request) {
    return render(request, "", false, 200);
}

WebResponse CheckinCodePages::submit(WebRequest& request) {
    std::string code = Poco::trim(request.form.get("code"));
    if (code.size() > 40)
        code.resize(40);
    std::optional<std::string> token = _context.checkins.enterByCode(code, request.remoteAddress);
    if (!token)
        return render(request, code, true, 404);
    // The same cookie as a scanned link: 30 days (CheckinPages::enter).
    WebResponse response = WebResponse::redirect("/p");
    response.cookies.push_back({LINK_COOKIE, *token, 30 * 24 * 60 * 60});
    return response;
}

} // namespace Limber
