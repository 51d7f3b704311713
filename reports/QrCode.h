#pragma once

#include "Canvas.h"

#include <string_view>
#include <vector>

namespace Limber {

/// A QR code (libqrencode, byte mode, error correction level M: a crease or a coffee ring on
/// the paper still scans).
class QrCode {
public:
    /// Encodes text. Throws Poco::InvalidArgumentException when it is empty or too long.
    static QrCode encode(std::string_view text);

    /// Modules per side, without the quiet zone.
    int size() const { return _size; }
    bool dark(int x, int y) const { return _modules[static_cast<std::size_t>(y * _size + x)]; }

    /// Draws the code as filled squares (each row's dark runs merged into one rectangle) on
    /// canvas, side points wide including the 4-module quiet zone the standard asks for, with
    /// its bottom-left corner at (x, y).
    void draw(Canvas& canvas, double x, double y, double side) const;

private:
    int _size = 0;
    std::vector<bool> _modules; ///< row by row from the top
};

} // namespace Limber
