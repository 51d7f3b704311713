#pragma once

#include "Settings.h"
#include "reports/FontLibrary.h"
#include "reports/HandoutReport.h"
#include "reports/LogoImage.h"
#include "services/LibraryFigures.h"

#include <memory>

namespace Limber {

/// What printing handouts needs, loaded once from the settings and shared by every thread:
/// the fonts, the clinic's logo, the exercises' drawings and the report.
class HandoutPrinting {
public:
    /// Throws with the setting's name when a font or the logo cannot be used. Installs the
    /// fonts as the characters the text rule accepts (installPrintableCharacters), so that
    /// whatever is accepted prints; the destructor puts back what was installed before.
    explicit HandoutPrinting(const Settings& settings);
    HandoutPrinting(const HandoutPrinting&) = delete;
    HandoutPrinting& operator=(const HandoutPrinting&) = delete;

    const HandoutReport& report() const { return *_report; }
    /// The fonts every PDF is set in (handouts and reports).
    const FontLibrary& fonts() const { return *_fonts; }

private:
    std::unique_ptr<FontLibrary> _fonts;
    LogoImage _logo;
    LibraryFigures _figures;
    std::unique_ptr<HandoutReport> _report;
    std::unique_ptr<PrintableCharactersScope> _printable;
};

} // namespace Limber
