// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

// A one-line progress bar on stderr, drawn only when stderr is a terminal so
// that logs and pipes stay clean.
class ProgressBar
{
public:
    ProgressBar(std::string label, std::uint64_t total);
    ~ProgressBar();
    void update(std::uint64_t done);
    void finish();

private:
    std::string m_label;
    std::uint64_t m_total;
    bool m_enabled;
    bool m_finished = false;
    std::chrono::steady_clock::time_point m_start;
};
