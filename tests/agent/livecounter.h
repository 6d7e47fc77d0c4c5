// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A well-behaved LiveClient on a thread of its own, counting what it receives.

#include "live/liveclient.h"

#include <atomic>
#include <mutex>
#include <thread>

namespace gbwtest {

class LiveCounter final : public gbw::live::LiveListener
{
public:
    LiveCounter(std::uint16_t port, std::optional<gbw::live::TokenAuth> token)
    {
        gbw::live::ClientOptions options;
        options.agent = {"127.0.0.1", port};
        options.token = std::move(token);
        options.clientName = "test-counter";
        m_client = std::make_unique<gbw::live::LiveClient>(std::move(options), *this);
        m_thread = std::thread([this] { m_result = m_client->run(); });
    }
    ~LiveCounter() override
    {
        stop();
    }

    void stop()
    {
        if (m_thread.joinable()) {
            m_client->stop();
            m_thread.join();
        }
    }

    void connected(const gbw::protocol::AgentHello&, const gbw::protocol::Welcome&) override
    {
        ++connects;
    }
    void updated(const gbw::protocol::SourceSet& state, const std::vector<std::string>&, bool fullSync) override
    {
        ++updates;
        if (fullSync)
            ++fullSyncs;
        std::lock_guard lock(m_mutex);
        m_lastBuddyinfo = state.text("buddyinfo");
    }
    void disconnected(const std::string& reason, bool) override
    {
        ++disconnects;
        std::lock_guard lock(m_mutex);
        m_lastDisconnect = reason;
    }

    // Waits until `counter` reaches `target`.
    static bool waitFor(
        const std::atomic<int>& counter, int target, std::chrono::seconds timeout = std::chrono::seconds(20))
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (counter < target && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return counter >= target;
    }

    std::string lastDisconnect()
    {
        std::lock_guard lock(m_mutex);
        return m_lastDisconnect;
    }
    std::string lastBuddyinfo()
    {
        std::lock_guard lock(m_mutex);
        return m_lastBuddyinfo;
    }

    std::atomic<int> connects {0}, updates {0}, fullSyncs {0}, disconnects {0};

private:
    std::unique_ptr<gbw::live::LiveClient> m_client;
    std::thread m_thread;
    std::string m_result;
    std::mutex m_mutex;
    std::string m_lastDisconnect, m_lastBuddyinfo;
};

} // namespace gbwtest
