// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconstructor.h"

#include <algorithm>

#include "mm/watermarks.h"

namespace gbw {

std::string_view name(Contradiction c)
{
    switch (c) {
    case Contradiction::DoubleAlloc:
        return "double allocation";
    case Contradiction::FreeNotAllocated:
        return "free of a pfn not allocated";
    case Contradiction::WrongOrder:
        return "free with another order than allocated";
    case Contradiction::OutsideHost:
        return "pfn outside the host or in reserved memory";
    case Contradiction::BadGigablock:
        return "1 GB take or release the state does not allow";
    }
    return "?";
}

std::unique_ptr<Reconstructor> Reconstructor::create(const Recording& recording, std::string* error)
{
    // Lists per zone: reconstruction never chooses a block, so the lists'
    // scope changes nothing it computes, and zone lists are the cheaper.
    auto model = MemoryModel::create(recording.host, ListScope::Zone, error);
    if (!model)
        return nullptr;
    WatermarkSettings settings;
    watermarks::setup(*model, settings);
    return std::unique_ptr<Reconstructor>(new Reconstructor(std::move(model), recording));
}

Reconstructor::Reconstructor(std::unique_ptr<MemoryModel> model, const Recording& recording)
    : m_model(std::move(model))
    , m_start(recording.start)
    , m_labelsFromExtfrag(recording.labelsFromExtfrag)
{
    for (int zi = 0; zi < m_model->zoneCount(); ++zi)
        m_managedPages += m_model->zone(zi).managedPages;
    if (m_start == StartState::Unknown)
        m_touched.assign((m_model->endPfn() + 63) / 64, 0);
    m_pcp.assign((m_model->endPfn() + 63) / 64, 0);
    if (m_start == StartState::Unknown && !recording.seed.empty())
        seedFrom(recording.seed);
}

void Reconstructor::seedFrom(const std::vector<ZoneSeed>& seed)
{
    m_seed.resize(std::size_t(m_model->zoneCount()));
    for (int zi = 0; zi < m_model->zoneCount(); ++zi) {
        const Zone& zone = m_model->zone(zi);
        m_seed[std::size_t(zi)].node = zone.node;
        m_seed[std::size_t(zi)].type = zone.type;
        for (const auto& z : seed) {
            if (z.node == zone.node && z.type == zone.type)
                m_seed[std::size_t(zi)] = z;
        }
    }
    // Nothing is known about memory before its first event: hold all of it
    // as allocated blocks of unknown use, never as free.
    for (Pfn pfn = 0; pfn < m_model->endPfn();) {
        const auto block = m_model->blockContaining(pfn);
        if (!block) {
            ++pfn;
            continue;
        }
        if (m_model->page(block->pfn).isFreeHead())
            m_model->takeExact(block->pfn, block->order, MigrateType::Movable);
        pfn = block->pfn + (Pfn(1) << block->order);
    }
}

ZoneTotals Reconstructor::zoneTotals(int zi) const
{
    const Zone& zone = m_model->zone(zi);
    ZoneTotals t;
    const int orders = m_model->geometry().orders();
    for (int o = 0; o < orders; ++o) {
        for (int mt = 0; mt < kMigrateTypes; ++mt) {
            auto& n = t.freeBlocks[std::size_t(o)][std::size_t(mt)];
            n = zone.freeBlocks[std::size_t(o)][std::size_t(mt)];
            if (seeded())
                n += m_seed[std::size_t(zi)].freeBlocks[std::size_t(o)][std::size_t(mt)];
            t.freePages += n << o;
        }
    }
    if (seeded()) {
        t.pageblocks = m_seed[std::size_t(zi)].pageblocks;
        t.hasPageblocks = m_seed[std::size_t(zi)].hasPageblocks;
        return t;
    }
    t.hasPageblocks = m_start == StartState::Boot;
    const Pfn pbPages = m_model->geometry().pagesPerPageblock();
    for (Pfn pfn = zone.startPfn; pfn < zone.endPfn; pfn += pbPages) {
        const auto& pb = m_model->pageblocks()[m_model->pageblockOf(pfn)];
        if (!pb.reserved)
            ++t.pageblocks[std::size_t(index(pb.label))];
    }
    return t;
}

bool Reconstructor::claimUntouched(Pfn pfn, int order)
{
    const auto block = m_model->blockContaining(pfn);
    if (!block || block->order < order || !m_model->page(block->pfn).isAllocatedHead()
        || !untouched(block->pfn, block->order))
        return false;
    // Hand the unknown block to the model, cut the range out, and hold the
    // rest again: the halves split off around it are still unknown.
    m_model->freeBlock(block->pfn, block->order);
    m_model->takeExact(pfn, order, MigrateType::Movable);
    for (int o = order; o < block->order; ++o)
        m_model->takeExact(((pfn >> o) ^ 1) << o, o, MigrateType::Movable);
    return true;
}

void Reconstructor::revealFree(Pfn pfn, int order, MigrateType mt)
{
    if (untouched(pfn, order)) {
        if (claimUntouched(pfn, order)) {
            consumeSeed(pfn, order, mt);
            m_model->freeBlock(pfn, order);
        }
        touch(pfn, order);
        return;
    }
    if (order == 0)
        return;
    const Pfn half = Pfn(1) << (order - 1);
    revealFree(pfn, order - 1, mt);
    revealFree(pfn + half, order - 1, mt);
}

void Reconstructor::consumeSeed(Pfn pfn, int order, MigrateType mt)
{
    auto& free = m_seed[std::size_t(m_model->zoneIndexOf(pfn))].freeBlocks;
    // Which list it came from is a guess (the request's own type first); the order is not.
    auto pick = [&](int o) {
        if (free[std::size_t(o)][std::size_t(index(mt))])
            return index(mt);
        for (int t = 0; t < kMigrateTypes; ++t) {
            if (free[std::size_t(o)][std::size_t(t)])
                return t;
        }
        return -1;
    };
    for (int o = order; o <= m_model->geometry().maxPageOrder; ++o) {
        const int t = pick(o);
        if (t < 0)
            continue;
        --free[std::size_t(o)][std::size_t(t)];
        for (int split = order; split < o; ++split)
            ++free[std::size_t(split)][std::size_t(t)]; // expand(): one buddy half per order
        return;
    }
    ++m_stats.seedShortfalls;
}

Reconstructor::Reconstructor(const Reconstructor& other)
    : m_model(std::make_unique<MemoryModel>(*other.m_model))
    , m_start(other.m_start)
    , m_labelsFromExtfrag(other.m_labelsFromExtfrag)
    , m_stats(other.m_stats)
    , m_issues(other.m_issues)
    , m_seed(other.m_seed)
    , m_touched(other.m_touched)
    , m_pcp(other.m_pcp)
    , m_touchedPages(other.m_touchedPages)
    , m_managedPages(other.m_managedPages)
{}

Reconstructor& Reconstructor::operator=(const Reconstructor& other)
{
    if (this != &other) {
        *m_model = *other.m_model;
        m_start = other.m_start;
        m_labelsFromExtfrag = other.m_labelsFromExtfrag;
        m_stats = other.m_stats;
        m_issues = other.m_issues;
        m_seed = other.m_seed;
        m_touched = other.m_touched;
        m_pcp = other.m_pcp;
        m_touchedPages = other.m_touchedPages;
        m_managedPages = other.m_managedPages;
    }
    return *this;
}

std::uint64_t Reconstructor::unknownPages() const
{
    if (m_start == StartState::Boot)
        return 0;
    return m_managedPages > m_touchedPages ? m_managedPages - m_touchedPages : 0;
}

void Reconstructor::apply(const RecordedEvent& e, std::uint64_t index)
{
    switch (e.kind) {
    case RecordedKind::Alloc:
    case RecordedKind::MigrateAlloc:
        alloc(e, index);
        break;
    case RecordedKind::Free:
    case RecordedKind::MigrateFree:
    case RecordedKind::PcpDrain:
        free(e, index);
        break;
    case RecordedKind::PcpFree:
        pcpFree(e, index);
        break;
    case RecordedKind::PcpRefill:
        pcpRefill(e, index);
        break;
    case RecordedKind::Label:
        if (!m_labelsFromExtfrag)
            relabel(e.pfn, 0, e.mt, index, e);
        break;
    case RecordedKind::Extfrag:
        // A claimed fallback block takes all its pageblocks (change_ownership).
        if (m_labelsFromExtfrag && e.changeOwnership && relabel(e.pfn, e.aux, e.mt, index, e) && seeded()) {
            // The claimed pageblocks were fallback_migratetype, whatever the model knew of them.
            const int pbOrder = m_model->geometry().pageblockOrder;
            const std::uint64_t count = e.aux > pbOrder ? std::uint64_t(1) << (e.aux - pbOrder) : 1;
            auto& labels = m_seed[std::size_t(m_model->zoneIndexOf(e.pfn))].pageblocks;
            auto& from = labels[std::size_t(gbw::index(e.fallbackType))];
            from -= std::min(from, count);
            labels[std::size_t(gbw::index(e.mt))] += count;
        }
        break;
    case RecordedKind::GigablockTake:
        if (e.pfn >= m_model->gigablocks().size() || !m_model->takeGigablock(std::uint32_t(e.pfn)))
            contradiction(Contradiction::BadGigablock, e, index);
        else
            ++m_stats.applied;
        break;
    case RecordedKind::GigablockRelease:
        if (e.pfn >= m_model->gigablocks().size() || !m_model->gigablocks()[e.pfn].contigAllocated) {
            contradiction(Contradiction::BadGigablock, e, index);
        } else {
            m_model->releaseGigablock(std::uint32_t(e.pfn));
            ++m_stats.applied;
        }
        break;
    }
}

bool Reconstructor::inHost(Pfn pfn, int order) const
{
    if (order > m_model->geometry().maxPageOrder || (pfn & ((Pfn(1) << order) - 1)) != 0)
        return false;
    return pfn + (Pfn(1) << order) <= m_model->endPfn() && !m_model->page(pfn).isReserved();
}

void Reconstructor::alloc(const RecordedEvent& e, std::uint64_t index)
{
    if (!inHost(e.pfn, e.order)) {
        contradiction(Contradiction::OutsideHost, e, index);
        return;
    }
    if (seeded())
        revealFree(e.pfn, e.order, e.mt);
    if (!m_touched.empty())
        touch(e.pfn, e.order);
    if (pcpHeld(e.pfn)) {
        // Handed over from a per-cpu list: the buddy lists saw it go at the refill.
        if (m_model->page(e.pfn).order() != e.order) {
            contradiction(Contradiction::DoubleAlloc, e, index);
            return;
        }
        setPcpHeld(e.pfn, false);
        ++m_stats.applied;
        return;
    }
    // The recorded pfn is nearly always the head of a free block (the buddy
    // allocator hands out heads); takeExact() also splits around an inner one.
    if (!m_model->takeExact(e.pfn, e.order, e.mt)) {
        contradiction(Contradiction::DoubleAlloc, e, index);
        return;
    }
    ++m_stats.applied;
}

void Reconstructor::free(const RecordedEvent& e, std::uint64_t index)
{
    if (!inHost(e.pfn, e.order)) {
        contradiction(Contradiction::OutsideHost, e, index);
        return;
    }
    const PageState state = m_model->page(e.pfn);
    // A drain frees a parked page; a user's free never finds one parked.
    const bool parked = pcpHeld(e.pfn);
    if (state.isAllocatedHead() && state.order() == e.order && parked == (e.kind == RecordedKind::PcpDrain)) {
        setPcpHeld(e.pfn, false);
        m_model->freeBlock(e.pfn, e.order);
        ++m_stats.applied;
        if (!m_touched.empty())
            touch(e.pfn, e.order);
        return;
    }
    if (takePreTrace(e.pfn, e.order)) {
        m_model->freeBlock(e.pfn, e.order);
        ++m_stats.preTraceFrees;
        ++m_stats.applied;
        return;
    }
    contradiction(state.isAllocatedHead() ? Contradiction::WrongOrder : Contradiction::FreeNotAllocated, e, index);
}

bool Reconstructor::takePreTrace(Pfn pfn, int order)
{
    if (m_touched.empty() || !untouched(pfn, order))
        return false;
    // Seeded: the range sits in an unknown block, already allocated in the model.
    if (seeded() ? !claimUntouched(pfn, order) : !m_model->takeExact(pfn, order, MigrateType::Movable))
        return false;
    // Allocated before the trace started: now known to have been in use.
    touch(pfn, order);
    return true;
}

// free_unref_page(): the page waits on the per-cpu list of its pageblock's
// type, counted as that type, still allocated for the buddy lists.
void Reconstructor::pcpFree(const RecordedEvent& e, std::uint64_t index)
{
    if (!inHost(e.pfn, e.order)) {
        contradiction(Contradiction::OutsideHost, e, index);
        return;
    }
    const PageState state = m_model->page(e.pfn);
    const bool allocated = !pcpHeld(e.pfn) && state.isAllocatedHead() && state.order() == e.order;
    if (!allocated && !takePreTrace(e.pfn, e.order)) {
        contradiction(
            state.isAllocatedHead() && !pcpHeld(e.pfn) ? Contradiction::WrongOrder : Contradiction::FreeNotAllocated, e,
            index);
        return;
    }
    MigrateType listType = m_model->pageblocks()[m_model->pageblockOf(e.pfn)].label;
    if (!isPcpType(listType))
        listType = MigrateType::Movable;
    if (m_model->page(e.pfn).migrateType() != listType)
        m_model->retypeAllocated(e.pfn, e.order, listType);
    setPcpHeld(e.pfn, true);
    if (!m_touched.empty())
        touch(e.pfn, e.order);
    ++m_stats.applied;
}

void Reconstructor::pcpRefill(const RecordedEvent& e, std::uint64_t index)
{
    if (!inHost(e.pfn, e.order)) {
        contradiction(Contradiction::OutsideHost, e, index);
        return;
    }
    if (seeded())
        revealFree(e.pfn, e.order, e.mt);
    if (!m_touched.empty())
        touch(e.pfn, e.order);
    if (!m_model->takeExact(e.pfn, e.order, e.mt)) {
        contradiction(Contradiction::DoubleAlloc, e, index);
        return;
    }
    setPcpHeld(e.pfn, true);
    ++m_stats.applied;
}

bool Reconstructor::relabel(Pfn pfn, int order, MigrateType to, std::uint64_t index, const RecordedEvent& e)
{
    const auto& g = m_model->geometry();
    const Pfn start = pfn & ~(g.pagesPerPageblock() - 1);
    const std::size_t count = order > g.pageblockOrder ? std::size_t(1) << (order - g.pageblockOrder) : 1;
    if (start + count * g.pagesPerPageblock() > m_model->endPfn()) {
        contradiction(Contradiction::OutsideHost, e, index);
        return false;
    }
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t pb = m_model->pageblockOf(start) + i;
        if (m_model->pageblocks()[pb].reserved || m_model->pageblocks()[pb].gigablock == MemoryModel::kNoGigablock) {
            contradiction(Contradiction::OutsideHost, e, index);
            return false;
        }
        // Free pages follow the label, as in every relabel the allocator does.
        m_model->moveFreePagesAndRelabel(pb, to);
    }
    ++m_stats.applied;
    return true;
}

void Reconstructor::contradiction(Contradiction what, const RecordedEvent& e, std::uint64_t index)
{
    ++m_stats.contradictions[std::size_t(what)];
    if (m_issues.size() < kMaxListedIssues)
        m_issues.push_back({index, e, what});
}

bool Reconstructor::untouched(Pfn pfn, int order) const
{
    for (Pfn p = pfn; p < pfn + (Pfn(1) << order); ++p) {
        if (m_touched[p >> 6] >> (p & 63) & 1)
            return false;
    }
    return true;
}

void Reconstructor::touch(Pfn pfn, int order)
{
    for (Pfn p = pfn; p < pfn + (Pfn(1) << order); ++p) {
        const std::uint64_t bit = std::uint64_t(1) << (p & 63);
        if (!(m_touched[p >> 6] & bit)) {
            m_touched[p >> 6] |= bit;
            ++m_touchedPages;
        }
    }
}

} // namespace gbw
