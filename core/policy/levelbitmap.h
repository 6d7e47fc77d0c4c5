// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace gbw {

// A bitmap with a summary word per 64 words, so that finding the next set
// bit costs a few word reads however large the bitmap is: 16384 gigablocks
// (16 TiB) are 256 words and 4 summary words.
class LevelBitmap
{
public:
    static constexpr std::uint64_t kNone = ~std::uint64_t(0);

    void resize(std::uint64_t bits)
    {
        m_words.assign((bits + 63) / 64, 0);
        m_summary.assign((m_words.size() + 63) / 64, 0);
    }
    bool test(std::uint64_t bit) const
    {
        return m_words[bit / 64] >> (bit % 64) & 1;
    }
    void set(std::uint64_t bit)
    {
        m_words[bit / 64] |= std::uint64_t(1) << (bit % 64);
        m_summary[bit / 4096] |= std::uint64_t(1) << (bit / 64 % 64);
    }
    void clear(std::uint64_t bit)
    {
        std::uint64_t& word = m_words[bit / 64];
        word &= ~(std::uint64_t(1) << (bit % 64));
        if (!word)
            m_summary[bit / 4096] &= ~(std::uint64_t(1) << (bit / 64 % 64));
    }

    // The first set bit in [from, end), or kNone; `words` counts the words read.
    std::uint64_t findFrom(std::uint64_t from, std::uint64_t end, std::uint64_t& words) const
    {
        if (from >= end)
            return kNone;
        std::uint64_t w = from / 64;
        ++words;
        std::uint64_t bits = m_words[w] & (~std::uint64_t(0) << (from % 64));
        if (!bits) {
            w = nextNonEmptyWord(w + 1, words);
            if (w == kNone)
                return kNone;
            bits = m_words[w];
            ++words;
        }
        const std::uint64_t bit = w * 64 + std::uint64_t(std::countr_zero(bits));
        return bit < end ? bit : kNone;
    }

private:
    std::uint64_t nextNonEmptyWord(std::uint64_t from, std::uint64_t& words) const
    {
        for (std::uint64_t s = from / 64; s < m_summary.size(); ++s) {
            ++words;
            const std::uint64_t mask = s == from / 64 ? (~std::uint64_t(0) << (from % 64)) : ~std::uint64_t(0);
            if (const std::uint64_t bits = m_summary[s] & mask)
                return s * 64 + std::uint64_t(std::countr_zero(bits));
        }
        return kNone;
    }

    std::vector<std::uint64_t> m_words;
    std::vector<std::uint64_t> m_summary;
};

} // namespace gbw
