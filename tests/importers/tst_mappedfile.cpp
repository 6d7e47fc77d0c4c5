// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/mappedfile.h"

#include "sampledata.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

using namespace gbw::importers;
using gbw::importers::testing::readSample;
using gbw::importers::testing::samplesDir;

TEST(MappedFile, mapsRegularFiles)
{
    const std::string name = "trace-compaction-migrate-ftrace-linux-6.18-capture.txt";
    std::string error;
    auto file = MappedFile::open((samplesDir() / name).string(), error);
    ASSERT_TRUE(file) << error;
    EXPECT_EQ(file->text(), readSample(name));
}

TEST(MappedFile, readsWhatCannotBeMapped)
{
    // /proc files report size 0 and must be read.
    std::string error;
    auto proc = MappedFile::open("/proc/self/status", error);
    ASSERT_TRUE(proc) << error;
    EXPECT_NE(proc->text().find("Name:"), std::string_view::npos);

    const std::string empty = ::testing::TempDir() + "gbw-mappedfile-empty.txt";
    std::ofstream(empty).close();
    auto file = MappedFile::open(empty, error);
    ASSERT_TRUE(file) << error;
    EXPECT_TRUE(file->text().empty());
    std::remove(empty.c_str());
}

TEST(MappedFile, reportsErrors)
{
    std::string error;
    EXPECT_FALSE(MappedFile::open("/nonexistent/gbw.txt", error));
    EXPECT_EQ(error, "cannot open /nonexistent/gbw.txt: No such file or directory");
}
