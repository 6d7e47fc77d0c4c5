// SPDX-License-Identifier: GPL-3.0-or-later
//
// The model's own /proc output goes through the importers: every number the parsers read must
// be the model's (free blocks per zone, order and migratetype; pageblocks per label), and the
// writers (directly, and through the store) must print the very same text again.
#include "importers/buddyinfoparser.h"
#include "importers/buddyinfowriter.h"
#include "importers/pagetypeinfoparser.h"
#include "importers/pagetypeinfowriter.h"
#include "importers/sqlitestore.h"

#include "mm/pageallocator.h"
#include "model/procformat.h"
#include "policy/policy.h"
#include "sim/churn.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

using namespace gbw;
using namespace gbw::importers;

namespace {

constexpr std::uint64_t GiB = std::uint64_t(1) << 30;
constexpr std::uint64_t walkCap = 100000; // the kernel stops counting a free list here (5.4+)

struct HostCase
{
    const char* name;
    HostConfig config;
    const char* policy;
    std::uint64_t churnEvents;
};

HostConfig withCmaAndMovable()
{
    HostConfig config = HostConfig::x86_64(8 * GiB, 2);
    config.cma = {{std::uint64_t(5) * GiB, std::uint64_t(5) * GiB + 256 * (std::uint64_t(1) << 20)}};
    config.movableBytes = 2 * GiB;
    return config;
}

// Small pages per block and a low top order, so that a fresh host has more than 100000 free
// blocks of the top order and the kernel's ">100000" appears.
HostConfig overflowingTopOrder()
{
    HostConfig config;
    config.geometry = Geometry {12, 3, 4, 6};
    config.memoryBytes = 8 * GiB; // 131072 free blocks of order 4 (64 KiB) when fresh
    config.holes.clear();
    config.reserved.clear();
    config.dmaZones = false;
    return config;
}

std::vector<HostCase> hostCases()
{
    return {
        {"16G vanilla", HostConfig::x86_64(16 * GiB), "vanilla", 300000},
        {"8G two nodes, CMA, ZONE_MOVABLE, superpageblock", withCmaAndMovable(), "superpageblock", 200000},
        {"4G gigablock-bitmap", HostConfig::x86_64(4 * GiB), "gigablock-bitmap", 100000},
        {"tiny geometry, fresh", overflowingTopOrder(), "vanilla", 0},
    };
}

std::unique_ptr<PageAllocator> buildHost(const HostCase& c)
{
    std::string error;
    auto allocator = PageAllocator::create(c.config, makePolicy(c.policy), &error);
    EXPECT_TRUE(allocator) << c.name << ": " << error;
    if (allocator && c.churnEvents > 0) {
        ChurnConfig churn;
        churn.seed = 7;
        Churn(*allocator, churn).run(c.churnEvents);
    }
    return allocator;
}

const Zone* findZone(const MemoryModel& model, int node, std::string_view zoneName)
{
    for (int i = 0; i < model.zoneCount(); ++i) {
        const Zone& zone = model.zone(i);
        if (zone.node == node && name(zone.type) == zoneName)
            return &zone;
    }
    return nullptr;
}

// What /proc prints for a count: exact below the walk cap, the cap as a lower bound above it.
FreeCount printed(std::uint64_t count)
{
    return count >= walkCap ? FreeCount {walkCap, true} : FreeCount {count, false};
}

std::uint64_t pageblocksLabelled(const MemoryModel& model, const Zone& zone, MigrateType mt)
{
    std::uint64_t n = 0;
    for (std::uint32_t gb = zone.firstGigablock; gb < zone.firstGigablock + zone.gigablockCount; ++gb)
        n += model.gigablocks()[gb].labelCount[std::size_t(index(mt))];
    return n;
}

void checkFreeRows(const MemoryModel& model, const PagetypeinfoSection& section, const char* host)
{
    ASSERT_EQ(section.orderCount, model.geometry().orders()) << host;
    for (const auto& row : section.freeRows) {
        const Zone* zone = findZone(model, row.node, row.zone);
        ASSERT_TRUE(zone) << host << ": node " << row.node << " zone " << row.zone;
        const auto mt = migrateTypeFromName(row.migratetype);
        ASSERT_TRUE(mt) << host << ": column " << row.migratetype;
        ASSERT_EQ(row.counts.size(), std::size_t(model.geometry().orders())) << host;
        for (int order = 0; order < model.geometry().orders(); ++order) {
            EXPECT_EQ(
                row.counts[std::size_t(order)], printed(zone->freeBlocks[std::size_t(order)][std::size_t(index(*mt))]))
                << host << ": node " << row.node << " " << row.zone << " " << row.migratetype << " order " << order;
        }
    }
}

void checkBlockTable(const MemoryModel& model, const PagetypeBlockTable& table, const char* host)
{
    for (const auto& row : table.rows) {
        const Zone* zone = findZone(model, row.node, row.zone);
        ASSERT_TRUE(zone) << host << ": node " << row.node << " zone " << row.zone;
        ASSERT_EQ(row.counts.size(), table.migratetypes.size()) << host;
        for (std::size_t c = 0; c < table.migratetypes.size(); ++c) {
            const auto mt = migrateTypeFromName(table.migratetypes[c]);
            ASSERT_TRUE(mt) << host << ": column " << table.migratetypes[c];
            EXPECT_EQ(row.counts[c], pageblocksLabelled(model, *zone, *mt))
                << host << ": node " << row.node << " " << row.zone << " " << table.migratetypes[c];
        }
    }
}

// Every zone with pages has its rows: one per printed migratetype and one in the block table.
std::size_t populatedZones(const MemoryModel& model)
{
    std::size_t n = 0;
    for (int i = 0; i < model.zoneCount(); ++i)
        n += model.zone(i).presentPages > 0;
    return n;
}

std::filesystem::path scratchDatabase()
{
    return std::filesystem::temp_directory_path()
        / ("gbw-modelroundtrip-" + std::to_string(::getpid()) + "-"
            + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
}

void removeDatabase(const std::filesystem::path& db)
{
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(db.string() + suffix);
}

} // namespace

TEST(ModelRoundTrip, PagetypeinfoNumbersAreTheModels)
{
    for (const auto& c : hostCases()) {
        auto host = buildHost(c);
        ASSERT_TRUE(host);
        const MemoryModel& model = host->model();
        const std::string text = procformat::pagetypeinfo(model);
        auto parsed = PagetypeinfoParser::parse(text);
        ASSERT_TRUE(parsed.ok()) << c.name << ": " << (parsed.errors.empty() ? "" : parsed.errors[0].reason);
        ASSERT_EQ(parsed.snapshots.size(), 1u) << c.name;
        const auto& snapshot = parsed.snapshots[0];
        std::size_t freeRows = 0, blockRows = 0;
        for (const auto& section : snapshot.sections) {
            EXPECT_EQ(section.pageblockOrder, model.geometry().pageblockOrder) << c.name;
            EXPECT_EQ(section.pagesPerBlock, model.geometry().pagesPerPageblock()) << c.name;
            checkFreeRows(model, section, c.name);
            ASSERT_TRUE(section.blockCounts) << c.name;
            EXPECT_FALSE(section.mixedBlockCounts) << c.name;
            checkBlockTable(model, *section.blockCounts, c.name);
            freeRows += section.freeRows.size();
            blockRows += section.blockCounts->rows.size();
        }
        EXPECT_EQ(blockRows, populatedZones(model)) << c.name;
        EXPECT_EQ(freeRows, populatedZones(model) * snapshot.migratetypes().size()) << c.name;
        EXPECT_EQ(PagetypeinfoWriter::write(snapshot), text) << c.name;
    }
}

TEST(ModelRoundTrip, PrintedColumnsFollowTheHost)
{
    auto plain = buildHost(hostCases()[0]);
    auto withCma = buildHost(hostCases()[1]);
    ASSERT_TRUE(plain && withCma);
    const auto columns = [](const MemoryModel& model) {
        return PagetypeinfoParser::parse(procformat::pagetypeinfo(model)).snapshots.at(0).migratetypes();
    };
    EXPECT_EQ(columns(plain->model()),
        (std::vector<std::string> {"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate"}));
    EXPECT_EQ(columns(withCma->model()),
        (std::vector<std::string> {"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"}));
    auto tiny = buildHost(hostCases()[3]);
    ASSERT_TRUE(tiny);
    auto parsed = PagetypeinfoParser::parse(procformat::pagetypeinfo(tiny->model()));
    ASSERT_EQ(parsed.snapshots.size(), 1u);
    EXPECT_TRUE(parsed.snapshots[0].hasLowerBound()) << "the fresh tiny host should print >100000";
}

TEST(ModelRoundTrip, BuddyinfoNumbersAreTheModels)
{
    for (const auto& c : hostCases()) {
        auto host = buildHost(c);
        ASSERT_TRUE(host);
        const MemoryModel& model = host->model();
        const std::string text = procformat::buddyinfo(model);
        auto parsed = BuddyinfoParser::parse(text);
        ASSERT_TRUE(parsed.ok()) << c.name;
        ASSERT_EQ(parsed.snapshots.size(), 1u) << c.name;
        const auto& snapshot = parsed.snapshots[0];
        EXPECT_EQ(snapshot.rows.size(), populatedZones(model)) << c.name;
        for (const auto& row : snapshot.rows) {
            const Zone* zone = findZone(model, row.node, row.zone);
            ASSERT_TRUE(zone) << c.name << ": " << row.zone;
            ASSERT_EQ(row.counts.size(), std::size_t(model.geometry().orders())) << c.name;
            for (int order = 0; order < model.geometry().orders(); ++order)
                EXPECT_EQ(row.counts[std::size_t(order)], zone->freeBlocksOfOrder(order)) << c.name << " " << row.zone;
        }
        EXPECT_EQ(BuddyinfoWriter::write(snapshot), text) << c.name;
    }
}

TEST(ModelRoundTrip, ThroughTheStoreAndBack)
{
    const auto db = scratchDatabase();
    removeDatabase(db);
    std::string error;
    auto store = SqliteStore::open(db.string(), error);
    ASSERT_TRUE(store) << error;
    for (const auto& c : hostCases()) {
        auto host = buildHost(c);
        ASSERT_TRUE(host);
        const std::string pagetypeinfo = procformat::pagetypeinfo(host->model());
        const std::string buddyinfo = procformat::buddyinfo(host->model());
        ImportRequest request;
        request.host = c.name;
        ASSERT_TRUE(store->importText(pagetypeinfo, request).ok) << c.name;
        ASSERT_TRUE(store->importText(buddyinfo, request).ok) << c.name;
        auto loadedTypes = store->loadPagetypeinfo(store->snapshots("pagetypeinfo").back().id);
        auto loadedBuddy = store->loadBuddyinfo(store->snapshots("buddyinfo").back().id);
        ASSERT_TRUE(loadedTypes && loadedBuddy) << c.name;
        EXPECT_EQ(PagetypeinfoWriter::write(*loadedTypes), pagetypeinfo) << c.name;
        EXPECT_EQ(BuddyinfoWriter::write(*loadedBuddy), buddyinfo) << c.name;
    }
    store.reset();
    removeDatabase(db);
}
