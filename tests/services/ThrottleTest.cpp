#include "services/Throttle.h"

#include "support/TestFiles.h"

#include <gtest/gtest.h>

using namespace Limber;

TEST(Throttle, LetsTheFreeFailuresThroughThenDoublesTheWaitUpToItsCap) {
    Testing::FixedClock clock(Date::parse("2026-11-25"));
    Throttle throttle(clock, {2, 1, 8, 3600});
    throttle.recordFailure("k");
    throttle.recordFailure("k");
    EXPECT_EQ(throttle.waitSeconds("k"), 0);
    std::vector<std::int64_t> waits;
    for (int i = 0; i < 6; ++i) {
        throttle.recordFailure("k");
        waits.push_back(throttle.waitSeconds("k"));
    }
    EXPECT_EQ(waits, (std::vector<std::int64_t>{1, 2, 4, 8, 8, 8}));
    clock.advanceSeconds(8);
    EXPECT_EQ(throttle.waitSeconds("k"), 0) << "the cap bounds a lock-out";
    EXPECT_EQ(throttle.waitSeconds("other"), 0) << "keys are separate";
}

TEST(Throttle, ForgetsAfterAQuietPeriodAndOnSuccess) {
    Testing::FixedClock clock(Date::parse("2026-11-25"));
    Throttle throttle(clock, {0, 10, 100, 60});
    throttle.recordFailure("k");
    EXPECT_EQ(throttle.waitSeconds("k"), 10);
    clock.advanceSeconds(60);
    throttle.recordFailure("k");
    EXPECT_EQ(throttle.waitSeconds("k"), 10) << "counted afresh";
    throttle.recordSuccess("k");
    EXPECT_EQ(throttle.waitSeconds("k"), 0);
}

TEST(Throttle, StaysBoundedUnderAFloodOfKeys) {
    Testing::FixedClock clock(Date::parse("2026-11-25"));
    Throttle throttle(clock, {0, 1, 60, 3600}, 100);
    for (int i = 0; i < 1000; ++i) {
        clock.advanceSeconds(1);
        throttle.recordFailure("address " + std::to_string(i));
    }
    EXPECT_GT(throttle.waitSeconds("address 999"), 0) << "the newest are kept";
    EXPECT_EQ(throttle.waitSeconds("address 0"), 0) << "the stalest were forgotten";
}

TEST(Throttle, ABoundedThrottlesWaitsEndForGoodAtTheBoundUntilItStartsAfresh) {
    Testing::FixedClock clock(Date::parse("2026-11-25"));
    Throttle throttle(clock, {1, 10, 10, 3600, 25});
    throttle.recordFailure("k");
    throttle.recordFailure("k"); // the waits begin now
    EXPECT_EQ(throttle.waitSeconds("k"), 10);
    clock.advanceSeconds(10);
    throttle.recordFailure("k");
    EXPECT_EQ(throttle.waitSeconds("k"), 10);
    clock.advanceSeconds(10);
    throttle.recordFailure("k");
    EXPECT_EQ(throttle.waitSeconds("k"), 5) << "a wait never reaches past the bound";
    clock.advanceSeconds(5);
    for (int i = 0; i < 20; ++i) {
        throttle.recordFailure("k");
        EXPECT_EQ(throttle.waitSeconds("k"), 0) << "failures after the bound renewed the wait";
        clock.advanceSeconds(60);
    }
    // An hour without failures: the next episode may make the key wait again.
    clock.advanceSeconds(3600);
    throttle.recordFailure("k");
    throttle.recordFailure("k");
    EXPECT_EQ(throttle.waitSeconds("k"), 10);
}
