#include "SampleHandouts.h"

#include "services/HandoutService.h"

namespace Limber::Testing {

Handout sampleHandout(const Catalog& catalog, std::size_t count) {
    const char* ids[] = {"back-flexion-stretch", "single-knee-to-chest",
                         "kneeling-hip-flexor-stretch", "tree-pose"};
    const char* notes[] = {"", "Put a folded towel under your knee.", "",
                           "Start next to a wall until you feel steady."};
    Prescription p;
    p.title = "Runner's back care: the four strategies";
    p.startDate = Date::parse("2026-11-23");
    p.endDate = Date::parse("2027-01-03");
    for (std::size_t i = 0; i < count; ++i) {
        const char* id = ids[i % 4];
        Dose dose = catalog.defaultDose(id).value();
        dose.reps = 1 + static_cast<int>(i / 4) % 3;
        p.items.push_back({id, dose, notes[i % 4]});
    }
    p.educationIds = {"right-shoes", "warm-up"};
    p.notes = "Warm up before every run, then do these stretches afterwards while your muscles "
              "are warm.";
    Handout handout = composeHandout(catalog, p);
    handout.clinic = {1, "Bayview Physical Therapy", "1200 Harbor Street, Suite 4, Bayview",
                      "(555) 010-2040"};
    handout.therapistName = "Dana Whitfield, PT, DPT";
    handout.patient.name = "José Núñez-Åberg";
    handout.patient.firstName = "José";
    handout.printedOn = Date::parse("2026-11-25");
    handout.version = 2;
    handout.checkinUrl =
        "https://limber.bayview-pt.example/p/Yb3kQ9xF2mT7vLc8NwZr4HsJ1pA6eDgUiKoRq5tXyVw";
    handout.checkinCode = "K7QM-3RX9-TBV2";
    handout.codeEntryUrl = "limber.bayview-pt.example/p/code";
    return handout;
}

} // namespace Limber::Testing
