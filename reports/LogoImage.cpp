#include "LogoImage.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <cmath>
#include <png.h>
#include <vector>

namespace Limber {

namespace {

constexpr double DOTS_PER_POINT = 200.0 / 72.0;
constexpr std::size_t MAX_FILE_BYTES = 8 * 1024 * 1024;

/// Box-filters gray pixels down by an integer factor so neither side exceeds the limits.
std::string scaleDown(const std::vector<unsigned char>& pixels, int& width, int& height) {
    int limitWidth = static_cast<int>(LogoImage::MAX_WIDTH * DOTS_PER_POINT);
    int limitHeight = static_cast<int>(LogoImage::MAX_HEIGHT * DOTS_PER_POINT);
    int factor = std::max(
        {1, (width + limitWidth - 1) / limitWidth, (height + limitHeight - 1) / limitHeight});
    int outWidth = std::max(1, width / factor);
    int outHeight = std::max(1, height / factor);
    std::string out(static_cast<std::size_t>(outWidth) * static_cast<std::size_t>(outHeight), '\0');
    for (int y = 0; y < outHeight; ++y)
        for (int x = 0; x < outWidth; ++x) {
            unsigned sum = 0;
            for (int dy = 0; dy < factor; ++dy)
                for (int dx = 0; dx < factor; ++dx)
                    sum += pixels[static_cast<std::size_t>((y * factor + dy) * width + x * factor +
                                                           dx)];
            out[static_cast<std::size_t>(y * outWidth + x)] =
                static_cast<char>(sum / static_cast<unsigned>(factor * factor));
        }
    width = outWidth;
    height = outHeight;
    return out;
}

} // namespace

LogoImage LogoImage::fromFile(const std::string& path) {
    Poco::File file(path);
    if (!file.exists())
        throw Poco::FileNotFoundException("logo image " + path);
    if (file.getSize() > MAX_FILE_BYTES)
        throw Poco::DataFormatException(path + ": a logo must be under 8 MB");
    Poco::FileInputStream in(path);
    std::string bytes;
    Poco::StreamCopier::copyToString(in, bytes);

    LogoImage logo;
    if (bytes.size() > 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xD8) {
        // JPEG: libharu reads only its header; check it loads and learn its size.
        PdfDocument pdf;
        HPDF_Image image = nullptr;
        try {
            image = HPDF_LoadJpegImageFromMem(pdf.handle(),
                                              reinterpret_cast<const HPDF_BYTE*>(bytes.data()),
                                              static_cast<HPDF_UINT>(bytes.size()));
        } catch (const PdfException&) {
            throw Poco::DataFormatException(path + ": not a JPEG file the PDF writer can embed");
        }
        logo._width = static_cast<int>(HPDF_Image_GetWidth(image));
        logo._height = static_cast<int>(HPDF_Image_GetHeight(image));
        logo._jpeg = true;
        logo._data = std::move(bytes);
        if (logo._width <= 0 || logo._height <= 0)
            throw Poco::DataFormatException(path + ": the JPEG has no size");
        return logo;
    }

    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
        throw Poco::DataFormatException(path + ": not a PNG or JPEG file (" + image.message + ")");
    if (image.width == 0 || image.height == 0 || image.width > 8000 || image.height > 8000) {
        png_image_free(&image);
        throw Poco::DataFormatException(path + ": a logo must be at most 8000 pixels a side");
    }
    image.format = PNG_FORMAT_GRAY;
    std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
    png_color white{255, 255, 255};
    if (!png_image_finish_read(&image, &white, pixels.data(), 0, nullptr))
        throw Poco::DataFormatException(path + ": the PNG could not be read (" + image.message +
                                        ")");
    logo._width = static_cast<int>(image.width);
    logo._height = static_cast<int>(image.height);
    logo._data = scaleDown(pixels, logo._width, logo._height);
    return logo;
}

HPDF_Image LogoImage::load(PdfDocument& pdf) const {
    const auto* data = reinterpret_cast<const HPDF_BYTE*>(_data.data());
    if (_jpeg)
        return HPDF_LoadJpegImageFromMem(pdf.handle(), data, static_cast<HPDF_UINT>(_data.size()));
    return HPDF_LoadRawImageFromMem(pdf.handle(), data, static_cast<HPDF_UINT>(_width),
                                    static_cast<HPDF_UINT>(_height), HPDF_CS_DEVICE_GRAY, 8);
}

} // namespace Limber
