// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include "model/procformat.h"
#include "tinyhost.h"

using namespace gbw;
using namespace gbw::test;

TEST(ProcFormat, PagetypeinfoMatchesTheKernelLayoutCharacterForCharacter)
{
    auto host = tinyHost(64);
    ASSERT_TRUE(host->allocate(request(0, MigrateType::Unmovable))); // claims pfns 0..15
    const std::string expected
        = "Page block order: 3\n"
          "Pages per block:  8\n"
          "\n"
          "Free pages count per migrate type at order       0      1      2      3      4 \n"
          "Node    0, zone   Normal, type    Unmovable      1      1      1      1      0 \n"
          "Node    0, zone   Normal, type      Movable      0      0      0      0      3 \n"
          "Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0 \n"
          "Node    0, zone   Normal, type   HighAtomic      0      0      0      0      0 \n"
          "Node    0, zone   Normal, type      Isolate      0      0      0      0      0 \n"
          "\n"
          "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"
          "Node 0, zone   Normal            2            6            0            0            0 \n";
    EXPECT_EQ(procformat::pagetypeinfo(host->model()), expected);
}

TEST(ProcFormat, BuddyinfoSumsEveryTypePerOrder)
{
    auto host = tinyHost(64);
    ASSERT_TRUE(host->allocate(request(0, MigrateType::Unmovable)));
    EXPECT_EQ(procformat::buddyinfo(host->model()), "Node 0, zone   Normal      1      1      1      1      3 \n");
}

TEST(ProcFormat, DefaultHostPrintsThreeZones)
{
    std::string error;
    auto host = PageAllocator::create(HostConfig::x86_64(std::uint64_t(8) << 30), makePolicy("vanilla"), &error);
    ASSERT_TRUE(host) << error;
    const std::string text = procformat::buddyinfo(host->model());
    // DMA: 16 MiB less the 2 MiB firmware pageblock = one order-9 and three order-10 blocks.
    EXPECT_NE(
        text.find(
            "Node 0, zone      DMA      0      0      0      0      0      0      0      0      0      1      3 \n"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("zone    DMA32"), std::string::npos);
    EXPECT_NE(text.find("zone   Normal"), std::string::npos);
}
