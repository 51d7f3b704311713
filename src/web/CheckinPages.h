#pragma once

#include "CheckinExerciseRows.h"
#include "KeptPages.h"
#include "WebContext.h"
#include "WebRequest.h"
#include "services/Secrets.h"

namespace Limber {

/// The patient's check-in page behind a personal link, in the patient's language.
///
/// The printed link /p/<token> only swaps the token for a cookie and redirects to /p, so the
/// secret leaves the address bar, the history and any screenshot; /p shows the page (first
/// name and the program, nothing more) and takes the form. Unknown, expired and revoked links
/// all answer the same 404 page.
///
/// /p?date=YYYY-MM-DD&slot=N picks the day (today or a past day of the program; the last
/// seven are one tap away) and, for a program done several times a day, the session. Each form
/// carries a fresh submission id, so a double tap or a resent form records once; saving the
/// same day and session again replaces it.
class CheckinPages {
public:
    explicit CheckinPages(WebContext& context) : _context(context) {}

    /// GET /p/{token}: sets the link cookie and redirects to /p. Changes no data.
    WebResponse enter(WebRequest& request);
    /// GET /p
    WebResponse show(WebRequest& request);
    /// POST /p
    WebResponse submit(WebRequest& request);

    /// The page every link that does not work gets (404), clearing the link cookie: the same
    /// for unknown, expired and revoked links, in the browser's language.
    static WebResponse notFoundResponse(const WebContext& context, const WebRequest& request);

    /// The check-in page's template with its words put in, one per language, for the
    /// PageRenderer the pages render with (a view then looks up none of its 40 words).
    static std::vector<FilledInTemplate> filledInTemplates();

private:
    /// The page for view, its form carrying submission as its submission id.
    WebResponse render(const CheckinView& view, const std::string& token, int slot,
                       const Fields* submitted, const std::vector<FieldError>& errors, bool saved,
                       int status, const std::string& submission);

    WebContext& _context;
    /// The exercise rows of programs that name only the packs' exercises, by version.
    ExerciseRowsCache _rows;
    /// Pages of views without errors, kept by everything they show (see show()); each view
    /// fills in its own submission id where a page rendered with _submissionHole has it.
    KeptPages _pages{PAGES_KEPT};
    const std::string _submissionHole = randomToken(16);
    /// One page is about 20 KB.
    static constexpr std::size_t PAGES_KEPT = 64;
};

} // namespace Limber
