// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachcommand.h"

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "importers/buddyinfoparser.h"
#include "importers/pagetypeinfoparser.h"
#include "importers/sqlitestore.h"
#include "importers/vmstatparser.h"
#include "importers/zoneinfoparser.h"
#include "live/liveclient.h"
#include "live/liverecorder.h"
#include "sim/workloadfile.h"

namespace {

using namespace gbw;

struct AttachOptions
{
    std::string agent;
    std::string tokenFile;
    std::string duration;
    std::string db;
    std::string flushEvery = "60s";
    bool quiet = false;
};

constexpr int exitRefused = 1; // the agent refused us for good (token, version)
constexpr int exitUsage = 2;

std::atomic<live::LiveClient*> runningClient {nullptr};
static_assert(std::atomic<live::LiveClient*>::is_always_lock_free, "used from a signal handler");

extern "C" void onStopSignal(int)
{
    if (auto* client = runningClient.load())
        client->stop(); // sets an atomic flag; the client looks at it every 50 ms
}

std::string clockText(double epoch)
{
    // Rounded to the millisecond first, so 0.2 s never prints as .199.
    const auto totalMillis = static_cast<long long>(std::llround(epoch * 1000));
    const auto seconds = static_cast<std::time_t>(totalMillis / 1000);
    std::tm utc {};
    ::gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%H:%M:%S", &utc);
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03d", static_cast<int>(totalMillis % 1000));
    return std::string(text) + millis;
}

// One line per reading: enough to see memory move, parsed with the importers' parsers.
std::string summary(const std::string& name, const std::string& text)
{
    std::string out;
    if (name == "buddyinfo") {
        const auto parsed = importers::BuddyinfoParser::parse(text);
        if (parsed.snapshots.empty())
            return "unreadable";
        const auto& snapshot = parsed.snapshots.front();
        out = std::to_string(snapshot.freePages()) + " free pages (";
        for (std::size_t i = 0; i < snapshot.rows.size(); ++i) {
            const auto& row = snapshot.rows[i];
            std::uint64_t pages = 0;
            for (std::size_t order = 0; order < row.counts.size(); ++order)
                pages += row.counts[order] << order;
            out += (i ? ", " : "") + std::string("node ") + std::to_string(row.node) + " " + row.zone + " "
                + std::to_string(pages);
        }
        return out + ")";
    }
    if (name == "pagetypeinfo") {
        const auto parsed = importers::PagetypeinfoParser::parse(text);
        if (parsed.snapshots.empty())
            return "unreadable";
        std::size_t rows = 0;
        for (const auto& section : parsed.snapshots.front().sections)
            rows += section.freeRows.size();
        return std::to_string(rows) + " free lists of " + std::to_string(parsed.snapshots.front().migratetypes().size())
            + " migratetypes";
    }
    if (name == "zoneinfo") {
        const auto parsed = importers::ZoneinfoParser::parse(text);
        return parsed.snapshots.empty() ? "unreadable"
                                        : std::to_string(parsed.snapshots.front().zones.size()) + " zones";
    }
    if (name == "vmstat") {
        const auto parsed = importers::VmstatParser::parse(text);
        if (parsed.snapshots.empty())
            return "unreadable";
        const auto& v = parsed.snapshots.front();
        out = std::to_string(v.fields.size()) + " counters, nr_free_pages "
            + std::to_string(v.value("nr_free_pages").value_or(0));
        if (auto empty = v.value("gigablock_empty")) {
            out += "; gigablocks empty " + std::to_string(*empty) + " clean "
                + std::to_string(v.value("gigablock_clean").value_or(0)) + " tainted "
                + std::to_string(v.value("gigablock_tainted").value_or(0)) + " isolated "
                + std::to_string(v.value("gigablock_isolated").value_or(0)) + ", 1 GB allocatable "
                + std::to_string(v.value("gigablock_allocatable_1g").value_or(0));
        }
        return out;
    }
    return std::to_string(text.size()) + " bytes";
}

class AttachPrinter final : public live::LiveListener
{
public:
    AttachPrinter(const AttachOptions& options, live::LiveRecorder* recorder, double flushSeconds)
        : m_options(options)
        , m_recorder(recorder)
        , m_flushSeconds(flushSeconds)
    {}

    void connected(const protocol::AgentHello& hello, const protocol::Welcome& welcome) override
    {
        std::string caps;
        for (const auto& c : welcome.capabilities)
            caps += (caps.empty() ? "" : ", ") + c;
        std::cout << "connected to " << m_options.agent << ": host " << hello.host << " (" << hello.agent << "; "
                  << caps << (hello.auth == "none" ? "" : "; token verified") << ")" << std::endl;
        m_connected = true;
        if (m_recorder)
            m_recorder->connected(hello.host);
    }

    void updated(const protocol::SourceSet& state, const std::vector<std::string>& changed, bool fullSync) override
    {
        if (!m_options.quiet) {
            for (const auto& name : changed) {
                const auto* source = state.find(name);
                // A barrier repeats sources not read again: print each reading once.
                if (!source || source->time <= m_printed[name])
                    continue;
                m_printed[name] = source->time;
                std::cout << clockText(source->time) << ' ' << name << (fullSync ? " (full sync)" : "") << ": "
                          << summary(name, state.text(name)) << '\n';
            }
            std::cout.flush();
        }
        if (!m_recorder)
            return;
        m_recorder->record(state, changed);
        const auto now = std::chrono::steady_clock::now();
        if (m_recorder->bufferedBytes() > (8u << 20)
            || std::chrono::duration<double>(now - m_lastFlush).count() > m_flushSeconds) {
            m_lastFlush = now;
            std::string error;
            if (!m_recorder->flush(error))
                std::cerr << "gigablock attach: " << error << '\n';
        }
    }

    void note(const protocol::Note& note) override
    {
        std::cout << "note: " << note.source << ": " << note.text << std::endl;
    }

    void events(const protocol::Events& events) override
    {
        if (!m_options.quiet) {
            for (const auto& line : events.lines)
                std::cout << "event: " << line << '\n';
        }
        if (events.lost)
            std::cout << "note: trace: the agent dropped " << events.lost << " events" << std::endl;
        if (m_recorder)
            m_recorder->events(events);
    }

    void disconnected(const std::string& reason, bool retrying) override
    {
        if (!retrying)
            std::cout << "attach failed: " << reason << std::endl;
        else if (m_connected)
            std::cout << "connection lost: " << reason << "; reconnecting" << std::endl;
        else
            std::cout << "reconnect failed: " << reason << "; retrying" << std::endl;
        m_connected = false;
        m_printed.clear();
        if (m_recorder)
            m_recorder->disconnected(reason);
    }

private:
    const AttachOptions& m_options;
    live::LiveRecorder* m_recorder;
    double m_flushSeconds;
    std::chrono::steady_clock::time_point m_lastFlush = std::chrono::steady_clock::now();
    std::map<std::string, double> m_printed;
    bool m_connected = false;
};

int runAttach(const AttachOptions& options)
{
    std::string error;
    live::ClientOptions client;
    const auto endpoint = live::parseEndpoint(options.agent, error);
    if (!endpoint) {
        std::cerr << "gigablock attach: " << error << '\n';
        return exitUsage;
    }
    client.agent = *endpoint;
    if (!options.tokenFile.empty()) {
        client.token = live::TokenAuth::fromFile(options.tokenFile, error);
        if (!client.token) {
            std::cerr << "gigablock attach: --token-file: " << error << '\n';
            return exitUsage;
        }
    }
    client.clientName = std::string("gigablock attach ") + GBW_VERSION;
    double seconds = 0;
    if (!options.duration.empty()) {
        const auto d = parseDuration(options.duration);
        if (!d || *d <= 0) {
            std::cerr << "gigablock attach: --duration: '" << options.duration
                      << "' is not a duration such as 30s or 5m\n";
            return exitUsage;
        }
        seconds = *d;
    }
    const auto flushEvery = parseDuration(options.flushEvery);
    if (!flushEvery || *flushEvery <= 0) {
        std::cerr << "gigablock attach: --flush-every: '" << options.flushEvery << "' is not a duration\n";
        return exitUsage;
    }

    std::unique_ptr<importers::SqliteStore> store;
    std::unique_ptr<live::LiveRecorder> recorder;
    if (!options.db.empty()) {
        store = importers::SqliteStore::open(options.db, error);
        if (!store) {
            std::cerr << "gigablock attach: --db " << options.db << ": " << error << '\n';
            return exitUsage;
        }
        recorder = std::make_unique<live::LiveRecorder>(*store, endpoint->toString());
    }

    AttachPrinter printer(options, recorder.get(), *flushEvery);
    live::LiveClient liveClient(client, printer);
    runningClient = &liveClient;
    auto previousInt = std::signal(SIGINT, onStopSignal);
    auto previousTerm = std::signal(SIGTERM, onStopSignal);
    const std::string failure = liveClient.run(std::chrono::milliseconds(static_cast<long long>(seconds * 1000)));
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    runningClient = nullptr;

    if (recorder) {
        if (!recorder->flush(error)) {
            std::cerr << "gigablock attach: " << error << '\n';
            return exitRefused;
        }
        std::cout << "recorded " << recorder->saved().size() << " sessions into " << options.db << '\n';
        for (const auto& saved : recorder->saved())
            std::cout << "  session " << saved.sessionId << ": " << saved.snapshots
                      << (saved.format == "trace" ? " events, " : " snapshots, ") << saved.source << '\n';
    }
    return failure.empty() ? 0 : exitRefused;
}

} // namespace

void addAttachCommand(CLI::App& app)
{
    auto options = std::make_shared<AttachOptions>();
    auto* cmd = app.add_subcommand("attach",
        "Follow a gigablock-agent: print each reading as it arrives and, with --db, record them as sessions of "
        "that host (replayable like an import). Reconnects by itself when the agent restarts.");
    cmd->add_option("agent", options->agent, "The agent's HOST:PORT (gigablock-agent --listen)")->required();
    cmd->add_option("--token-file", options->tokenFile, "The agent's token file")->check(CLI::ExistingFile);
    cmd->add_option("--duration", options->duration, "Stop after this long (30s, 5m); default: until Ctrl-C");
    cmd->add_option("--db", options->db, "Record into this SQLite store (created if missing)");
    cmd->add_option("--flush-every", options->flushEvery, "With --db: save what arrived at least this often")
        ->capture_default_str();
    cmd->add_flag("--quiet", options->quiet, "Print only connections, gaps and notes, not every reading");
    cmd->callback([options] { throw CLI::RuntimeError(runAttach(*options)); });
}
