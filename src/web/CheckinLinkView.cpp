#include "CheckinLinkView.h"

#include "reports/QrCode.h"
#include "reports/SvgCanvas.h"

#include <Poco/String.h>

namespace Limber {

std::string qrCodeSvg(const std::string& text, const std::string& label) {
    const QrCode qr = QrCode::encode(text);
    const int quiet = 4;
    const int side = qr.size() + 2 * quiet;
    std::string path;
    for (int row = 0; row < qr.size(); ++row) {
        for (int column = 0; column < qr.size();) {
            if (!qr.dark(column, row)) {
                ++column;
                continue;
            }
            int end = column;
            while (end < qr.size() && qr.dark(end, row))
                ++end;
            path += "M" + std::to_string(quiet + column) + " " + std::to_string(quiet + row) + "h" +
                    std::to_string(end - column) + "v1h-" + std::to_string(end - column) + "z";
            column = end;
        }
    }
    const std::string s = std::to_string(side);
    return "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + s + " " + s +
           "\" role=\"img\" aria-label=\"" + escapeXml(label) +
           "\" shape-rendering=\"crispEdges\"><rect width=\"" + s + "\" height=\"" + s +
           "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

std::string QrCodeSvgCache::svg(const std::string& text, const std::string& label) {
    auto key = std::make_pair(text, label);
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto found = _kept.find(key);
        if (found != _kept.end())
            return found->second;
    }
    std::string drawing = qrCodeSvg(text, label);
    std::lock_guard<std::mutex> lock(_mutex);
    ++_drawn;
    if (_capacity == 0)
        return drawing;
    if (_kept.size() >= _capacity && !_kept.count(key))
        _kept.clear();
    _kept.insert_or_assign(std::move(key), drawing);
    return drawing;
}

std::size_t QrCodeSvgCache::drawn() const {
    std::lock_guard<std::mutex> lock(_mutex);
    return _drawn;
}

void addCheckinLink(PageData& data, const std::optional<PatientLinks::Printed>& printed,
                    const std::string& codeEntryAddress) {
    if (!printed) {
        data.set("hasCheckinLink", false);
        return;
    }
    data.set("hasCheckinLink", true);
    data.set("checkinUrl", printed->url);
    static QrCodeSvgCache drawings;
    data.set("checkinQr", drawings.svg(printed->url, "QR code of the check-in link"));
    data.set("checkinCode", printed->code);
    data.set("codeEntryAddress", codeEntryAddress);
}

} // namespace Limber
