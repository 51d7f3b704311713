#include "DemoGenerator.h"

#include "DemoClinic.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace Limber {

namespace {

/// A deterministic generator: mt19937's sequence is fixed by the standard (the standard
/// distributions are not, hence the plain arithmetic below).
class DemoRandom {
public:
    explicit DemoRandom(unsigned seed) : _engine(seed) {}
    double next() { return _engine() / 4294967296.0; }
    bool chance(double p) { return next() < p; }
    int between(int low, int high) {
        return low + static_cast<int>(next() * (high - low + 1)) % (high - low + 1);
    }

private:
    std::mt19937 _engine;
};

const char* const FIRST_NAMES[] = {
    "José",    "Mei-Ling", "Lucía",  "Amara",  "Tomasz",  "Ingrid", "Kwame",     "Sofía",
    "Ravi",    "Hannah",   "Mateo",  "Aiko",   "Olumide", "Chloé",  "Dmitri",    "Fatima",
    "Liam",    "Priya",    "Noah",   "Zoë",    "Marek",   "Ana",    "Björn",     "Leilani",
    "Gabriel", "Yasmin",   "Eitan",  "Mónica", "Connor",  "Saanvi", "Hugo",      "Nia",
    "Samuel",  "Ewa",      "Rafael", "Grace",  "Kenji",   "Inés",   "Oluwaseun", "Maren"};
const char* const LAST_NAMES[] = {
    "Andersen", "Kimura",  "Vidal", "Okafor",   "Kowalski", "Lindqvist", "Mensah",   "García",
    "Iyer",     "Schmidt", "Rossi", "Watanabe", "Adeyemi",  "Dubois",    "Petrov",   "Haddad",
    "O'Brien",  "Sharma",  "Cohen", "Müller",   "Novák",    "Silva",     "Eriksson", "Kahananui",
    "Moreau",   "Rahman",  "Levi",  "Ortega",   "Walsh",    "Patel",     "Lefèvre",  "Mwangi",
    "Brooks",   "Wójcik",  "Costa", "Nguyen",   "Sato",     "Ramírez",   "Bello",    "Halvorsen"};
const char* const THERAPISTS[] = {
    "Dana Whitfield, PT, DPT", "Marcus Lee, PT",    "Priya Raman, DPT", "Elena Sokolova, PT",
    "Jamal Carter, PT, DPT",   "Hye-jin Park, DPT", "Tomás Ruiz, PT",   "Claire Bennett, PT",
    "Ade Olatunji, DPT",       "Sara Lindgren, PT"};
/// A text of the demo in the two languages of the built-in pack: a Spanish-speaking patient
/// reads and writes Spanish throughout (program title and notes, exercise notes, own notes).
struct DemoText {
    const char* en;
    const char* es;
    const char* in(const std::string& language) const { return language == "es" ? es : en; }
};

const DemoText NOTES[] = {
    {"Hips felt tight this morning.", "Esta mañana notaba la cadera rígida."},
    {"Did it after my run.", "Lo hice después de correr."},
    {"Short on time, did the first two only.", "Con poco tiempo, solo hice los dos primeros."},
    {"Much easier than last week!", "¡Mucho más fácil que la semana pasada!"},
    {"Back was sore after sitting all day.", "Me dolía la espalda tras un día entero en la silla."},
    {"Used the wall for the tree pose.", "Me apoyé en la pared para la postura del árbol."},
    {"Travelling, did what I could in the hotel.", "De viaje, hice lo que pude en el hotel."}};
const DemoText TITLES[] = {
    {"Back care: the four strategies", "Cuidado de la espalda: las cuatro estrategias"},
    {"Desk worker: back and hips", "Trabajo de oficina: espalda y caderas"},
    {"Runner's back care", "Espalda sana para corredores"},
    {"Balance and back care", "Equilibrio y cuidado de la espalda"},
    {"Gentle start for a stiff back", "Comienzo suave para una espalda rígida"}};
const DemoText FIRST_NOTES{"Stretch to mild tension, never pain.",
                           "Estire hasta notar una tensión suave, nunca dolor."};
const DemoText EVERY_DAY_NOTES{"Every day now: you are ready for it.",
                               "Ahora todos los días: ya puede hacerlo."};
const DemoText LONGER_HOLDS_NOTES{"Longer holds from this week.",
                                  "Desde esta semana, mantenga cada postura más tiempo."};
const DemoText ONE_MORE_NOTES{"One more exercise added.", "Hemos añadido un ejercicio más."};
const DemoText NEW_EXERCISE_NOTE{"New this week.", "Nuevo esta semana."};

constexpr std::size_t count(const auto& array) {
    return sizeof array / sizeof array[0];
}

/// How a patient keeps up over the program.
enum class Habit { Steady, Middling, Fading, Returning, Stopped };

/// The first patients of every demo: one keeps up, one half keeps up, one has stopped.
struct KnownPatient {
    const char* name;
    const char* firstName;
    const char* language;
    Habit habit;
};

const KnownPatient KNOWN[] = {
    {"José Núñez-Åberg", "José", "en", Habit::Steady},
    {"Mei-Ling Tanaka", "Mei-Ling", "en", Habit::Middling},
    {"Lucía Fernández", "Lucía", "es", Habit::Stopped},
};

struct PatientPlan {
    Habit habit = Habit::Steady;
    double completeness = 0.9; ///< chance each unit of a session is ticked
    bool twiceADay = false;
    double secondSession = 0.8; ///< chance of the second session on a practised day
    int painStart = 4;
    double painPerWeek = -0.3;
    int spikeDay = -1; ///< first day of a week of high pain; -1 for none
    int breakFrom = 0;
    int breakDays = 0;
};

PatientPlan planFor(DemoRandom& random, int days) {
    PatientPlan plan;
    double roll = random.next();
    plan.habit = roll < 0.5    ? Habit::Steady
                 : roll < 0.74 ? Habit::Middling
                 : roll < 0.86 ? Habit::Fading
                 : roll < 0.94 ? Habit::Returning
                               : Habit::Stopped;
    plan.completeness = 0.72 + random.next() * 0.27;
    plan.twiceADay = random.chance(0.55);
    plan.secondSession = 0.78 + random.next() * 0.2;
    plan.painStart = random.between(2, 7);
    plan.painPerWeek = plan.habit == Habit::Steady   ? -0.35
                       : plan.habit == Habit::Fading ? 0.15
                                                     : -0.1;
    if (random.chance(0.06))
        plan.painPerWeek = 0.6; // getting worse: shows as rising pain
    if (random.chance(0.15))
        plan.spikeDay = random.between(0, std::max(0, days - 7));
    plan.breakFrom = random.between(days / 4, std::max(days / 4, days * 3 / 4));
    plan.breakDays = random.between(std::min(10, days / 3), std::max(1, std::min(21, days / 2)));
    return plan;
}

/// Chance of practising on program day `day` of `days` (0 = first day).
double practiseChance(const PatientPlan& plan, int day, int days) {
    double progress = days > 1 ? static_cast<double>(day) / (days - 1) : 0;
    switch (plan.habit) {
    case Habit::Steady:
        return 0.95;
    case Habit::Middling:
        return 0.62;
    case Habit::Fading:
        return std::max(0.08, 0.92 - progress * 0.9);
    case Habit::Returning:
        return day >= plan.breakFrom && day < plan.breakFrom + plan.breakDays ? 0.0 : 0.85;
    case Habit::Stopped:
        return days - day <= 10 ? 0.0 : 0.8;
    }
    return 0.5;
}

Prescription firstPrescription(DemoRandom& random, const Catalog& catalog,
                               const std::vector<const Exercise*>& exercises,
                               const PatientPlan& plan, const std::string& language, Date start,
                               Date end) {
    Prescription p;
    p.title = TITLES[random.between(0, static_cast<int>(count(TITLES)) - 1)].in(language);
    p.startDate = start;
    p.endDate = end;
    int wanted = std::min<int>(static_cast<int>(exercises.size()), random.between(2, 4));
    int first = random.between(0, static_cast<int>(exercises.size()) - 1);
    int daysPerWeek = random.chance(0.65) ? 7 : 5;
    for (int i = 0; i < wanted; ++i) {
        const Exercise* exercise =
            exercises[static_cast<std::size_t>(first + i) % exercises.size()];
        Dose dose = catalog.defaultDose(exercise->id).value_or(Dose{});
        dose.daysPerWeek = daysPerWeek;
        dose.sessionsPerDay = plan.twiceADay ? 2 : 1;
        p.items.push_back({exercise->id, dose, ""});
    }
    for (const EducationItem* item : catalog.educationItems())
        if (p.educationIds.size() < 2)
            p.educationIds.push_back(item->id);
    p.notes = FIRST_NOTES.in(language);
    return p;
}

/// A revision a therapist would make part-way: more days a week, a longer hold, or one more
/// exercise.
Prescription revised(DemoRandom& random, const Catalog& catalog,
                     const std::vector<const Exercise*>& exercises, const std::string& language,
                     Prescription p) {
    double roll = random.next();
    if (roll < 0.35 && p.items.front().dose.daysPerWeek < 7) {
        for (auto& item : p.items)
            item.dose.daysPerWeek = 7;
        p.notes = EVERY_DAY_NOTES.in(language);
    } else if (roll < 0.7 || p.items.size() >= exercises.size()) {
        for (auto& item : p.items)
            if (item.dose.holdUnit == HoldUnit::Seconds)
                item.dose.hold = std::min(60, item.dose.hold + 15);
            else
                item.dose.reps = std::min(4, item.dose.reps + 1);
        p.notes = LONGER_HOLDS_NOTES.in(language);
    } else {
        for (const Exercise* exercise : exercises) {
            bool present = std::any_of(p.items.begin(), p.items.end(), [&](const ProgramItem& i) {
                return i.exerciseId == exercise->id;
            });
            if (!present) {
                Dose dose = catalog.defaultDose(exercise->id).value_or(Dose{});
                dose.daysPerWeek = p.items.front().dose.daysPerWeek;
                dose.sessionsPerDay = p.items.front().dose.sessionsPerDay;
                p.items.push_back({exercise->id, dose, NEW_EXERCISE_NOTE.in(language)});
                break;
            }
        }
        p.notes = ONE_MORE_NOTES.in(language);
    }
    return p;
}

} // namespace

DemoGenerator::DemoGenerator(Store& store, const Clock& clock, AccountService& accounts,
                             PatientLinks& links, const Catalog& catalog, AuditTrail& audit)
    : _store(store), _clock(clock), _accounts(accounts), _links(links), _catalog(catalog),
      _audit(audit) {}

DemoSummary DemoGenerator::generate(const DemoSize& size, const DemoProgress& progress) {
    if (size.patients < 1 || size.patients > DemoSize::MAX_PATIENTS)
        throw Poco::InvalidArgumentException("patients must be between 1 and " +
                                             std::to_string(DemoSize::MAX_PATIENTS) + " (got " +
                                             std::to_string(size.patients) + ")");
    if (size.days < DemoSize::MIN_DAYS || size.days > DemoSize::MAX_DAYS)
        throw Poco::InvalidArgumentException(
            "days must be between " + std::to_string(DemoSize::MIN_DAYS) + " and " +
            std::to_string(DemoSize::MAX_DAYS) + " (got " + std::to_string(size.days) + ")");
    if (!_store.clinics().empty())
        throw Poco::ExistsException("the database already holds a clinic; the demo needs an "
                                    "empty data folder");
    std::vector<const Exercise*> exercises = _catalog.exercises();
    if (exercises.empty())
        throw Poco::IllegalStateException("the catalog has no exercises to build programs from");

    DemoSummary summary;
    Clinic clinic{0, "Bayview Physical Therapy", "1200 Harbor Street, Suite 4, Bayview",
                  "(555) 010-2040"};
    summary.clinicId = _accounts.createClinic(clinic);
    // One password hash for every demo therapist: Argon2id takes a tenth of a second each.
    User admin = _accounts.createUser(summary.clinicId, DemoLogin::EMAIL, THERAPISTS[0],
                                      Role::Admin, DemoLogin::PASSWORD);
    std::vector<std::int64_t> therapists = {admin.id};
    int wantedTherapists =
        std::clamp(size.patients / 400 + 1, 1, static_cast<int>(count(THERAPISTS)));
    for (int i = 1; i < wantedTherapists; ++i) {
        std::string name = THERAPISTS[i];
        std::string email = "therapist" + std::to_string(i + 1) + "@limber.example";
        therapists.push_back(_store.createUser(
            {0, summary.clinicId, email, name, Role::Therapist, admin.passwordHash, false}));
    }
    summary.therapists = static_cast<int>(therapists.size());

    const Date today = _clock.today();
    const std::int64_t now = _clock.nowSeconds();
    std::vector<Session> sessions;
    for (int index = 0; index < size.patients; ++index) {
        DemoRandom random(static_cast<unsigned>(7919 * index + 17));
        PatientPlan plan = planFor(random, size.days);
        std::size_t firstName = static_cast<std::size_t>(index) % count(FIRST_NAMES);
        std::size_t lastName =
            (static_cast<std::size_t>(index) / count(FIRST_NAMES) + firstName * 7) %
            count(LAST_NAMES);
        Patient patient;
        patient.clinicId = summary.clinicId;
        patient.therapistId = therapists[static_cast<std::size_t>(index) % therapists.size()];
        patient.firstName = FIRST_NAMES[firstName];
        patient.name = patient.firstName + " " + LAST_NAMES[lastName];
        patient.recordNumber = "BV-" + std::to_string(1042 + index);
        patient.language = random.chance(0.2) ? "es" : "en";
        if (index < static_cast<int>(count(KNOWN))) {
            // The demo's familiar faces, the same in every demo and in the documentation.
            const KnownPatient& known = KNOWN[index];
            patient.name = known.name;
            patient.firstName = known.firstName;
            patient.language = known.language;
            plan.habit = known.habit;
            plan.twiceADay = false;
        }
        patient.createdAt = now - static_cast<std::int64_t>(size.days) * 86400;
        patient.id = _store.createPatient(patient, _links.draft(summary.clinicId, 0));

        // Most programs started `days` ago; some patients joined later.
        int ran = random.chance(0.75) ? size.days : random.between(size.days / 3, size.days);
        ran = std::max(ran, 1);
        Date start = today.plusDays(1 - ran);
        int length = std::min(366, ran + random.between(14, 42));
        Date end = start.plusDays(length - 1);
        ProgramVersion first;
        first.number = 1;
        first.effectiveFrom = start;
        first.prescription =
            firstPrescription(random, _catalog, exercises, plan, patient.language, start, end);
        first.createdAt = patient.createdAt;
        first.createdBy = patient.therapistId;
        Program program;
        program.id = _store.createProgram(summary.clinicId, patient.id, first);
        program.clinicId = summary.clinicId;
        program.patientId = patient.id;
        program.versions.push_back(first);
        int revisions = ran >= 21 ? (random.chance(0.35) ? (random.chance(0.3) ? 2 : 1) : 0) : 0;
        for (int r = 0; r < revisions; ++r) {
            ProgramVersion next;
            next.effectiveFrom =
                start.plusDays(ran * (r + 1) / (revisions + 1) + random.between(-3, 3));
            next.prescription = revised(random, _catalog, exercises, patient.language,
                                        program.versions.back().prescription);
            next.createdAt =
                now - static_cast<std::int64_t>(today.daysUntil(next.effectiveFrom)) * 86400;
            next.createdBy = patient.therapistId;
            next.number = _store.addProgramVersion(summary.clinicId, program.id, next);
            program.versions.push_back(next);
        }
        summary.versions += static_cast<int>(program.versions.size());

        sessions.clear();
        // Up to yesterday: the demo opens on a day the patients have still to log.
        for (int day = 0; day + 1 < ran; ++day) {
            Date date = start.plusDays(day);
            const ProgramVersion* version = program.versionOn(date);
            if (!version)
                continue;
            const Prescription& p = version->prescription;
            int daysPerWeek = practiceDaysPerWeek(p);
            // Rest days of a 5-day program fall on the same weekdays each week, mostly.
            bool restDay = daysPerWeek < 7 && (day % 7) >= daysPerWeek && random.chance(0.85);
            if (restDay || !random.chance(practiseChance(plan, day, ran)))
                continue;
            double week = day / 7.0;
            double painLevel = plan.painStart + plan.painPerWeek * week;
            if (plan.painPerWeek > 0.5) // worse only lately: the rise a therapist must catch
                painLevel =
                    plan.painStart + plan.painPerWeek * std::max(0.0, week - (ran - 35) / 7.0);
            painLevel = std::max(painLevel, 1.0 + index % 2);
            const bool spike =
                plan.spikeDay >= 0 && day >= plan.spikeDay && day < plan.spikeDay + 5;
            if (spike)
                painLevel = 8.2;
            int slots = sessionsPerDay(p);
            for (int slot = 1; slot <= slots; ++slot) {
                if (slot > 1 && !random.chance(plan.secondSession))
                    break;
                Session session;
                session.clinicId = summary.clinicId;
                session.patientId = patient.id;
                session.programId = program.id;
                session.programVersion = version->number;
                session.date = date;
                session.slot = slot;
                double roll = random.next();
                session.source = roll < 0.75   ? SessionSource::PatientLink
                                 : roll < 0.95 ? SessionSource::Paper
                                               : SessionSource::Therapist;
                int pain =
                    std::clamp(static_cast<int>(std::lround(painLevel + random.next() * 2 - 1)), 0,
                               spike ? 9 : 8 + static_cast<int>(plan.painPerWeek > 0.5));
                session.painBefore = pain;
                if (session.source != SessionSource::Paper) {
                    session.painAfter = std::max(0, pain - (random.chance(0.5) ? 1 : 0));
                    double feel = random.next();
                    session.difficulty = feel < 0.2    ? Difficulty::Easy
                                         : feel < 0.85 ? Difficulty::AboutRight
                                                       : Difficulty::Hard;
                    if (random.chance(0.04))
                        session.note =
                            NOTES[random.between(0, static_cast<int>(count(NOTES)) - 1)].in(
                                patient.language);
                }
                for (const auto& item : p.items) {
                    if (slot > item.dose.sessionsPerDay)
                        continue;
                    bool paper = session.source == SessionSource::Paper;
                    if (item.dose.side == Side::Each) {
                        session.entries.push_back({item.exerciseId, Side::Left,
                                                   paper || random.chance(plan.completeness)});
                        session.entries.push_back({item.exerciseId, Side::Right,
                                                   paper || random.chance(plan.completeness)});
                    } else {
                        session.entries.push_back({item.exerciseId, item.dose.side,
                                                   paper || random.chance(plan.completeness)});
                    }
                }
                session.recordedAt = now - static_cast<std::int64_t>(date.daysUntil(today)) * 86400;
                completeSession(session, p);
                sessions.push_back(std::move(session));
            }
        }
        summary.sessions += _store.saveSessions(sessions, {});
        ++summary.patients;
        if (progress)
            progress(summary.patients, size.patients);
    }
    Actor generator{summary.clinicId, 0, Role::Admin, "limber demo", "command line"};
    _audit.record(generator, std::nullopt, "demo.generate",
                  std::to_string(summary.patients) + " patients, " +
                      std::to_string(summary.sessions) + " sessions over " +
                      std::to_string(size.days) + " days");
    return summary;
}

} // namespace Limber
