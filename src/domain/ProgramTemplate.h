#pragma once

#include "Date.h"
#include "Dose.h"
#include "Program.h"

#include <map>
#include <string>
#include <vector>

namespace Limber {

/// One exercise of a template: the exercise, its dose, and an optional note per language.
struct TemplateItem {
    std::string exerciseId;
    Dose dose;
    std::map<std::string, std::string> note; ///< by language code; may be empty
};

/// The words of a template in one language.
struct TemplateText {
    std::string title;   ///< becomes the program's title
    std::string summary; ///< who it is for, shown when choosing a template
    std::string notes;   ///< becomes the program's notes for the patient; may be empty
};

/// A program without a patient, to start from (DESIGN.md): the exercises with their doses, the
/// advice items, and how many weeks it usually runs. Comes from a pack's "templates" section.
struct ProgramTemplate {
    std::string id;
    std::string packId;
    int weeks = 6;
    std::vector<TemplateItem> items;
    std::vector<std::string> educationIds;
    std::map<std::string, TemplateText> text; ///< by language code; "en" is always present

    /// The text in language, or English when that language is missing.
    const TemplateText& textIn(const std::string& language) const;

    /// The template as a patient's prescription, in language, from start for `weeks` weeks.
    Prescription prescription(const std::string& language, Date start) const;
};

/// The structural limits of a template (refused beyond them).
struct TemplateLimits {
    static constexpr int MIN_WEEKS = 1;
    static constexpr int MAX_WEEKS = 52;
};

} // namespace Limber
