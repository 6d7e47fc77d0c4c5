// SPDX-License-Identifier: GPL-3.0-or-later
#include "random.h"

#include <stdexcept>

namespace gbw {

namespace {
__extension__ typedef unsigned __int128 Wide; // the product of two 64-bit numbers

std::uint64_t splitmix(std::uint64_t& x)
{
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}
} // namespace

Random::Random(std::uint64_t seed)
{
    for (auto& s : m_state)
        s = splitmix(seed);
}

std::uint64_t Random::next()
{
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

std::uint64_t Random::below(std::uint64_t bound)
{
    Wide m = Wide(next()) * bound;
    auto low = std::uint64_t(m);
    if (low < bound) {
        const std::uint64_t threshold = -bound % bound;
        while (low < threshold) {
            m = Wide(next()) * bound;
            low = std::uint64_t(m);
        }
    }
    return std::uint64_t(m >> 64);
}

WeightedChoice::WeightedChoice(const std::vector<double>& weights)
{
    const std::size_t n = weights.size();
    double total = 0;
    for (double w : weights) {
        if (!(w >= 0))
            throw std::invalid_argument("weights must be non-negative");
        total += w;
    }
    if (n == 0 || total <= 0)
        throw std::invalid_argument("weights must not all be zero");
    m_probability.assign(n, 0);
    m_alias.assign(n, 0);
    std::vector<double> scaled(n);
    std::vector<std::size_t> small, large;
    for (std::size_t i = 0; i < n; ++i) {
        scaled[i] = weights[i] * double(n) / total;
        (scaled[i] < 1 ? small : large).push_back(i);
    }
    while (!small.empty() && !large.empty()) {
        const std::size_t s = small.back(), l = large.back();
        small.pop_back();
        m_probability[s] = scaled[s];
        m_alias[s] = std::uint32_t(l);
        scaled[l] -= 1 - scaled[s];
        if (scaled[l] < 1) {
            large.pop_back();
            small.push_back(l);
        }
    }
    for (std::size_t i : large)
        m_probability[i] = 1;
    for (std::size_t i : small)
        m_probability[i] = 1;
}

std::size_t WeightedChoice::draw(Random& random) const
{
    // One 64-bit draw: the high half picks the column, the low half decides
    // between it and its alias (32 bits of resolution is plenty for weights).
    const std::uint64_t bits = random.next();
    const std::size_t i = std::size_t(((bits >> 32) * m_alias.size()) >> 32);
    return double(bits & 0xffffffffu) * 0x1.0p-32 < m_probability[i] ? i : m_alias[i];
}

} // namespace gbw
