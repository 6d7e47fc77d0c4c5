// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the tests that drive the real window share: options as the command
// line would give them, a knob's value in a snapshot, and a short recorded
// run to replay.

#include <string>

#include <QStringList>
#include <QtGlobal>

#include "importers/simulationrecorder.h"
#include "importers/sqlitestore.h"
#include "replay/recordingconfig.h"
#include "sim/engine.h"
#include "sim/enginesnapshot.h"
#include "sim/workloadfile.h"
#include "workbenchoptions.h"

namespace gbw::testing {

inline WorkbenchOptions::Result parseOptions(QStringList arguments)
{
    arguments.prepend(QStringLiteral("gigablock-workbench"));
    return WorkbenchOptions::parse(arguments);
}

// The options of `gigablock-workbench ARGUMENTS`; the test stops if they do not parse.
inline WorkbenchOptions optionsFor(const QStringList& arguments)
{
    auto parsed = parseOptions(arguments);
    if (!parsed.options)
        qFatal("options: %s", qPrintable(parsed.error));
    return *parsed.options;
}

// A knob's value in a snapshot, or -1 when the snapshot has no such knob.
inline double knobValue(const EngineSnapshot& s, const std::string& name)
{
    for (const auto& knob : s.knobs) {
        if (knob.name == name)
            return knob.value;
    }
    return -1;
}

// Records `seconds` of syzkaller on a 4 GiB host (seed 3, a sample each second) into the store
// at `path`, as `gigablock simulate --db` would; `source` names the run.
inline bool recordSyzkaller(const std::string& path, const char* source, double seconds)
{
    EngineConfig config;
    config.host = HostConfig::x86_64(std::uint64_t(4) << 30);
    const auto preset = WorkloadFile::loadPreset("syzkaller");
    if (!preset.workload)
        return false;
    config.workload = *preset.workload;
    config.seed = 3;
    config.sampleSeconds = 1;
    std::string error;
    auto engine = Engine::create(config, &error);
    auto store = importers::SqliteStore::open(path, error);
    if (!engine || !store)
        return false;
    importers::SimulationRecorder::Run run;
    run.source = source;
    run.policy = config.policy;
    run.seed = config.seed;
    run.config = recordingConfig(engine->config(), engine->knobs());
    auto recorder = importers::SimulationRecorder::begin(*store, run, &error);
    if (!recorder)
        return false;
    engine->setEventSink(recorder.get());
    engine->runUntil(VirtualTime(seconds * 1e9));
    engine->setEventSink(nullptr);
    return recorder->finish(engine->now(), &error);
}

} // namespace gbw::testing
