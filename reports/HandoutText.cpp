#include "HandoutText.h"

#include "domain/DateStyle.h"

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
    "Page %d of %d",
    "Your exercises at a glance",
    "Exercise",
    "Dose",
    "Dates",
    "Steps",
    "Scan this code with your phone's camera to open your personal check-in page.",
    "No camera? Go to %s and type this code:",
    "Your log sheet",
    "Tick a box each time you do your exercises. At the end of each week, write down how your "
    "back felt, from 0 (no pain) to 10 (the worst pain you can imagine). Bring this sheet to "
    "your next visit.",
    "Prefer your phone? Scan the code on page 1, or type the code printed there.",
    "Week",
    "Pain 0\u201310",
    "Shaded days are outside your program.",
    {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
    "en",
    "Preview, not saved"};

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
    "Página %d de %d",
    "Sus ejercicios de un vistazo",
    "Ejercicio",
    "Dosis",
    "Fechas",
    "Pasos",
    "Escanee este código con la cámara del teléfono para abrir su página personal de registro.",
    "¿Sin cámara? Entre en %s y escriba este código:",
    "Su hoja de registro",
    "Marque una casilla cada vez que haga sus ejercicios. Al final de cada semana, anote cómo "
    "sintió la espalda, de 0 (sin dolor) a 10 (el peor dolor que pueda imaginar). Traiga esta "
    "hoja a su próxima visita.",
    "¿Prefiere el teléfono? Escanee el código de la página 1 o escriba el código impreso allí.",
    "Semana",
    "Dolor 0\u201310",
    "Los días sombreados quedan fuera de su programa.",
    {"lun", "mar", "mié", "jue", "vie", "sáb", "dom"},
    "es",
    "Vista previa, sin guardar"};

} // namespace

const HandoutText& handoutText(std::string_view language) {
    return language == "es" ? SPANISH : ENGLISH;
}

std::string formatDayMonth(const HandoutText& text, Date date) {
    return dayMonthText(date, text.language);
}

std::string formatDayRange(const HandoutText& text, Date first, Date last) {
    const char* dash = "\u2013";
    if (first.month() != last.month())
        return formatDayMonth(text, first) + dash + formatDayMonth(text, last);
    return std::to_string(first.day()) + dash + std::to_string(last.day()) + " " +
           monthShort(first.month(), text.language);
}

std::string formatDate(const HandoutText& text, Date date) {
    return dateText(date, text.language);
}

} // namespace Limber
