// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/formatdetector.h"

#include "sampledata.h"

#include <gtest/gtest.h>

using namespace gbw::importers;
using gbw::importers::testing::readSample;
using gbw::importers::testing::samplesStartingWith;

TEST(FormatDetector, everySample)
{
    const std::vector<std::pair<std::string, InputFormat>> prefixes {
        {"pagetypeinfo-", InputFormat::Pagetypeinfo},
        {"buddyinfo-", InputFormat::Buddyinfo},
        {"zoneinfo-", InputFormat::Zoneinfo},
        {"vmstat-", InputFormat::Vmstat},
        {"extfrag_index-", InputFormat::ExtfragIndex},
        {"unusable_index-", InputFormat::UnusableIndex},
        {"trace-", InputFormat::Ftrace},
    };
    std::size_t checked = 0;
    for (const auto& [prefix, format] : prefixes) {
        for (const auto& file : samplesStartingWith(prefix)) {
            const std::string head = readSample(file).substr(0, 4096);
            EXPECT_EQ(FormatDetector::detect(head), format) << file;
            ++checked;
        }
    }
    EXPECT_EQ(checked, 36u);
}

TEST(FormatDetector, tieBreaksAndJunk)
{
    // Without -1.000 or the 5.16 padding the two debugfs indexes look alike; the name decides.
    const std::string ambiguous = "Node 0, zone   Normal 0.000 0.002 0.003\n";
    EXPECT_EQ(FormatDetector::detect(ambiguous), InputFormat::UnusableIndex);
    EXPECT_EQ(FormatDetector::detect(ambiguous, "extfrag_index"), InputFormat::ExtfragIndex);
    EXPECT_EQ(FormatDetector::detect("Node 0, zone   Normal -1.000  0.931\n"), InputFormat::ExtfragIndex);
    // A monitor loop's first timestamp line is skipped.
    EXPECT_EQ(FormatDetector::detect("Tue Nov 14 22:13:20 UTC 2023\nNode 0, zone DMA 1 2 3\n"), InputFormat::Buddyinfo);
    EXPECT_EQ(FormatDetector::detect("1700000000\nnr_free_pages 3\n"), InputFormat::Vmstat);
    EXPECT_EQ(FormatDetector::detect(""), InputFormat::Unknown);
    EXPECT_EQ(FormatDetector::detect(std::string("\x7f"
                                                 "ELF\x02\x01",
                  6)),
        InputFormat::Unknown);
    EXPECT_EQ(FormatDetector::detect("hello world, how are you\n"), InputFormat::Unknown);
    EXPECT_EQ(FormatDetector::detect("cpus=2\n"), InputFormat::Ftrace);
    EXPECT_EQ(inputFormatName(InputFormat::UnusableIndex), "unusable_index");
}
