#pragma once

#include "PdfDocument.h"

#include <string>

namespace Limber {

/// The clinic's logo for the handout header, read once at start-up. A PNG is decoded with
/// libpng (libharu's own PNG reader crashes on some files), flattened onto white, turned to
/// gray (handouts are printed in black and white) and scaled down to what 200 dpi needs at
/// the size it prints, so each document only has to compress a few kilobytes. A JPEG is
/// embedded as it is (no decoding at all).
class LogoImage {
public:
    /// The widest and tallest a logo prints, in points.
    static constexpr double MAX_WIDTH = 150;
    static constexpr double MAX_HEIGHT = 54;

    /// Reads a PNG or JPEG file. Throws Poco::FileNotFoundException when it is missing and
    /// Poco::DataFormatException naming the reason when it is not a usable image.
    static LogoImage fromFile(const std::string& path);

    bool empty() const { return _width == 0; }
    /// Pixels (the logo's aspect ratio).
    int width() const { return _width; }
    int height() const { return _height; }

    /// Adds the image to pdf (once per document).
    HPDF_Image load(PdfDocument& pdf) const;

private:
    int _width = 0;
    int _height = 0;
    bool _jpeg = false;
    std::string _data; ///< gray pixels row by row, or the JPEG file
};

} // namespace Limber
