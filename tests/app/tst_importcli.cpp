// SPDX-License-Identifier: GPL-3.0-or-later
//
// gigablock import / info / export, run as a user runs them: every sample in, counts out, the
// dumps back byte for byte, clear errors, and a database left as it was by --strict, Ctrl-C and
// kill -9.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "clirunner.h"

namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

// FNV-1a of the file's bytes: equal hashes, same database file.
std::uint64_t fileHash(const fs::path& path)
{
    std::uint64_t hash = 0xcbf29ce484222325ull;
    for (unsigned char c : readFile(path))
        hash = (hash ^ c) * 0x100000001b3ull;
    return hash;
}

fs::path samples()
{
    return fs::path(GBW_TEST_DATA_DIR) / "samples";
}

// The importable samples: everything but the .src notes and the tracefs format dump, which
// describes events and holds none.
std::vector<fs::path> importableSamples(std::string_view prefix = {})
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(samples())) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".src" || name.rfind("tracefs-event-formats", 0) == 0)
            continue;
        if (name.rfind(prefix, 0) == 0)
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string quoted(const fs::path& path)
{
    return "'" + path.string() + "'";
}

// An mm_page_alloc/mm_page_free trace long enough to be interrupted in the middle.
void writeTrace(const fs::path& path, std::size_t events)
{
    std::ofstream out(path, std::ios::binary);
    out << "# tracer: nop\n#\n";
    std::string line;
    for (std::size_t i = 0; i < events; ++i) {
        line = "            bash-10148   [001] .....   " + std::to_string(549 + i / 1000000) + "."
            + std::to_string(100000 + i % 900000) + ": ";
        line += i % 2 ? "mm_page_free: page=00000000b895a7e3 pfn=0x" + std::to_string(100000 + i) + " order=0\n"
                      : "mm_page_alloc: page=00000000de210642 pfn=0x" + std::to_string(100000 + i)
                + " order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO\n";
        out << line;
    }
}

class ImportCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path()
            / ("gbw-importcli-" + std::to_string(::getpid()) + "-"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        m_db = m_dir / "recording.db";
    }
    void TearDown() override
    {
        fs::remove_all(m_dir);
    }

    nlohmann::json info()
    {
        const auto json = m_dir / "info.json";
        const CliRun run = gigablock("info --db " + quoted(m_db) + " --json " + quoted(json));
        EXPECT_EQ(run.status, 0) << run.output;
        std::ifstream in(json);
        return nlohmann::json::parse(in, nullptr, false);
    }

    // Starts `gigablock import` in the background with its output going to a file.
    pid_t startImport(const fs::path& trace)
    {
        const std::string log = (m_dir / "import.log").string();
        const pid_t child = ::fork();
        if (child == 0) {
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(fd, STDOUT_FILENO);
            ::dup2(fd, STDERR_FILENO);
            const std::string db = m_db.string(), file = trace.string();
            ::execl(GBW_CLI, GBW_CLI, "import", "--db", db.c_str(), file.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        return child;
    }

    // Waits until the import has written into its transaction: the journal (or WAL) grows.
    bool waitUntilWriting()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        auto size = [](const std::string& path) {
            std::error_code ec;
            const auto bytes = fs::file_size(path, ec);
            return ec ? 0 : bytes;
        };
        while (std::chrono::steady_clock::now() < deadline) {
            if (size(m_db.string() + "-journal") > 0 || size(m_db.string() + "-wal") > (1u << 20))
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    fs::path m_dir;
    fs::path m_db;
};

} // namespace

TEST_F(ImportCliTest, ImportsEverySampleAndCountsThem)
{
    const auto files = importableSamples();
    ASSERT_EQ(files.size(), 36u);
    std::string arguments = "import --host samples --db " + quoted(m_db);
    for (const auto& f : files)
        arguments += " " + quoted(f);
    const CliRun run = gigablock(arguments);
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_NE(run.output.find("Imported 36 files into"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("35 snapshots, 8847 events, 0 skipped lines"), std::string::npos) << run.output;
    EXPECT_EQ(run.output.find('\r'), std::string::npos) << "a progress bar, but the output is not a terminal";

    const auto json = info();
    // pagetypeinfo 9 + 4 (mixed-blocks file), buddyinfo 8, zoneinfo 6, vmstat 6, extfrag 1, unusable 1
    EXPECT_EQ(json["snapshots"], 35);
    EXPECT_EQ(json["events"], 3399 + 5429 + 10 + 9);
    EXPECT_EQ(json["skipped_lines"], 0);
    EXPECT_EQ(json["sessions"].size(), 36u);
    EXPECT_EQ(json["hosts"], nlohmann::json::parse(R"([{"name": "samples", "sessions": 36}])"));
    EXPECT_EQ(json["snapshots_by_kind"]["pagetypeinfo"], 13);
    EXPECT_EQ(json["snapshots_by_kind"]["buddyinfo"], 8);
    EXPECT_EQ(json["events_by_type"]["kmem:mm_page_alloc"], 1162 + 9); // the 6.18 capture, the Android excerpt
    std::int64_t byType = 0;
    for (const auto& [type, count] : json["events_by_type"].items())
        byType += count.get<std::int64_t>();
    EXPECT_EQ(byType, json["events"]);

    const CliRun text = gigablock("info --db " + quoted(m_db));
    ASSERT_EQ(text.status, 0) << text.output;
    EXPECT_NE(text.output.find("1 host(s), 36 session(s), 35 snapshot(s), 8847 event(s), 0 skipped line(s)"),
        std::string::npos)
        << text.output;
    EXPECT_NE(text.output.find("kmem:mm_page_free_batched"), std::string::npos) << text.output;
}

TEST_F(ImportCliTest, ExportGivesBackTheOriginalBytes)
{
    for (const char* kind : {"pagetypeinfo", "buddyinfo"}) {
        int imported = 0; // snapshots of this kind so far: the export numbering
        for (const auto& file : importableSamples(std::string(kind) + "-")) {
            const CliRun run = gigablock("import --db " + quoted(m_db) + " " + quoted(file));
            ASSERT_EQ(run.status, 0) << run.output;
            const int snapshots = std::stoi(
                run.output.substr(run.output.find(std::string(kind) + ", ") + 2 + std::string(kind).size()));
            ASSERT_GT(snapshots, 0) << run.output;
            // A monitor loop prints its dumps one after another, with a blank line between.
            std::string joined;
            for (int n = imported + 1; n <= imported + snapshots; ++n) {
                const CliRun exported = gigablock(
                    "export " + std::string(kind) + " --db " + quoted(m_db) + " --snapshot " + std::to_string(n));
                ASSERT_EQ(exported.status, 0) << exported.output;
                joined += (joined.empty() ? "" : "\n") + exported.output;
            }
            imported += snapshots;
            EXPECT_EQ(joined, readFile(file)) << file;
        }
        // Without --snapshot: the last one.
        const CliRun last = gigablock("export " + std::string(kind) + " --db " + quoted(m_db));
        ASSERT_EQ(last.status, 0);
        const CliRun numbered = gigablock(
            "export " + std::string(kind) + " --db " + quoted(m_db) + " --snapshot " + std::to_string(imported));
        EXPECT_EQ(last.output, numbered.output);
    }
}

TEST_F(ImportCliTest, BrokenInputsGetClearErrors)
{
    ASSERT_EQ(
        gigablock("import --db " + quoted(m_db) + " " + quoted(samples() / "buddyinfo-jc-fixture-x86_64-1node.txt"))
            .status,
        0);
    const auto empty = m_dir / "empty.txt", binary = m_dir / "binary.bin", tail = m_dir / "buddyinfo-tail.txt";
    std::ofstream(empty).close();
    std::ofstream(binary, std::ios::binary) << std::string("\x7f"
                                                           "ELF\2\1\1\0\0\0",
        10) << "\nNode 0\n";
    // Recognised by its first line, garbage after it: lenient mode would skip the line, --strict
    // stops.
    std::ofstream(tail, std::ios::binary)
        << "Node 0, zone      DMA      1      2      3 \n\x7f" << std::string("ELF\0\1\2", 6);
    const auto notDb = samples() / "vmstat-linux-6.18-x86_64-vm-capture.txt";
    const std::string db = " --db " + quoted(m_db);
    struct Case
    {
        std::string arguments;
        std::string message;
        int status;
    };
    const Case cases[] = {
        {"import" + db + " " + quoted(m_dir / "missing.txt"),
            "cannot open " + (m_dir / "missing.txt").string() + ": No such file or directory", 2},
        {"import" + db + " " + quoted(m_dir), "Is a directory", 2},
        {"import" + db + " " + quoted(empty), "empty.txt: empty file", 2},
        {"import" + db + " " + quoted(binary), "binary.bin: binary data on line 1, not a text dump", 2},
        {"import --strict" + db + " " + quoted(tail),
            "buddyinfo-tail.txt:2: binary data: byte 0x7f at column 1 (--strict); nothing from this file was imported",
            1},
        {"import" + db + " " + quoted(samples() / "tracefs-event-formats-kmem-compaction-vmscan-linux-6.18.txt"),
            "unrecognised file format (expected /proc/pagetypeinfo", 2},
        {"import --db " + quoted(notDb) + " " + quoted(samples() / "buddyinfo-jc-fixture-x86_64-1node.txt"),
            "--db: cannot open " + notDb.string() + ": file is not a database", 2},
        {"info --db " + quoted(m_dir / "nope.db"),
            "--db: cannot open " + (m_dir / "nope.db").string() + ": No such file or directory", 2},
        {"info --db " + quoted(notDb), "file is not a database", 2},
        {"export buddyinfo" + db + " --snapshot 2",
            "--snapshot 2 is out of range: " + m_db.string() + " holds 1 buddyinfo snapshot (1-1)", 2},
        {"export buddyinfo" + db + " --snapshot 0", "--snapshot 0 is out of range", 2},
        {"export pagetypeinfo" + db, "holds no pagetypeinfo snapshots", 2},
        {"export zoneinfo" + db, "unknown kind 'zoneinfo' (kinds: pagetypeinfo, buddyinfo", 2},
        {"export pagetypeinfo --db " + quoted(m_dir / "nope.db"), "No such file or directory", 2},
    };
    const auto before = fileHash(m_db);
    for (const auto& c : cases) {
        const CliRun run = gigablock(c.arguments);
        EXPECT_EQ(run.status, c.status) << c.arguments << "\n" << run.output;
        EXPECT_NE(run.output.find(c.message), std::string::npos) << c.arguments << " said: " << run.output;
    }
    // One bad file among good ones: refused before anything is imported.
    const CliRun mixed = gigablock(
        "import" + db + " " + quoted(samples() / "vmstat-linux-6.18-x86_64-vm-capture.txt") + " " + quoted(empty));
    EXPECT_EQ(mixed.status, 2) << mixed.output;
    EXPECT_EQ(fileHash(m_db), before);
    EXPECT_FALSE(fs::exists(m_dir / "nope.db")) << "info must not create a database";
}

TEST_F(ImportCliTest, StrictAbortsAndLeavesTheDatabaseAsItWas)
{
    ASSERT_EQ(
        gigablock("import --db " + quoted(m_db) + " " + quoted(samples() / "zoneinfo-linux-6.18-x86_64-vm-capture.txt"))
            .status,
        0);
    // The capture with a line cut in half after 9 good events, and more after it.
    const std::string trace = readFile(samples() / "trace-kmem-pagealloc-free-ftrace-linux-6.18-capture.txt");
    std::size_t cut = 0;
    for (int line = 0; line < 21; ++line)
        cut = trace.find('\n', cut) + 1;
    const auto broken = m_dir / "broken.txt";
    std::ofstream(broken, std::ios::binary) << trace.substr(0, cut) << "            bash-10148   [001] .....   549.5\n"
                                            << trace.substr(cut);

    const auto hash = fileHash(m_db);
    const auto before = info();
    const CliRun strict = gigablock("import --strict --db " + quoted(m_db) + " " + quoted(broken));
    EXPECT_EQ(strict.status, 1) << strict.output;
    EXPECT_NE(strict.output.find("broken.txt:22: invalid timestamp '549.5' (--strict); nothing from this file was "
                                 "imported"),
        std::string::npos)
        << strict.output;
    EXPECT_EQ(fileHash(m_db), hash);
    EXPECT_EQ(info(), before);

    const CliRun lenient = gigablock("import --db " + quoted(m_db) + " " + quoted(broken));
    EXPECT_EQ(lenient.status, 0) << lenient.output;
    EXPECT_NE(lenient.output.find("ftrace, 3399 events, 1 line skipped"), std::string::npos) << lenient.output;
    EXPECT_NE(lenient.output.find("Skipped lines (first 1 of 1; --strict stops at the first):\n  " + broken.string()
                  + ":22: invalid timestamp '549.5'"),
        std::string::npos)
        << lenient.output;
    EXPECT_EQ(info()["skipped_lines"], 1);
}

TEST_F(ImportCliTest, CtrlCAbortsTheTransaction)
{
    ASSERT_EQ(
        gigablock("import --db " + quoted(m_db) + " " + quoted(samples() / "vmstat-linux-6.18-x86_64-vm-capture.txt"))
            .status,
        0);
    const auto before = info();
    const auto trace = m_dir / "long.trace";
    writeTrace(trace, 1500000);

    const pid_t child = startImport(trace);
    ASSERT_GT(child, 0);
    ASSERT_TRUE(waitUntilWriting()) << readFile(m_dir / "import.log");
    const auto interrupted = std::chrono::steady_clock::now();
    ::kill(child, SIGINT);
    int status = 0;
    ::waitpid(child, &status, 0);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - interrupted).count();
    const std::string log = readFile(m_dir / "import.log");
    ASSERT_TRUE(WIFEXITED(status)) << "killed by the signal instead of handling it\n" << log;
    EXPECT_EQ(WEXITSTATUS(status), 130) << log;
    EXPECT_NE(log.find("long.trace: interrupted; nothing from this file was imported"), std::string::npos) << log;
    EXPECT_LT(seconds, 5.0) << "Ctrl-C took a long time to take effect";
    EXPECT_EQ(info(), before);
    EXPECT_FALSE(fs::exists(m_db.string() + "-journal"));
}

TEST_F(ImportCliTest, KillNineLeavesTheDatabaseAsItWas)
{
    ASSERT_EQ(
        gigablock("import --db " + quoted(m_db) + " " + quoted(samples() / "buddyinfo-jc-fixture-x86_64-1node.txt"))
            .status,
        0);
    const auto before = info();
    const auto trace = m_dir / "long.trace";
    writeTrace(trace, 1500000);

    const pid_t child = startImport(trace);
    ASSERT_GT(child, 0);
    ASSERT_TRUE(waitUntilWriting()) << readFile(m_dir / "import.log");
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be killed";
    // The next open rolls the hot journal back.
    EXPECT_EQ(info(), before);
    const CliRun again
        = gigablock("import --db " + quoted(m_db) + " " + quoted(samples() / "buddyinfo-jc-fixture-x86_64-1node.txt"));
    EXPECT_EQ(again.status, 0) << again.output;
    EXPECT_EQ(info()["snapshots"], 2);
}

TEST_F(ImportCliTest, HelpNamesTheOptions)
{
    const CliRun import = gigablock("import --help");
    EXPECT_EQ(import.status, 0);
    for (const char* option : {"--db", "--strict", "--host"})
        EXPECT_NE(import.output.find(option), std::string::npos) << option;
    const CliRun exportHelp = gigablock("export --help");
    EXPECT_NE(exportHelp.output.find("pagetypeinfo"), std::string::npos);
    EXPECT_NE(exportHelp.output.find("buddyinfo"), std::string::npos);
    const CliRun missingDb = gigablock("import " + quoted(samples() / "buddyinfo-jc-fixture-x86_64-1node.txt"));
    EXPECT_NE(missingDb.status, 0);
    EXPECT_NE(missingDb.output.find("--db"), std::string::npos) << missingDb.output;
}
