// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordingconfig.h"

#include <nlohmann/json.hpp>

#include "sim/engine.h"

namespace gbw {

namespace {

nlohmann::json rangesJson(const std::vector<ByteRange>& ranges)
{
    auto out = nlohmann::json::array();
    for (const auto& r : ranges)
        out.push_back({r.start, r.end});
    return out;
}

bool rangesFrom(const nlohmann::json& json, const char* key, std::vector<ByteRange>& out, std::string* error)
{
    out.clear();
    if (!json.contains(key))
        return true;
    const auto& list = json.at(key);
    if (!list.is_array()) {
        *error = std::string("host.") + key + " is not an array";
        return false;
    }
    for (const auto& r : list) {
        if (!r.is_array() || r.size() != 2 || !r[0].is_number_unsigned() || !r[1].is_number_unsigned()) {
            *error = std::string("host.") + key + " holds something other than [start, end] byte pairs";
            return false;
        }
        out.push_back({r[0].get<std::uint64_t>(), r[1].get<std::uint64_t>()});
    }
    return true;
}

} // namespace

nlohmann::json hostConfigJson(const HostConfig& host)
{
    const Geometry& g = host.geometry;
    return {{"memory_bytes", host.memoryBytes}, {"nodes", host.nodes}, {"page_shift", g.pageShift},
        {"pageblock_order", g.pageblockOrder}, {"max_page_order", g.maxPageOrder},
        {"gigablock_order", g.gigablockOrder}, {"holes", rangesJson(host.holes)},
        {"reserved", rangesJson(host.reserved)}, {"cma", rangesJson(host.cma)}, {"movable_bytes", host.movableBytes},
        {"dma_zones", host.dmaZones}};
}

std::optional<HostConfig> hostConfigFromJson(const nlohmann::json& json, std::string* error)
{
    std::string why;
    if (!json.is_object()) {
        *error = "host is not an object";
        return std::nullopt;
    }
    HostConfig host;
    auto number = [&](const char* key, auto& field) {
        if (!json.contains(key) || !json.at(key).is_number_integer()) {
            why = std::string("host.") + key + " is missing or not an integer";
            return false;
        }
        field = json.at(key).get<std::remove_reference_t<decltype(field)>>();
        return true;
    };
    if (!number("memory_bytes", host.memoryBytes) || !number("nodes", host.nodes)
        || !number("page_shift", host.geometry.pageShift) || !number("pageblock_order", host.geometry.pageblockOrder)
        || !number("max_page_order", host.geometry.maxPageOrder)
        || !number("gigablock_order", host.geometry.gigablockOrder) || !number("movable_bytes", host.movableBytes)
        || !rangesFrom(json, "holes", host.holes, &why) || !rangesFrom(json, "reserved", host.reserved, &why)
        || !rangesFrom(json, "cma", host.cma, &why)) {
        *error = why;
        return std::nullopt;
    }
    host.dmaZones = json.value("dma_zones", true);
    return host;
}

nlohmann::json recordingConfig(const EngineConfig& config, const KnobSet& knobs)
{
    nlohmann::json knobJson = nlohmann::json::object();
    for (const auto& knob : knobs.all())
        knobJson[std::string(knob.name)] = knobs.value(knob.name);
    return {{"host", hostConfigJson(config.host)}, {"policy", config.policy}, {"workload", config.workload.name},
        {"seed", config.seed}, {"sample_seconds", config.sampleSeconds}, {"group_by_mobility", config.groupByMobility},
        {"knobs", knobJson}, {"start", "boot"}};
}

EngineSample sampleOf(const MemoryModel& model, double seconds, std::uint64_t events)
{
    EngineSample s = modelSample(model, seconds, events);
    const Pfn gbPages = model.geometry().pagesPerGigablock();
    for (const auto& gb : model.gigablocks()) {
        const auto category = gb.category();
        const bool whole = gb.endPfn - gb.startPfn == gbPages && gb.reservedPageblocks == 0;
        if (whole && category == GigablockCategory::Empty)
            ++s.allocatable1gFree;
        if (whole && (category == GigablockCategory::Empty || category == GigablockCategory::Clean))
            ++s.allocatable1g;
    }
    return s;
}

} // namespace gbw
