#pragma once

#include <Poco/Exception.h>
#include <hpdf.h>

#include <cstdint>
#include <string>
#include <vector>

namespace Limber {

/// A libharu failure, with libharu's error and detail numbers in the message.
class PdfException : public Poco::RuntimeException {
public:
    explicit PdfException(const std::string& message) : Poco::RuntimeException(message) {}
    Poco::Exception* clone() const override { return new PdfException(*this); }
    void rethrow() const override { throw *this; }
};

/// Owns one HPDF_Doc. libharu's error handler throws PdfException, so every libharu call either
/// succeeds or throws; the document is freed by the destructor either way. One document per
/// thread; never share a document or its pages.
class PdfDocument {
public:
    PdfDocument();
    ~PdfDocument();
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;

    HPDF_Doc handle() const { return _doc; }

    /// Loads a TrueType font with embedding and returns it with UTF-8 encoding.
    HPDF_Font loadUtf8Font(const std::string& ttfPath);
    /// The same, embedding the glyphs alsoEmbed as well (FontCoverage::nestedComponents).
    HPDF_Font loadUtf8Font(const std::string& ttfPath, const std::vector<std::uint16_t>& alsoEmbed);

    /// Adds a page of the given size in points.
    HPDF_Page addPage(double width, double height);

    /// Sets the document's title, author and creator fields.
    void setInfo(const std::string& title, const std::string& author);

    /// The finished PDF file.
    std::string bytes();

private:
    HPDF_Doc _doc = nullptr;
};

} // namespace Limber
