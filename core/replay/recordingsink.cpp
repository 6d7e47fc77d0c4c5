// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordingsink.h"

namespace gbw {

void RecordingSink::sample(VirtualTime, const EngineSample&)
{
    m_sampleIndexes.push_back(m_recording.events.size());
}

} // namespace gbw
