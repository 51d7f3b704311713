#include "ServiceFixture.h"
#include "services/Secrets.h"

#include <Poco/Exception.h>

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
