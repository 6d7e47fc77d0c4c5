// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs gigablock-agent (or the gigablock CLI) as a child process for the loopback tests: port 0,
// the chosen port read back from --port-file, stdout and stderr captured in files.

#include <chrono>
#include <cstdint>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace gbwtest {

inline std::filesystem::path scratchDir(const std::string& name)
{
    auto dir = std::filesystem::temp_directory_path() / ("gbw-agent-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

inline std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

class ChildProcess
{
public:
    ChildProcess() = default;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess()
    {
        kill(SIGKILL);
    }

    bool start(const std::string& binary, const std::vector<std::string>& args, const std::filesystem::path& out,
        const std::filesystem::path& err)
    {
        std::vector<std::string> all {binary};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        const int rc = posix_spawn(&m_pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        return rc == 0;
    }

    void kill(int signal)
    {
        if (m_pid <= 0)
            return;
        ::kill(m_pid, signal);
        wait();
    }

    // Exit code, or -signal; waits.
    int wait()
    {
        if (m_pid <= 0)
            return m_status;
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
        m_status = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
        return m_status;
    }

    bool running() const
    {
        return m_pid > 0;
    }
    pid_t pid() const
    {
        return m_pid;
    }

private:
    pid_t m_pid = -1;
    int m_status = 0;
};

// gigablock-agent on 127.0.0.1, with its log in the scratch directory.
class AgentProcess
{
public:
    explicit AgentProcess(std::filesystem::path dir, std::string tag = "agent")
        : m_dir(std::move(dir))
        , m_tag(std::move(tag))
    {}

    // Starts and waits (up to 20 s, generous for a loaded machine) until it listens.
    bool start(std::vector<std::string> args, std::uint16_t port = 0)
    {
        const auto portFile = m_dir / (m_tag + ".port");
        std::filesystem::remove(portFile);
        args.insert(args.end(), {"--listen", "127.0.0.1:" + std::to_string(port), "--port-file", portFile.string()});
        if (!m_process.start(GBW_AGENT_BINARY, args, m_dir / (m_tag + ".out"), m_dir / (m_tag + ".log")))
            return false;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            std::ifstream in(portFile);
            unsigned value = 0, metrics = 0;
            if (in >> value) {
                m_port = static_cast<std::uint16_t>(value);
                if (in >> metrics)
                    m_metricsPort = static_cast<std::uint16_t>(metrics);
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    std::uint16_t port() const
    {
        return m_port;
    }
    std::uint16_t metricsPort() const
    {
        return m_metricsPort;
    }
    std::string log() const
    {
        return readFile(m_dir / (m_tag + ".log"));
    }
    ChildProcess& process()
    {
        return m_process;
    }

    // Waits until the log contains `text` (the agent logs asynchronously to the test's view).
    bool waitForLog(const std::string& text, std::chrono::seconds timeout = std::chrono::seconds(20)) const
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (log().find(text) != std::string::npos)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

private:
    std::filesystem::path m_dir;
    std::string m_tag;
    ChildProcess m_process;
    std::uint16_t m_port = 0;
    std::uint16_t m_metricsPort = 0;
};

} // namespace gbwtest
