#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// The portal's catalog: browsing and searching the clinic's catalog, an exercise's page in
/// English or Spanish with its revisions, and (for clinic admins, Access::Admin in the route
/// table; the service checks the role again) adding, copying and editing the clinic's own
/// exercises.
class CatalogPages {
public:
    explicit CatalogPages(WebContext& context) : _context(context) {}

    WebResponse browse(WebRequest& request);
    WebResponse exercise(WebRequest& request);
    WebResponse newExercise(WebRequest& request);
    WebResponse createExercise(WebRequest& request);
    WebResponse editExercise(WebRequest& request);
    WebResponse saveExercise(WebRequest& request);

private:
    PageData pageData(const WebRequest& request, const std::string& title) const;
    WebResponse formPage(WebRequest& request, const Catalog& catalog, const Exercise& exercise,
                         bool editing, int basedOn, const Fields* submitted,
                         const std::vector<FieldError>& errors, int status, bool restored = false);

    WebContext& _context;
};

} // namespace Limber
