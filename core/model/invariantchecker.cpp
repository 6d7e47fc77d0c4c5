// SPDX-License-Identifier: GPL-3.0-or-later
#include "invariantchecker.h"

namespace gbw {

namespace {

class Checker
{
public:
    Checker(const MemoryModel& model, std::size_t maxProblems)
        : m_model(model)
        , m_max(maxProblems)
    {}

    std::vector<std::string> run()
    {
        recomputeFromPages();
        checkLists();
        checkSummaries();
        return std::move(m_problems);
    }

private:
    template<typename... Parts>
    void problem(const Parts&... parts)
    {
        if (m_problems.size() >= m_max)
            return;
        std::string text;
        ((text += toText(parts)), ...);
        m_problems.push_back(std::move(text));
    }
    static std::string toText(const std::string& s)
    {
        return s;
    }
    static std::string toText(const char* s)
    {
        return s;
    }
    static std::string toText(std::string_view s)
    {
        return std::string(s);
    }
    template<typename T>
    static std::string toText(T v)
    {
        return std::to_string(v);
    }

    const Geometry& g() const
    {
        return m_model.geometry();
    }

    void recomputeFromPages()
    {
        m_pageblocks.assign(m_model.pageblocks().size(), PageblockInfo {});
        m_gigablocks.assign(m_model.gigablocks().size(), GigablockSummary {});
        m_zoneFree.assign(std::size_t(m_model.zoneCount()), {});
        for (int zi = 0; zi < m_model.zoneCount(); ++zi)
            walkZone(zi);
    }

    void walkZone(int zi)
    {
        const Zone& zone = m_model.zone(zi);
        for (Pfn pfn = zone.startPfn; pfn < zone.endPfn;) {
            const PageState state = m_model.page(pfn);
            if (state.isReserved()) {
                ++pfn;
                continue;
            }
            if (!state.isHead()) {
                problem("pfn ", pfn, " in zone ", name(zone.type), " is a tail page with no block head before it");
                ++pfn;
                continue;
            }
            const int order = state.order();
            const Pfn size = Pfn(1) << order;
            if (order > g().maxPageOrder || (pfn & (size - 1)) || pfn + size > zone.endPfn) {
                problem("block at pfn ", pfn, " of order ", order, " is misaligned or leaves its zone");
                ++pfn;
                continue;
            }
            for (Pfn tail = pfn + 1; tail < pfn + size; ++tail) {
                if (!m_model.page(tail).isTail()) {
                    problem("pfn ", tail, " lies inside the order-", order, " block at ", pfn, " but is not a tail");
                    break;
                }
            }
            if (state.isFreeHead())
                countFree(zi, pfn, order, state.migrateType());
            else
                countUsed(pfn, order, state.migrateType());
            pfn += size;
        }
    }

    void countFree(int zi, Pfn pfn, int order, MigrateType mt)
    {
        ++m_freeHeads;
        auto& zf = m_zoneFree[std::size_t(zi)];
        ++zf.blocks[std::size_t(order)][std::size_t(index(mt))];
        zf.pages += Pfn(1) << order;
        const std::size_t pb = m_model.pageblockOf(pfn);
        const MigrateType label = m_model.pageblocks()[pb].label;
        if (label != mt)
            problem("free block at pfn ", pfn, " is on the ", name(mt), " list in a ", name(label), " pageblock");
        auto& summary = m_gigablocks[m_model.pageblocks()[pb].gigablock];
        ++summary.freeBlocks[std::size_t(order)][std::size_t(index(mt))];
        summary.freePages += Pfn(1) << order;
        forEachPageblock(
            pfn, order, [&](std::size_t i, std::uint64_t pages) { m_pageblocks[i].freePages += std::uint16_t(pages); });
        checkMerged(zi, pfn, order, mt);
    }

    void countUsed(Pfn pfn, int order, MigrateType mt)
    {
        if (!isPcpType(mt)) {
            problem("allocated block at pfn ", pfn, " has non-requestable type ", name(mt));
            return;
        }
        forEachPageblock(pfn, order, [&](std::size_t i, std::uint64_t pages) {
            m_pageblocks[i].usedPages[std::size_t(index(mt))] += std::uint16_t(pages);
        });
        m_gigablocks[m_model.gigablockOf(pfn)].usedPages[std::size_t(index(mt))] += Pfn(1) << order;
    }

    template<typename Fn>
    void forEachPageblock(Pfn pfn, int order, Fn fn)
    {
        const std::size_t first = m_model.pageblockOf(pfn);
        if (order < g().pageblockOrder) {
            fn(first, std::uint64_t(1) << order);
            return;
        }
        for (std::size_t i = 0; i < (std::size_t(1) << (order - g().pageblockOrder)); ++i)
            fn(first + i, g().pagesPerPageblock());
    }

    // Two free buddies that the merge rules allow to merge must have merged.
    void checkMerged(int zi, Pfn pfn, int order, MigrateType mt)
    {
        if (order >= g().maxPageOrder)
            return;
        const Pfn buddy = pfn ^ (Pfn(1) << order);
        if (!m_model.zone(zi).contains(buddy) || !m_model.page(buddy).isFreeHeadOf(order))
            return;
        const MigrateType buddyMt = m_model.page(buddy).migrateType();
        if (order >= g().pageblockOrder && buddyMt != mt && !(isPcpType(mt) && isPcpType(buddyMt)))
            return;
        if (pfn < buddy)
            problem("free buddies at pfn ", pfn, " and ", buddy, " of order ", order, " did not merge");
    }

    void checkLists()
    {
        std::size_t listed = 0;
        for (int zi = 0; zi < m_model.zoneCount(); ++zi) {
            const Zone& zone = m_model.zone(zi);
            if (m_model.listScope() == ListScope::Zone) {
                listed += checkArea(zone, zone.area, MemoryModel::kNoGigablock);
            } else {
                for (std::uint32_t gb = zone.firstGigablock; gb < zone.firstGigablock + zone.gigablockCount; ++gb)
                    listed += checkArea(zone, const_cast<MemoryModel&>(m_model).gigablockArea(gb), gb);
            }
            if (zone.links.size() != countHeads(zi))
                problem("zone ", name(zone.type), " has ", zone.links.size(), " linked free blocks but ",
                    countHeads(zi), " free block heads");
        }
        if (listed != m_freeHeads)
            problem(listed, " blocks on free lists, but ", m_freeHeads, " free block heads in memory");
    }

    std::size_t countHeads(int zi) const
    {
        std::size_t n = 0;
        for (const auto& byOrder : m_zoneFree[std::size_t(zi)].blocks)
            for (auto c : byOrder)
                n += c;
        return n;
    }

    std::size_t checkArea(const Zone& zone, const FreeArea& area, std::uint32_t gigablock)
    {
        std::size_t total = 0;
        for (int order = 0; order <= g().maxPageOrder; ++order) {
            for (int t = 0; t < kMigrateTypes; ++t) {
                const auto mt = static_cast<MigrateType>(t);
                const ListEnds& list = area.list(order, mt);
                Pfn last = MemoryModel::kNoPfn;
                std::size_t n = 0;
                for (Pfn pfn = m_model.firstFree(zone, list); pfn != MemoryModel::kNoPfn;
                     pfn = m_model.nextFree(zone, pfn)) {
                    if (++n > zone.spannedPages()) {
                        problem("free list order ", order, " ", name(mt), " in zone ", name(zone.type), " loops");
                        return total;
                    }
                    if (!m_model.page(pfn).isFreeHeadOf(order) || m_model.page(pfn).migrateType() != mt)
                        problem("pfn ", pfn, " is on the order-", order, " ", name(mt),
                            " list but is not such a free block");
                    if (gigablock != MemoryModel::kNoGigablock && m_model.gigablockOf(pfn) != gigablock)
                        problem("pfn ", pfn, " is on gigablock ", gigablock, "'s list but lies in gigablock ",
                            m_model.gigablockOf(pfn));
                    last = pfn;
                }
                const Pfn tail = list.tail == ListEnds::kNil ? MemoryModel::kNoPfn : zone.startPfn + list.tail;
                if (tail != last)
                    problem("free list order ", order, " ", name(mt), " ends at ", last, " but its tail is ", tail);
                total += n;
            }
        }
        return total;
    }

    void checkSummaries()
    {
        for (int zi = 0; zi < m_model.zoneCount(); ++zi) {
            const Zone& zone = m_model.zone(zi);
            const auto& zf = m_zoneFree[std::size_t(zi)];
            if (zone.freePages != zf.pages)
                problem("zone ", name(zone.type), " counts ", zone.freePages, " free pages, memory has ", zf.pages);
            for (int order = 0; order <= g().maxPageOrder; ++order)
                for (int t = 0; t < kMigrateTypes; ++t)
                    if (zone.freeBlocks[std::size_t(order)][std::size_t(t)]
                        != zf.blocks[std::size_t(order)][std::size_t(t)])
                        problem("zone ", name(zone.type), " order ", order, " ", name(static_cast<MigrateType>(t)),
                            " counts ", zone.freeBlocks[std::size_t(order)][std::size_t(t)],
                            " free blocks, memory has ", zf.blocks[std::size_t(order)][std::size_t(t)]);
        }
        for (std::size_t i = 0; i < m_pageblocks.size(); ++i)
            checkPageblock(i);
        for (std::size_t i = 0; i < m_gigablocks.size(); ++i)
            checkGigablock(i);
    }

    void checkPageblock(std::size_t i)
    {
        const PageblockInfo& kept = m_model.pageblocks()[i];
        if (kept.reserved || kept.gigablock == MemoryModel::kNoGigablock)
            return;
        PageblockInfo& seen = m_pageblocks[i];
        if (kept.freePages != seen.freePages || kept.usedPages != seen.usedPages)
            problem("pageblock ", i, " counts free ", kept.freePages, " used ", kept.usedPages[0], "/",
                kept.usedPages[1], "/", kept.usedPages[2], " but holds free ", seen.freePages, " used ",
                seen.usedPages[0], "/", seen.usedPages[1], "/", seen.usedPages[2]);
        auto& summary = m_gigablocks[kept.gigablock];
        if (seen.freePages == g().pagesPerPageblock())
            ++summary.freePageblocks;
        if (seen.hasUnmovable())
            ++summary.unmovablePageblocks;
        if (seen.hasReclaimable())
            ++summary.reclaimablePageblocks;
        ++summary.labelCount[std::size_t(index(kept.label))];
    }

    void checkGigablock(std::size_t i)
    {
        const GigablockSummary& kept = m_model.gigablocks()[i];
        const GigablockSummary& seen = m_gigablocks[i];
        auto mismatch = [&](const char* what, auto a, auto b) {
            if (a != b)
                problem("gigablock ", i, " ", what, " is ", a, ", memory says ", b);
        };
        mismatch("freePages", kept.freePages, seen.freePages);
        mismatch("fullness", int(kept.fullness), int(kept.fullnessOf(seen.freePages)));
        mismatch("freePageblocks", kept.freePageblocks, seen.freePageblocks);
        mismatch("unmovablePageblocks", kept.unmovablePageblocks, seen.unmovablePageblocks);
        mismatch("reclaimablePageblocks", kept.reclaimablePageblocks, seen.reclaimablePageblocks);
        for (int t = 0; t < kPcpTypes; ++t)
            mismatch("usedPages", kept.usedPages[std::size_t(t)], seen.usedPages[std::size_t(t)]);
        for (int t = 0; t < kMigrateTypes; ++t)
            mismatch("labelCount", kept.labelCount[std::size_t(t)], seen.labelCount[std::size_t(t)]);
        if (kept.freeBlocks != seen.freeBlocks)
            problem("gigablock ", i, " free block counts per order and type differ from memory");
    }

    struct ZoneFree
    {
        std::array<std::array<std::uint64_t, kMigrateTypes>, kMaxSupportedOrder + 1> blocks = {};
        std::uint64_t pages = 0;
    };

    const MemoryModel& m_model;
    std::size_t m_max;
    std::vector<std::string> m_problems;
    std::vector<PageblockInfo> m_pageblocks;
    std::vector<GigablockSummary> m_gigablocks;
    std::vector<ZoneFree> m_zoneFree;
    std::size_t m_freeHeads = 0;
};

} // namespace

std::vector<std::string> InvariantChecker::check(const MemoryModel& model, std::size_t maxProblems)
{
    return Checker(model, maxProblems).run();
}

} // namespace gbw
