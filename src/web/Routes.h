#pragma once

#include "AdminPages.h"
#include "ApiEndpoints.h"
#include "CatalogEndpoints.h"
#include "CatalogPages.h"
#include "CdsHooksEndpoints.h"
#include "CheckinCodePages.h"
#include "CheckinPages.h"
#include "FhirEndpoints.h"
#include "FigureImages.h"
#include "MetricsEndpoint.h"
#include "PaperLogPages.h"
#include "PasswordResetPages.h"
#include "PortalPages.h"
#include "ReportPages.h"
#include "Router.h"

namespace Limber {

/// The handlers of every route, built over one WebContext.
struct WebHandlers {
    explicit WebHandlers(WebContext& context)
        : api(context), portal(context), checkin(context), admin(context), checkinCode(context),
          figures(context), catalogApi(context), catalogPages(context), reports(context),
          paperLog(context), metrics(context), fhir(context), cdsHooks(context, context.fhir),
          passwordReset(context) {}
    ApiEndpoints api;
    PortalPages portal;
    CheckinPages checkin;
    AdminPages admin;
    CheckinCodePages checkinCode;
    FigureImages figures;
    CatalogEndpoints catalogApi;
    CatalogPages catalogPages;
    ReportPages reports;
    PaperLogPages paperLog;
    MetricsEndpoint metrics;
    FhirEndpoints fhir;
    CdsHooksEndpoints cdsHooks;
    PasswordResetPages passwordReset;
};

/// The route table: every URL Limber answers, in one place, each with who may call it
/// (see Access). tests/web/AccessMatrixTest.cpp calls every route here as every kind of caller.
Router buildRoutes(WebHandlers& handlers);

} // namespace Limber
