// SPDX-License-Identifier: GPL-3.0-or-later
// The agent on this machine's real /proc: what a client receives matches direct reads of the same
// files taken around the moment the agent read them. The numbers move while we look, so every
// value must lie between the smallest and largest direct reading within a few milliseconds of
// the agent's own timestamp.
#include "agentprocess.h"

#include "importers/buddyinfoparser.h"
#include "importers/vmstatparser.h"
#include "live/liveclient.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>

using namespace gbwtest;

namespace {

using Values = std::map<std::string, std::uint64_t>;

double now()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Values flatten(const std::string& name, const std::string& text)
{
    Values values;
    if (name == "buddyinfo") {
        auto parsed = gbw::importers::BuddyinfoParser::parse(text);
        EXPECT_TRUE(parsed.ok() && parsed.snapshots.size() == 1) << text;
        for (const auto& row : parsed.snapshots.at(0).rows)
            for (std::size_t order = 0; order < row.counts.size(); ++order)
                values[std::to_string(row.node) + "/" + row.zone + "/" + std::to_string(order)] = row.counts[order];
    } else {
        auto parsed = gbw::importers::VmstatParser::parse(text);
        EXPECT_TRUE(parsed.ok() && parsed.snapshots.size() == 1);
        for (const auto& [field, value] : parsed.snapshots.at(0).fields)
            values[field] = value;
    }
    return values;
}

// Reads /proc/<name> every millisecond on a thread, keeping (start time, values).
class DirectReader
{
public:
    explicit DirectReader(std::string name)
        : m_name(std::move(name))
        , m_thread([this] { loop(); })
    {}
    ~DirectReader()
    {
        m_stop = true;
        m_thread.join();
    }

    // Smallest and largest direct value of every key among the reads that started within
    // `window` seconds of `time`, widened to the nearest read on either side when the reader thread
    // was not scheduled that close (a loaded machine). Empty unless there are reads on both sides.
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> bracket(double time, double window)
    {
        std::lock_guard lock(m_mutex);
        double from = time - window, to = time + window;
        double lastBefore = -1, firstAfter = -1;
        for (const auto& read : m_reads) {
            if (read.first <= time)
                lastBefore = read.first;
            else if (firstAfter < 0)
                firstAfter = read.first;
        }
        if (lastBefore < 0 || firstAfter < 0)
            return {};
        from = std::min(from, lastBefore);
        to = std::max(to, firstAfter);
        std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> range;
        for (const auto& [start, values] : m_reads) {
            if (start < from || start > to)
                continue;
            for (const auto& [key, value] : values) {
                auto [it, fresh] = range.try_emplace(key, value, value);
                it->second.first = std::min(it->second.first, value);
                it->second.second = std::max(it->second.second, value);
            }
        }
        return range;
    }

private:
    void loop()
    {
        while (!m_stop) {
            const double start = now();
            const auto values = flatten(m_name, readFile("/proc/" + m_name));
            {
                std::lock_guard lock(m_mutex);
                m_reads.emplace_back(start, values);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    std::string m_name;
    std::atomic<bool> m_stop {false};
    std::mutex m_mutex;
    std::vector<std::pair<double, Values>> m_reads;
    std::thread m_thread;
};

// Collects the agent's readings of one source (time, text) until it has `wanted` of them.
class Collector final : public gbw::live::LiveListener
{
public:
    Collector(std::string name, std::size_t wanted)
        : m_name(std::move(name))
        , m_wanted(wanted)
    {}
    void updated(const gbw::protocol::SourceSet& state, const std::vector<std::string>& changed, bool) override
    {
        for (const auto& name : changed) {
            const auto* source = state.find(name);
            if (name == m_name && source && (readings.empty() || source->time > readings.back().first))
                readings.emplace_back(source->time, state.text(name));
        }
        if (readings.size() >= m_wanted && client)
            client->stop();
    }
    void disconnected(const std::string& reason, bool) override
    {
        ADD_FAILURE() << "disconnected: " << reason;
    }

    gbw::live::LiveClient* client = nullptr;
    std::vector<std::pair<double, std::string>> readings;

private:
    std::string m_name;
    std::size_t m_wanted;
};

void expectAgentMatchesDirectReads(const std::string& name, const std::vector<std::string>& intervals)
{
    const auto dir = scratchDir("proc-" + name);
    AgentProcess agent(dir);
    ASSERT_TRUE(agent.start(intervals)) << agent.log();
    DirectReader direct(name);
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // direct reads before the first one we check

    Collector collector(name, 6);
    gbw::live::ClientOptions options;
    options.agent = {"127.0.0.1", agent.port()};
    gbw::live::LiveClient client(options, collector);
    collector.client = &client;
    client.run(std::chrono::seconds(30));
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // direct reads after the last one
    ASSERT_GE(collector.readings.size(), 6u) << agent.log();

    // The first reading came with the snapshot and may be older than our direct reads.
    for (std::size_t i = 1; i < collector.readings.size(); ++i) {
        const auto& [time, text] = collector.readings[i];
        const auto near = direct.bracket(time, 0.02);
        // A counter that moved faster than we read gets a second look over 100 ms either side.
        const auto wide = direct.bracket(time, 0.1);
        ASSERT_FALSE(near.empty()) << "no direct reads around " << time;
        const Values received = flatten(name, text);
        ASSERT_EQ(received.size(), near.size());
        for (const auto& [key, value] : received) {
            const auto& [low, high] = near.at(key);
            if (value >= low && value <= high)
                continue;
            const auto& [wideLow, wideHigh] = wide.at(key);
            EXPECT_GE(value, wideLow) << name << " " << key << " reading " << i << " near " << low << ".." << high;
            EXPECT_LE(value, wideHigh) << name << " " << key << " reading " << i << " near " << low << ".." << high;
        }
    }
}

} // namespace

TEST(AgentProc, buddyinfoMatchesDirectReads)
{
    expectAgentMatchesDirectReads("buddyinfo", {"--buddyinfo-interval", "200ms"});
}

TEST(AgentProc, vmstatMatchesDirectReads)
{
    expectAgentMatchesDirectReads("vmstat", {"--vmstat-interval", "200ms"});
}

TEST(AgentProc, unreadablePagetypeinfoIsSkippedWithANote)
{
    // A procfs stand-in where pagetypeinfo cannot be opened (as for non-root on Linux >= 5.6).
    const auto dir = scratchDir("proc-note");
    std::filesystem::create_directories(dir / "proc");
    const std::pair<const char*, const char*> files[] = {{"buddyinfo", "buddyinfo-linux-6.18-x86_64-vm-capture.txt"},
        {"zoneinfo", "zoneinfo-linux-6.18-x86_64-vm-capture.txt"},
        {"vmstat", "vmstat-linux-6.18-x86_64-vm-capture.txt"}};
    for (const auto& [file, sample] : files)
        std::filesystem::copy_file(std::filesystem::path(GBW_TEST_DATA_DIR) / "samples" / sample, dir / "proc" / file);
    AgentProcess agent(dir);
    ASSERT_TRUE(agent.start({"--proc", (dir / "proc").string()})) << agent.log();
    EXPECT_TRUE(agent.waitForLog("pagetypeinfo: No such file or directory; pagetypeinfo is skipped")) << agent.log();

    struct Notes final : gbw::live::LiveListener
    {
        void note(const gbw::protocol::Note& note) override
        {
            notes.push_back(note);
            if (client)
                client->stop();
        }
        gbw::live::LiveClient* client = nullptr;
        std::vector<gbw::protocol::Note> notes;
    } listener;
    gbw::live::ClientOptions options;
    options.agent = {"127.0.0.1", agent.port()};
    gbw::live::LiveClient client(options, listener);
    listener.client = &client;
    client.run(std::chrono::seconds(20));
    ASSERT_EQ(listener.notes.size(), 1u);
    EXPECT_EQ(listener.notes[0].source, "pagetypeinfo");
    std::filesystem::remove_all(dir);
}
