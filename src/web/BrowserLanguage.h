#pragma once

#include "WebRequest.h"

#include <string>

namespace Limber {

/// The language of Limber's patient pages ("en" or "es") a browser prefers, from its
/// Accept-Language header: the one of the two with the higher weight ("es-MX,es;q=0.9,en;q=0.8"
/// gives "es"), English when it names neither. For pages where the patient is not known yet.
std::string browserLanguage(const WebRequest& request);

} // namespace Limber
