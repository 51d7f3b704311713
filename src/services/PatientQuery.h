#pragma once

#include "domain/Patient.h"

#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// What a therapist types to find a patient: words that must all appear in the patient's name
/// or record number, ignoring letter case, accents and punctuation, as the catalog's search
/// does ("jose nunez" finds "José Núñez-Åberg", "bv1042" and "BV 1042" find "BV-1042").
class PatientQuery {
public:
    explicit PatientQuery(std::string_view typed);

    /// Whether nothing but spaces or punctuation was typed (every patient matches).
    bool empty() const { return _words.empty(); }
    bool matches(const Patient& patient) const;

private:
    std::vector<std::string> _words;
};

/// text folded for comparing: lower case, the accents of Latin letters removed, and only
/// letters and digits kept ("Núñez-Åberg" -> "nunezaberg", "BV-1042" -> "bv1042").
std::string searchKey(std::string_view text);

} // namespace Limber
