// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy.h"

#include <algorithm>

#include "steeringpolicy.h"
#include "vanillapolicy.h"

namespace gbw {

void OverheadCounters::add(const OverheadCounters& other)
{
    servedByStep.resize(std::max(servedByStep.size(), other.servedByStep.size()), 0);
    for (std::size_t i = 0; i < other.servedByStep.size(); ++i)
        servedByStep[i] += other.servedByStep[i];
    listsExamined += other.listsExamined;
    gigablocksVisited += other.gigablocksVisited;
    bitmapWordsScanned += other.bitmapWordsScanned;
    picks += other.picks;
    refusedToTaint += other.refusedToTaint;
}

void PolicyCounters::setSteps(std::vector<std::string> names)
{
    stepNames = std::move(names);
    for (auto& c : byType)
        c = OverheadCounters {std::vector<std::uint64_t>(stepNames.size(), 0)};
}

OverheadCounters PolicyCounters::total() const
{
    OverheadCounters sum {std::vector<std::uint64_t>(stepNames.size(), 0)};
    for (const auto& c : byType)
        sum.add(c);
    return sum;
}

std::vector<std::string_view> policyNames()
{
    return {"vanilla", "superpageblock", "gigablock-bitmap"};
}

std::unique_ptr<Policy> makePolicy(std::string_view name)
{
    if (name == "vanilla")
        return std::make_unique<VanillaPolicy>();
    if (name == "superpageblock")
        return makeSuperpageblockPolicy();
    if (name == "gigablock-bitmap")
        return makeGigablockBitmapPolicy();
    return nullptr;
}

} // namespace gbw
