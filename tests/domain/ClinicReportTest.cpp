#include "domain/ClinicReport.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

CaseloadLine line(const std::string& name, std::optional<double> frequency,
                  std::vector<AdherenceFlag> flags = {}) {
    CaseloadLine l;
    l.patient.name = name;
    l.patient.recordNumber = "R-" + name;
    l.hasProgram = frequency.has_value();
    l.adherence.frequency = frequency;
    l.flags = std::move(flags);
    return l;
}

std::vector<std::string> names(const std::vector<CaseloadLine>& lines) {
    std::vector<std::string> list;
    for (const auto& l : lines)
        list.push_back(l.patient.name);
    return list;
}

} // namespace

TEST(ClinicReport, SortsByAnAllowListedKeyWithPatientsWithoutAValueLast) {
    std::vector<CaseloadLine> lines = {line("Ana", 0.9), line("Bea", std::nullopt), line("Cy", 0.4),
                                       line("Dee", 0.9)};
    sortCaseload(lines, CaseloadSort::Adherence, false);
    EXPECT_EQ(names(lines), (std::vector<std::string>{"Cy", "Ana", "Dee", "Bea"}));
    sortCaseload(lines, CaseloadSort::Adherence, true);
    EXPECT_EQ(names(lines), (std::vector<std::string>{"Ana", "Dee", "Cy", "Bea"}));
    sortCaseload(lines, CaseloadSort::Patient, true);
    EXPECT_EQ(names(lines), (std::vector<std::string>{"Dee", "Cy", "Bea", "Ana"}));
    EXPECT_EQ(caseloadSortFromString("adherence"), CaseloadSort::Adherence);
    EXPECT_FALSE(caseloadSortFromString("name; DROP TABLE patients"));
    EXPECT_EQ(caseloadSortNames().size(), 8u);
}

TEST(ClinicReport, CountsPatientsInTenBandsOfAdherence) {
    std::vector<CaseloadLine> lines = {line("a", 0.0),         line("b", 0.095), line("c", 0.1),
                                       line("d", 0.799),       line("e", 0.8),   line("f", 1.0),
                                       line("g", std::nullopt)};
    std::vector<AdherenceBand> bands = adherenceDistribution(lines);
    ASSERT_EQ(bands.size(), 10u);
    EXPECT_EQ(bands[0].patients, 2);
    EXPECT_EQ(bands[1].patients, 1);
    EXPECT_EQ(bands[7].patients, 1);
    EXPECT_EQ(bands[8].patients, 1);
    EXPECT_EQ(bands[9].patients, 1);
    EXPECT_EQ(bands[9].highPercent, 100);
}

TEST(ClinicReport, TheFollowUpListPutsTheMostUrgentFirst) {
    std::vector<CaseloadLine> lines = {
        line("Ana", 0.5, {{FlagKind::LowAdherence, ""}}), line("Bea", 0.9),
        line("Cy", 0.7, {{FlagKind::NoRecentSession, ""}, {FlagKind::LowAdherence, ""}}),
        line("Dee", 0.9, {{FlagKind::HighPain, ""}}),
        line("Eve", 0.9, {{FlagKind::NoRecentSession, ""}})};
    std::vector<std::size_t> order = followUpOrder(lines);
    std::vector<std::string> followed;
    for (std::size_t index : order)
        followed.push_back(lines[index].patient.name);
    EXPECT_EQ(followed, (std::vector<std::string>{"Dee", "Cy", "Eve", "Ana"}));
}
