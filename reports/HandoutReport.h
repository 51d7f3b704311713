#pragma once

#include "domain/Clinic.h"
#include "domain/Date.h"
#include "domain/Exercise.h"
#include "domain/Patient.h"
#include "domain/Program.h"

#include <string>
#include <vector>

namespace Limber {

enum class PaperSize { Letter, A4 };

/// TrueType fonts the PDF embeds (regular and bold). They must cover the text printed.
struct PdfFonts {
    std::string regular;
    std::string bold;
};

struct HandoutOptions {
    PaperSize paper = PaperSize::Letter;
    bool largePrint = false; ///< body text 14 pt instead of 11 pt
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
    std::string checkinUrl; ///< the patient's personal link; empty when printed offline
    Date printedOn;
};

/// Renders the handout as a PDF file (bytes). Throws PdfException when libharu fails and
/// Poco::FileNotFoundException when a font is missing.
std::string renderHandoutPdf(const Handout& handout, const PdfFonts& fonts,
                             const HandoutOptions& options);

} // namespace Limber
