#pragma once

#include "ApiEndpoints.h"
#include "CheckinPages.h"
#include "PortalPages.h"
#include "Router.h"

namespace Limber {

/// The handlers of every route, built over one WebContext.
struct WebHandlers {
    explicit WebHandlers(WebContext& context) : api(context), portal(context), checkin(context) {}
    ApiEndpoints api;
    PortalPages portal;
    CheckinPages checkin;
};

/// The route table: every URL Limber answers, in one place.
Router buildRoutes(WebHandlers& handlers);

} // namespace Limber
