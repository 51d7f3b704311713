#pragma once

#include "Dose.h"

#include <map>
#include <string>
#include <vector>

namespace Limber {

/// The words of an exercise in one language.
struct ExerciseText {
    std::string name;
    std::vector<std::string> aliases;
    std::vector<std::string> steps; ///< numbered instructions, in order
    std::vector<std::string> cues;
    std::vector<std::string> mistakes;
    std::vector<std::string> precautions;
    std::string regression;  ///< an easier way, in words ("Stand with one hand on a wall")
    std::string progression; ///< a harder way, in words
    bool operator==(const ExerciseText&) const = default;
};

/// The range a dose usually stays in for this exercise (evidence-based; shown as guidance).
struct DoseRange {
    int holdMin = 0;
    int holdMax = 0;
    int repsMin = 0;
    int repsMax = 0;
};

/// A catalog entry that is a movement.
struct Exercise {
    std::string id;       ///< stable, lowercase with dashes: "kneeling-hip-flexor-stretch"
    std::string packId;   ///< the pack it came from
    std::string strategy; ///< e.g. "relax-back", "stretch-hip-flexors", "build-balance"
    ExerciseType type = ExerciseType::Stretch;
    std::vector<std::string> regions;
    std::string position;
    std::vector<std::string> equipment;
    Dose defaultDose;
    DoseRange doseRange;
    std::string regressionId;  ///< an easier catalog entry, or empty
    std::string progressionId; ///< a harder catalog entry, or empty
    std::string figureId;      ///< the drawing in the figure library; the exercise's id by default
    std::string source;        ///< where the content and dose come from
    std::map<std::string, ExerciseText> text; ///< by language code; "en" is always present
    /// A clinic's own exercise: the revision this is (1, 2, ...); 0 for a pack's exercise.
    int revision = 0;

    /// The text in language, or English when that language is missing.
    const ExerciseText& textIn(const std::string& language) const;
};

/// The words of an education item in one language.
struct EducationText {
    std::string title;
    std::vector<std::string> points;
};

/// A catalog entry that is advice, not movement (shoes, warm-up).
struct EducationItem {
    std::string id;
    std::string packId;
    std::string strategy;
    std::string source;
    std::map<std::string, EducationText> text;

    const EducationText& textIn(const std::string& language) const;
};

} // namespace Limber
