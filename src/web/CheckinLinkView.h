#pragma once

#include "PageRenderer.h"
#include "services/PatientLinks.h"

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

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

/// qrCodeSvg's drawings kept by text and label: a patient's printed link stays the same for
/// weeks, and drawing its code was a seventh of the patient page's work. The SVG depends on
/// nothing but text and label, so a kept drawing is never stale. Holds at most capacity
/// drawings; a drawing asked for when it is full first forgets all the others (a clinic's
/// patients opened again and again are drawn again after that, never served wrong).
/// Thread-safe; drawing happens outside the lock.
class QrCodeSvgCache {
public:
    explicit QrCodeSvgCache(std::size_t capacity = 256) : _capacity(capacity) {}

    /// qrCodeSvg(text, label), drawn on the first call for them and kept.
    std::string svg(const std::string& text, const std::string& label);

    /// How many drawings were made (not taken from the cache) so far.
    std::size_t drawn() const;

private:
    const std::size_t _capacity;
    mutable std::mutex _mutex;
    std::map<std::pair<std::string, std::string>, std::string> _kept;
    std::size_t _drawn = 0;
};

} // namespace Limber
