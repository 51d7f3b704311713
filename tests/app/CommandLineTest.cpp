// The command line as a user runs it: exit codes, one-line reasons, files written or not.
#include "app/Application.h"
#include "store/Database.h"
#include "store/Migrations.h"
#include "support/HttpTestClient.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using namespace Limber;

namespace {

Testing::ProcessResult limber(const std::vector<std::string>& args) {
    return Testing::runProcess(LIMBER_BINARY, args);
}

int lineCount(const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST(CommandLine, HelpListsTheCommands) {
    Testing::ProcessResult help = limber({"--help"});
    EXPECT_EQ(help.exitCode, 0);
    for (const char* command :
         {"limber serve", "limber handout", "limber catalog check", "limber catalog list"})
        EXPECT_NE(help.out.find(command), std::string::npos) << command;
}

TEST(CommandLine, AWrongCommandLineExitsTwoWithOneLine) {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{},
                                               {"dance"},
                                               {"serve", "--port", "99999"},
                                               {"serve", "--colour"},
                                               {"handout", "a.json"},
                                               {"catalog", "dance"},
                                               {"catalog", "list", "--lang", "fr"},
                                               {"catalog", "list", "--region", "elbow"}}) {
        Testing::ProcessResult result = limber(args);
        EXPECT_EQ(result.exitCode, 2) << result.err;
        EXPECT_EQ(lineCount(result.err), 1) << result.err;
        EXPECT_EQ(result.err.rfind("limber: ", 0), 0u) << result.err;
    }
}

TEST(CommandLine, PrintsTheExampleProgram) {
    Testing::TempDir dir;
    std::string pdf = dir.file("runner.pdf");
    Testing::ProcessResult result = limber(
        {"handout", Testing::sourcePath("examples/programs/runner-back-care.json"), "-o", pdf});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(Testing::runProcess("qpdf", {"--check", pdf}).exitCode, 0);
    std::string text = Testing::runProcess("pdftotext", {pdf, "-"}).out;
    EXPECT_NE(text.find("José Núñez-Åberg"), std::string::npos);
    EXPECT_NE(text.find("Kneeling hip flexor stretch"), std::string::npos);
    EXPECT_NE(text.find("Hold 5 breaths"), std::string::npos);

    Testing::ProcessResult spanish =
        limber({"handout", Testing::sourcePath("examples/programs/runner-back-care.json"), "-o",
                dir.file("es.pdf"), "--lang", "es", "--paper", "a4", "--large-print"});
    ASSERT_EQ(spanish.exitCode, 0) << spanish.err;
    EXPECT_NE(Testing::runProcess("pdftotext", {dir.file("es.pdf"), "-"}).out.find("Mantener 30 s"),
              std::string::npos);
}

TEST(CommandLine, ABadProgramFileFailsWithTheFieldAndLeavesNoFile) {
    Testing::TempDir dir;
    std::string program = dir.file("bad.json");
    std::string text =
        Testing::readFile(Testing::sourcePath("examples/programs/runner-back-care.json"));
    text.replace(text.find("\"tree-pose\""), 11, "\"moonwalk\"");
    Testing::writeFile(program, text);
    Testing::ProcessResult result = limber({"handout", program, "-o", dir.file("out.pdf")});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(lineCount(result.err), 1) << result.err;
    EXPECT_NE(result.err.find("items[3].exercise"), std::string::npos) << result.err;
    EXPECT_FALSE(Poco::File(dir.file("out.pdf")).exists());

    Testing::ProcessResult missing =
        limber({"handout", dir.file("none.json"), "-o", dir.file("o.pdf")});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("none.json"), std::string::npos);
}

TEST(CommandLine, TheBuiltInPackPassesItsCheck) {
    Testing::ProcessResult result = limber(
        {"catalog", "check", "--strict", Testing::sourcePath("src/catalog/packs/back-care.json")});
    EXPECT_EQ(result.exitCode, 0) << result.err;
}

TEST(CommandLine, TheExampleClinicPackPassesAndJoinsTheList) {
    std::string pack = Testing::sourcePath("examples/packs/bayview-clinic.json");
    Testing::ProcessResult check = limber({"catalog", "check", "--strict", pack});
    EXPECT_EQ(check.exitCode, 0) << check.err;
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"), "catalog.packs = " + pack + "\n");
    Testing::ProcessResult list =
        limber({"catalog", "list", "--config", dir.file("limber.properties"), "--search", "wall"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_NE(list.out.find("wall-sit"), std::string::npos);
    Testing::ProcessResult all =
        limber({"catalog", "list", "--config", dir.file("limber.properties")});
    EXPECT_NE(all.out.find("bayview-return-to-running"), std::string::npos);
}

TEST(CommandLine, CatalogCheckListsEveryProblemOfABadPack) {
    Testing::TempDir dir;
    std::string pack = dir.file("clinic.json");
    Testing::writeFile(pack, R"({"format": "limber.pack/1", "id": "clinic.x", "name": "X",
        "version": "1", "languages": ["en"], "exercises": [
        {"id": "tree-pose", "strategy": "s", "type": "balance", "regions": ["hip"],
         "position": "standing", "defaultDose": {"reps": 0}, "source": "s",
         "text": {"en": {"name": "Tree", "steps": ["Stand."]}}},
        {"id": "Bad Id", "strategy": "s", "type": "yoga", "regions": [], "position": "p",
         "defaultDose": {}, "source": "s", "text": {"en": {"name": "B", "steps": ["x"]}}}]})");
    Testing::ProcessResult result = limber({"catalog", "check", pack});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("clinic.json: tree-pose: defaultDose.reps: must be between 1 and 50"),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find(": Bad Id: id: must be lower-case"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(": Bad Id: type:"), std::string::npos) << result.err;
}

TEST(CommandLine, ServeStartsAndStopsCleanlyOnSigint) {
    Testing::TempDir dir;
    Poco::Pipe out;
    Poco::ProcessHandle process = Poco::Process::launch(
        LIMBER_BINARY, {"serve", "--port", "0", "--data-dir", dir.path(), "--demo"}, nullptr, &out,
        nullptr);
    Poco::PipeInputStream lines(out);
    std::string first;
    std::getline(lines, first);
    std::smatch match;
    ASSERT_TRUE(std::regex_search(first, match, std::regex("http://127\\.0\\.0\\.1:(\\d+)/")))
        << first;
    unsigned short port = static_cast<unsigned short>(std::stoi(match[1]));
    std::string second;
    std::getline(lines, second);
    EXPECT_NE(second.find("demo@limber.example"), std::string::npos) << second;

    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest request("GET", "/healthz");
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response);
    EXPECT_EQ(response.getStatus(), 200);
    session.reset();

    Poco::Process::requestTermination(process.id()); // SIGINT
    EXPECT_EQ(process.wait(), 0);
    EXPECT_TRUE(Poco::File(dir.file("limber.db")).exists());
    EXPECT_TRUE(Poco::File(dir.file("secret.key")).exists());
}

TEST(CommandLine, UserAddReadsThePasswordFromStdinAndTheUserCanSignIn) {
    Testing::TempDir dir;
    Testing::ProcessResult added =
        Testing::runProcess(LIMBER_BINARY,
                            {"user", "add", "Ana@Clinic.example", "--name", "Ana Admin", "--role",
                             "admin", "--new-clinic", "Harbor PT", "--data-dir", dir.path()},
                            "a fine password\n");
    ASSERT_EQ(added.exitCode, 0) << added.err;
    EXPECT_NE(added.out.find("Added ana@clinic.example (admin)"), std::string::npos);

    Settings settings = loadSettings({{"data.dir", dir.path()}}, std::nullopt);
    {
        Application application(settings);
        EXPECT_TRUE(application.accounts().signIn("ana@clinic.example", "a fine password"));
    }
    // A password is never taken from the command line.
    Testing::ProcessResult asArgument = limber(
        {"user", "passwd", "ana@clinic.example", "--password", "x", "--data-dir", dir.path()});
    EXPECT_EQ(asArgument.exitCode, 2);
    Testing::ProcessResult tooShort = Testing::runProcess(
        LIMBER_BINARY, {"user", "passwd", "ana@clinic.example", "--data-dir", dir.path()},
        "short\n");
    EXPECT_EQ(tooShort.exitCode, 1);
    EXPECT_NE(tooShort.err.find("password: must be 8 to 128 characters"), std::string::npos);
    Testing::ProcessResult changed = Testing::runProcess(
        LIMBER_BINARY, {"user", "passwd", "ana@clinic.example", "--data-dir", dir.path()},
        "another good password\n");
    EXPECT_EQ(changed.exitCode, 0) << changed.err;
    EXPECT_EQ(limber({"user", "disable", "ana@clinic.example", "--data-dir", dir.path()}).exitCode,
              0);
    {
        Application application(settings);
        EXPECT_FALSE(application.accounts().signIn("ana@clinic.example", "another good password"))
            << "disabled";
    }
    EXPECT_EQ(
        limber({"user", "disable", "nobody@clinic.example", "--data-dir", dir.path()}).exitCode, 1);
}

TEST(CommandLine, AuditVerifyNamesTheFirstTamperedEntry) {
    Testing::TempDir dir;
    for (const char* email : {"a@clinic.example", "b@clinic.example", "c@clinic.example"}) {
        std::vector<std::string> args = {"user",    "add",        email,     "--name",
                                         "Someone", "--data-dir", dir.path()};
        if (std::string(email) == "a@clinic.example") {
            args.push_back("--new-clinic");
            args.push_back("Harbor PT");
        }
        ASSERT_EQ(Testing::runProcess(LIMBER_BINARY, args, "a fine password\n").exitCode, 0);
    }
    Testing::ProcessResult intact = limber({"audit", "verify", "--data-dir", dir.path()});
    EXPECT_EQ(intact.exitCode, 0) << intact.err;
    EXPECT_NE(intact.out.find("intact: 3 entries"), std::string::npos) << intact.out;

    // Someone with the database edits the second entry to hide what was done.
    {
        Database database({SqlDialect::SQLite, dir.file("limber.db")});
        database.write([](Poco::Data::Session& session) {
            session << "UPDATE audit_events SET detail = 'nothing' WHERE id = 2",
                Poco::Data::Keywords::now;
        });
    }
    Testing::ProcessResult tampered = limber({"audit", "verify", "--data-dir", dir.path()});
    EXPECT_EQ(tampered.exitCode, 1);
    EXPECT_NE(tampered.err.find("audit entry 2 "), std::string::npos) << tampered.err;
    EXPECT_NE(tampered.err.find("does not match its hash"), std::string::npos);

    // Removing an entry breaks the link of the one after it.
    {
        Database database({SqlDialect::SQLite, dir.file("limber.db")});
        database.write([](Poco::Data::Session& session) {
            session << "DELETE FROM audit_events WHERE id = 2", Poco::Data::Keywords::now;
        });
    }
    Testing::ProcessResult removed = limber({"audit", "verify", "--data-dir", dir.path()});
    EXPECT_EQ(removed.exitCode, 1);
    EXPECT_NE(removed.err.find("audit entry 3 "), std::string::npos) << removed.err;
}

namespace {

int pagesOf(const std::string& pdf) {
    std::string info = Testing::runProcess("pdfinfo", {pdf}).out;
    return std::stoi(info.substr(info.find("Pages:") + 6));
}

} // namespace

TEST(CommandLine, PrintsManyProgramsIntoAFolderOrOnePrintFile) {
    Testing::TempDir dir;
    std::string example =
        Testing::readFile(Testing::sourcePath("examples/programs/runner-back-care.json"));
    Poco::File(dir.file("more")).createDirectories();
    Testing::writeFile(dir.file("ana.json"), example);
    Testing::writeFile(dir.file("more/bo.json"),
                       std::regex_replace(example, std::regex("José Núñez-Åberg"), "Bo Berg"));
    Testing::writeFile(
        dir.file("more/cy.json"),
        std::regex_replace(example, std::regex("José Núñez-Åberg"), "Γιώργος Παπαδόπουλος"));
    Testing::writeFile(dir.file("more/notes.txt"), "not a program");

    Testing::ProcessResult batch =
        limber({"handout", dir.file("ana.json"), dir.file("more"), "-o", dir.file("out")});
    ASSERT_EQ(batch.exitCode, 0) << batch.err;
    EXPECT_EQ(batch.err, "") << "no progress bar when standard error is not a terminal";
    for (const char* name : {"ana.pdf", "bo.pdf", "cy.pdf"})
        EXPECT_EQ(Testing::runProcess("qpdf", {"--check", dir.file("out/") + name}).exitCode, 0)
            << name;
    EXPECT_NE(Testing::runProcess("pdftotext", {dir.file("out/cy.pdf"), "-"})
                  .out.find("Γιώργος Παπαδόπουλος"),
              std::string::npos);

    Testing::ProcessResult combined = limber({"handout", dir.file("ana.json"), dir.file("more"),
                                              "--combined", dir.file("day.pdf"), "--paper", "a4"});
    ASSERT_EQ(combined.exitCode, 0) << combined.err;
    int single = pagesOf(dir.file("out/ana.pdf"));
    EXPECT_EQ(pagesOf(dir.file("day.pdf")), 3 * single);
    std::string text = Testing::runProcess("pdftotext", {dir.file("day.pdf"), "-"}).out;
    EXPECT_NE(text.find("Bo Berg"), std::string::npos);
    EXPECT_NE(text.find("Page " + std::to_string(single) + " of " + std::to_string(single)),
              std::string::npos)
        << "each handout counts its own pages";
}

/// Seeds dir's database: clinic Bayview, therapist Dana Whitfield, patients Ana Pérez (BV-1,
/// Spanish) and Bo Berg (BV-2, English), a program starting today for Ana and, when boToo, the
/// same for Bo; then more(app, ana). Returns the day the programs take effect.
Date seedDueClinic(const Testing::TempDir& dir, bool boToo,
                   const std::function<void(Application&, const Patient&)>& more = {}) {
    Settings settings;
    settings.dataDir = dir.path();
    Application app(settings);
    std::int64_t clinicId = app.accounts().createClinic({0, "Bayview", "", ""});
    std::int64_t userId = app.accounts()
                              .createUser(clinicId, "dana@bayview.example", "Dana Whitfield",
                                          Role::Therapist, "a long enough password")
                              .id;
    Actor dana(clinicId, userId, Role::Therapist, "Dana Whitfield", "test");
    Patient ana = app.patients().create(dana, {"Ana Pérez", "Ana", "BV-1", "es"});
    Patient bo = app.patients().create(dana, {"Bo Berg", "Bo", "BV-2", "en"});
    Prescription p;
    p.title = "Back care";
    p.startDate = app.clock().today();
    p.endDate = p.startDate.plusDays(27);
    p.items.push_back({"tree-pose", app.catalog().defaultDose("tree-pose").value(), ""});
    std::int64_t programId = app.programs().create(dana, ana.id, p).program.id;
    if (boToo)
        app.programs().create(dana, bo.id, p);
    if (more)
        more(app, ana);
    return app.store().program(clinicId, programId)->current().effectiveFrom;
}

TEST(CommandLine, HandoutsFromTheDatabasePrintAsTheClinicAndEachPatientLastChose) {
    Testing::TempDir dir;
    Date effective = seedDueClinic(dir, true, [](Application& app, const Patient& ana) {
        // Last printed from the portal: on A4; Ana's in English and large print.
        app.store().setClinicPaper(ana.clinicId, PaperSize::A4);
        app.store().setPatientPrintChoices(ana.clinicId, ana.id, {true, "en"});
    });
    auto print = [&](const std::string& folder, std::vector<std::string> extra) {
        std::vector<std::string> args = {"handout",       "--data-dir",         dir.path(),
                                         "--date",        effective.toString(), "-o",
                                         dir.file(folder)};
        args.insert(args.end(), extra.begin(), extra.end());
        Testing::ProcessResult result = limber(args);
        EXPECT_EQ(result.exitCode, 0) << result.err;
    };
    auto info = [&](const std::string& file) {
        return Testing::runProcess("pdfinfo", {dir.file(file)}).out;
    };
    auto text = [&](const std::string& file) {
        return Testing::runProcess("pdftotext", {dir.file(file), "-"}).out;
    };
    // Large print sets every text larger: the height of the title's first word tells.
    auto titleHeight = [&](const std::string& file) {
        std::string boxes = Testing::runProcess("pdftotext", {"-bbox", dir.file(file), "-"}).out;
        static const std::regex firstYour(
            R"re(yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">Your<)re");
        std::smatch found;
        if (!std::regex_search(boxes, found, firstYour))
            return 0.0;
        return std::stod(found[2]) - std::stod(found[1]);
    };

    print("remembered", {});
    EXPECT_NE(info("remembered/BV-1-program-1-v1.pdf").find("(A4)"), std::string::npos);
    EXPECT_NE(info("remembered/BV-2-program-2-v1.pdf").find("(A4)"), std::string::npos);
    EXPECT_NE(text("remembered/BV-1-program-1-v1.pdf").find("Your log sheet"), std::string::npos)
        << "Ana's handouts were last printed in English";
    EXPECT_NE(text("remembered/BV-2-program-2-v1.pdf").find("Your log sheet"), std::string::npos);

    // What the command line names wins over what was remembered.
    print("named", {"--paper", "letter", "--lang", "es"});
    EXPECT_NE(info("named/BV-1-program-1-v1.pdf").find("(letter)"), std::string::npos);
    EXPECT_NE(text("named/BV-1-program-1-v1.pdf").find("Su hoja de registro"), std::string::npos);
    EXPECT_NE(text("named/BV-2-program-2-v1.pdf").find("Su hoja de registro"), std::string::npos);
    EXPECT_GT(titleHeight("remembered/BV-1-program-1-v1.pdf"),
              1.2 * titleHeight("remembered/BV-2-program-2-v1.pdf"))
        << "Ana's handouts were last printed in large print, Bo's not";
    print("large", {"--large-print"});
    EXPECT_GT(titleHeight("large/BV-2-program-2-v1.pdf"),
              1.2 * titleHeight("remembered/BV-2-program-2-v1.pdf"));
}

TEST(CommandLine, ABadFileInABatchStopsItBeforeAnythingIsWritten) {
    Testing::TempDir dir;
    std::string example =
        Testing::readFile(Testing::sourcePath("examples/programs/runner-back-care.json"));
    Testing::writeFile(dir.file("good.json"), example);
    Testing::writeFile(dir.file("bad.json"),
                       std::regex_replace(example, std::regex("\"reps\": 2"), "\"reps\": 0"));
    Testing::ProcessResult result =
        limber({"handout", dir.file("good.json"), dir.file("bad.json"), "-o", dir.file("out")});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(lineCount(result.err), 1) << result.err;
    EXPECT_NE(result.err.find("bad.json"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("reps"), std::string::npos) << result.err;
    EXPECT_FALSE(Poco::File(dir.file("out/good.pdf")).exists());
}

TEST(CommandLine, PrintsTheProgramsThatTakeEffectOnADayFromTheDatabase) {
    Testing::TempDir dir;
    Date effective = seedDueClinic(dir, false);
    Testing::ProcessResult due = limber({"handout", "--data-dir", dir.path(), "--date",
                                         effective.toString(), "-o", dir.file("today")});
    ASSERT_EQ(due.exitCode, 0) << due.err;
    std::vector<std::string> files;
    Poco::File(dir.file("today")).list(files);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0], "BV-1-program-1-v1.pdf");
    std::string text = Testing::runProcess("pdftotext", {dir.file("today/" + files[0]), "-"}).out;
    EXPECT_NE(text.find("Ana Pérez"), std::string::npos);
    EXPECT_NE(text.find("Su hoja de registro"), std::string::npos) << "in the patient's language";

    Testing::ProcessResult none =
        limber({"handout", "--data-dir", dir.path(), "--date", effective.plusDays(1).toString(),
                "-o", dir.file("tomorrow")});
    EXPECT_EQ(none.exitCode, 0) << none.err;
    EXPECT_NE(none.err.find("nothing to print"), std::string::npos);
}

TEST(CommandLine, ASpanishHandoutPrintsNoEnglishWordsOfItsOwn) {
    Testing::TempDir dir;
    std::string program = dir.file("es.json");
    Testing::writeFile(program, R"({"language": "es",
      "clinic": {"name": "Clínica Bahía"}, "therapist": {"name": "Dana Whitfield"},
      "patient": {"name": "Lucía Gómez", "firstName": "Lucía"},
      "title": "Espalda sana", "startDate": "2026-11-23", "endDate": "2027-01-03",
      "items": [{"exercise": "back-flexion-stretch"}, {"exercise": "kneeling-hip-flexor-stretch"},
                {"exercise": "tree-pose"}, {"exercise": "glute-bridge", "dose": {"sets": 3}}],
      "education": ["right-shoes", "warm-up", "hurt-versus-harm"]})");
    Testing::ProcessResult result = limber({"handout", program, "-o", dir.file("es.pdf")});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    std::string text = Testing::runProcess("pdftotext", {dir.file("es.pdf"), "-"}).out;
    for (const char* spanish :
         {"Estiramiento en flexión de espalda", "Postura del árbol", "Puente de glúteos",
          "Mantener 30 s", "3 series", "cada lado", "Consejos", "Precaución", "Más fácil",
          "Molestia o daño", "Seguridad", "Página 1 de"})
        EXPECT_NE(text.find(spanish), std::string::npos) << spanish;
    for (const char* english :
         {"Hold", "reps", "each side", "Tips", "Take care", "Easier", "Harder", "Page ", "Printed",
          "Therapist", "Safety", "Good habits", "once a day", "every day", "days a week"})
        EXPECT_EQ(text.find(english), std::string::npos) << english;
}

TEST(CommandLine, HandoutShowsGuardrailWarningsAndRefusesImpossibleDoses) {
    Testing::TempDir dir;
    std::string program = dir.file("p.json");
    std::string text =
        Testing::readFile(Testing::sourcePath("examples/programs/runner-back-care.json"));
    Testing::writeFile(program, text);
    Testing::ProcessResult plain = limber({"handout", program, "-o", dir.file("a.pdf")});
    ASSERT_EQ(plain.exitCode, 0) << plain.err;
    EXPECT_EQ(plain.err.find("warning"), std::string::npos) << plain.err;

    std::string shortHold = text;
    shortHold.replace(shortHold.find("\"holdSeconds\": 30"), 17, "\"holdSeconds\": 5");
    Testing::writeFile(program, shortHold);
    Testing::ProcessResult warned = limber({"handout", program, "-o", dir.file("b.pdf")});
    EXPECT_EQ(warned.exitCode, 0);
    EXPECT_NE(warned.err.find("warning: "), std::string::npos) << warned.err;
    EXPECT_NE(warned.err.find("dose.holdSeconds"), std::string::npos) << warned.err;

    std::string tooLong = text;
    tooLong.replace(tooLong.find("\"holdSeconds\": 30"), 17, "\"holdSeconds\": 700");
    Testing::writeFile(program, tooLong);
    Testing::ProcessResult refused = limber({"handout", program, "-o", dir.file("c.pdf")});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_NE(refused.err.find("holdSeconds: must be between 1 and 600"), std::string::npos)
        << refused.err;
}

TEST(CommandLine, CatalogListPrintsTheCatalogInSpanishOrAsJson) {
    Testing::ProcessResult es = limber({"catalog", "list", "--lang", "es"});
    ASSERT_EQ(es.exitCode, 0) << es.err;
    EXPECT_NE(es.out.find("Postura del árbol"), std::string::npos);
    EXPECT_NE(es.out.find("Mantener 5 respiraciones"), std::string::npos);
    EXPECT_NE(es.out.find("Plantillas"), std::string::npos);
    Testing::ProcessResult found = limber({"catalog", "list", "--search", "RODÍLLA pecho"});
    EXPECT_NE(found.out.find("single-knee-to-chest"), std::string::npos);
    EXPECT_EQ(found.out.find("tree-pose"), std::string::npos);
    Testing::ProcessResult json = limber({"catalog", "list", "--json", "--region", "neck"});
    ASSERT_EQ(json.exitCode, 0) << json.err;
    Poco::JSON::Parser parser;
    auto root = parser.parse(json.out).extract<Poco::JSON::Object::Ptr>();
    auto exercises = root->getArray("exercises");
    ASSERT_GE(exercises->size(), 1u);
    for (std::size_t i = 0; i < exercises->size(); ++i) {
        auto regions = exercises->getObject(i)->getArray("regions");
        bool neck = false;
        for (std::size_t r = 0; r < regions->size(); ++r)
            neck = neck || regions->getElement<std::string>(r) == "neck";
        EXPECT_TRUE(neck);
    }
    EXPECT_GE(root->getArray("templates")->size(), 4u);
}

TEST(CommandLine, CatalogCheckHoldsAClinicsPackToTheBuiltInItJoins) {
    Testing::TempDir dir;
    std::string pack = dir.file("clinic.json");
    Testing::writeFile(pack, R"({"format": "limber.pack/1", "id": "clinic.x", "name": "X",
        "version": "1", "languages": ["en", "es"], "exercises": [
        {"id": "tree-pose", "strategy": "build-balance", "type": "balance", "regions": ["hip"],
         "position": "standing", "defaultDose": {"reps": 1}, "source": "s",
         "text": {"en": {"name": "Tree", "steps": ["Stand."]}}},
        {"id": "wall-sit", "strategy": "build-strength", "type": "strength",
         "regions": ["thigh"], "position": "standing", "defaultDose": {"reps": 3},
         "regressionId": "sit-to-stand", "source": "s",
         "text": {"en": {"name": "Wall sit", "steps": ["Slide down a wall."]}}}]})");
    Testing::ProcessResult result = limber({"catalog", "check", pack});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("clinic.json: tree-pose: id: \"tree-pose\" is already an entry of "
                              "the built-in catalog"),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("clinic.json: wall-sit: strategy: \"build-strength\" is not a known "
                              "strategy"),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("wall-sit: text.es: translation is missing (warning)"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(result.err.find("sit-to-stand"), std::string::npos) << "a built-in link is fine";
}

TEST(CommandLine, CatalogCheckReportsAnExerciseWhoseFigureIsNotInTheLibrary) {
    Testing::TempDir dir;
    std::string pack = dir.file("clinic.json");
    Testing::writeFile(pack, R"({"format": "limber.pack/1", "id": "clinic.x", "name": "X",
        "version": "1", "languages": ["en"], "exercises": [
        {"id": "wall-angel", "strategy": "alignment", "type": "mobility", "regions": ["upper-back"],
         "position": "standing", "defaultDose": {"reps": 8}, "figure": "wall-angel",
         "source": "s", "text": {"en": {"name": "Wall angel", "steps": ["Stand."]}}},
        {"id": "clinic-tree", "strategy": "build-balance", "type": "balance", "regions": ["hip"],
         "position": "standing", "defaultDose": {"reps": 1}, "figure": "tree-pose",
         "source": "s", "text": {"en": {"name": "Tree", "steps": ["Stand."]}}}]})");
    Testing::ProcessResult result = limber({"catalog", "check", pack});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find(
                  "clinic.json: wall-angel: figure: \"wall-angel\" is not a figure of the figure "
                  "library"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(result.err.find("clinic-tree"), std::string::npos) << result.err;
}

TEST(CommandLine, CatalogFiguresWritesEveryDrawingAndASheet) {
    Testing::TempDir dir;
    std::string out = dir.file("figures");
    Testing::ProcessResult result = limber({"catalog", "figures", "-o", out});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    std::string svg = Testing::readFile(out + "/back-flexion-stretch.svg");
    EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
    EXPECT_NE(svg.find("<title>"), std::string::npos);
    EXPECT_TRUE(Poco::File(out + "/tree-pose.svg").exists());
    EXPECT_EQ(Testing::runProcess("qpdf", {"--check", out + "/figures.pdf"}).exitCode, 0);
    EXPECT_EQ(limber({"catalog", "figures"}).exitCode, 2);
}

TEST(CommandLine, ADatabaseOfANewerSchemaIsRefusedInOneLine) {
    Testing::TempDir dir;
    ASSERT_EQ(Testing::runProcess(LIMBER_BINARY,
                                  {"user", "add", "ana@clinic.example", "--name", "Ana",
                                   "--new-clinic", "Harbor PT", "--data-dir", dir.path()},
                                  "a fine password\n")
                  .exitCode,
              0);
    {
        // As a newer Limber would leave it.
        Database database(DatabaseConfig{SqlDialect::SQLite, dir.file("limber.db")});
        database.write([](Poco::Data::Session& session) {
            session << "INSERT INTO schema_migrations (number, name, applied_at) "
                       "VALUES (999, 'from_a_newer_limber', 0)",
                Poco::Data::Keywords::now;
        });
    }
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"serve", "--port", "0", "--data-dir", dir.path()},
          std::vector<std::string>{"user", "disable", "ana@clinic.example", "--data-dir",
                                   dir.path()},
          std::vector<std::string>{"report", "clinic", "--data-dir", dir.path()}}) {
        Testing::ProcessResult refused = limber(command);
        EXPECT_EQ(refused.exitCode, 1) << command.front();
        EXPECT_EQ(refused.err.rfind("limber: the database has schema version 999", 0), 0u)
            << refused.err;
        EXPECT_NE(refused.err.find("the database has schema version 999, newer than this Limber "
                                   "knows (" +
                                   std::to_string(builtInMigrations().back().number) +
                                   "); use a newer Limber or restore a backup"),
                  std::string::npos)
            << refused.err;
        EXPECT_EQ(lineCount(refused.err), 1) << refused.err;
        EXPECT_TRUE(refused.out.empty()) << refused.out;
    }
}

namespace {

/// Runs `limber audit verify` (opens the store and the key, writes nothing) with extra
/// arguments.
Testing::ProcessResult verifyWith(const std::vector<std::string>& where) {
    std::vector<std::string> args = {"audit", "verify"};
    args.insert(args.end(), where.begin(), where.end());
    return limber(args);
}

void expectKeyRefused(const Testing::ProcessResult& refused, const std::string& keyPath) {
    EXPECT_EQ(refused.exitCode, 1) << refused.err;
    EXPECT_EQ(refused.err, "limber: the server key in " + keyPath +
                               " is not the key of the other instances on this database; give "
                               "this instance the shared key: copy secret.key from a working "
                               "instance into its data folder, or set secret.keyFile to the "
                               "shared key's file\n");
    EXPECT_TRUE(refused.out.empty()) << refused.out;
}

} // namespace

TEST(CommandLine, AnotherKeyThanTheDatabasesIsRefusedInOneLineAndAKeyFileIsAccepted) {
    Testing::TempDir dir;
    ASSERT_EQ(verifyWith({"--data-dir", dir.path()}).exitCode, 0);
    const std::string key = Testing::readFile(dir.file("secret.key"));
    ASSERT_GE(key.size(), 32u);

    // The key replaced (a data folder restored without its key, a key made anew).
    Testing::writeFile(dir.file("secret.key"), std::string(43, 'k') + "\n");
    expectKeyRefused(verifyWith({"--data-dir", dir.path()}), dir.path() + "/secret.key");
    for (const char* command : {"serve", "report"}) {
        std::vector<std::string> args = {command};
        if (std::string(command) == "serve")
            args.insert(args.end(), {"--port", "0"});
        else
            args.insert(args.end(), {"clinic"});
        args.insert(args.end(), {"--data-dir", dir.path()});
        expectKeyRefused(limber(args), dir.path() + "/secret.key");
    }

    // The right key from a file named in the configuration: accepted, and the data folder's
    // wrong key is not read.
    Testing::TempDir secrets;
    Testing::writeFile(secrets.file("limber.key"), key);
    Testing::writeFile(dir.file("limber.properties"),
                       "secret.keyFile = " + secrets.file("limber.key") + "\n");
    Testing::ProcessResult accepted =
        verifyWith({"--data-dir", dir.path(), "--config", dir.file("limber.properties")});
    EXPECT_EQ(accepted.exitCode, 0) << accepted.err;
    // A wrong key in that file is refused, naming the file.
    Testing::writeFile(secrets.file("limber.key"), std::string(40, 'w') + "\n");
    expectKeyRefused(
        verifyWith({"--data-dir", dir.path(), "--config", dir.file("limber.properties")}),
        secrets.file("limber.key"));
    // A key file that does not exist stops start-up with the setting's name.
    Testing::writeFile(dir.file("limber.properties"),
                       "secret.keyFile = " + secrets.file("missing.key") + "\n");
    Testing::ProcessResult missing =
        verifyWith({"--data-dir", dir.path(), "--config", dir.file("limber.properties")});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("secret.keyFile: no such file"), std::string::npos) << missing.err;
}

TEST(CommandLine, InstancesOnOnePostgresqlDatabaseMustShareTheKey) {
    Testing::TestDatabase database(SqlDialect::PostgreSQL);
    if (database.dialect() != SqlDialect::PostgreSQL)
        return; // reported skipped (or failed) by TestDatabase
    Testing::TempDir first;
    Testing::TempDir second;
    const std::string config =
        "store.driver = postgresql\nstore.postgresql = " + database.config().connection + "\n";
    Testing::writeFile(first.file("limber.properties"), config);
    Testing::writeFile(second.file("limber.properties"), config);
    ASSERT_EQ(verifyWith({"--data-dir", first.path(), "--config", first.file("limber.properties")})
                  .exitCode,
              0);
    // A second instance with a data folder of its own makes a key of its own: refused.
    expectKeyRefused(
        verifyWith({"--data-dir", second.path(), "--config", second.file("limber.properties")}),
        second.path() + "/secret.key");
    // Given the first's key, it starts.
    Testing::writeFile(second.file("limber.properties"),
                       config + "secret.keyFile = " + first.file("secret.key") + "\n");
    Testing::ProcessResult shared =
        verifyWith({"--data-dir", second.path(), "--config", second.file("limber.properties")});
    EXPECT_EQ(shared.exitCode, 0) << shared.err;
}

TEST(CommandLine, ConfigCheckPrintsTheEffectiveConfigurationWithSecretsMasked) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"),
                       "server.port = 9000\nstore.driver = postgresql\n"
                       "store.postgresql = host=db user=limber password=s3cret\n");
    // The environment wins over the file; the command line's data folder finds the file.
    Testing::ProcessResult result = Testing::runProcess(
        "/usr/bin/env", {"LIMBER_SERVER_PORT=9300", "LIMBER_METRICS_TOKEN=metrics-token-0123456789",
                         LIMBER_BINARY, "config", "check", "--data-dir", dir.path()});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(std::regex_search(
        result.out, std::regex(R"(\nserver\.port = 9300 +# environment LIMBER_SERVER_PORT\n)")))
        << result.out;
    EXPECT_TRUE(std::regex_search(
        result.out,
        std::regex("\nstore\\.postgresql = host=db user=limber password=\\*\\*\\*\\* +# " +
                   dir.file("limber.properties") + "\n")))
        << result.out;
    EXPECT_TRUE(Testing::contains(result.out, "metrics.token = ****"));
    EXPECT_TRUE(
        std::regex_search(result.out, std::regex(R"(\nserver\.queue = 1000 +# default\n)")));
    EXPECT_FALSE(Testing::contains(result.out, "s3cret"));
    EXPECT_FALSE(Testing::contains(result.out, "metrics-token-0123456789"));

    // Every error, each naming its key, and exit code 1.
    Testing::writeFile(dir.file("bad.properties"),
                       "server.threads = many\nlog.format = xml\nserver.prot = 1\n");
    Testing::ProcessResult bad = Testing::runProcess(
        "/usr/bin/env", {"LIMBER_SERVER_PORT=http", LIMBER_BINARY, "config", "check", "--config",
                         dir.file("bad.properties"), "--data-dir", dir.path()});
    EXPECT_EQ(bad.exitCode, 1);
    for (const char* line :
         {"limber: server.prot: is not a setting Limber knows (", "limber: server.port: must be",
          "limber: server.threads: must be", "limber: log.format: must be text or json",
          "limber: the configuration has 4 errors"})
        EXPECT_TRUE(Testing::contains(bad.err, line)) << line << "\n" << bad.err;
    EXPECT_TRUE(bad.out.empty());
}

namespace {

int statusOf(unsigned short port, const std::string& target) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest request("GET", target);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response).ignore(1 << 20);
    return response.getStatus();
}

/// The JSON objects of a log file, one a line; fails the test on a line that is not one.
std::vector<Poco::JSON::Object::Ptr> jsonLines(const std::string& path) {
    std::vector<Poco::JSON::Object::Ptr> entries;
    std::istringstream lines(Testing::readFile(path));
    for (std::string line; std::getline(lines, line);) {
        try {
            entries.push_back(Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>());
        } catch (const Poco::Exception& error) {
            ADD_FAILURE() << "not a JSON line: " << line;
        }
    }
    return entries;
}

} // namespace

TEST(CommandLine, ServeLogsOneJsonLinePerRequestAndReopensItsFileOnSighup) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"), "log.format = json\n");
    Poco::Pipe out;
    Poco::ProcessHandle process = Poco::Process::launch(
        LIMBER_BINARY, {"serve", "--port", "0", "--data-dir", dir.path()}, nullptr, &out, nullptr);
    Poco::PipeInputStream lines(out);
    std::string first;
    std::getline(lines, first);
    std::smatch match;
    ASSERT_TRUE(std::regex_search(first, match, std::regex("http://127\\.0\\.0\\.1:(\\d+)/")))
        << first;
    unsigned short port = static_cast<unsigned short>(std::stoi(match[1]));

    EXPECT_EQ(statusOf(port, "/healthz"), 200);
    // A link token in the path and a patient's name in the query never reach the log.
    EXPECT_NE(statusOf(port, "/p/SecretLinkToken0123456789"), 200);
    EXPECT_EQ(statusOf(port, "/api/v1/patients?q=Maria%20Lopez"), 401);
    EXPECT_EQ(statusOf(port, "/nowhere/Maria"), 404);

    // logrotate moves the file, then sends SIGHUP: the next entries go to a new file.
    ASSERT_EQ(::rename(dir.file("limber.log").c_str(), dir.file("limber.log.1").c_str()), 0);
    ::kill(static_cast<pid_t>(process.id()), SIGHUP);
    for (int i = 0; i < 100 && !Poco::File(dir.file("limber.log")).exists(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(Poco::File(dir.file("limber.log")).exists());
    EXPECT_EQ(statusOf(port, "/healthz"), 200);
    Poco::Process::requestTermination(process.id());
    EXPECT_EQ(process.wait(), 0);

    std::string rotated = Testing::readFile(dir.file("limber.log.1"));
    for (const char* secret : {"SecretLinkToken", "Maria", "Lopez"})
        EXPECT_FALSE(Testing::contains(rotated, secret)) << secret << "\n" << rotated;
    std::map<std::string, Poco::JSON::Object::Ptr> byRoute;
    for (const auto& entry : jsonLines(dir.file("limber.log.1"))) {
        EXPECT_TRUE(entry->has("time") && entry->has("level") && entry->has("logger") &&
                    entry->has("message"));
        if (entry->has("route"))
            byRoute[entry->getValue<std::string>("route")] = entry;
    }
    ASSERT_TRUE(byRoute.count("/healthz")) << rotated;
    const auto& health = byRoute["/healthz"];
    EXPECT_EQ(health->getValue<std::string>("method"), "GET");
    EXPECT_EQ(health->getValue<int>("status"), 200);
    EXPECT_EQ(health->getValue<std::string>("client"), "127.0.0.1");
    EXPECT_GE(health->getValue<double>("ms"), 0.0);
    ASSERT_TRUE(byRoute.count("/p/{token}")) << rotated;
    ASSERT_TRUE(byRoute.count("/api/v1/patients")) << rotated;
    EXPECT_EQ(byRoute["/api/v1/patients"]->getValue<int>("status"), 401);
    ASSERT_TRUE(byRoute.count("(unmatched)")) << rotated;
    EXPECT_EQ(byRoute["(unmatched)"]->getValue<int>("status"), 404);

    std::vector<Poco::JSON::Object::Ptr> reopened = jsonLines(dir.file("limber.log"));
    int healthLines = 0;
    for (const auto& entry : reopened)
        healthLines += entry->has("route") && entry->getValue<std::string>("route") == "/healthz";
    EXPECT_EQ(healthLines, 1) << Testing::readFile(dir.file("limber.log"));
}

TEST(CommandLine, MetricsAreValidPrometheusTextForLoopbackOrTheBearerToken) {
    ASSERT_TRUE(Poco::File("/usr/bin/promtool").exists())
        << "promtool is missing: bash .ci/install-deps --tests installs Debian's prometheus";
    Testing::TempDir dir;
    // Behind a trusted proxy the client is the one it names, so a remote client can be played.
    Testing::writeFile(dir.file("limber.properties"),
                       "server.trustedProxies = 127.0.0.1\n"
                       "metrics.token = metrics-bearer-0123456789\n");
    Poco::Pipe out;
    Poco::ProcessHandle process = Poco::Process::launch(
        LIMBER_BINARY, {"serve", "--port", "0", "--data-dir", dir.path(), "--demo"}, nullptr, &out,
        nullptr);
    Poco::PipeInputStream lines(out);
    std::string first;
    std::getline(lines, first);
    std::smatch match;
    ASSERT_TRUE(std::regex_search(first, match, std::regex("http://127\\.0\\.0\\.1:(\\d+)/")))
        << first;
    unsigned short port = static_cast<unsigned short>(std::stoi(match[1]));

    Testing::HttpTestClient client(port);
    EXPECT_EQ(client.get("/healthz").status, 200);
    EXPECT_EQ(client.get("/healthz").status, 200);
    EXPECT_EQ(client.get("/p/SecretLinkToken0123456789").status, 404);
    EXPECT_EQ(client.signIn("demo@limber.example", "wrong password").status, 401);
    Testing::HttpReply metrics = client.get("/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.header("content-type").rfind("text/plain; version=0.0.4", 0), 0u);

    // A remote client needs the token: none 401, a wrong one 401, the right one 200.
    std::map<std::string, std::string> remote = {{"X-Forwarded-For", "203.0.113.9"}};
    EXPECT_EQ(client.request("GET", "/metrics", "", "", remote).status, 401);
    remote["Authorization"] = "Bearer metrics-bearer-0123456780";
    EXPECT_EQ(client.request("GET", "/metrics", "", "", remote).status, 401);
    remote["Authorization"] = "Bearer metrics-bearer-0123456789";
    EXPECT_EQ(client.request("GET", "/metrics", "", "", remote).status, 200);
    Poco::Process::requestTermination(process.id());
    EXPECT_EQ(process.wait(), 0);

    // A real Prometheus parser accepts it (promtool also lints names and units).
    Testing::writeFile(dir.file("metrics.txt"), metrics.body);
    Testing::ProcessResult checked = Testing::runProcess(
        "/bin/sh", {"-c", "promtool check metrics < " + dir.file("metrics.txt")});
    EXPECT_EQ(checked.exitCode, 0) << checked.out << checked.err << "\n" << metrics.body;

    const std::string& text = metrics.body;
    for (const char* line :
         {"limber_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2\n",
          "limber_http_requests_total{method=\"GET\",route=\"/p/{token}\",status=\"404\"} 1\n",
          "limber_http_requests_total{method=\"POST\",route=\"/api/v1/auth/login\",status=\"401\"} "
          "1\n",
          "limber_http_request_duration_seconds_count{route=\"/healthz\"} 2\n",
          "limber_http_request_duration_seconds_bucket{le=\"+Inf\",route=\"/healthz\"} 2\n",
          "limber_http_request_duration_seconds_bucket{le=\"0.0025\",route=\"/healthz\"} ",
          "limber_http_busy_total 0\n", "# TYPE limber_db_write_batch_size histogram\n",
          "# TYPE limber_db_commit_duration_seconds histogram\n", "limber_db_read_connections_max ",
          "limber_audit_unsealed_entries ", "process_resident_memory_bytes ",
          "limber_http_queued_requests 0\n"})
        EXPECT_TRUE(Testing::contains(text, line)) << line << "\n" << text;
    EXPECT_FALSE(Testing::contains(text, "SecretLinkToken"));
    // The demo clinic was written through the group-commit writer before serving.
    EXPECT_TRUE(std::regex_search(text, std::regex(R"(\nlimber_db_write_batch_size_count [1-9])")))
        << text;
    EXPECT_TRUE(std::regex_search(text, std::regex(R"(\nlimber_http_open_connections [1-9])")))
        << text;
}

namespace {

std::string randomBytes(std::size_t count) {
    std::random_device random;
    std::string bytes;
    for (std::size_t i = 0; i < count; ++i)
        bytes += static_cast<char>(random() & 0xff);
    return bytes;
}

} // namespace

TEST(CommandLine, ABackupTakenUnderWriteLoadRestoresEveryAcknowledgedWrite) {
    Testing::TempDir dir;
    const std::string data = dir.file("data");
    Poco::Pipe out;
    Poco::ProcessHandle process =
        Poco::Process::launch(LIMBER_BINARY, {"serve", "--port", "0", "--data-dir", data, "--demo"},
                              nullptr, &out, nullptr);
    Poco::PipeInputStream lines(out);
    std::string first;
    std::getline(lines, first);
    std::smatch match;
    ASSERT_TRUE(std::regex_search(first, match, std::regex("http://127\\.0\\.0\\.1:(\\d+)/")))
        << first;
    unsigned short port = static_cast<unsigned short>(std::stoi(match[1]));

    // Two clients add patients as fast as the server acknowledges them.
    std::mutex mutex;
    std::vector<std::string> acknowledged;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w)
        writers.emplace_back([&, w] {
            Testing::HttpTestClient client(port);
            if (client.signIn("demo@limber.example", "limber-demo").status != 200)
                return;
            for (int i = 0; !stop; ++i) {
                std::string record = "LOAD-" + std::to_string(w) + "-" + std::to_string(i);
                Testing::HttpReply reply = client.postJson(
                    "/api/v1/patients",
                    R"({"name": "Load Patient", "recordNumber": ")" + record + "\"}");
                if (reply.status == 201 || reply.status == 200) {
                    std::lock_guard lock(mutex);
                    acknowledged.push_back(record);
                }
            }
        });
    auto countAcknowledged = [&] {
        std::lock_guard lock(mutex);
        return acknowledged.size();
    };
    for (int i = 0; i < 200 && countAcknowledged() < 20; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::vector<std::string> beforeBackup;
    {
        std::lock_guard lock(mutex);
        beforeBackup = acknowledged;
    }
    ASSERT_GE(beforeBackup.size(), 20u) << "the writers did not get going";

    Testing::writeFile(dir.file("backup.key"), randomBytes(32));
    const std::string backup = dir.file("clinic.limber-backup");
    Testing::ProcessResult backedUp =
        limber({"backup", "-o", backup, "--key-file", dir.file("backup.key"), "--data-dir", data});
    std::size_t duringBackup = countAcknowledged();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop = true;
    for (auto& writer : writers)
        writer.join();
    Poco::Process::requestTermination(process.id());
    EXPECT_EQ(process.wait(), 0);
    ASSERT_EQ(backedUp.exitCode, 0) << backedUp.err;
    EXPECT_GT(countAcknowledged(), duringBackup) << "the writes went on after the backup";
    EXPECT_FALSE(Testing::contains(Testing::readFile(backup), "Load Patient"))
        << "the backup is not encrypted";

    const std::string restored = dir.file("restored");
    Testing::ProcessResult restoredResult =
        limber({"restore", backup, "--data-dir", restored, "--key-file", dir.file("backup.key")});
    ASSERT_EQ(restoredResult.exitCode, 0) << restoredResult.err;
    EXPECT_TRUE(Testing::contains(restoredResult.out, "the audit trail is intact"))
        << restoredResult.out;
    EXPECT_EQ(Testing::readFile(restored + "/secret.key"), Testing::readFile(data + "/secret.key"));
    Testing::ProcessResult records = Testing::runProcess(
        "/usr/bin/sqlite3", {restored + "/limber.db", "SELECT record_number FROM patients"});
    ASSERT_EQ(records.exitCode, 0) << records.err;
    std::set<std::string> inBackup;
    std::istringstream recordLines(records.out);
    for (std::string line; std::getline(recordLines, line);)
        inBackup.insert(line);
    for (const auto& record : beforeBackup)
        EXPECT_TRUE(inBackup.count(record)) << record << " was acknowledged before the backup";

    // A wrong key, an altered file and a folder in use are refused, and nothing is left.
    Testing::writeFile(dir.file("other.key"), randomBytes(32));
    Testing::ProcessResult wrongKey = limber(
        {"restore", backup, "--data-dir", dir.file("wrong"), "--key-file", dir.file("other.key")});
    EXPECT_EQ(wrongKey.exitCode, 1);
    EXPECT_TRUE(Testing::contains(wrongKey.err, "wrong key or passphrase")) << wrongKey.err;
    EXPECT_FALSE(Poco::File(dir.file("wrong")).exists());
    std::string altered = Testing::readFile(backup);
    altered[altered.size() / 2] = static_cast<char>(altered[altered.size() / 2] ^ 0x01);
    Testing::writeFile(dir.file("altered.limber-backup"), altered);
    Testing::ProcessResult alteredResult =
        limber({"restore", dir.file("altered.limber-backup"), "--data-dir", dir.file("altered"),
                "--key-file", dir.file("backup.key")});
    EXPECT_EQ(alteredResult.exitCode, 1);
    EXPECT_FALSE(Poco::File(dir.file("altered")).exists());
    std::string cutOff = Testing::readFile(backup);
    Testing::writeFile(dir.file("cut.limber-backup"), cutOff.substr(0, cutOff.size() - 100));
    EXPECT_EQ(limber({"restore", dir.file("cut.limber-backup"), "--data-dir", dir.file("cut"),
                      "--key-file", dir.file("backup.key")})
                  .exitCode,
              1);
    EXPECT_EQ(limber({"restore", backup, "--data-dir", data, "--key-file", dir.file("backup.key")})
                  .exitCode,
              1);

    // A passphrase works as well as a key file.
    Testing::writeFile(dir.file("passphrase"), "correct horse battery staple\n");
    ASSERT_EQ(limber({"backup", "-o", dir.file("p.limber-backup"), "--passphrase-file",
                      dir.file("passphrase"), "--data-dir", data})
                  .exitCode,
              0);
    Testing::ProcessResult fromPassphrase =
        limber({"restore", dir.file("p.limber-backup"), "--data-dir", dir.file("p"),
                "--passphrase-file", dir.file("passphrase")});
    EXPECT_EQ(fromPassphrase.exitCode, 0) << fromPassphrase.err;
}

TEST(CommandLine, BackupOfAPostgresqlDatabaseSaysToUsePgDump) {
    Testing::TempDir dir;
    Testing::ProcessResult result = Testing::runProcess(
        "/usr/bin/env",
        {"LIMBER_STORE_DRIVER=postgresql", "LIMBER_STORE_POSTGRESQL=host=db.example dbname=limber",
         LIMBER_BINARY, "backup", "-o", dir.file("x"), "--key-file", "/dev/null", "--data-dir",
         dir.path()});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(Testing::contains(result.err, "pg_dump")) << result.err;
    EXPECT_FALSE(Poco::File(dir.file("x")).exists());
}

TEST(CommandLine, MigratingADatabaseWithDataCopiesItFirstUnlessToldNotTo) {
    std::vector<Migration> all = builtInMigrations();
    std::vector<Migration> older(all.begin(), all.end() - 1);
    const int last = older.back().number;
    auto makeOlderDatabase = [&](const std::string& folder, bool withClinic) {
        Poco::File(folder).createDirectories();
        Database database(DatabaseConfig{SqlDialect::SQLite, folder + "/limber.db"});
        migrate(database, older);
        if (withClinic)
            database.write([](Poco::Data::Session& session) {
                session << "INSERT INTO clinics (name, address, phone) "
                           "VALUES ('Harbor PT', '1 Quay', '555')",
                    Poco::Data::Keywords::now;
            });
    };
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".before-migration-%03d", last);
    Testing::TempDir dir;

    makeOlderDatabase(dir.file("with-data"), true);
    Testing::ProcessResult migrated = limber({"migrate", "--data-dir", dir.file("with-data")});
    ASSERT_EQ(migrated.exitCode, 0) << migrated.err;
    const std::string copy = dir.file("with-data") + "/limber.db" + suffix;
    EXPECT_TRUE(Testing::contains(migrated.err, "copied the database to " + copy)) << migrated.err;
    ASSERT_TRUE(Poco::File(copy).exists());
    Testing::ProcessResult copied =
        Testing::runProcess("/usr/bin/sqlite3", {copy, "SELECT MAX(number) FROM schema_migrations; "
                                                       "SELECT name FROM clinics"});
    EXPECT_EQ(copied.out, std::to_string(last) + "\nHarbor PT\n") << copied.err;
    Testing::ProcessResult current =
        Testing::runProcess("/usr/bin/sqlite3", {dir.file("with-data") + "/limber.db",
                                                 "SELECT MAX(number) FROM schema_migrations"});
    EXPECT_EQ(current.out, std::to_string(all.back().number) + "\n");
    // Up to date now: a second start copies nothing more.
    Testing::ProcessResult again = limber({"migrate", "--data-dir", dir.file("with-data")});
    EXPECT_EQ(again.exitCode, 0);
    EXPECT_FALSE(Testing::contains(again.err, "copied"));

    makeOlderDatabase(dir.file("told-not-to"), true);
    Testing::ProcessResult unbacked =
        limber({"migrate", "--data-dir", dir.file("told-not-to"), "--no-backup"});
    EXPECT_EQ(unbacked.exitCode, 0) << unbacked.err;
    EXPECT_FALSE(Poco::File(dir.file("told-not-to") + "/limber.db" + suffix).exists());

    makeOlderDatabase(dir.file("empty"), false);
    EXPECT_EQ(limber({"migrate", "--data-dir", dir.file("empty")}).exitCode, 0);
    EXPECT_FALSE(Poco::File(dir.file("empty") + "/limber.db" + suffix).exists());
}

TEST(CommandLine, ServeTellsSystemdWhenItIsReady) {
    Testing::TempDir dir;
    const std::string socketPath = dir.file("notify");
    int fd = ::socket(AF_UNIX, SOCK_DGRAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socketPath.c_str(), sizeof address.sun_path - 1);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    timeval wait{20, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);

    Poco::Process::Env environment = {{"NOTIFY_SOCKET", socketPath}};
    Poco::Pipe out;
    Poco::ProcessHandle process =
        Poco::Process::launch(LIMBER_BINARY, {"serve", "--port", "0", "--data-dir", dir.path()},
                              dir.path(), nullptr, &out, nullptr, environment);
    char message[512] = {};
    ssize_t received = ::recv(fd, message, sizeof message - 1, 0);
    ASSERT_GT(received, 0) << "no notification";
    std::string ready(message, static_cast<std::size_t>(received));
    EXPECT_EQ(ready.rfind("READY=1\n", 0), 0u) << ready;
    // Ready means listening: the port it names answers.
    std::smatch match;
    ASSERT_TRUE(std::regex_search(ready, match, std::regex(":(\\d+)$"))) << ready;
    EXPECT_EQ(statusOf(static_cast<unsigned short>(std::stoi(match[1])), "/healthz"), 200);
    Poco::Process::requestTermination(process.id());
    received = ::recv(fd, message, sizeof message - 1, 0);
    EXPECT_EQ(std::string(message, static_cast<std::size_t>(std::max<ssize_t>(received, 0))),
              "STOPPING=1");
    EXPECT_EQ(process.wait(), 0);
    ::close(fd);
}
