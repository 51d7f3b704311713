#include "services/PatientQuery.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

Patient patient(const std::string& name, const std::string& record) {
    Patient p;
    p.name = name;
    p.recordNumber = record;
    return p;
}

} // namespace

TEST(PatientQuery, IgnoresCaseAccentsAndPunctuationInNamesAndRecordNumbers) {
    Patient jose = patient("José Núñez-Åberg", "BV-1042");
    for (const char* typed :
         {"jose", "JOSE", "José", "nunez", "Núñez", "nunez-aberg", "nunezaberg", "aberg",
          "jose nunez", "nunez jose", "bv1042", "BV-1042", "bv 1042", "bv-10", "1042", "jose 1042",
          "Jose\xcc\x81" /* e + combining acute */})
        EXPECT_TRUE(PatientQuery(typed).matches(jose)) << typed;
    EXPECT_TRUE(PatientQuery("lucia").matches(patient("Lucía Fernández", "BV-1043")));
    EXPECT_TRUE(PatientQuery("renee").matches(patient("Renée Dubois", "BV-1044")));
    EXPECT_TRUE(PatientQuery("obrien").matches(patient("Siobhán O\u2019Brien", "BV 7")));
    EXPECT_TRUE(PatientQuery("o'brien").matches(patient("Siobhán O\u2019Brien", "BV 7")));
    EXPECT_TRUE(PatientQuery("bv7").matches(patient("Siobhán O\u2019Brien", "BV 7")));
}

TEST(PatientQuery, EveryWordMustMatchAndNoneSpansNameAndRecordNumber) {
    Patient jose = patient("José Núñez-Åberg", "BV-1042");
    for (const char* typed : {"maria", "jose maria", "bv1043", "abergbv", "joseph"})
        EXPECT_FALSE(PatientQuery(typed).matches(jose)) << typed;
}

TEST(PatientQuery, NothingButSpacesOrPunctuationMatchesEveryone) {
    EXPECT_TRUE(PatientQuery("").empty());
    EXPECT_TRUE(PatientQuery("  - . ").empty());
    EXPECT_TRUE(PatientQuery(" - ").matches(patient("Ana", "1")));
    EXPECT_FALSE(PatientQuery("a").empty());
}

TEST(PatientQuery, TheKeyKeepsLettersAndDigitsOfEveryScript) {
    EXPECT_EQ(searchKey("Núñez-Åberg, BV-1042"), "nunezabergbv1042");
    EXPECT_EQ(searchKey("Łukasz Żółć"), "lukaszzolc");
    EXPECT_EQ(searchKey("Ирина Петрова"), "иринапетрова");
}
