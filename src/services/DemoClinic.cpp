#include "DemoClinic.h"

#include "DemoGenerator.h"

namespace Limber {

bool seedDemoClinic(Store& store, const Clock& clock, AccountService& accounts, PatientLinks& links,
                    const Catalog& catalog, AuditTrail& audit) {
    // Instances started together with --demo: one seeds, the others wait and find the clinic.
    bool seeded = false;
    store.exclusively([&] {
        if (!store.clinics().empty())
            return;
        DemoGenerator generator(store, clock, accounts, links, catalog, audit);
        generator.generate(DemoSize{24, 56});
        seeded = true;
    });
    return seeded;
}

} // namespace Limber
