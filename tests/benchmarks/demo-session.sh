# Sourced by the benchmark scripts: signs in to a running demo clinic and opens a check-in link.
#   demo_session BASE_URL WORK_DIR
# sets cookie ("Cookie: ..." of the signed-in demo therapist), csrf (the API's CSRF token),
# patient (the id of a demo patient with a running program), link (that patient's /p/TOKEN) and
# patient_cookie ("Cookie: ..." of the opened check-in link, what a patient's phone sends to /p).

# The cookies of a curl cookie jar as one Cookie header value (the portal's are Secure and
# __Host- prefixed, which curl would not send over plain HTTP by itself).
cookies_of() {
    awk 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) {printf "%s%s=%s", sep, $6, $7; sep = "; "}' "$1"
}

demo_session() {
    local base=$1 work=$2 login id page
    login=$(curl -sf -c "$work/jar" -H 'Content-Type: application/json' \
        -d '{"email":"demo@limber.example","password":"limber-demo"}' "$base/api/v1/auth/login")
    csrf=$(sed -E 's/.*"csrfToken" *: *"([^"]+)".*/\1/' <<<"$login")
    cookie="Cookie: $(cookies_of "$work/jar")"
    patient=""
    for id in $(curl -sf -H "$cookie" "$base/api/v1/patients" | grep -oE '"id" *: *[0-9]+' |
        grep -oE '[0-9]+$'); do
        page=$(curl -sf -H "$cookie" "$base/patients/$id")
        if link=$(grep -oE '/p/[A-Za-z0-9_-]{43}' <<<"$page" | head -1) && [[ -n "$link" ]] &&
            ! grep -q 'Adherence appears once a program is running' <<<"$page"; then
            patient=$id
            break
        fi
    done
    [[ -n "$patient" ]] || { echo "no demo patient with a program and a link" >&2; return 1; }
    curl -sf -c "$work/pjar" -o /dev/null "$base$link"
    patient_cookie="Cookie: $(cookies_of "$work/pjar")"
}
