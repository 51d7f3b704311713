#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// The catalog part of the JSON API under /api/v1: searching the clinic's catalog, its terms
/// and templates, and a clinic admin's own exercises with their revisions.
class CatalogEndpoints {
public:
    explicit CatalogEndpoints(WebContext& context) : _context(context) {}

    WebResponse listExercises(WebRequest& request);
    WebResponse getExercise(WebRequest& request);
    WebResponse exerciseRevisions(WebRequest& request);
    WebResponse createExercise(WebRequest& request);
    WebResponse reviseExercise(WebRequest& request);
    WebResponse terms(WebRequest& request);
    WebResponse listTemplates(WebRequest& request);
    WebResponse getTemplate(WebRequest& request);

private:
    WebContext& _context;
};

/// Reads an exercise written as a pack's exercise entry (the shape of
/// GET /api/v1/exercises/{id}?format=entry) with the pack loader's rules against the clinic's
/// catalog, so every problem is listed at once. Throws ValidationException naming each bad
/// field.
Exercise readExerciseEntry(const std::string& json, const Catalog& clinic);

} // namespace Limber
