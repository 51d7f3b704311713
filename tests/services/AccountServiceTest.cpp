#include "ServiceFixture.h"
#include "services/Secrets.h"

#include <Poco/Exception.h>

#include <chrono>
#include <thread>

using namespace Limber;

class AccountServiceTest : public Testing::ServiceFixture {};

TEST_F(AccountServiceTest, SignsInWithTheRightPasswordOnly) {
    User user = accounts.createUser(clinicId, " Ana@Bayview.Example ", "Ana", Role::Therapist,
                                    "correct horse battery");
    EXPECT_EQ(user.email, "ana@bayview.example");
    EXPECT_EQ(user.passwordHash.rfind("$argon2id$", 0), 0u) << "stored as Argon2id";
    EXPECT_EQ(user.passwordHash.find("correct horse"), std::string::npos);
    EXPECT_TRUE(accounts.signIn("ANA@bayview.example", "correct horse battery"));
    EXPECT_FALSE(accounts.signIn("ana@bayview.example", "correct horse batter"));
    EXPECT_FALSE(accounts.signIn("nobody@bayview.example", "correct horse battery"));
}

TEST_F(AccountServiceTest, RefusesBadEmailsNamesAndPasswords) {
    try {
        accounts.createUser(clinicId, "not-an-email", "", Role::Therapist, "short");
        FAIL() << "accepted";
    } catch (const ValidationException& error) {
        ASSERT_EQ(error.errors().size(), 3u);
        EXPECT_EQ(error.errors()[0].field, "email");
        EXPECT_EQ(error.errors()[1].field, "name");
        EXPECT_EQ(error.errors()[2].field, "password");
    }
    EXPECT_THROW(
        accounts.createUser(clinicId, "a@b.example", "A", Role::Therapist, std::string(129, 'x')),
        ValidationException);
}

TEST_F(AccountServiceTest, APasswordIsOneWhicheverWayItsAccentsAreTyped) {
    // Set with a decomposed "é" (e + U+0301, as some keyboards and the command line give it),
    // signed in with the composed one, and the other way round.
    accounts.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist,
                        "cafe\xCC\x81 au lait");
    EXPECT_TRUE(accounts.signIn("ana@bayview.example", "café au lait"));
    EXPECT_TRUE(accounts.signIn("ana@bayview.example", "cafe\xCC\x81 au lait"));
    EXPECT_FALSE(accounts.signIn("ana@bayview.example", "cafe au lait"));
    // Not text, or with control characters: never a password.
    for (std::string bad : {std::string("long enough\xFF"), std::string("long\0enough", 11),
                            std::string("long\nenough")})
        EXPECT_THROW(
            accounts.createUser(clinicId, "bo@bayview.example", "Bo", Role::Therapist, bad),
            ValidationException);
}

TEST_F(AccountServiceTest, NamesFollowTheTextRule) {
    for (std::string bad : {std::string("Ana\xE2\x80\xAE"), std::string("Ana\0", 4),
                            std::string("Ana \xF0\x9F\x98\x80"), std::string("A\nB")}) {
        try {
            accounts.createUser(clinicId, "ana@bayview.example", bad, Role::Therapist,
                                "long enough password");
            FAIL() << "accepted " << bad;
        } catch (const ValidationException& error) {
            EXPECT_EQ(error.errors().front().field, "name");
        }
        EXPECT_THROW(accounts.createClinic({0, bad, "", ""}), ValidationException);
    }
    EXPECT_EQ(accounts
                  .createUser(clinicId, "zoe@bayview.example", "Zoe\xCC\x88 Ng", Role::Therapist,
                              "long enough password")
                  .name,
              "Zoë Ng");
}

TEST_F(AccountServiceTest, ASessionEndsAfterFifteenIdleMinutes) {
    accounts.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist, "long enough");
    auto grant = accounts.signIn("ana@bayview.example", "long enough");
    ASSERT_TRUE(grant);
    EXPECT_TRUE(accounts.authenticate(grant->token));
    clock.advanceSeconds(14 * 60);
    EXPECT_TRUE(accounts.authenticate(grant->token)) << "activity refreshes the idle timer";
    clock.advanceSeconds(14 * 60);
    EXPECT_TRUE(accounts.authenticate(grant->token));
    clock.advanceSeconds(16 * 60);
    EXPECT_FALSE(accounts.authenticate(grant->token));
}

TEST_F(AccountServiceTest, ASessionEndsAfterTwelveHoursWhateverTheActivity) {
    accounts.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist, "long enough");
    auto grant = accounts.signIn("ana@bayview.example", "long enough");
    for (int minutes = 10; minutes <= 710; minutes += 10) {
        clock.advanceSeconds(10 * 60);
        ASSERT_TRUE(accounts.authenticate(grant->token)) << "after " << minutes << " minutes";
    }
    clock.advanceSeconds(11 * 60); // 12 hours and 1 minute after signing in
    EXPECT_FALSE(accounts.authenticate(grant->token));
}

TEST_F(AccountServiceTest, SigningOutEndsTheSessionAndTokensAreStoredHashed) {
    accounts.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist, "long enough");
    auto grant = accounts.signIn("ana@bayview.example", "long enough");
    EXPECT_FALSE(store.loginSession(grant->token)) << "the raw token is in the store";
    EXPECT_TRUE(store.loginSession(sha256Hex(grant->token)));
    accounts.signOut(grant->token);
    EXPECT_FALSE(accounts.authenticate(grant->token));
}

TEST_F(AccountServiceTest, AttackersOnManyAddressesDelayTheRealUserByAMinuteAtMost) {
    accounts.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist, "long enough");
    for (int i = 0; i < 200; ++i) {
        try {
            accounts.signIn("ana@bayview.example", "guess", "198.51.100." + std::to_string(i));
        } catch (const TooManyAttemptsException& wait) {
            EXPECT_LE(wait.retryAfterSeconds(), 60);
        }
    }
    try {
        accounts.signIn("ana@bayview.example", "long enough", "192.0.2.1");
        FAIL() << "the account is being attacked: it waits";
    } catch (const TooManyAttemptsException& wait) {
        EXPECT_LE(wait.retryAfterSeconds(), 60);
        clock.advanceSeconds(wait.retryAfterSeconds());
    }
    EXPECT_TRUE(accounts.signIn("ana@bayview.example", "long enough", "192.0.2.1"));
}

TEST_F(AccountServiceTest, AnAttackSpreadOverNewAddressesCannotRenewTheAccountsWait) {
    // 51 wrong passwords over 13 addresses, then one more from a new address each time the
    // wait ends: the account's wait must not start again with each new address.
    accounts.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist, "long enough");
    int attackers = 0;
    auto attack = [&] {
        std::string address = "198.51.100." + std::to_string(attackers++ % 250);
        try {
            EXPECT_FALSE(accounts.signIn("ana@bayview.example", "guess", address));
            return true;
        } catch (const TooManyAttemptsException&) {
            return false;
        }
    };
    for (int i = 0; i < 51; ++i) {
        std::string address = "203.0.113." + std::to_string(i % 13);
        EXPECT_FALSE(accounts.signIn("ana@bayview.example", "guess", address)) << i;
    }
    const std::int64_t engaged = clock.nowSeconds();
    std::optional<std::int64_t> signedInAt;
    // Ten minutes, the attacker trying from a new address each second it may, the real user
    // every ten seconds from home.
    for (int second = 1; second <= 600 && !signedInAt; ++second) {
        clock.advanceSeconds(1);
        attack();
        if (second % 10 == 0) {
            try {
                if (accounts.signIn("ana@bayview.example", "long enough", "192.0.2.1"))
                    signedInAt = clock.nowSeconds();
            } catch (const TooManyAttemptsException& wait) {
                EXPECT_LE(clock.nowSeconds() + wait.retryAfterSeconds(),
                          engaged + SIGN_IN_ACCOUNT_LOCK_BOUND_SECONDS)
                    << "a wait past the bound was announced";
            }
        }
    }
    ASSERT_TRUE(signedInAt) << "the real user was kept out for ten minutes";
    EXPECT_LE(*signedInAt - engaged, SIGN_IN_ACCOUNT_LOCK_BOUND_SECONDS)
        << "the real user waited longer than the bound";
    // The attacker's own addresses still wait after their free failures.
    for (int i = 0; i < 6; ++i)
        accounts.signIn("ana@bayview.example", "guess", "203.0.113.200");
    EXPECT_THROW(accounts.signIn("ana@bayview.example", "guess", "203.0.113.200"),
                 TooManyAttemptsException);
}

TEST_F(AccountServiceTest, FailuresCountOnEveryInstanceOfTheDatabase) {
    // A second instance: its own store connections and services, the same database.
    SqlStore otherStore(database.config());
    AuditTrail otherAudit(otherStore, clock);
    AccountService other(otherStore, clock, otherAudit);
    accounts.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist, "long enough");
    for (int i = 0; i < 3; ++i)
        EXPECT_FALSE(accounts.signIn("ana@bayview.example", "guess", "198.51.100.7"));
    for (int i = 0; i < 3; ++i)
        EXPECT_FALSE(other.signIn("ana@bayview.example", "guess", "198.51.100.7"));
    // Six failures from the address, three on each: past the five free ones on both.
    EXPECT_THROW(accounts.signIn("ana@bayview.example", "long enough", "198.51.100.7"),
                 TooManyAttemptsException);
    EXPECT_THROW(other.signIn("ana@bayview.example", "long enough", "198.51.100.7"),
                 TooManyAttemptsException);
    clock.advanceSeconds(2);
    EXPECT_TRUE(other.signIn("ana@bayview.example", "long enough", "198.51.100.7"));
    // The success cleared the count on both.
    for (int i = 0; i < 5; ++i)
        EXPECT_FALSE(accounts.signIn("ana@bayview.example", "guess", "198.51.100.7")) << i;
}

/// The services of an instance that remembers devices (the server derives the key from its own).
class KnownDevicesTest : public AccountServiceTest {
protected:
    AccountService devices{store, clock, audit, {}, "device key of the test"};
};

TEST_F(KnownDevicesTest, ADeviceThatSignedInBeforeIsNotHeldBackByTheAttackOnItsAccount) {
    devices.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist, "long enough");
    auto first = devices.signIn("ana@bayview.example", "long enough", "192.0.2.1");
    ASSERT_TRUE(first);
    ASSERT_FALSE(first->deviceProof.empty());
    std::string proof = first->deviceProof;
    clock.advanceSeconds(3600);
    // The attack of the issue: 51 wrong passwords over 13 addresses, then one more from a new
    // address each second.
    for (int i = 0; i < 51; ++i) {
        std::string address = "203.0.113." + std::to_string(i % 13);
        EXPECT_FALSE(devices.signIn("ana@bayview.example", "guess", address)) << i;
    }
    EXPECT_THROW(devices.signIn("ana@bayview.example", "long enough", "192.0.2.1"),
                 TooManyAttemptsException)
        << "without its proof, even the right password waits (the account is locked)";
    int attackers = 0;
    for (int second = 1; second <= 300; ++second) {
        clock.advanceSeconds(1);
        try {
            devices.signIn("ana@bayview.example", "guess",
                           "198.51.100." + std::to_string(attackers++ % 250));
        } catch (const TooManyAttemptsException&) {
        }
        if (second % 30 == 0) {
            // The real user, from the device, at home or elsewhere: never delayed.
            std::string address = second % 60 == 0 ? "192.0.2.1" : "192.0.2.77";
            std::optional<SignInGrant> grant;
            ASSERT_NO_THROW(
                grant = devices.signIn("ana@bayview.example", "long enough", address, proof))
                << "the known device waited at second " << second;
            ASSERT_TRUE(grant) << second;
            proof = grant->deviceProof; // the browser keeps the renewed cookie
            // The attacker picks up again where the account stood: 51 more failures.
            for (int i = 0; i < 51; ++i)
                try {
                    devices.signIn("ana@bayview.example", "guess",
                                   "203.0.113." + std::to_string(i % 13));
                } catch (const TooManyAttemptsException&) {
                }
        }
    }
}

TEST_F(KnownDevicesTest, AProofCountsForItsAccountOnlyUntilItExpiresAndCannotBeForged) {
    devices.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist, "long enough");
    devices.createUser(clinicId, "bo@bayview.example", "Bo", Role::Therapist, "long enough");
    const std::string proof = devices.signIn("ana@bayview.example", "long enough")->deviceProof;
    // Bo's account is locked from everywhere.
    for (int i = 0; i < 51; ++i)
        devices.signIn("bo@bayview.example", "guess", "203.0.113." + std::to_string(i % 13));
    auto boWith = [&](const std::string& cookie) {
        return devices.signIn("bo@bayview.example", "long enough", "192.0.2.1", cookie);
    };
    EXPECT_THROW(boWith(proof), TooManyAttemptsException) << "Ana's device is not Bo's";
    std::string tampered = proof;
    tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
    std::string later = proof;
    later[0] = later[0] == '9' ? '8' : static_cast<char>(later[0] + 1); // a later expiry
    for (const std::string& bad :
         {tampered, later, std::string("1.") + proof.substr(proof.find('.') + 1), std::string("."),
          std::string("x"), std::string(500, '9'), std::string("99999999999999999999.abc")})
        EXPECT_THROW(boWith(bad), TooManyAttemptsException) << bad;
    // Another instance's key (another clinic group's server) proves nothing here.
    AccountService elsewhere(store, clock, audit, {}, "another key");
    const std::string foreign = elsewhere.signIn("ana@bayview.example", "long enough")->deviceProof;
    for (int i = 0; i < 51; ++i)
        devices.signIn("ana@bayview.example", "guess", "203.0.113." + std::to_string(i % 13));
    EXPECT_THROW(devices.signIn("ana@bayview.example", "long enough", "192.0.2.1", foreign),
                 TooManyAttemptsException);
    EXPECT_TRUE(devices.signIn("ana@bayview.example", "long enough", "192.0.2.1", proof));
    // A proof expires with its cookie.
    const std::string old = devices.signIn("ana@bayview.example", "long enough")->deviceProof;
    clock.advanceSeconds(SIGN_IN_DEVICE_SECONDS);
    for (int i = 0; i < 51; ++i)
        devices.signIn("ana@bayview.example", "guess", "203.0.113." + std::to_string(i % 13));
    EXPECT_THROW(devices.signIn("ana@bayview.example", "long enough", "192.0.2.1", old),
                 TooManyAttemptsException);
    // A service without a device key gives no proof.
    devices.createUser(clinicId, "cy@bayview.example", "Cy", Role::Therapist, "long enough");
    auto plain = accounts.signIn("cy@bayview.example", "long enough", "192.0.2.9");
    ASSERT_TRUE(plain);
    EXPECT_TRUE(plain->deviceProof.empty());
}

TEST_F(KnownDevicesTest, AStolenProofGivesNoMoreGuessesThanAnAddress) {
    devices.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist, "long enough");
    const std::string proof = devices.signIn("ana@bayview.example", "long enough")->deviceProof;
    // The thief guesses from a new address each time: the proof's own count holds it back.
    int guesses = 0;
    for (int i = 0; i < 20; ++i) {
        try {
            EXPECT_FALSE(devices.signIn("ana@bayview.example", "guess",
                                        "198.51.100." + std::to_string(i), proof));
            ++guesses;
        } catch (const TooManyAttemptsException& wait) {
            EXPECT_GE(wait.retryAfterSeconds(), 1);
        }
    }
    EXPECT_EQ(guesses, 6) << "5 free failures with the proof, and one more after none waited";
}

TEST_F(AccountServiceTest, PasswordsCountCharactersAndAreNeverTruncated) {
    const std::string accented = "ñññññññ"; // 7 characters, 14 bytes
    EXPECT_THROW(accounts.createUser(clinicId, "a@b.example", "A", Role::Therapist, accented),
                 ValidationException);
    const std::string longOne = std::string(127, 'x') + "A";
    accounts.createUser(clinicId, "b@b.example", "B", Role::Therapist, longOne);
    EXPECT_FALSE(accounts.signIn("b@b.example", std::string(127, 'x') + "B"))
        << "the 128th character counts";
    EXPECT_TRUE(accounts.signIn("b@b.example", longOne));
}

TEST_F(AccountServiceTest, ApiKeysAreHashedRevocableAndForAdminsToMake) {
    User admin =
        accounts.createUser(clinicId, "olga@bayview.example", "Olga", Role::Admin, "long enough");
    Actor olga{clinicId, admin.id, Role::Admin, "Olga", "192.0.2.1"};
    EXPECT_THROW(accounts.createApiKey(actor, "EHR"), Poco::NoPermissionException);
    ApiKeyGrant grant = accounts.createApiKey(olga, "EHR");
    EXPECT_EQ(grant.secret.rfind("lk_", 0), 0u);
    EXPECT_EQ(store.apiKeyByHash(grant.key.keyHash)->keyHash, sha256Hex(grant.secret));
    auto caller = accounts.authenticateApiKey(grant.secret);
    ASSERT_TRUE(caller);
    EXPECT_EQ(caller->clinicId, clinicId);
    EXPECT_EQ(caller->role, Role::Therapist) << "keys never have admin rights";
    Actor stranger{otherClinicId, outsider.userId, Role::Admin, "Eve", "192.0.2.66"};
    EXPECT_THROW(accounts.revokeApiKey(stranger, grant.key.id), Poco::NotFoundException);
    accounts.revokeApiKey(olga, grant.key.id);
    EXPECT_FALSE(accounts.authenticateApiKey(grant.secret));
}

namespace {

/// Seals the entries waiting, at least expected of them. On PostgreSQL the sealer is elected
/// with an advisory lock of the whole database, which the schemas of the other test processes
/// running at the same time share: a seal while another of them holds it seals nothing and is
/// tried again.
std::size_t sealWaiting(AuditTrail& trail, std::size_t expected) {
    std::size_t sealed = trail.seal();
    for (int attempt = 0; attempt < 100 && sealed < expected; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        sealed += trail.seal();
    }
    return sealed;
}

} // namespace

TEST_F(AccountServiceTest, EveryAccessToPatientDataIsInTheAuditTrail) {
    Patient patient = addPatient();
    patients.get(actor, patient.id);
    programs.create(actor, patient.id, runnerProgram(clock.today()));
    EXPECT_EQ(sealWaiting(audit, 3), 3u);
    auto events = store.auditChain(0, 100);
    std::vector<std::string> actions;
    for (const auto& event : events) {
        actions.push_back(event.action);
        EXPECT_EQ(event.patientId, std::optional<std::int64_t>(patient.id));
        EXPECT_EQ(event.address, "192.0.2.10");
        EXPECT_EQ(event.userId, std::optional<std::int64_t>(actor.userId));
    }
    EXPECT_EQ(actions,
              (std::vector<std::string>{"patient.create", "patient.view", "program.create"}));
    EXPECT_TRUE(audit.verify().intact());
    EXPECT_THROW(audit.list(actor, clock.today(), clock.today()), Poco::NoPermissionException)
        << "only admins read the trail";
}

TEST_F(AccountServiceTest, VerifyCountsEntriesTheSealerLeftBehindTooLong) {
    Patient patient = addPatient();
    ASSERT_EQ(sealWaiting(audit, 1), 1u);
    patients.get(actor, patient.id);
    AuditVerification fresh = audit.verify();
    EXPECT_TRUE(fresh.intact()) << "an entry recorded moments ago may wait for the sealer";
    EXPECT_EQ(fresh.checked, 1u);
    EXPECT_EQ(fresh.unsealed, 1u);
    clock.advanceSeconds(AUDIT_SEAL_BOUND_SECONDS + 1);
    AuditVerification late = audit.verify();
    EXPECT_FALSE(late.intact());
    EXPECT_FALSE(late.firstBad) << "the sealed chain itself is fine";
    EXPECT_EQ(late.overdue, 1u);
    ASSERT_EQ(sealWaiting(audit, 1), 1u);
    AuditVerification sealed = audit.verify();
    EXPECT_TRUE(sealed.intact());
    EXPECT_EQ(sealed.checked, 2u);
}

namespace {

/// The store, counting the sealing writes and how many entries each was allowed to seal.
class SealCounting : public SqlStore {
public:
    using SqlStore::SqlStore;
    std::size_t sealAuditEvents(std::size_t limit) override {
        limits.push_back(limit);
        std::size_t sealed = SqlStore::sealAuditEvents(limit);
        if (sealed > 0)
            sealingWrites.push_back(sealed);
        return sealed;
    }
    std::vector<std::size_t> limits;
    std::vector<std::size_t> sealingWrites; ///< the entries each write that sealed any sealed
};

} // namespace

TEST_F(AccountServiceTest, SealingABacklogTakesShortWritesThatOtherWritesCommitBetween) {
    // The fixture's entries first, so that only the 600 below wait.
    for (int attempt = 0; attempt < 100 && audit.verify().unsealed > 0; ++attempt) {
        if (audit.seal() == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_EQ(audit.verify().unsealed, 0u);
    SealCounting counting(database.config());
    AuditTrail trail(counting, clock);
    for (int i = 0; i < 600; ++i)
        trail.record(actor, std::nullopt, "patient.list");
    EXPECT_EQ(sealWaiting(trail, 600), 600u);
    EXPECT_EQ(counting.sealingWrites, (std::vector<std::size_t>{250, 250, 100}));
    for (std::size_t limit : counting.limits)
        EXPECT_LE(limit, 250u) << "one sealing write held the writer for too many entries";
    AuditVerification verified = trail.verify();
    EXPECT_TRUE(verified.intact());
    EXPECT_EQ(verified.unsealed, 0u);
}

TEST_F(AccountServiceTest, OwnPasswordChangesWithTheCurrentOneAndSignsOutOtherSessions) {
    accounts.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist,
                        "correct horse battery");
    SignInGrant here = accounts.signIn("ana@bayview.example", "correct horse battery").value();
    SignInGrant elsewhere = accounts.signIn("ana@bayview.example", "correct horse battery").value();
    SignedIn ana = accounts.authenticate(here.token).value();

    auto fieldsRefused = [&](const std::string& current, const std::string& fresh,
                             const std::string& repeated) {
        std::vector<std::string> fields;
        try {
            accounts.changeOwnPassword(ana, current, fresh, repeated, "192.0.2.10");
            ADD_FAILURE() << "accepted " << current << " / " << fresh << " / " << repeated;
        } catch (const ValidationException& invalid) {
            for (const auto& error : invalid.errors())
                fields.push_back(error.field);
        }
        return fields;
    };
    using FieldNames = std::vector<std::string>;
    EXPECT_EQ(fieldsRefused("correct horse batter", "a new long password", "a new long password"),
              FieldNames{"currentPassword"});
    EXPECT_EQ(fieldsRefused("", "a new long password", "a new long password"),
              FieldNames{"currentPassword"});
    EXPECT_EQ(fieldsRefused("correct horse battery", "short", "short"), FieldNames{"newPassword"});
    EXPECT_EQ(fieldsRefused("correct horse battery", std::string(129, 'x'), std::string(129, 'x')),
              FieldNames{"newPassword"});
    EXPECT_EQ(fieldsRefused("correct horse battery", "a new long password", "a new long passwort"),
              FieldNames{"repeatedPassword"});
    EXPECT_EQ(fieldsRefused("wrong", "short", "short"),
              (FieldNames{"currentPassword", "newPassword"}));
    // Nothing refused changed anything: both sessions and the old password still work.
    EXPECT_TRUE(accounts.authenticate(elsewhere.token));
    EXPECT_TRUE(accounts.authenticate(here.token));

    SignInGrant renewed = accounts.changeOwnPassword(
        ana, "correct horse battery", "a new long password", "a new long password", "192.0.2.10");
    EXPECT_FALSE(accounts.authenticate(elsewhere.token)) << "the other device is signed out";
    EXPECT_FALSE(accounts.authenticate(here.token)) << "this session goes on under a new id";
    ASSERT_TRUE(accounts.authenticate(renewed.token));
    EXPECT_EQ(accounts.authenticate(renewed.token)->user.id, ana.user.id);
    EXPECT_NE(renewed.csrfToken, ana.session.csrfToken);
    EXPECT_FALSE(accounts.signIn("ana@bayview.example", "correct horse battery"));
    EXPECT_TRUE(accounts.signIn("ana@bayview.example", "a new long password"));
    std::optional<User> stored = store.user(ana.user.id);
    EXPECT_EQ(stored->passwordHash.rfind("$argon2id$", 0), 0u);
    EXPECT_EQ(stored->passwordHash.find("a new long"), std::string::npos);

    int changes = 0;
    for (const auto& event : store.auditEvents(clinicId, 0, 4'000'000'000))
        if (event.action == "user.password") {
            ++changes;
            EXPECT_NE(event.actor.find("Ana"), std::string::npos);
            EXPECT_EQ(event.address, "192.0.2.10");
            EXPECT_EQ(event.detail.find("a new long"), std::string::npos);
        }
    EXPECT_EQ(changes, 1);
}

TEST_F(AccountServiceTest, WrongCurrentPasswordsAreThrottledLikeSignIns) {
    accounts.createUser(clinicId, "ana@bayview.example", "Ana", Role::Therapist,
                        "correct horse battery");
    SignedIn ana =
        accounts
            .authenticate(accounts.signIn("ana@bayview.example", "correct horse battery")->token)
            .value();
    // As with sign-in: 5 free failures, the 6th makes the account and address wait.
    for (int i = 0; i < 6; ++i)
        EXPECT_THROW(accounts.changeOwnPassword(ana, "guess " + std::to_string(i),
                                                "a new long password", "a new long password",
                                                "192.0.2.10"),
                     ValidationException);
    EXPECT_THROW(accounts.changeOwnPassword(ana, "correct horse battery", "a new long password",
                                            "a new long password", "192.0.2.10"),
                 TooManyAttemptsException)
        << "even the right one waits once the guesses ran out";
    EXPECT_FALSE(accounts.signIn("ana@bayview.example", "a new long password"));
}
