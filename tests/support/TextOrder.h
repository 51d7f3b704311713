#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace Limber::Testing {

/// Whether every one of parts occurs in text, each after the end of the one before it. Fails,
/// naming the part, when one is missing (so that a missing string can never pass for "before"
/// or "after" the way find(a) < find(b) lets npos do), or when one comes too early.
///     EXPECT_TRUE(Testing::inOrder(page.body, {"Tree pose", "Back flexion stretch"}));
::testing::AssertionResult inOrder(const std::string& text, const std::vector<std::string>& parts);

/// The part of text from the first begin marker to the end marker after it (both included);
/// empty when either is missing. To check an order inside one list of a page.
std::string between(const std::string& text, const std::string& begin, const std::string& end);

} // namespace Limber::Testing
