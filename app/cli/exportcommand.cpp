// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportcommand.h"

#include <cstdio>
#include <iostream>
#include <optional>

#include "importers/buddyinfowriter.h"
#include "importers/pagetypeinfowriter.h"
#include "importers/sqlitestore.h"

namespace {

using gbw::importers::SqliteStore;

struct ExportOptions
{
    std::string db;
    std::optional<long long> snapshot; // 1-based among the snapshots of the kind; default the last
};

constexpr int exitRefused = 2;

// The snapshot's row id, or nullopt after saying why there is none.
std::optional<std::int64_t> pickSnapshot(const SqliteStore& store, std::string_view kind, const ExportOptions& options)
{
    const auto snapshots = store.snapshots(kind);
    const std::string kindName(kind);
    if (snapshots.empty()) {
        std::cerr << "gigablock export " << kindName << ": " << options.db << " holds no " << kindName
                  << " snapshots (gigablock info lists what it holds)\n";
        return std::nullopt;
    }
    const long long count = static_cast<long long>(snapshots.size());
    const long long n = options.snapshot.value_or(count);
    if (n < 1 || n > count) {
        std::cerr << "gigablock export " << kindName << ": --snapshot " << n << " is out of range: " << options.db
                  << " holds " << count << " " << kindName << " snapshot" << (count == 1 ? "" : "s") << " (1-" << count
                  << ")\n";
        return std::nullopt;
    }
    return snapshots[static_cast<std::size_t>(n - 1)].id;
}

std::optional<std::string> render(const SqliteStore& store, std::string_view kind, std::int64_t id)
{
    if (kind == "pagetypeinfo") {
        auto snapshot = store.loadPagetypeinfo(id);
        return snapshot ? std::optional(gbw::importers::PagetypeinfoWriter::write(*snapshot)) : std::nullopt;
    }
    auto snapshot = store.loadBuddyinfo(id);
    return snapshot ? std::optional(gbw::importers::BuddyinfoWriter::write(*snapshot)) : std::nullopt;
}

int runExport(std::string_view kind, const ExportOptions& options)
{
    std::string error;
    auto store = SqliteStore::openExisting(options.db, error);
    if (!store) {
        std::cerr << "gigablock export " << kind << ": --db: " << error << '\n';
        return exitRefused;
    }
    const auto id = pickSnapshot(*store, kind, options);
    if (!id)
        return exitRefused;
    const auto text = render(*store, kind, *id);
    if (!text) {
        std::cerr << "gigablock export " << kind << ": cannot read snapshot " << *id << ": " << store->lastError()
                  << '\n';
        return 1;
    }
    // Bytes as stored: the text must match the original file exactly.
    if (std::fwrite(text->data(), 1, text->size(), stdout) != text->size() || std::fflush(stdout) != 0) {
        std::cerr << "gigablock export " << kind << ": cannot write the output\n";
        return 1;
    }
    return 0;
}

void addKind(CLI::App& exportCommand, const char* kind, const char* description)
{
    auto options = std::make_shared<ExportOptions>();
    auto* cmd = exportCommand.add_subcommand(kind, description);
    cmd->add_option("--db", options->db, "Recording database")->required();
    cmd->add_option("--snapshot", options->snapshot,
        std::string("Which one: 1 is the first ") + kind + " snapshot imported (see gigablock info); default the last");
    cmd->callback([options, kind] { throw CLI::RuntimeError(runExport(kind, *options)); });
}

} // namespace

void addExportCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("export", "Print stored data in the layout of the file it came from");
    addKind(*cmd, "pagetypeinfo", "Print a /proc/pagetypeinfo snapshot exactly as it was imported");
    addKind(*cmd, "buddyinfo", "Print a /proc/buddyinfo snapshot exactly as it was imported");
    // Reached only without a known kind (each kind's callback ends the program); CLI11 alone
    // would only say that a subcommand is required.
    cmd->allow_extras();
    cmd->callback([cmd] {
        const auto extras = cmd->remaining();
        std::cerr << "gigablock export: "
                  << (extras.empty() ? std::string("what to export?") : "unknown kind '" + extras.front() + "'")
                  << " (kinds: pagetypeinfo, buddyinfo; see gigablock export --help)\n";
        throw CLI::RuntimeError(exitRefused);
    });
}
