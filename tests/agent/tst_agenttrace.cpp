// SPDX-License-Identifier: GPL-3.0-or-later
// --trace: kmem and compaction lines from trace_pipe reach the clients, nothing else does, and
// without usable tracefs the agent says why. tracefs is stood in for by a directory with a FIFO.
#include "agentprocess.h"

#include "live/liveclient.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace gbwtest;

namespace {

class EventCollector final : public gbw::live::LiveListener
{
public:
    void connected(const gbw::protocol::AgentHello&, const gbw::protocol::Welcome& welcome) override
    {
        capabilities = welcome.capabilities;
    }
    void events(const gbw::protocol::Events& events) override
    {
        lines.insert(lines.end(), events.lines.begin(), events.lines.end());
        if (lines.size() >= wanted && client)
            client->stop();
    }
    void note(const gbw::protocol::Note& note) override
    {
        notes.push_back(note);
        if (wanted == 0 && note.source == "trace" && client)
            client->stop();
    }

    gbw::live::LiveClient* client = nullptr;
    std::size_t wanted = 0;
    std::vector<std::string> capabilities, lines;
    std::vector<gbw::protocol::Note> notes;
};

void writeFile(const std::filesystem::path& path, const std::string& text)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

} // namespace

TEST(AgentTrace, kmemAndCompactionLinesAreStreamed)
{
    const auto dir = scratchDir("trace");
    const auto tracefs = dir / "tracing";
    writeFile(tracefs / "events/kmem/enable", "1\n");
    writeFile(tracefs / "events/compaction/enable", "0\n");
    writeFile(tracefs / "tracing_on", "1\n");
    ASSERT_EQ(::mkfifo((tracefs / "trace_pipe").c_str(), 0600), 0);

    AgentProcess agent(dir);
    ASSERT_TRUE(agent.start({"--simulate", "network", "--host", "4G", "--trace", "--tracefs", tracefs.string()}))
        << agent.log();

    const std::string alloc = "            bash-10148   [001] .....   549.589417: mm_page_alloc: page=00000000de210642 "
                              "pfn=0x111519 order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP";
    const std::string compaction = "            bash-10191   [000] .....   555.321607: mm_compaction_finished: node=0 "
                                   "zone=DMA      order=-1 ret=continue";
    const std::string other = "          <idle>-0       [001] d..2.   555.400000: sched_switch: prev_comm=swapper/1 "
                              "prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=bash next_pid=10191 next_prio=120";

    EventCollector collector;
    collector.wanted = 2;
    gbw::live::ClientOptions options;
    options.agent = {"127.0.0.1", agent.port()};
    gbw::live::LiveClient client(options, collector);
    collector.client = &client;
    std::thread writer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300)); // the client is streaming by then
        std::ofstream pipe(tracefs / "trace_pipe"); // the agent holds the read end open
        pipe << alloc << '\n' << other << '\n' << compaction << '\n';
    });
    client.run(std::chrono::seconds(20));
    writer.join();

    EXPECT_NE(std::find(collector.capabilities.begin(), collector.capabilities.end(), "events"),
        collector.capabilities.end());
    ASSERT_EQ(collector.lines.size(), 2u) << agent.log();
    EXPECT_EQ(collector.lines[0], alloc);
    EXPECT_EQ(collector.lines[1], compaction);
    std::filesystem::remove_all(dir);
}

TEST(AgentTrace, missingTracefsIsANote)
{
    const auto dir = scratchDir("notrace");
    AgentProcess agent(dir);
    ASSERT_TRUE(agent.start(
        {"--simulate", "network", "--host", "4G", "--trace", "--tracefs", (dir / "no-such-tracefs").string()}))
        << agent.log();
    EventCollector collector;
    gbw::live::ClientOptions options;
    options.agent = {"127.0.0.1", agent.port()};
    gbw::live::LiveClient client(options, collector);
    collector.client = &client;
    client.run(std::chrono::seconds(20));
    bool traceNote = false;
    for (const auto& note : collector.notes)
        traceNote = traceNote || (note.source == "trace" && note.text.find("not found") != std::string::npos);
    EXPECT_TRUE(traceNote) << agent.log();
    EXPECT_EQ(std::find(collector.capabilities.begin(), collector.capabilities.end(), "events"),
        collector.capabilities.end());
    std::filesystem::remove_all(dir);
}
