#include "HandoutPrinting.h"

#include <Poco/Exception.h>

namespace Limber {

HandoutPrinting::HandoutPrinting(const Settings& settings) {
    try {
        _fonts = std::make_unique<FontLibrary>(settings.fonts);
    } catch (const Poco::Exception& error) {
        throw Poco::InvalidArgumentException("pdf.font / pdf.fontBold: " + error.message());
    }
    if (!settings.logoFile.empty()) {
        try {
            _logo = LogoImage::fromFile(settings.logoFile);
        } catch (const Poco::Exception& error) {
            throw Poco::InvalidArgumentException("clinic.logo: " + error.message());
        }
    }
    _report = std::make_unique<HandoutReport>(*_fonts, &_logo, &_figures);
    _printable = std::make_unique<PrintableCharactersScope>(_fonts.get());
}

} // namespace Limber
