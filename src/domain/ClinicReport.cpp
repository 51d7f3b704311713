#include "ClinicReport.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace Limber {

namespace {

constexpr std::array<std::pair<CaseloadSort, std::string_view>, 8> SORT_NAMES{{
    {CaseloadSort::Patient, "patient"},
    {CaseloadSort::Record, "record"},
    {CaseloadSort::Therapist, "therapist"},
    {CaseloadSort::ProgramAge, "age"},
    {CaseloadSort::Adherence, "adherence"},
    {CaseloadSort::LastSession, "last"},
    {CaseloadSort::Pain, "pain"},
    {CaseloadSort::Flags, "flags"},
}};

/// The value a line sorts by, or nullopt when it has none (those go last).
std::optional<double> sortValue(const CaseloadLine& line, CaseloadSort sort) {
    switch (sort) {
    case CaseloadSort::ProgramAge:
        if (!line.hasProgram)
            return std::nullopt;
        return line.programDay;
    case CaseloadSort::Adherence:
        return line.adherence.frequency;
    case CaseloadSort::LastSession:
        if (!line.lastSession)
            return std::nullopt;
        return line.lastSession->daysSinceEpoch();
    case CaseloadSort::Pain:
        return line.painRecent;
    case CaseloadSort::Flags:
        if (line.flags.empty())
            return std::nullopt;
        // The most urgent kind first, then more flags.
        return 10.0 * (4 - static_cast<int>(line.flags.front().kind)) +
               static_cast<double>(line.flags.size());
    default:
        return std::nullopt;
    }
}

const std::string& sortText(const CaseloadLine& line, CaseloadSort sort) {
    switch (sort) {
    case CaseloadSort::Record:
        return line.patient.recordNumber;
    case CaseloadSort::Therapist:
        return line.therapistName;
    default:
        return line.patient.name;
    }
}

bool isTextSort(CaseloadSort sort) {
    return sort == CaseloadSort::Patient || sort == CaseloadSort::Record ||
           sort == CaseloadSort::Therapist;
}

} // namespace

std::string_view toString(CaseloadSort sort) {
    for (const auto& [value, name] : SORT_NAMES)
        if (value == sort)
            return name;
    return "patient";
}

std::optional<CaseloadSort> caseloadSortFromString(std::string_view text) {
    for (const auto& [value, name] : SORT_NAMES)
        if (name == text)
            return value;
    return std::nullopt;
}

const std::vector<std::string_view>& caseloadSortNames() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> list;
        for (const auto& [value, name] : SORT_NAMES)
            list.push_back(name);
        return list;
    }();
    return names;
}

void sortCaseload(std::vector<CaseloadLine>& lines, CaseloadSort sort, bool descending) {
    // Lines arrive in name order; a stable sort keeps it among equals.
    if (isTextSort(sort)) {
        std::stable_sort(lines.begin(), lines.end(),
                         [sort, descending](const CaseloadLine& a, const CaseloadLine& b) {
                             const std::string& x = sortText(a, sort);
                             const std::string& y = sortText(b, sort);
                             return descending ? y < x : x < y;
                         });
        return;
    }
    std::vector<std::pair<std::optional<double>, std::size_t>> keys;
    keys.reserve(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i)
        keys.emplace_back(sortValue(lines[i], sort), i);
    std::stable_sort(keys.begin(), keys.end(), [descending](const auto& a, const auto& b) {
        if (!a.first || !b.first)
            return a.first.has_value() && !b.first.has_value();
        return descending ? *b.first < *a.first : *a.first < *b.first;
    });
    std::vector<CaseloadLine> sorted;
    sorted.reserve(lines.size());
    for (const auto& key : keys)
        sorted.push_back(std::move(lines[key.second]));
    lines = std::move(sorted);
}

std::vector<AdherenceBand> adherenceDistribution(const std::vector<CaseloadLine>& lines) {
    std::vector<AdherenceBand> bands;
    for (int low = 0; low < 100; low += 10)
        bands.push_back({low, low == 90 ? 100 : low + 9, 0});
    for (const auto& line : lines) {
        if (!line.adherence.frequency)
            continue;
        int percent = static_cast<int>(std::floor(*line.adherence.frequency * 100 + 1e-9));
        bands[static_cast<std::size_t>(std::clamp(percent / 10, 0, 9))].patients++;
    }
    return bands;
}

std::vector<std::size_t> followUpOrder(const std::vector<CaseloadLine>& lines) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (!lines[i].flags.empty() && !lines[i].patient.discharged())
            order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&lines](std::size_t a, std::size_t b) {
        const CaseloadLine& x = lines[a];
        const CaseloadLine& y = lines[b];
        if (x.flags.front().kind != y.flags.front().kind)
            return x.flags.front().kind < y.flags.front().kind;
        if (x.flags.size() != y.flags.size())
            return x.flags.size() > y.flags.size();
        return x.patient.name < y.patient.name;
    });
    return order;
}

} // namespace Limber
