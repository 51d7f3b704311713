#include "DemoClinic.h"

#include <algorithm>
#include <random>

namespace Limber {

namespace {

struct DemoPatient {
    NewPatient patient;
    const char* title;
    std::vector<const char*> exercises;
    int daysPerWeek;
    double practiseChance; ///< how likely a prescribed day is practised
    int painStart;         ///< pain before the first session
    int painChangePerWeek; ///< how pain moves over the two weeks
};

/// A deterministic generator, so the demo is the same on every machine (mt19937's sequence
/// is fixed by the standard; the distributions are not, hence the plain division).
class DemoRandom {
public:
    explicit DemoRandom(unsigned seed) : _engine(seed) {}
    double next() { return _engine() / 4294967296.0; }

private:
    std::mt19937 _engine;
};

Prescription demoPrescription(const DemoPatient& demo, const Catalog& catalog, Date start) {
    Prescription p;
    p.title = demo.title;
    p.startDate = start;
    p.endDate = start.plusDays(41);
    for (const char* id : demo.exercises) {
        Dose dose = catalog.defaultDose(id).value_or(Dose{});
        dose.daysPerWeek = demo.daysPerWeek;
        p.items.push_back({id, dose, ""});
    }
    p.educationIds = {"right-shoes", "warm-up"};
    return p;
}

} // namespace

bool seedDemoClinic(Store& store, const Clock& clock, AccountService& accounts,
                    PatientService& patients, ProgramService& programs, SessionService& sessions,
                    const Catalog& catalog) {
    if (!store.clinics().empty())
        return false;
    Clinic clinic{0, "Bayview Physical Therapy", "1200 Harbor Street, Suite 4, Bayview",
                  "(555) 010-2040"};
    clinic.id = accounts.createClinic(clinic);
    User therapist = accounts.createUser(clinic.id, DemoLogin::EMAIL, "Dana Whitfield, PT, DPT",
                                         Role::Admin, DemoLogin::PASSWORD);
    Actor actor{clinic.id, therapist.id, therapist.role, therapist.name, "demo seed", {}};

    const std::vector<DemoPatient> demos = {
        {{"José Núñez-Åberg", "José", "BV-1042", "en"},
         "Runner's back care: the four strategies",
         {"back-flexion-stretch", "single-knee-to-chest", "kneeling-hip-flexor-stretch",
          "tree-pose"},
         5,
         0.95,
         4,
         -1},
        {{"Mei-Ling Tanaka", "Mei-Ling", "BV-1043", "en"},
         "Desk worker: back and hips",
         {"back-flexion-stretch", "kneeling-hip-flexor-stretch"},
         5,
         0.6,
         4,
         0},
        {{"Lucía Fernández", "Lucía", "BV-1044", "es"},
         "Balance and back care",
         {"single-knee-to-chest", "tree-pose"},
         7,
         0.3,
         5,
         2},
    };
    const Date today = clock.today();
    const Date start = today.plusDays(-14);
    unsigned seed = 7;
    for (const auto& demo : demos) {
        Patient patient = patients.create(actor, demo.patient);
        SavedProgram saved =
            programs.create(actor, patient.id, demoPrescription(demo, catalog, start));
        DemoRandom random(seed++);
        for (Date day = start; day < today; day = day.plusDays(1)) {
            if (random.next() > demo.practiseChance)
                continue;
            int week = start.daysUntil(day) / 7;
            SessionInput input;
            input.date = day;
            int pain = std::clamp(demo.painStart + week * demo.painChangePerWeek, 0, 10);
            input.painBefore = pain;
            input.painAfter = std::max(0, pain - (random.next() < 0.5 ? 1 : 0));
            input.difficulty = random.next() < 0.7 ? Difficulty::AboutRight : Difficulty::Hard;
            for (const auto& item : saved.program.current().prescription.items) {
                std::vector<Side> sides = item.dose.side == Side::Each
                                              ? std::vector<Side>{Side::Left, Side::Right}
                                              : std::vector<Side>{item.dose.side};
                for (Side side : sides)
                    input.entries.push_back({item.exerciseId, side, random.next() < 0.9});
            }
            sessions.log(actor, patient.id, input,
                         random.next() < 0.8 ? SessionSource::PatientLink : SessionSource::Paper);
        }
    }
    return true;
}

} // namespace Limber
