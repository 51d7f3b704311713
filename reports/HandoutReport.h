#pragma once

#include "FigureSource.h"
#include "FontLibrary.h"
#include "LogoImage.h"
#include "domain/Clinic.h"
#include "domain/Date.h"
#include "domain/Exercise.h"
#include "domain/Patient.h"
#include "domain/PrintChoices.h"
#include "domain/Program.h"

#include <memory>
#include <string>
#include <vector>

namespace Limber {

class DocumentFonts;

struct HandoutOptions {
    PaperSize paper = PaperSize::Letter;
    bool largePrint = false; ///< body text 14 pt instead of 11 pt
    /// The language the handout is printed in: empty for the patient's own language, else one
    /// of SUPPORTED_LANGUAGES (checked where the options are read).
    std::string language;
};

/// Everything a handout prints, resolved: the catalog entries of every item, in item order.
struct Handout {
    Clinic clinic;
    std::string therapistName;
    Patient patient;
    std::string language = "en";
    Prescription prescription;
    int version = 0; ///< 0 for a program not saved (the offline command line)
    std::vector<const Exercise*> exercises;      ///< one per prescription item
    std::vector<const EducationItem*> education; ///< one per education id
    /// Keeps the entries the pointers above point to alive (a clinic's own exercises live in
    /// a catalog made for the handout); may be null when they outlive the handout anyway.
    std::shared_ptr<const void> entries;
    std::string checkinUrl;   ///< the patient's personal link (the QR code); empty offline
    std::string checkinCode;  ///< the same link as a short code to type ("K7QM-3RX9-TB")
    std::string codeEntryUrl; ///< where the code is typed, as printed ("clinic.example/p/code")
    Date printedOn;
    /// A program not saved yet (the builder's preview): every page is marked "Preview, not
    /// saved" and no check-in link or code is printed, so that the paper is not mistaken
    /// for the patient's handout.
    bool preview = false;
};

/// Prints handouts as PDF: the clinic header with its logo, the patient, a summary table, one
/// card per exercise (figure, numbered steps, dose box, tips, precautions, the therapist's
/// note), advice, safety text, the check-in QR code and typed code, and a log sheet with a row
/// per week; "Page n of m" and the print date on every page. A card never splits across pages.
///
/// Holds only shared, read-only resources: one instance serves every thread.
class HandoutReport {
public:
    /// logo and figures may be null (no logo; no figure areas). All three must outlive this.
    explicit HandoutReport(const FontLibrary& fonts, const LogoImage* logo = nullptr,
                           const FigureSource* figures = nullptr);

    /// Throws ValidationException naming each field ("patient.name", "items[2].note") whose
    /// text no font can print, before anything is drawn.
    void check(const Handout& handout) const;

    /// The handout as a PDF file. Throws ValidationException (see check) and PdfException.
    std::string render(const Handout& handout, const HandoutOptions& options) const;

    /// Appends the handout's pages to a document of several handouts (one print file); each
    /// handout counts its own pages. Call check first.
    void append(PdfDocument& pdf, DocumentFonts& fonts, const Handout& handout,
                const HandoutOptions& options) const;

    const FontLibrary& fonts() const { return _fonts; }

private:
    const FontLibrary& _fonts;
    const LogoImage* _logo;
    const FigureSource* _figures;
};

} // namespace Limber
