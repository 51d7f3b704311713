#pragma once

#include "PageRenderer.h"
#include "services/PatientLinks.h"

#include <optional>
#include <string>

namespace Limber {

/// The patient page's check-in panel, for a patient who sets up a phone in the clinic: the
/// link as text, the same link as a QR code drawn in inline SVG, and the short code with the
/// address it is typed at (as the handout prints them). Shows nothing the handout does not.
/// Sets hasCheckinLink and, when the patient has a working link, checkinUrl, checkinQr (SVG
/// markup, to be inserted unescaped), checkinCode and codeEntryAddress.
void addCheckinLink(PageData& data, const std::optional<PatientLinks::Printed>& printed,
                    const std::string& codeEntryAddress);

/// text as a QR code in SVG: one path of the dark modules, a 4-module quiet zone, a role of
/// img and label as its accessible name (never the text itself: the link is a secret).
std::string qrCodeSvg(const std::string& text, const std::string& label);

} // namespace Limber
