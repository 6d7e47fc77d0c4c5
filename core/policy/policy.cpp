// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy.h"

#include "steeringpolicy.h"
#include "vanillapolicy.h"

namespace gbw {

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
