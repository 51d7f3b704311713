#include "DemoClinic.h"

#include "DemoGenerator.h"

namespace Limber {

bool seedDemoClinic(Store& store, const Clock& clock, AccountService& accounts, PatientLinks& links,
                    const Catalog& catalog, AuditTrail& audit) {
    if (!store.clinics().empty())
        return false;
    DemoGenerator generator(store, clock, accounts, links, catalog, audit);
    generator.generate(DemoSize{24, 56});
    return true;
}

} // namespace Limber
