// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweepcommand.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "importers/sqlitestore.h"
#include "importers/sweepstore.h"
#include "sim/knobs.h"
#include "slurmsweep.h"
#include "sweep/knobfile.h"
#include "sweep/sweepanalysis.h"
#include "sweep/sweepfile.h"
#include "sweep/sweeprunner.h"

namespace {

namespace fs = std::filesystem;
using gbw::importers::SqliteStore;
using gbw::importers::SweepStore;

struct SweepOptions
{
    std::string file;
    std::string db;
    unsigned jobs = 0;
    std::string workloadDir;
    // --report
    std::string reportDb;
    std::string objectives;
    std::string workload;
    std::string exportSysctl;
    std::string exportKnobs;
    // --run-index (one run, for a Slurm task)
    long long runIndex = -1;
    std::string out;
    // --slurm and --collect
    bool slurm = false;
    std::string partition;
    std::string runDir;
    std::string sbatch = "sbatch";
    bool noSubmit = false;
    std::string collectDb;
    std::string from;
};

std::atomic<bool> g_interrupted {false};

extern "C" void onSweepInterrupt(int)
{
    g_interrupted = true;
}

constexpr int kUsage = 2;

int fail(const std::string& message)
{
    std::cerr << "gigablock sweep: " << message << '\n';
    return kUsage;
}

std::string formatSeconds(double s)
{
    char text[32];
    if (s < 90)
        std::snprintf(text, sizeof text, "%.0fs", s);
    else if (s < 5400)
        std::snprintf(text, sizeof text, "%.1fm", s / 60);
    else
        std::snprintf(text, sizeof text, "%.1fh", s / 3600);
    return text;
}

// Progress on stderr: redrawn in place on a terminal, a line every 5 % in a log.
class SweepProgressLine
{
public:
    explicit SweepProgressLine(std::size_t total)
        : m_tty(isatty(STDERR_FILENO))
        , m_every(std::max<std::size_t>(1, total / 20))
    {}
    void update(const gbw::SweepProgress& p)
    {
        if (!m_tty && p.done % m_every != 0 && p.done != p.total)
            return;
        std::fprintf(stderr, "%ssweep: %zu/%zu runs, %zu failed, %s elapsed, eta %s%s", m_tty ? "\r" : "", p.done,
            p.total, p.failed, formatSeconds(p.elapsedSeconds).c_str(), formatSeconds(p.etaSeconds).c_str(),
            m_tty ? "   " : "\n");
        std::fflush(stderr);
    }
    ~SweepProgressLine()
    {
        if (m_tty)
            std::fprintf(stderr, "\n");
    }

private:
    bool m_tty;
    std::size_t m_every;
};

std::optional<gbw::SweepFile> readSweep(const std::string& file)
{
    auto result = gbw::SweepFileReader::read(file);
    if (!result) {
        std::cerr << "gigablock sweep: " << result.error << '\n';
        return std::nullopt;
    }
    return std::move(*result.sweep);
}

std::unique_ptr<SqliteStore> openStore(const std::string& db, bool mustExist)
{
    std::string error;
    auto store = mustExist ? SqliteStore::openExisting(db, error) : SqliteStore::open(db, error);
    if (!store)
        std::cerr << "gigablock sweep: " << db << ": " << error << '\n';
    return store;
}

// A store from before run ids hashed the workload's contents: its runs may be results of a
// workload file that has changed since, and nothing tells which. Resuming into it would mix
// them with new ones, so the sweep stops and says what to do instead.
bool refuseLegacyStore(const SweepStore& results, const std::string& db)
{
    std::string error;
    const std::size_t legacy = results.legacyRuns(&error);
    if (legacy == 0)
        return false;
    std::cerr << "gigablock sweep: " << db << ": " << legacy
              << " runs were stored by an older gigablock whose run ids hashed the workload's name, not its "
                 "contents, so a resume cannot tell whether they are stale. Sweep into a new --db; gigablock sweep "
                 "--report and the workbench still read this one.\n";
    return true;
}

gbw::RunResult runOne(const gbw::RunSpec& spec, const std::string& workloadDir, bool requestsAhead)
{
    return gbw::executeRun(spec, workloadDir, requestsAhead);
}

// A sweep file against its store: what it expands to, and which of those
// runs the store does not hold yet. Running here and submitting to Slurm
// start from the same place, so a resume means the same thing for both.
struct PendingSweep
{
    gbw::SweepFile sweep;
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<SweepStore> results;
    std::vector<gbw::RunSpec> runs;
    std::vector<gbw::RunSpec> pending;
};

std::optional<PendingSweep> pendingSweep(const SweepOptions& o)
{
    PendingSweep p;
    auto sweep = readSweep(o.file);
    if (!sweep)
        return std::nullopt;
    p.sweep = std::move(*sweep);
    p.store = openStore(o.db, false);
    if (!p.store)
        return std::nullopt;
    p.results = std::make_unique<SweepStore>(*p.store);
    if (refuseLegacyStore(*p.results, o.db))
        return std::nullopt;
    std::string error;
    const auto stored = p.results->storedIds(&error);
    if (!error.empty()) {
        fail(o.db + ": " + error);
        return std::nullopt;
    }
    p.runs = gbw::expandSweep(p.sweep, o.workloadDir);
    for (const auto& spec : p.runs) {
        if (!stored.contains(spec.id()))
            p.pending.push_back(spec);
    }
    return p;
}

int runLocal(const SweepOptions& o)
{
    auto prepared = pendingSweep(o);
    if (!prepared)
        return kUsage;
    const gbw::SweepFile& sweep = prepared->sweep;
    const auto& runs = prepared->runs;
    const auto& pending = prepared->pending;
    SweepStore& results = *prepared->results;
    std::string error;
    const auto sweepId = results.addSweep(sweep, runs.size(), &error);
    if (!sweepId)
        return fail(o.db + ": " + error);
    gbw::SweepRunner runner(
        o.jobs, [dir = o.workloadDir, ahead = gbw::SweepRunner::requestsAheadFor(o.jobs)](const gbw::RunSpec& s) {
            return runOne(s, dir, ahead);
        });
    std::printf("Sweep %s: %zu runs, %zu stored already, %zu to run on %u threads\n", o.file.c_str(), runs.size(),
        runs.size() - pending.size(), pending.size(), runner.jobs());
    std::fflush(stdout);
    std::signal(SIGINT, onSweepInterrupt);
    std::signal(SIGTERM, onSweepInterrupt);
    runner.setCancel(&g_interrupted);
    std::size_t ok = 0, failed = 0;
    double runSeconds = 0;
    bool storeFailed = false;
    const auto start = std::chrono::steady_clock::now();
    {
        SweepProgressLine line(pending.size());
        runner.run(
            pending,
            [&](gbw::RunResult&& r) {
                (r.ok ? ok : failed) += 1;
                runSeconds += r.wallSeconds;
                if (!r.ok)
                    std::fprintf(stderr, "%sgigablock sweep: run %zu (%s) failed: %s\n", isatty(2) ? "\n" : "",
                        r.spec.index, r.spec.label().c_str(), r.error.c_str());
                std::string why;
                if (!results.save(r, *sweepId, &why) && !storeFailed) {
                    std::cerr << "\ngigablock sweep: " << o.db << ": " << why << '\n';
                    storeFailed = true;
                    g_interrupted = true;
                }
            },
            [&](const gbw::SweepProgress& p) { line.update(p); });
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("Done: %zu runs ok, %zu failed, %zu not run; %.2f s of wall time for %.2f s of run time (%.2fx)\n", ok,
        failed, pending.size() - ok - failed, wall, runSeconds, runSeconds > 0 ? wall / runSeconds : 0.0);
    std::printf("Results in %s; see gigablock sweep --report %s\n", o.db.c_str(), o.db.c_str());
    if (storeFailed)
        return 1;
    return g_interrupted ? 130 : 0;
}

bool writeFile(const fs::path& path, const std::string& text)
{
    const fs::path temporary = path.string() + ".part";
    {
        std::ofstream out(temporary, std::ios::binary);
        out << text;
        if (!out.flush())
            return false;
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    return !ec;
}

int runIndex(const SweepOptions& o)
{
    const auto sweep = readSweep(o.file);
    if (!sweep)
        return kUsage;
    const auto runs = gbw::expandSweep(*sweep, o.workloadDir);
    if (o.runIndex < 0 || std::size_t(o.runIndex) >= runs.size())
        return fail("--run-index " + std::to_string(o.runIndex) + ": the sweep has runs 0 to "
            + std::to_string(runs.size() - 1));
    const auto result = runOne(runs[std::size_t(o.runIndex)], o.workloadDir, /*requestsAhead=*/true);
    nlohmann::json json;
    result.toJson(json);
    if (!writeFile(o.out, json.dump() + "\n"))
        return fail("--out: cannot write " + o.out);
    std::printf("Run %lld (%s): %s in %.2f s -> %s\n", o.runIndex, result.spec.label().c_str(),
        result.ok ? "ok" : ("failed: " + result.error).c_str(), result.wallSeconds, o.out.c_str());
    return 0; // a failed run is a result too: it is in the file
}

int submitSlurm(const SweepOptions& o)
{
    auto prepared = pendingSweep(o);
    if (!prepared)
        return kUsage;
    const gbw::SweepFile& sweep = prepared->sweep;
    const auto& runs = prepared->runs;
    SweepStore& results = *prepared->results;
    std::string error;
    SlurmBatch batch;
    for (const auto& spec : prepared->pending)
        batch.indices.push_back(spec.index);
    if (batch.indices.empty()) {
        std::printf("All %zu runs are stored in %s already; nothing to submit\n", runs.size(), o.db.c_str());
        return 0;
    }
    std::error_code ec;
    batch.runDir = fs::absolute(o.runDir.empty() ? o.db + ".runs" : o.runDir);
    fs::create_directories(batch.runDir, ec);
    if (ec)
        return fail("cannot create " + batch.runDir.string() + ": " + ec.message());
    // The tasks read a copy, so editing the sweep file while the array waits changes nothing.
    batch.sweepFile = batch.runDir / "sweep.toml";
    if (!writeFile(batch.sweepFile, sweep.text))
        return fail("cannot write " + batch.sweepFile.string());
    batch.gigablock = fs::canonical("/proc/self/exe", ec);
    batch.workdir = fs::current_path();
    if (!o.workloadDir.empty())
        batch.workloadDir = fs::absolute(o.workloadDir);
    batch.partition = o.partition;
    const fs::path script = batch.runDir / "sweep.sbatch";
    if (!writeFile(script, batch.script()))
        return fail("cannot write " + script.string());
    if (!results.addSweep(sweep, runs.size(), &error))
        return fail(o.db + ": " + error);
    std::printf("Batch script %s: %zu of %zu runs as a job array\n", script.c_str(), batch.indices.size(), runs.size());
    if (o.noSubmit)
        return 0;
    const auto job = submitBatch(o.sbatch, script, &error);
    if (!job)
        return fail(error);
    std::printf("Submitted job %s; when it is done: gigablock sweep --collect %s --from %s\n", job->c_str(),
        o.db.c_str(), batch.runDir.c_str());
    return 0;
}

int collect(const SweepOptions& o)
{
    auto store = openStore(o.collectDb, false);
    if (!store)
        return kUsage;
    SweepStore results(*store);
    if (refuseLegacyStore(results, o.collectDb))
        return kUsage;
    std::string error;
    auto stored = results.storedIds(&error);
    std::size_t added = 0, known = 0, bad = 0;
    for (const auto& path : resultFiles(o.from)) {
        gbw::RunResult result;
        try {
            std::ifstream in(path);
            const auto json = nlohmann::json::parse(in);
            result = gbw::RunResult::fromJson(json);
            if (json.at("id").get<std::string>() != result.spec.id())
                throw std::runtime_error("its id does not match its configuration");
        } catch (const std::exception& e) {
            std::cerr << "gigablock sweep: " << path.string() << ": not a run result: " << e.what() << '\n';
            ++bad;
            continue;
        }
        if (stored.contains(result.spec.id())) {
            ++known;
            continue;
        }
        if (!results.save(result, std::nullopt, &error))
            return fail(o.collectDb + ": " + error);
        stored.insert(result.spec.id());
        ++added;
    }
    std::printf(
        "Collected %zu runs into %s (%zu stored already, %zu unreadable)\n", added, o.collectDb.c_str(), known, bad);
    // With the sweep file the submit copied there, say what is still missing.
    if (const auto copy = fs::path(o.from) / "sweep.toml"; fs::exists(copy)) {
        if (auto sweep = gbw::SweepFileReader::read(copy)) {
            std::size_t missing = 0;
            for (const auto& spec : gbw::expandSweep(*sweep.sweep, o.workloadDir))
                missing += stored.contains(spec.id()) ? 0 : 1;
            std::printf("%zu runs of %s are not in the store yet\n", missing, copy.c_str());
        }
    }
    return bad ? 1 : 0;
}

std::vector<gbw::Objective> parseObjectives(const std::string& list, std::string* error)
{
    std::vector<gbw::Objective> out;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');) {
        std::optional<bool> maximize;
        if (item.starts_with("max:") || item.starts_with("min:")) {
            maximize = item.starts_with("max:");
            item = item.substr(4);
        }
        const auto metric = gbw::findMetric(item);
        if (!metric) {
            *error = "--objectives: unknown metric '" + item + "'";
            return {};
        }
        out.push_back({item, maximize.value_or(metric->maximize)});
    }
    return out;
}

int exportRecommendation(const SweepOptions& o, const std::vector<gbw::WorkloadAnalysis>& analyses)
{
    const gbw::WorkloadAnalysis* chosen = nullptr;
    for (const auto& a : analyses) {
        if (!a.settings.empty() && (o.workload.empty() || a.workload == o.workload))
            chosen = chosen ? chosen : &a;
    }
    if (!chosen)
        return fail("--export-sysctl: no successful runs" + (o.workload.empty() ? "" : " for workload " + o.workload));
    std::size_t candidates = 0;
    for (const auto& a : analyses)
        candidates += a.settings.empty() ? 0 : 1;
    if (o.workload.empty() && candidates > 1)
        return fail("--export-sysctl: the store has several workloads; choose one with --workload");
    const auto& setting = chosen->settings[chosen->recommendation.setting];
    gbw::KnobSet knobs;
    gbw::KnobFile file;
    file.policy = setting.policy;
    for (const auto& [name, value] : setting.knobs) {
        knobs.set(name, value);
        file.knobs.emplace_back(name, value);
    }
    const std::string why
        = "Recommended by gigablock sweep for workload " + chosen->workload + ":\n" + chosen->recommendation.reason;
    std::string sysctl = "# " + chosen->recommendation.reason + "\n" + knobs.sysctlConf();
    if (!writeFile(o.exportSysctl, sysctl))
        return fail("cannot write " + o.exportSysctl);
    const std::string knobPath = o.exportKnobs.empty()
        ? (fs::path(o.exportSysctl).replace_extension("").string() + ".knobs.toml")
        : o.exportKnobs;
    if (!writeFile(knobPath, file.toToml(why + "\nLoad with: gigablock simulate --knobs FILE")))
        return fail("cannot write " + knobPath);
    std::printf("Wrote %s (sysctl.conf) and %s (knob file for --knobs)\n", o.exportSysctl.c_str(), knobPath.c_str());
    return 0;
}

int report(const SweepOptions& o)
{
    auto store = openStore(o.reportDb, true);
    if (!store)
        return kUsage;
    SweepStore results(*store);
    std::string error;
    auto objectives = o.objectives.empty() ? results.objectives(&error) : parseObjectives(o.objectives, &error);
    if (!error.empty())
        return fail(error);
    if (objectives.empty()) {
        for (auto name : gbw::defaultObjectives())
            objectives.push_back({std::string(name), gbw::findMetric(name)->maximize});
    }
    const auto runs = results.load(&error);
    if (!error.empty())
        return fail(o.reportDb + ": " + error);
    if (runs.empty())
        return fail(o.reportDb + ": no sweep runs stored");
    std::string names;
    for (const auto& obj : objectives)
        names += (names.empty() ? "" : ", ") + std::string(obj.maximize ? "max " : "min ") + obj.metric;
    std::printf("Sweep report for %s: %zu runs; objectives: %s\n\n", o.reportDb.c_str(), runs.size(), names.c_str());
    const auto analyses = gbw::analyzeSweep(runs, objectives);
    for (const auto& a : analyses) {
        if (o.workload.empty() || a.workload == o.workload)
            std::printf("%s\n", a.text().c_str());
    }
    return o.exportSysctl.empty() ? 0 : exportRecommendation(o, analyses);
}

int dispatch(const SweepOptions& o)
{
    const int modes = int(!o.reportDb.empty()) + int(!o.collectDb.empty()) + int(o.runIndex >= 0) + int(o.slurm);
    if (modes > 1)
        return fail("--report, --collect, --run-index and --slurm go one at a time");
    if (!o.reportDb.empty())
        return report(o);
    if (!o.collectDb.empty())
        return o.from.empty() ? fail("--collect needs --from DIR") : collect(o);
    if (!o.exportSysctl.empty())
        return fail("--export-sysctl goes with --report");
    if (o.file.empty())
        return fail("a sweep FILE is needed (or --report DB, --collect DB)");
    if (o.runIndex >= 0)
        return o.out.empty() ? fail("--run-index needs --out FILE") : runIndex(o);
    if (o.db.empty())
        return fail("--db DB is needed to store the results");
    return o.slurm ? submitSlurm(o) : runLocal(o);
}

} // namespace

void addSweepCommand(CLI::App& app)
{
    auto o = std::make_shared<SweepOptions>();
    auto* cmd = app.add_subcommand("sweep",
        "Run a knob sweep (a TOML file of policies, workloads, hosts, seeds and knob values) on every core or as a "
        "Slurm job array, store every run in SQLite, and report the trade-off front and a recommended setting");
    cmd->footer("Examples:\n"
                "  gigablock sweep tuning.toml --db sweep.db            run on all cores; rerun to resume\n"
                "  gigablock sweep --report sweep.db                    front, sensitivities, recommendation\n"
                "  gigablock sweep --report sweep.db --export-sysctl tuned.conf\n"
                "  gigablock sweep tuning.toml --db sweep.db --slurm --partition batch\n"
                "  gigablock sweep --collect sweep.db --from sweep.db.runs\n"
                "See docs/sweeps.md for the sweep file format.");
    cmd->add_option("FILE", o->file, "Sweep file (TOML)");
    cmd->add_option("--db", o->db, "SQLite store for the results; runs stored there already are skipped");
    cmd->add_option("-j,--jobs", o->jobs, "Runs at a time (default: one per core)");
    cmd->add_option("--workload-dir", o->workloadDir, "Directory of workload files that add to or replace the presets");
    cmd->add_option(
        "--report", o->reportDb, "Print the Pareto front, sensitivities and recommendation of the store DB");
    cmd->add_option("--objectives", o->objectives,
        "With --report: metrics to compare, comma-separated, optionally max:/min: prefixed (default: the sweep "
        "file's)");
    cmd->add_option("--workload", o->workload, "With --report: only this workload");
    cmd->add_option("--export-sysctl", o->exportSysctl,
        "With --report: write the recommended vm.* settings as a sysctl.conf snippet to FILE, and all recommended "
        "knobs as a knob file (see --export-knobs)");
    cmd->add_option("--export-knobs", o->exportKnobs,
        "Where the knob file goes (default: the sysctl file's name with .knobs.toml); load it with simulate "
        "--knobs");
    cmd->add_option("--run-index", o->runIndex, "Run only run N of the sweep and write it to --out (a Slurm task)");
    cmd->add_option("--out", o->out, "With --run-index: the result file (JSON)");
    cmd->add_flag("--slurm", o->slurm, "Submit the runs not stored yet as a Slurm job array instead of running them");
    cmd->add_option("--partition", o->partition, "With --slurm: the Slurm partition");
    cmd->add_option("--run-dir", o->runDir, "With --slurm: where the tasks write results and logs (default: DB.runs)");
    cmd->add_option("--sbatch", o->sbatch, "With --slurm: the sbatch command")->capture_default_str();
    cmd->add_flag("--no-submit", o->noSubmit, "With --slurm: write the batch script but do not submit it");
    cmd->add_option("--collect", o->collectDb, "Store the run-N.json results of --from DIR into DB");
    cmd->add_option("--from", o->from, "With --collect: the directory of result files");
    cmd->callback([o] { throw CLI::RuntimeError(dispatch(*o)); });
}
