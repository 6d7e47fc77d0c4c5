// SPDX-License-Identifier: GPL-3.0-or-later
#include "importcommand.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "importers/formatdetector.h"
#include "importers/linereader.h"
#include "importers/mappedfile.h"
#include "importers/sqlitestore.h"
#include "importers/textutil.h"
#include "progressbar.h"

namespace {

using gbw::importers::ImportSummary;
using gbw::importers::InputFormat;

struct ImportOptions
{
    std::string db;
    std::vector<std::string> files;
    bool strict = false;
    std::string host = "unknown";
};

constexpr int exitFailed = 1;
constexpr int exitRefused = 2; // nothing was tried: bad database or input files
constexpr int exitInterrupted = 130; // 128 + SIGINT, as a shell reports it
constexpr std::size_t reportedReasons = 5;
constexpr std::uintmax_t progressBarBytes = 1 << 20;

std::atomic<bool> interrupted {false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void onInterrupt(int)
{
    interrupted.store(true, std::memory_order_relaxed);
}

// Ctrl-C (and kill's TERM) cancel the running import instead of ending the process in the middle
// of it: the store rolls its transaction back and the command says so. The handler is one-shot,
// so a second Ctrl-C ends the process at once, which is safe too (the journal rolls the file
// back on the next open), only less polite.
class InterruptHandler
{
public:
    InterruptHandler()
    {
        struct sigaction action = {};
        action.sa_handler = onInterrupt;
        action.sa_flags = SA_RESETHAND;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &m_oldInt);
        sigaction(SIGTERM, &action, &m_oldTerm);
    }
    ~InterruptHandler()
    {
        sigaction(SIGINT, &m_oldInt, nullptr);
        sigaction(SIGTERM, &m_oldTerm, nullptr);
    }
    InterruptHandler(const InterruptHandler&) = delete;
    InterruptHandler& operator=(const InterruptHandler&) = delete;

private:
    struct sigaction m_oldInt = {};
    struct sigaction m_oldTerm = {};
};

struct InputFile
{
    std::string path;
    std::unique_ptr<gbw::importers::MappedFile> file;
    InputFormat format = InputFormat::Unknown;
};

std::string whyUnknown(std::string_view text)
{
    namespace textutil = gbw::importers::text;
    if (textutil::isBlank(text))
        return "empty file";
    gbw::importers::LineReader lines(text.substr(0, 64 * 1024));
    while (lines.next()) {
        if (textutil::findBinaryByte(lines.line()) != std::string_view::npos)
            return "binary data on line " + std::to_string(lines.number()) + ", not a text dump";
    }
    return "unrecognised file format (expected /proc/pagetypeinfo, buddyinfo, zoneinfo, vmstat, extfrag_index, "
           "unusable_index or an ftrace text trace)";
}

// Every file is opened and recognised before the first import, so that a typo in the last
// argument does not leave the first files imported and the rest not.
bool openInputs(const std::vector<std::string>& paths, std::vector<InputFile>& inputs)
{
    bool ok = true;
    for (const auto& path : paths) {
        InputFile input {path, nullptr, InputFormat::Unknown};
        std::string error;
        if (std::filesystem::is_directory(path)) {
            error = "cannot open " + path + ": Is a directory";
        } else {
            input.file = gbw::importers::MappedFile::open(path, error);
        }
        if (input.file) {
            input.format = gbw::importers::FormatDetector::detect(input.file->text().substr(0, 64 * 1024), path);
            if (input.format == InputFormat::Unknown)
                error = path + ": " + whyUnknown(input.file->text());
        }
        if (!error.empty()) {
            std::cerr << "gigablock import: " << error << '\n';
            ok = false;
        }
        inputs.push_back(std::move(input));
    }
    return ok;
}

std::string plural(std::uint64_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

void printFileSummary(const InputFile& input, const ImportSummary& summary, double seconds)
{
    std::printf("%s: %s, ", input.path.c_str(), std::string(gbw::importers::inputFormatName(summary.format)).c_str());
    if (summary.format == InputFormat::Ftrace) {
        std::printf("%s", plural(summary.events, "event", "events").c_str());
        if (summary.unknownEvents)
            std::printf(" (%zu of types the model does not replay, kept with their raw fields)", summary.unknownEvents);
        if (seconds >= 0.1) // a rate over milliseconds says nothing
            std::printf(" in %.2f s (%.2f M events/s)", seconds, double(summary.events) / seconds / 1e6);
    } else {
        std::printf("%s", plural(summary.snapshots, "snapshot", "snapshots").c_str());
    }
    if (summary.skippedLines)
        std::printf(", %s skipped", plural(summary.skippedLines, "line", "lines").c_str());
    std::printf("\n");
}

struct Totals
{
    std::size_t files = 0;
    std::size_t snapshots = 0;
    std::size_t events = 0;
    std::size_t skippedLines = 0;
    std::vector<std::string> reasons; // "file:line: reason", the first few
};

void addToTotals(const InputFile& input, const ImportSummary& summary, Totals& totals)
{
    ++totals.files;
    totals.snapshots += summary.snapshots;
    totals.events += summary.events;
    totals.skippedLines += summary.skippedLines;
    for (const auto& error : summary.firstErrors) {
        if (totals.reasons.size() == reportedReasons)
            break;
        totals.reasons.push_back(input.path + ":" + std::to_string(error.line) + ": " + error.reason);
    }
}

void printTotals(const ImportOptions& options, const Totals& totals)
{
    std::printf("Imported %s into %s (host %s): %s, %s, %s\n", plural(totals.files, "file", "files").c_str(),
        options.db.c_str(), options.host.c_str(), plural(totals.snapshots, "snapshot", "snapshots").c_str(),
        plural(totals.events, "event", "events").c_str(),
        plural(totals.skippedLines, "skipped line", "skipped lines").c_str());
    if (totals.reasons.empty())
        return;
    std::printf(
        "Skipped lines (first %zu of %zu; --strict stops at the first):\n", totals.reasons.size(), totals.skippedLines);
    for (const auto& reason : totals.reasons)
        std::printf("  %s\n", reason.c_str());
}

ImportSummary importOne(gbw::importers::SqliteStore& store, const ImportOptions& options, const InputFile& input)
{
    gbw::importers::ImportRequest request;
    request.host = options.host;
    request.source = input.path;
    request.format = input.format;
    request.parse.strict = options.strict;
    request.cancel = &interrupted;
    const auto text = input.file->text();
    std::unique_ptr<ProgressBar> bar;
    if (text.size() >= progressBarBytes) {
        bar = std::make_unique<ProgressBar>(std::filesystem::path(input.path).filename().string(), text.size());
        request.progress = [&bar](std::size_t done, std::size_t) { bar->update(done); };
    }
    return store.importText(text, request);
}

int reportFailure(
    const ImportOptions& options, const InputFile& input, const ImportSummary& summary, const Totals& totals)
{
    const bool cancelled = summary.failure == "interrupted";
    std::cerr << "gigablock import: ";
    if (!cancelled && options.strict && !summary.firstErrors.empty()) {
        const auto& first = summary.firstErrors.front();
        std::cerr << input.path << ":" << first.line << ": " << first.reason << " (--strict)";
    } else {
        std::cerr << input.path << ": " << summary.failure;
    }
    std::cerr << "; nothing from this file was imported\n";
    if (totals.files > 0)
        std::cerr << "gigablock import: the " << plural(totals.files, "file", "files")
                  << " imported before it stay in the database\n";
    return cancelled ? exitInterrupted : exitFailed;
}

int runImport(const ImportOptions& options)
{
    std::vector<InputFile> inputs;
    if (!openInputs(options.files, inputs))
        return exitRefused;
    std::string error;
    auto store = gbw::importers::SqliteStore::open(options.db, error);
    if (!store) {
        std::cerr << "gigablock import: --db: " << error << '\n';
        return exitRefused;
    }
    InterruptHandler handler;
    Totals totals;
    for (const auto& input : inputs) {
        const auto start = std::chrono::steady_clock::now();
        const ImportSummary summary = importOne(*store, options, input);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!summary.ok)
            return reportFailure(options, input, summary, totals);
        printFileSummary(input, summary, summary.format == InputFormat::Ftrace ? seconds : 0);
        addToTotals(input, summary, totals);
        if (interrupted) // came after the commit: this file is in, the next ones are not
            break;
    }
    printTotals(options, totals);
    if (!interrupted)
        return 0;
    std::cerr << "gigablock import: interrupted after " << inputs[totals.files - 1].path << " was imported";
    if (totals.files < inputs.size())
        std::cerr << "; the " << plural(inputs.size() - totals.files, "file", "files") << " after it were not";
    std::cerr << '\n';
    return exitInterrupted;
}

} // namespace

void addImportCommand(CLI::App& app)
{
    auto options = std::make_shared<ImportOptions>();
    auto* cmd = app.add_subcommand("import", "Import /proc dumps and ftrace text traces into a recording database");
    cmd->add_option("--db", options->db, "Recording database (SQLite; created when missing)")->required();
    cmd->add_option("files", options->files,
           "pagetypeinfo, buddyinfo, zoneinfo, vmstat, extfrag_index or unusable_index dumps (one or a monitor "
           "loop of them), or ftrace text (trace, trace_pipe, trace-cmd report); the format is detected")
        ->required();
    cmd->add_flag("--strict", options->strict, "Abort a file's import at its first malformed line (default: skip it)");
    cmd->add_option("--host", options->host, "Name of the machine the files come from")->capture_default_str();
    cmd->footer("Each file is imported in one transaction: a failed or interrupted (Ctrl-C) import leaves the "
                "database as it was.");
    cmd->callback([options] { throw CLI::RuntimeError(runImport(*options)); });
}
