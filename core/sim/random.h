// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

namespace gbw {

// xoshiro256** seeded through splitmix64. Written out here, with our own
// bounded and weighted draws, because the standard distributions differ
// between library implementations and a seed must give the same run everywhere.
class Random
{
public:
    explicit Random(std::uint64_t seed);

    std::uint64_t next();
    // Uniform in [0, bound), bound > 0 (Lemire's multiply-shift with rejection).
    std::uint64_t below(std::uint64_t bound);
    // Uniform in [0, 1).
    double unit()
    {
        return double(next() >> 11) * 0x1.0p-53;
    }

private:
    std::uint64_t m_state[4];
};

// Draws an index with probability proportional to its weight, in O(1) after
// O(n) setup (Walker's alias method).
class WeightedChoice
{
public:
    WeightedChoice() = default;
    explicit WeightedChoice(const std::vector<double>& weights);
    std::size_t draw(Random& random) const;
    std::size_t size() const
    {
        return m_alias.size();
    }

private:
    std::vector<double> m_probability;
    std::vector<std::uint32_t> m_alias;
};

} // namespace gbw
