// SPDX-License-Identifier: GPL-3.0-or-later
#include "pfnmap.h"

#include <algorithm>

namespace gbw {

namespace {
constexpr int kInitialBits = 10;
} // namespace

PfnMap::PfnMap()
    : m_slots(std::size_t(1) << kInitialBits, Slot {kEmpty, 0xff, kNone})
    , m_mask((std::size_t(1) << kInitialBits) - 1)
    , m_shift(64 - kInitialBits)
{}

void PfnMap::reserve(Pfn end)
{
    if (size() != 0)
        return;
    m_dense.assign(end, kNone);
}

std::size_t PfnMap::slotOf(Pfn pfn) const
{
    std::size_t i = home(pfn);
    while (!empty(m_slots[i]) && !holds(m_slots[i], pfn))
        i = (i + 1) & m_mask;
    return i;
}

std::uint32_t PfnMap::find(Pfn pfn) const
{
    land();
    if (!m_dense.empty())
        return pfn < m_dense.size() ? m_dense[pfn] : kNone;
    const Slot& s = m_slots[slotOf(pfn)];
    return empty(s) ? kNone : s.id;
}

void PfnMap::insert(Pfn pfn, std::uint32_t id)
{
    prefetch(pfn);
    if (m_pendingCount == kWriteBehind) {
        // The oldest lands and its place takes the newest, which keeps the order.
        Pending& oldest = pending(0);
        store(oldest.pfn, oldest.id);
        oldest = Pending {pfn, id};
        m_pendingFirst = (m_pendingFirst + 1) % kWriteBehind;
        return;
    }
    pending(m_pendingCount++) = Pending {pfn, id};
}

void PfnMap::land() const
{
    auto* self = const_cast<PfnMap*>(this);
    for (std::size_t i = 0; i < m_pendingCount; ++i)
        self->store(pending(i).pfn, pending(i).id);
    m_pendingFirst = m_pendingCount = 0;
}

void PfnMap::store(Pfn pfn, std::uint32_t id)
{
    if (!m_dense.empty()) {
        if (pfn >= m_dense.size())
            m_dense.resize(pfn + 1, kNone);
        m_size += m_dense[pfn] == kNone;
        m_dense[pfn] = id;
        return;
    }
    if ((m_size + 1) * 4 > m_slots.size() * 3)
        grow();
    Slot& s = m_slots[slotOf(pfn)];
    if (empty(s))
        ++m_size;
    s = Slot {std::uint32_t(pfn), std::uint8_t(pfn >> 32), id};
}

void PfnMap::erase(Pfn pfn)
{
    // A block freed while its insert still waits: drop the insert (the key
    // may also be in the table from an older insert, so carry on).
    std::size_t kept = 0;
    for (std::size_t i = 0; i < m_pendingCount; ++i) {
        if (pending(i).pfn != pfn)
            pending(kept++) = pending(i);
    }
    m_pendingCount = kept;
    if (!m_dense.empty()) {
        if (pfn < m_dense.size()) {
            m_size -= m_dense[pfn] != kNone;
            m_dense[pfn] = kNone;
        }
        return;
    }
    std::size_t hole = slotOf(pfn);
    if (empty(m_slots[hole]))
        return;
    std::size_t i = hole;
    for (;;) {
        i = (i + 1) & m_mask;
        if (empty(m_slots[i]))
            break;
        const Pfn key = Pfn(m_slots[i].keyLow) | Pfn(m_slots[i].keyHigh) << 32;
        const std::size_t want = home(key);
        const bool homeInRange = hole <= i ? (want > hole && want <= i) : (want > hole || want <= i);
        if (!homeInRange) {
            m_slots[hole] = m_slots[i];
            hole = i;
        }
    }
    m_slots[hole] = Slot {kEmpty, 0xff, kNone};
    --m_size;
}

void PfnMap::grow()
{
    std::vector<Slot, HugePageAllocator<Slot>> old(m_slots.size() * 2, Slot {kEmpty, 0xff, kNone});
    old.swap(m_slots);
    m_mask = m_slots.size() - 1;
    --m_shift;
    for (const Slot& s : old) {
        if (empty(s))
            continue;
        const Pfn key = Pfn(s.keyLow) | Pfn(s.keyHigh) << 32;
        std::size_t i = home(key);
        while (!empty(m_slots[i]))
            i = (i + 1) & m_mask;
        m_slots[i] = s;
    }
}

} // namespace gbw
