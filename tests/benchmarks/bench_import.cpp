// SPDX-License-Identifier: GPL-3.0-or-later
//
// Import speed (issue 5): generates a realistic mm_page_alloc/mm_page_free trace as the tracefs
// `trace` file prints it, and the same rows as CSV; then times, in one run,
//   - parsing alone (FtraceParser, no store),
//   - the full import into a new database (SqliteStore::importFile: parse + insert + indexes +
//     commit, and closing the store, which checkpoints the WAL),
//   - SQLite's own shell importing the CSV rows into a plain table (`sqlite3 DB .import`),
// and prints one JSON object on stdout; progress goes to stderr.
//
//   bench_import [EVENTS [DIR]]      EVENTS defaults to 10000000; files go to DIR (default $TMPDIR)
//
// The generator is deterministic: the same EVENTS give the same bytes.

#include "importers/ftraceparser.h"
#include "importers/mappedfile.h"
#include "importers/sqlitestore.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

// splitmix64: tiny, fast and good enough to make a trace look irregular.
class Random
{
public:
    explicit Random(std::uint64_t seed)
        : m_state(seed)
    {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n)
    {
        return next() % n;
    }

private:
    std::uint64_t m_state;
};

struct Task
{
    std::string_view comm;
    int pid;
};

// Who allocates pages on a busy machine: user processes faulting memory in, kernel threads
// reclaiming and compacting, and tasks whose comm the kernel had already forgotten.
constexpr std::array<Task, 16> tasks {{
    {"bash", 10148},
    {"stress-ng-vm", 3923},
    {"postgres", 5120},
    {"java", 7788},
    {"chrome", 23456},
    {"Chrome_ChildIOT", 23501},
    {"kworker/u16:3", 212},
    {"kswapd0", 95},
    {"kcompactd0", 96},
    {"systemd-journal", 402},
    {"Xorg", 1350},
    {"<...>", 22275},
    {"ksoftirqd/3", 33},
    {"make", 31337},
    {"cc1plus", 31402},
    {"rsync", 8812},
}};

constexpr std::array<std::string_view, 6> irqFlags {".....", "...1.", "d..1.", "...2.", "d..2.", "..s1."};

struct AllocKind
{
    int order;
    int migratetype;
    std::string_view gfp;
    int weight;
};

// Mostly order-0 user pages, a kernel share, some slab orders and transparent huge pages.
constexpr std::array<AllocKind, 9> allocKinds {{
    {0, 1, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP", 40},
    {0, 1, "GFP_HIGHUSER_MOVABLE|__GFP_COMP", 15},
    {0, 0, "GFP_KERNEL_ACCOUNT|__GFP_ZERO|__GFP_COMP", 12},
    {0, 0, "GFP_NOWAIT|__GFP_NOWARN", 6},
    {0, 2, "GFP_NOFS|__GFP_RECLAIMABLE", 8},
    {1, 0, "GFP_ATOMIC|__GFP_NOWARN|__GFP_NOMEMALLOC|__GFP_COMP", 4},
    {2, 0, "GFP_KERNEL|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP", 4},
    {3, 2, "GFP_KERNEL|__GFP_RECLAIMABLE|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP", 6},
    {9, 1, "GFP_TRANSHUGE|__GFP_THISNODE", 5},
}};

constexpr int cpus = 8;
constexpr std::uint64_t firstPfn = 0x100000; // 4 GiB: above DMA32
constexpr std::uint64_t pfnSpan = 0x500000; // 20 GiB of Normal

// Writes `events` trace lines and the matching CSV rows. Allocations and frees alternate at
// random around a live set of blocks, so that every free names a block allocated before it
// (mostly a recent one, as in real traces), and a task runs for a burst of events on one CPU.
class TraceGenerator
{
public:
    TraceGenerator(std::FILE* trace, std::FILE* csv)
        : m_trace(trace)
        , m_csv(csv)
    {}

    void run(std::uint64_t events)
    {
        header(events);
        for (std::uint64_t i = 0; i < events; ++i) {
            if (m_burst == 0)
                switchTask();
            --m_burst;
            m_timeUs += m_random.below(10);
            const bool free = !m_live.empty() && (m_live.size() > 200000 || m_random.below(100) < 48);
            free ? freeOne() : allocateOne();
            flushIfFull();
        }
        flush();
    }

private:
    struct Block
    {
        std::uint64_t pfn;
        int order;
    };

    void header(std::uint64_t events)
    {
        m_line = "# tracer: nop\n#\n# entries-in-buffer/entries-written: " + std::to_string(events) + "/"
            + std::to_string(events) + "   #P:" + std::to_string(cpus) + "\n#\n";
        m_line += "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
                  "#              | |         |   |||||     |         |\n";
        m_traceBuffer += m_line;
    }

    void switchTask()
    {
        m_task = &tasks[m_random.below(tasks.size())];
        m_cpu = static_cast<int>(m_random.below(cpus));
        m_flags = irqFlags[m_random.below(irqFlags.size())];
        m_burst = 1 + m_random.below(48);
    }

    // "            bash-10148   [001] .....   549.589417: " (%16s-%-7d [%03d] %s %5lu.%06lu: )
    void prefix()
    {
        const std::size_t pad = m_task->comm.size() < 16 ? 16 - m_task->comm.size() : 0;
        m_line.assign(pad, ' ');
        m_line += m_task->comm;
        m_line += '-';
        const std::size_t pidStart = m_line.size();
        appendNumber(m_line, static_cast<std::uint64_t>(m_task->pid));
        m_line.append(pidStart + 7 > m_line.size() ? pidStart + 7 - m_line.size() : 0, ' ');
        m_line += " [00";
        m_line += static_cast<char>('0' + m_cpu);
        m_line += "] ";
        m_line += m_flags;
        const std::uint64_t seconds = 549 + m_timeUs / 1000000;
        const std::uint64_t micros = m_timeUs % 1000000;
        char number[48];
        std::snprintf(number, sizeof number, " %5llu.%06llu: ", static_cast<unsigned long long>(seconds),
            static_cast<unsigned long long>(micros));
        m_line += number;
    }

    void pageField()
    {
        char page[32];
        std::snprintf(
            page, sizeof page, "page=%016llx pfn=0x", static_cast<unsigned long long>(m_random.next() & 0xffffffffu));
        m_line += page;
    }

    void allocateOne()
    {
        const AllocKind& kind = pickKind();
        const std::uint64_t pfn = firstPfn + (m_random.below(pfnSpan) & ~((std::uint64_t {1} << kind.order) - 1));
        m_live.push_back({pfn, kind.order});
        prefix();
        m_line += "mm_page_alloc: ";
        pageField();
        appendHex(m_line, pfn);
        m_line += " order=";
        appendNumber(m_line, static_cast<std::uint64_t>(kind.order));
        m_line += " migratetype=";
        appendNumber(m_line, static_cast<std::uint64_t>(kind.migratetype));
        m_line += " gfp_flags=";
        m_line += kind.gfp;
        m_line += '\n';
        m_traceBuffer += m_line;
        csvRow("mm_page_alloc", pfn, kind.order, std::to_string(kind.migratetype), kind.gfp);
    }

    void freeOne()
    {
        // Most kernel allocations are short-lived: free one of the newest blocks, else any.
        const std::size_t recent = std::min<std::size_t>(m_live.size(), 64);
        const std::size_t victim
            = m_random.below(100) < 80 ? m_live.size() - 1 - m_random.below(recent) : m_random.below(m_live.size());
        const Block block = m_live[victim];
        m_live[victim] = m_live.back();
        m_live.pop_back();
        prefix();
        m_line += "mm_page_free: ";
        pageField();
        appendHex(m_line, block.pfn);
        m_line += " order=";
        appendNumber(m_line, static_cast<std::uint64_t>(block.order));
        m_line += '\n';
        m_traceBuffer += m_line;
        csvRow("mm_page_free", block.pfn, block.order, {}, {});
    }

    const AllocKind& pickKind()
    {
        int total = 0;
        for (const auto& k : allocKinds)
            total += k.weight;
        int pick = static_cast<int>(m_random.below(static_cast<std::uint64_t>(total)));
        for (const auto& k : allocKinds) {
            if (pick < k.weight)
                return k;
            pick -= k.weight;
        }
        return allocKinds.front();
    }

    // time_ns,cpu,pid,task,event,pfn,order,migratetype,gfp_flags
    void csvRow(
        std::string_view event, std::uint64_t pfn, int order, std::string_view migratetype, std::string_view gfp)
    {
        std::string& out = m_csvBuffer;
        appendNumber(out, (549'000'000 + m_timeUs) * 1000);
        out += ',';
        appendNumber(out, static_cast<std::uint64_t>(m_cpu));
        out += ',';
        appendNumber(out, static_cast<std::uint64_t>(m_task->pid));
        out += ',';
        out += m_task->comm;
        out += ',';
        out += event;
        out += ',';
        appendNumber(out, pfn);
        out += ',';
        appendNumber(out, static_cast<std::uint64_t>(order));
        out += ',';
        out += migratetype;
        out += ',';
        out += gfp;
        out += '\n';
    }

    static void appendNumber(std::string& out, std::uint64_t value)
    {
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        out.append(digits, end);
    }
    static void appendHex(std::string& out, std::uint64_t value)
    {
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, value, 16).ptr;
        out.append(digits, end);
    }

    void flushIfFull()
    {
        if (m_traceBuffer.size() > (1u << 20))
            flush();
    }
    void flush()
    {
        std::fwrite(m_traceBuffer.data(), 1, m_traceBuffer.size(), m_trace);
        std::fwrite(m_csvBuffer.data(), 1, m_csvBuffer.size(), m_csv);
        m_traceBuffer.clear();
        m_csvBuffer.clear();
    }

    std::FILE* m_trace;
    std::FILE* m_csv;
    Random m_random {20260501};
    std::string m_line, m_traceBuffer, m_csvBuffer;
    std::vector<Block> m_live;
    const Task* m_task = &tasks.front();
    int m_cpu = 0;
    std::string_view m_flags = irqFlags.front();
    std::uint64_t m_burst = 0;
    std::uint64_t m_timeUs = 589417;
};

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void removeDatabase(const fs::path& db)
{
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(db.string() + suffix);
}

// Parsing alone: the upper bound for the import.
double parseSeconds(const std::string& tracePath, std::size_t& events)
{
    std::string error;
    auto file = gbw::importers::MappedFile::open(tracePath, error);
    if (!file) {
        std::fprintf(stderr, "%s\n", error.c_str());
        std::exit(2);
    }
    const auto start = std::chrono::steady_clock::now();
    gbw::importers::FtraceParser parser;
    std::uint64_t checksum = 0;
    auto summary = parser.parse(file->text(), [&](const gbw::importers::FtraceEventView& e) {
        checksum += e.pfn.value_or(0) + static_cast<std::uint64_t>(e.order);
    });
    const double seconds = secondsSince(start);
    events = summary.events;
    if (checksum == 1) // keeps the callback from being optimised away
        std::fprintf(stderr, " ");
    return seconds;
}

struct ImportTiming
{
    double seconds = 0;
    double closeSeconds = 0;
    std::size_t events = 0;
    std::uintmax_t databaseBytes = 0;
};

ImportTiming importSeconds(const std::string& tracePath, const fs::path& db)
{
    removeDatabase(db);
    ImportTiming timing;
    const auto start = std::chrono::steady_clock::now();
    std::string error;
    auto store = gbw::importers::SqliteStore::open(db.string(), error);
    if (!store) {
        std::fprintf(stderr, "%s\n", error.c_str());
        std::exit(2);
    }
    gbw::importers::ImportRequest request;
    request.host = "bench";
    const auto summary = store->importFile(tracePath, request);
    if (!summary.ok) {
        std::fprintf(stderr, "import failed: %s\n", summary.failure.c_str());
        std::exit(2);
    }
    const auto closing = std::chrono::steady_clock::now();
    store.reset();
    timing.closeSeconds = secondsSince(closing);
    timing.seconds = secondsSince(start);
    timing.events = summary.events;
    timing.databaseBytes = fs::file_size(db);
    return timing;
}

// The same rows through SQLite's own shell: CSV into a plain table without indexes, in one
// transaction (what `.import` does), with the shell's default settings.
double sqliteShellSeconds(const std::string& csvPath, const fs::path& db, bool& available)
{
    removeDatabase(db);
    const std::string command = "sqlite3 '" + db.string()
        + "' 'CREATE TABLE events (time_ns INTEGER, cpu INTEGER, pid INTEGER, task TEXT, event TEXT, pfn INTEGER, "
          "\"order\" INTEGER, migratetype INTEGER, gfp_flags TEXT)' '.mode csv' '.import \""
        + csvPath + "\" events'";
    const auto start = std::chrono::steady_clock::now();
    const int status = std::system(command.c_str());
    const double seconds = secondsSince(start);
    available = status == 0;
    if (!available)
        std::fprintf(stderr, "sqlite3 shell failed (status %d): %s\n", status, command.c_str());
    return seconds;
}

} // namespace

int main(int argc, char** argv)
{
    const std::uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
    const fs::path dir = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path();
    const std::string stem = "gbw-bench-import-" + std::to_string(::getpid());
    const fs::path tracePath = dir / (stem + ".trace"), csvPath = dir / (stem + ".csv");
    const fs::path ourDb = dir / (stem + ".db"), shellDb = dir / (stem + "-sqlite3.db");

    std::fprintf(stderr, "generating %llu events...\n", static_cast<unsigned long long>(events));
    auto start = std::chrono::steady_clock::now();
    {
        std::FILE* trace = std::fopen(tracePath.c_str(), "wb");
        std::FILE* csv = std::fopen(csvPath.c_str(), "wb");
        if (!trace || !csv) {
            std::fprintf(stderr, "cannot write in %s\n", dir.c_str());
            return 2;
        }
        TraceGenerator(trace, csv).run(events);
        std::fclose(trace);
        std::fclose(csv);
    }
    const double generateSeconds = secondsSince(start);

    std::fprintf(stderr, "parsing...\n");
    std::size_t parsed = 0;
    const double parse = parseSeconds(tracePath.string(), parsed);
    std::fprintf(stderr, "importing...\n");
    const ImportTiming ours = importSeconds(tracePath.string(), ourDb);
    std::fprintf(stderr, "sqlite3 shell importing the CSV...\n");
    bool shellAvailable = false;
    const double shell = sqliteShellSeconds(csvPath.string(), shellDb, shellAvailable);

    const double ourRate = double(ours.events) / ours.seconds;
    const double shellRate = double(events) / shell;
    std::printf("{\n");
    std::printf("  \"events\": %llu,\n", static_cast<unsigned long long>(events));
    std::printf("  \"trace_bytes\": %llu,\n", static_cast<unsigned long long>(fs::file_size(tracePath)));
    std::printf("  \"csv_bytes\": %llu,\n", static_cast<unsigned long long>(fs::file_size(csvPath)));
    std::printf("  \"generate_seconds\": %.3f,\n", generateSeconds);
    std::printf("  \"parse_seconds\": %.3f,\n", parse);
    std::printf("  \"parse_events_per_second\": %.0f,\n", double(parsed) / parse);
    std::printf("  \"import_seconds\": %.3f,\n", ours.seconds);
    std::printf("  \"import_close_seconds\": %.3f,\n", ours.closeSeconds);
    std::printf("  \"import_events\": %zu,\n", ours.events);
    std::printf("  \"import_events_per_second\": %.0f,\n", ourRate);
    std::printf("  \"import_database_bytes\": %llu,\n", static_cast<unsigned long long>(ours.databaseBytes));
    if (shellAvailable) {
        std::printf("  \"sqlite3_csv_seconds\": %.3f,\n", shell);
        std::printf("  \"sqlite3_csv_rows_per_second\": %.0f,\n", shellRate);
        std::printf(
            "  \"sqlite3_csv_database_bytes\": %llu,\n", static_cast<unsigned long long>(fs::file_size(shellDb)));
        std::printf("  \"ratio_import_to_sqlite3\": %.2f\n", ourRate / shellRate);
    } else {
        std::printf("  \"sqlite3_csv_seconds\": null,\n  \"ratio_import_to_sqlite3\": null\n");
    }
    std::printf("}\n");

    if (!std::getenv("GBW_BENCH_KEEP")) {
        for (const auto& p : {tracePath, csvPath})
            fs::remove(p);
    }
    removeDatabase(ourDb);
    removeDatabase(shellDb);
    return ours.events == events ? 0 : 1;
}
