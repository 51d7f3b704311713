#include "TestServer.h"
#include "support/TestFiles.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>

using namespace Limber;
using Testing::contains;

namespace {

Actor danaOf(Testing::TestServer& server) {
    auto user = server.application().accounts().userByEmail(Testing::TestServer::EMAIL);
    return {server.clinicId(), user->id, Role::Therapist, user->name, "127.0.0.1"};
}

/// The squares of an SVG QR code as the page draws them ("M<x> <y>h<w>v1h-<w>z" runs in a
/// viewBox of whole modules), painted 8 pixels a module into a PGM image at path.
void rasterize(const std::string& svg, const std::string& path) {
    std::smatch box;
    ASSERT_TRUE(std::regex_search(svg, box, std::regex("viewBox=\"0 0 (\\d+) (\\d+)\"")));
    const int side = std::stoi(box[1]), scale = 8;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(side * side * scale * scale), 255);
    const std::regex run("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
    int runs = 0;
    for (std::sregex_iterator it(svg.begin(), svg.end(), run), end; it != end; ++it, ++runs) {
        int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), w = std::stoi((*it)[3]);
        for (int py = y * scale; py < (y + 1) * scale; ++py)
            for (int px = x * scale; px < (x + w) * scale; ++px)
                pixels[static_cast<std::size_t>(py * side * scale + px)] = 0;
    }
    ASSERT_GT(runs, 20);
    std::ofstream out(path, std::ios::binary);
    out << "P5\n" << side * scale << " " << side * scale << "\n255\n";
    out.write(reinterpret_cast<const char*>(pixels.data()),
              static_cast<std::streamsize>(pixels.size()));
}

/// What zbarimg reads in the image (its raw text, without the trailing newline).
std::string decodeQr(const std::string& imagePath) {
    std::string command = "zbarimg --quiet --raw -Sdisable -Sqrcode.enable '" + imagePath + "'";
    std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), &pclose);
    std::string text;
    char buffer[512];
    while (pipe && fgets(buffer, sizeof buffer, pipe.get()))
        text += buffer;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

} // namespace

TEST(CheckinCode, ThePatientPageShowsTheLinkAsAQrCodeAndTheTypedCode) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana = danaOf(server);
    Patient patient = app.patients().create(dana, {"Lucía Núñez", "Lucía", "C3", "es"});
    PatientLink link = app.patients().links(dana, patient.id).front();
    const std::string url = app.links().urlOf(link);
    const std::string token = app.links().tokenOf(link);
    const std::string code = app.links().codeOf(link);

    Testing::HttpTestClient browser = server.signedIn();
    std::string page = browser.get("/patients/" + std::to_string(patient.id)).body;
    std::smatch svg;
    ASSERT_TRUE(std::regex_search(page, svg, std::regex("<svg class=\"qr\"[\\s\\S]*?</svg>")));
    const std::string qr = svg[0];
    EXPECT_TRUE(contains(qr, "role=\"img\" aria-label=\"QR code of the check-in link\""));
    // The token is in the squares only, never in the markup's text.
    EXPECT_FALSE(contains(qr, token));
    Testing::TempDir dir;
    rasterize(qr, dir.file("qr.pgm"));
    EXPECT_EQ(decodeQr(dir.file("qr.pgm")), url);

    EXPECT_TRUE(contains(page, "<code>" + code + "</code>"));
    EXPECT_TRUE(contains(page, "<strong>" + app.links().codeEntryAddress() + "</strong>"));
    // Shown once as text, as before; nowhere else (no title, no data attribute, no label).
    std::size_t first = page.find(token);
    ASSERT_NE(first, std::string::npos);
    EXPECT_EQ(page.find(token, first + 1), std::string::npos);

    // A revoked link is neither drawn nor typed.
    app.patients().revokeLink(dana, patient.id, link.id);
    std::string after = browser.get("/patients/" + std::to_string(patient.id)).body;
    EXPECT_FALSE(contains(after, "<svg class=\"qr\""));
    EXPECT_FALSE(contains(after, code));
}

TEST(CheckinCode, TheTypedCodeOpensTheSamePageAsTheScannedLink) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana = danaOf(server);
    Patient patient = app.patients().create(dana, {"Ana Pérez", "Ana", "C1", "es"});
    PatientLink link = app.patients().links(dana, patient.id).front();
    std::string code = app.links().codeOf(link);
    ASSERT_EQ(code.size(), 14u); // XXXX-XXXX-XXXX
    EXPECT_EQ(code[4], '-');

    Testing::HttpTestClient phone = server.client();
    Testing::HttpReply form = phone.get("/p/code");
    EXPECT_EQ(form.status, 200);
    EXPECT_TRUE(contains(form.body, "name=\"code\""));
    // Typed as people type: small letters, spaces, an O for a 0.
    std::string typed;
    for (char c : code)
        typed += c == '-' ? ' ' : static_cast<char>(std::tolower(c == '0' ? 'O' : c));
    Testing::HttpReply opened = phone.postForm("/p/code", {{"code", typed}});
    EXPECT_EQ(opened.status, 303);
    EXPECT_EQ(opened.header("location"), "/p");
    EXPECT_EQ(phone.cookie("__Host-limber_link"), app.links().tokenOf(link));
    Testing::HttpReply page = phone.get("/p");
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Ana"));
}

TEST(CheckinCode, WrongCodesCountAsWrongLinksAndRevokedLinksCodesStopWorking) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana = danaOf(server);
    Patient patient = app.patients().create(dana, {"Bo Berg", "Bo", "C2", "en"});
    PatientLink link = app.patients().links(dana, patient.id).front();
    std::string code = app.links().codeOf(link);

    Testing::HttpTestClient guesser = server.client();
    Testing::HttpReply wrong = guesser.postForm("/p/code", {{"code", "ZZZZ-ZZZZ-ZZZZ"}});
    EXPECT_EQ(wrong.status, 404);
    EXPECT_TRUE(contains(wrong.body, "does not open a check-in page"));
    EXPECT_TRUE(guesser.cookie("__Host-limber_link").empty());
    // Ten wrong tries are free, as for links; the eleventh makes the address wait.
    for (int i = 2; i <= 11; ++i)
        EXPECT_EQ(guesser.postForm("/p/code", {{"code", "guess " + std::to_string(i)}}).status,
                  404);
    Testing::HttpReply limited = guesser.postForm("/p/code", {{"code", code}});
    EXPECT_EQ(limited.status, 429) << "a right code after many wrong ones waits too";
    EXPECT_TRUE(guesser.cookie("__Host-limber_link").empty());

    app.patients().revokeLink(dana, patient.id, link.id);
    server.clock().advanceSeconds(60 * 60); // the address's wait is over
    Testing::HttpTestClient patientPhone = server.client();
    EXPECT_EQ(patientPhone.postForm("/p/code", {{"code", code}}).status, 404);
}

TEST(CheckinCode, TheHandoutPrintsTheCodeAndWhereToTypeIt) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana = danaOf(server);
    Patient patient = app.patients().create(dana, {"Cy Cole", "Cy", "C3", "en"});
    Testing::HttpTestClient therapist = server.signedIn();
    ASSERT_EQ(therapist
                  .postJson("/api/v1/patients/" + std::to_string(patient.id) + "/programs",
                            Testing::programJson())
                  .status,
              201);
    std::int64_t programId =
        app.store().programsOfPatient(server.clinicId(), patient.id).front().id;
    Handout handout = app.handouts().prepare(dana, programId, std::nullopt);
    PatientLink link = app.patients().links(dana, patient.id).front();
    EXPECT_EQ(handout.checkinCode, app.links().codeOf(link));
    EXPECT_EQ(handout.checkinUrl, app.links().urlOf(link));
    const std::string entryUrl = "127.0.0.1:" + std::to_string(server.port()) + "/p/code";
    EXPECT_EQ(handout.codeEntryUrl, entryUrl);

    // And the printed handout, as the therapist downloads it, shows both to the patient.
    Testing::HttpReply pdf =
        therapist.get("/patients/" + std::to_string(patient.id) + "/handout.pdf");
    ASSERT_EQ(pdf.status, 200);
    ASSERT_EQ(pdf.header("content-type"), "application/pdf");
    Testing::TempDir dir;
    Testing::writeFile(dir.file("handout.pdf"), pdf.body);
    Testing::ProcessResult text = Testing::runProcess("pdftotext", {dir.file("handout.pdf"), "-"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_TRUE(contains(text.out, app.links().codeOf(link))) << text.out;
    EXPECT_TRUE(contains(text.out, entryUrl)) << text.out;
}
