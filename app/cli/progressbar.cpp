// SPDX-License-Identifier: GPL-3.0-or-later
#include "progressbar.h"

#include <cstdio>
#include <unistd.h>

ProgressBar::ProgressBar(std::string label, std::uint64_t total)
    : m_label(std::move(label))
    , m_total(total ? total : 1)
    , m_enabled(isatty(STDERR_FILENO))
    , m_start(std::chrono::steady_clock::now())
{}

ProgressBar::~ProgressBar()
{
    finish();
}

void ProgressBar::update(std::uint64_t done)
{
    if (!m_enabled)
        return;
    const double fraction = double(done) / double(m_total);
    const int width = 40;
    const int filled = int(fraction * width);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%  eta %4.0fs", m_label.c_str(), filled,
        "########################################", width - filled, "", int(fraction * 100), eta);
    std::fflush(stderr);
}

void ProgressBar::finish()
{
    if (!m_enabled || m_finished)
        return;
    m_finished = true;
    std::fprintf(stderr, "\r%*s\r", int(m_label.size()) + 70, "");
    std::fflush(stderr);
}
