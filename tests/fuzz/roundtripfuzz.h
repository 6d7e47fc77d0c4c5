// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string_view>

// The check the /proc table fuzzers share. Any input: no crash, no hang.
// Parsed snapshots: writing and re-reading them loses nothing (the line a
// snapshot started on and a monitor timestamp are the only things a rewrite
// cannot keep).
template<typename Parser, typename Writer>
int roundTripFuzz(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto result = Parser::parse(text);
    if (!result.ok())
        return 0;
    for (const auto& snapshot : result.snapshots) {
        auto again = Parser::parse(Writer::write(snapshot));
        auto expected = snapshot;
        expected.firstLine = 1;
        expected.timestamp.reset();
        if (!again.ok() || again.snapshots.size() != 1 || !(again.snapshots[0] == expected))
            std::abort();
    }
    return 0;
}
