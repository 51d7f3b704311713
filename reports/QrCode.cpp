#include "QrCode.h"

#include <Poco/Exception.h>
#include <qrencode.h>

#include <memory>
#include <string>

namespace Limber {

QrCode QrCode::encode(std::string_view text) {
    if (text.empty())
        throw Poco::InvalidArgumentException("a QR code needs some text");
    std::string data(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(data.size()),
                          reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!code)
        throw Poco::InvalidArgumentException("the text is too long for a QR code");
    QrCode qr;
    qr._size = code->width;
    qr._modules.resize(static_cast<std::size_t>(qr._size * qr._size));
    for (std::size_t i = 0; i < qr._modules.size(); ++i)
        qr._modules[i] = code->data[i] & 1;
    return qr;
}

void QrCode::draw(Canvas& canvas, double x, double y, double side) const {
    const int quiet = 4;
    const double module = side / (_size + 2 * quiet);
    const Style ink = Style::filled(Color::black());
    for (int row = 0; row < _size; ++row) {
        double top = y + side - (quiet + row) * module;
        for (int column = 0; column < _size;) {
            if (!dark(column, row)) {
                ++column;
                continue;
            }
            int end = column;
            while (end < _size && dark(end, row))
                ++end;
            // A hair of overlap closes the seams some viewers show between adjacent squares.
            canvas.rectangle(x + (quiet + column) * module, top - module - 0.02,
                             (end - column) * module, module + 0.04, ink);
            column = end;
        }
    }
}

} // namespace Limber
