#include "HandoutText.h"

namespace Limber {

namespace {

const HandoutText ENGLISH{
    "Your home exercise program",
    "Patient",
    "Therapist",
    "Program",
    "version",
    "Printed",
    "From",
    "to",
    "How often",
    "Tips",
    "Take care",
    "Easier",
    "Harder",
    "Note from your therapist",
    "Good habits",
    "Safety: read before you start",
    {"Stretch to a mild tension, never to pain. Breathe slowly; do not bounce.",
     "Stop and contact the clinic if pain spreads down a leg, if you feel numbness or tingling, "
     "or if pain is worse the next morning.",
     "Seek care at once if you lose control of your bladder or bowels, or feel numbness in the "
     "groin."},
    "Log your sessions",
    "Each time you practise, tick the log or open your personal check-in page:",
    "Tick the log after each session. Ask the clinic for your personal check-in link to log "
    "sessions from your phone.",
    "Page %d of %d"};

const HandoutText SPANISH{
    "Su programa de ejercicios en casa",
    "Paciente",
    "Terapeuta",
    "Programa",
    "versión",
    "Impreso",
    "Del",
    "al",
    "Frecuencia",
    "Consejos",
    "Precaución",
    "Más fácil",
    "Más difícil",
    "Nota de su terapeuta",
    "Buenos hábitos",
    "Seguridad: lea esto antes de empezar",
    {"Estire hasta sentir una tensión leve, nunca dolor. Respire despacio; no haga rebotes.",
     "Deténgase y llame a la clínica si el dolor baja por una pierna, si siente entumecimiento u "
     "hormigueo, o si el dolor empeora a la mañana siguiente.",
     "Busque atención de inmediato si pierde el control de la vejiga o del intestino, o si "
     "siente entumecimiento en la ingle."},
    "Registre sus sesiones",
    "Cada vez que practique, marque el registro o abra su página personal:",
    "Marque el registro después de cada sesión. Pida a la clínica su enlace personal para "
    "registrar sesiones desde el teléfono.",
    "Página %d de %d"};

} // namespace

const HandoutText& handoutText(std::string_view language) {
    return language == "es" ? SPANISH : ENGLISH;
}

} // namespace Limber
