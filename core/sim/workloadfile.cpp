// SPDX-License-Identifier: GPL-3.0-or-later
#include "workloadfile.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include <toml++/toml.h>

#include "model/geometry.h"

// Debian's libtomlplusplus is a compiled library built with exceptions: its
// parse() throws toml::parse_error, and a build without them would not link.
static_assert(TOML_EXCEPTIONS, "workloadfile.cpp expects toml++ with exceptions");

namespace gbw {
namespace {

constexpr int kMaxOrder = Geometry {}.maxPageOrder; // x86-64 MAX_PAGE_ORDER
// Rates are per GiB of host memory and sizes in 4 KiB pages (the default geometry).
constexpr double kPagesPerGiB = double(std::uint64_t(1) << (30 - Geometry {}.pageShift));

// Where a file is wrong and how; thrown by the reader, caught once at the top.
struct Problem
{
    std::uint32_t line = 0;
    std::string key;
    std::string message;
};

using Keys = std::initializer_list<std::string_view>;

std::string join(Keys words)
{
    std::string text;
    for (auto word : words) {
        if (!text.empty())
            text += ", ";
        text += word;
    }
    return text;
}

std::string joinKey(const std::string& path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string number(double value)
{
    std::array<char, 32> buffer {};
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
    return std::string(buffer.data(), end);
}

// A TOML basic string, so that names with quotes or newlines survive toToml().
std::string tomlString(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                std::array<char, 8> escape {};
                std::snprintf(escape.data(), escape.size(), "\\u%04x", static_cast<unsigned char>(c));
                out += escape.data();
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

// The "got ..." part of an error: the value as written, or what kind of thing it is.
std::string describe(const toml::node& node)
{
    if (auto s = node.as_string())
        return tomlString(s->get());
    if (auto i = node.as_integer())
        return std::to_string(i->get());
    if (auto f = node.as_floating_point())
        return number(f->get());
    if (auto b = node.as_boolean())
        return b->get() ? "true" : "false";
    if (node.is_table())
        return "a table";
    if (node.is_array())
        return "a list";
    return "a date or time";
}

[[noreturn]] void fail(const toml::node& at, std::string key, std::string message)
{
    throw Problem {at.source().begin.line, std::move(key), std::move(message)};
}

[[noreturn]] void failGot(const toml::node& at, std::string key, std::string_view expected)
{
    fail(at, std::move(key), std::string(expected) + ", got " + describe(at));
}

// Levenshtein distance, to suggest the key a typo meant.
std::size_t distance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The known key a typo most likely meant: at most two edits away, the nearest first.
std::string_view closest(std::string_view key, Keys known)
{
    std::string_view best;
    std::size_t bestDistance = 3;
    for (auto candidate : known) {
        if (const auto d = distance(key, candidate); d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

// Typos must not pass silently as "use the default".
void checkKeys(const toml::table& table, const std::string& path, Keys known)
{
    for (auto&& [key, node] : table) {
        if (std::find(known.begin(), known.end(), key.str()) != known.end())
            continue;
        std::string message = "unknown key";
        if (auto guess = closest(key.str(), known); !guess.empty())
            message += " (did you mean " + std::string(guess) + "?)";
        throw Problem {key.source().begin.line, joinKey(path, key.str()), message + "; known keys: " + join(known)};
    }
}

const toml::node& require(const toml::table& table, const std::string& path, std::string_view key)
{
    if (auto node = table.get(key))
        return *node;
    fail(table, joinKey(path, key), "missing");
}

std::string readString(const toml::node& node, const std::string& key)
{
    if (auto s = node.as_string())
        return s->get();
    failGot(node, key, "must be a string");
}

std::optional<double> numberOf(const toml::node& node)
{
    if (auto i = node.as_integer())
        return double(i->get());
    if (auto f = node.as_floating_point())
        return f->get();
    return std::nullopt;
}

double readNonNegative(const toml::node& node, const std::string& key)
{
    const auto value = numberOf(node);
    if (!value || !std::isfinite(*value) || *value < 0)
        failGot(node, key, "must be a non-negative number");
    return *value;
}

double readDuration(const toml::node& node, const std::string& key)
{
    std::optional<double> seconds;
    if (auto s = node.as_string())
        seconds = parseDuration(s->get());
    if (!seconds)
        failGot(node, key, R"(must be a duration such as "500ms", "30s", "5m" or "2h")");
    return *seconds;
}

double readPositiveDuration(const toml::node& node, const std::string& key)
{
    const double seconds = readDuration(node, key);
    if (seconds <= 0)
        failGot(node, key, "must be longer than zero");
    return seconds;
}

// One of a fixed set of lower-case names, e.g. the migratetypes a request may ask for.
template<typename T>
T readChoice(const toml::node& node, const std::string& key, std::span<const std::pair<std::string_view, T>> choices)
{
    std::string names;
    for (const auto& [text, value] : choices) {
        if (node.is_string() && node.as_string()->get() == text)
            return value;
        names += (names.empty() ? "" : ", ") + std::string(text);
    }
    failGot(node, key, "must be one of " + names);
}

// HighAtomic, CMA and Isolate are states of pageblocks, not something a caller asks for.
constexpr std::array<std::pair<std::string_view, MigrateType>, 3> kTypes = {{{"unmovable", MigrateType::Unmovable},
    {"movable", MigrateType::Movable}, {"reclaimable", MigrateType::Reclaimable}}};

std::string_view typeName(MigrateType type)
{
    for (const auto& [text, value] : kTypes) {
        if (value == type)
            return text;
    }
    return name(type); // not one a file can ask for, but toToml() should still say what it is
}

template<typename T, int N>
std::array<std::pair<std::string_view, T>, N> namesOf()
{
    std::array<std::pair<std::string_view, T>, N> choices;
    for (int i = 0; i < N; ++i)
        choices[i] = {name(static_cast<T>(i)), static_cast<T>(i)};
    return choices;
}

constexpr int kReclaimables = 4;

// Order weights, either { 0 = 90, 9 = 10 } or a list indexed by order.
std::vector<double> readOrders(const toml::node& node, const std::string& key)
{
    std::vector<double> weights;
    auto put = [&](int order, const toml::node& weight, const std::string& weightKey) {
        if (order > kMaxOrder)
            fail(weight, key,
                "order " + std::to_string(order) + " is above MAX_PAGE_ORDER (" + std::to_string(kMaxOrder) + ")");
        if (int(weights.size()) <= order)
            weights.resize(std::size_t(order) + 1, 0.0);
        weights[std::size_t(order)] = readNonNegative(weight, weightKey);
    };
    if (auto table = node.as_table()) {
        for (auto&& [orderKey, weight] : *table) {
            int order = -1;
            const auto& text = orderKey.str();
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), order);
            if (ec != std::errc() || end != text.data() + text.size() || order < 0)
                throw Problem {orderKey.source().begin.line, key,
                    tomlString(text) + " is not an order; orders are 0 to " + std::to_string(kMaxOrder)};
            put(order, weight, joinKey(key, text));
        }
    } else if (auto list = node.as_array()) {
        for (std::size_t i = 0; i < list->size(); ++i)
            put(int(i), *list->get(i), key + "[" + std::to_string(i) + "]");
    } else {
        failGot(node, key, "must be weights by order, as { 0 = 90, 9 = 10 } or [90, 0, 10]");
    }
    double sum = 0;
    for (double w : weights)
        sum += w;
    if (sum <= 0)
        fail(node, key, "needs at least one weight above zero");
    return weights;
}

Lifetime readLifetimeTable(const toml::table& table, const std::string& key)
{
    const auto kindKey = joinKey(key, "kind");
    constexpr std::array<std::pair<std::string_view, Lifetime::Kind>, 4> kinds
        = {{{"exponential", Lifetime::Kind::Exponential}, {"fixed", Lifetime::Kind::Fixed},
            {"uniform", Lifetime::Kind::Uniform}, {"forever", Lifetime::Kind::Forever}}};
    Lifetime lifetime;
    lifetime.kind = readChoice<Lifetime::Kind>(require(table, key, "kind"), kindKey, kinds);
    switch (lifetime.kind) {
    case Lifetime::Kind::Exponential:
        checkKeys(table, key, {"kind", "mean"});
        lifetime.meanSeconds = readPositiveDuration(require(table, key, "mean"), joinKey(key, "mean"));
        break;
    case Lifetime::Kind::Fixed:
        checkKeys(table, key, {"kind", "value"});
        lifetime.meanSeconds = readPositiveDuration(require(table, key, "value"), joinKey(key, "value"));
        break;
    case Lifetime::Kind::Uniform: {
        checkKeys(table, key, {"kind", "min", "max"});
        lifetime.minSeconds = readDuration(require(table, key, "min"), joinKey(key, "min"));
        const auto& max = require(table, key, "max");
        lifetime.maxSeconds = readPositiveDuration(max, joinKey(key, "max"));
        if (lifetime.maxSeconds < lifetime.minSeconds)
            failGot(max, joinKey(key, "max"), "must not be below min");
        lifetime.meanSeconds = (lifetime.minSeconds + lifetime.maxSeconds) / 2;
        break;
    }
    case Lifetime::Kind::Forever:
        checkKeys(table, key, {"kind"});
        lifetime.meanSeconds = 0; // as for lifetime = "forever"
        break;
    }
    return lifetime;
}

Lifetime readLifetime(const toml::node& node, const std::string& key)
{
    if (auto table = node.as_table())
        return readLifetimeTable(*table, key);
    if (node.is_string() && node.as_string()->get() == "forever")
        return Lifetime {Lifetime::Kind::Forever, 0, 0, 0};
    failGot(node, key, R"(must be "forever" or a table such as { kind = "exponential", mean = "30s" })");
}

// `share` says how much memory the class holds on average; the rate follows from Little's law.
double rateFromShare(const toml::node& node, const std::string& key, const RequestClass& c)
{
    const double share = readNonNegative(node, key);
    if (c.lifetime.kind == Lifetime::Kind::Forever)
        fail(node, key, "needs a lifetime that ends; give rate (and max_share) instead");
    return share * kPagesPerGiB / (meanLifetime(c.lifetime) * meanPages(c));
}

void readRate(const toml::table& table, const std::string& path, RequestClass& c)
{
    const auto rate = table.get("rate");
    const auto share = table.get("share");
    if (rate && share)
        fail(*share, joinKey(path, "share"), "give either rate or share, not both");
    if (rate)
        c.ratePerSecondPerGiB = readNonNegative(*rate, joinKey(path, "rate"));
    else if (share)
        c.ratePerSecondPerGiB = rateFromShare(*share, joinKey(path, "share"), c);
    else
        fail(table, joinKey(path, "rate"), "missing (give rate or share)");
}

// The phase a class is active in: `start` and `stop` are virtual times.
void readWindow(const toml::table& table, const std::string& path, RequestClass& c)
{
    if (auto start = table.get("start"))
        c.startSeconds = readDuration(*start, joinKey(path, "start"));
    if (auto stop = table.get("stop")) {
        c.stopSeconds = readPositiveDuration(*stop, joinKey(path, "stop"));
        if (c.stopSeconds <= c.startSeconds)
            failGot(*stop, joinKey(path, "stop"), "must be later than start");
    }
}

RequestClass readClass(const toml::table& table, const std::string& path)
{
    checkKeys(table, path,
        {"name", "orders", "type", "gfp", "tag", "rate", "share", "lifetime", "reclaim", "max_share", "start", "stop"});
    RequestClass c;
    c.name = readString(require(table, path, "name"), joinKey(path, "name"));
    c.orderWeights = readOrders(require(table, path, "orders"), joinKey(path, "orders"));
    c.migrateType = readChoice<MigrateType>(require(table, path, "type"), joinKey(path, "type"), kTypes);
    if (auto gfp = table.get("gfp"))
        c.gfp = readChoice<GfpClass>(*gfp, joinKey(path, "gfp"), namesOf<GfpClass, kGfpClasses>());
    if (auto tag = table.get("tag"))
        c.tag = readChoice<Tag>(*tag, joinKey(path, "tag"), namesOf<Tag, kTags>());
    c.lifetime = readLifetime(require(table, path, "lifetime"), joinKey(path, "lifetime"));
    readRate(table, path, c);
    if (auto reclaim = table.get("reclaim"))
        c.reclaimable
            = readChoice<Reclaimable>(*reclaim, joinKey(path, "reclaim"), namesOf<Reclaimable, kReclaimables>());
    if (auto maxShare = table.get("max_share")) {
        c.maxShare = readNonNegative(*maxShare, joinKey(path, "max_share"));
        if (c.maxShare > 1)
            failGot(*maxShare, joinKey(path, "max_share"), "must be a share of memory between 0 and 1");
    }
    readWindow(table, path, c);
    return c;
}

std::vector<RequestClass> readClasses(const toml::table& root)
{
    if (!root.contains("class"))
        fail(root, "class", "missing; a workload needs at least one [[class]]");
    const auto& node = *root.get("class");
    const auto list = node.as_array();
    if (!list)
        failGot(node, "class", "must be a list of [[class]] tables");
    if (list->empty())
        fail(node, "class", "needs at least one [[class]]");
    std::vector<RequestClass> classes;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = "class[" + std::to_string(i) + "]";
        const auto& element = *list->get(i);
        if (!element.is_table())
            failGot(element, path, "must be a table");
        classes.push_back(readClass(*element.as_table(), path));
        for (std::size_t j = 0; j < i; ++j) {
            if (classes[j].name == classes[i].name)
                fail(*element.as_table()->get("name"), path + ".name",
                    tomlString(classes[i].name) + " is already the name of class[" + std::to_string(j) + "]");
        }
    }
    return classes;
}

Gigantic readGigantic(const toml::node& node)
{
    const auto table = node.as_table();
    if (!table)
        failGot(node, "gigantic", "must be a table");
    checkKeys(*table, "gigantic", {"every", "hold"});
    Gigantic gigantic;
    gigantic.everySeconds = readPositiveDuration(require(*table, "gigantic", "every"), "gigantic.every");
    gigantic.holdSeconds = readPositiveDuration(require(*table, "gigantic", "hold"), "gigantic.hold");
    return gigantic;
}

Workload readWorkload(const toml::table& root, std::string_view fileName)
{
    checkKeys(root, "", {"name", "description", "source", "class", "gigantic"});
    Workload workload;
    // A copied preset keeps working under its new file name even if its name line was dropped.
    workload.name = std::filesystem::path(fileName).stem().string();
    if (auto name = root.get("name"))
        workload.name = readString(*name, "name");
    if (auto description = root.get("description"))
        workload.description = readString(*description, "description");
    if (auto source = root.get("source"))
        workload.source = readString(*source, "source");
    workload.classes = readClasses(root);
    if (auto gigantic = root.get("gigantic"))
        workload.gigantic = readGigantic(*gigantic);
    return workload;
}

std::string where(std::string_view fileName, std::uint32_t line)
{
    return std::string(fileName) + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": ";
}

WorkloadFileResult failure(std::string error)
{
    return WorkloadFileResult {std::nullopt, std::move(error)};
}

bool isPresetName(std::string_view name)
{
    return !name.empty() && name.find('/') == std::string_view::npos && name.front() != '.';
}

const PresetText* findBuiltin(std::string_view name)
{
    for (const auto& preset : builtinPresetTexts()) {
        if (preset.name == name)
            return &preset;
    }
    return nullptr;
}

void writeLifetime(std::ostream& out, const Lifetime& lifetime)
{
    switch (lifetime.kind) {
    case Lifetime::Kind::Exponential:
        out << R"({ kind = "exponential", mean = )" << tomlString(formatDuration(lifetime.meanSeconds)) << " }";
        break;
    case Lifetime::Kind::Fixed:
        out << R"({ kind = "fixed", value = )" << tomlString(formatDuration(lifetime.meanSeconds)) << " }";
        break;
    case Lifetime::Kind::Uniform:
        out << R"({ kind = "uniform", min = )" << tomlString(formatDuration(lifetime.minSeconds))
            << ", max = " << tomlString(formatDuration(lifetime.maxSeconds)) << " }";
        break;
    case Lifetime::Kind::Forever:
        out << R"("forever")";
        break;
    }
}

void writeClass(std::ostream& out, const RequestClass& c)
{
    out << "\n[[class]]\nname = " << tomlString(c.name) << "\norders = {";
    const char* separator = " ";
    for (std::size_t order = 0; order < c.orderWeights.size(); ++order) {
        if (c.orderWeights[order] > 0) {
            out << separator << order << " = " << number(c.orderWeights[order]);
            separator = ", ";
        }
    }
    out << " }\ntype = " << tomlString(typeName(c.migrateType)) << "\ngfp = " << tomlString(name(c.gfp))
        << "\ntag = " << tomlString(name(c.tag)) << "\nrate = " << number(c.ratePerSecondPerGiB) << "\nlifetime = ";
    writeLifetime(out, c.lifetime);
    out << "\nreclaim = " << tomlString(name(c.reclaimable)) << "\nmax_share = " << number(c.maxShare) << "\n";
    // Only when set, so that the text of a workload without phases stays as it was.
    if (c.startSeconds > 0)
        out << "start = " << tomlString(formatDuration(c.startSeconds)) << "\n";
    if (c.stopSeconds > 0)
        out << "stop = " << tomlString(formatDuration(c.stopSeconds)) << "\n";
}

} // namespace

WorkloadFileResult WorkloadFile::parse(std::string_view text, std::string_view fileName)
{
    try {
        const toml::table root = toml::parse(text, fileName);
        return WorkloadFileResult {readWorkload(root, fileName), {}};
    } catch (const toml::parse_error& error) {
        return failure(
            where(fileName, error.source().begin.line) + "syntax error: " + std::string(error.description()));
    } catch (const Problem& problem) {
        return failure(where(fileName, problem.line) + problem.key + ": " + problem.message);
    }
}

WorkloadFileResult WorkloadFile::read(const std::filesystem::path& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return failure(path.string() + ": no such file");
    if (std::filesystem::is_directory(path, ec))
        return failure(path.string() + ": is a directory, not a workload file");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in)
        return failure(path.string() + ": cannot be read");
    return parse(text.str(), path.string());
}

WorkloadFileResult WorkloadFile::loadPreset(std::string_view name, const std::filesystem::path& presetDir)
{
    if (isPresetName(name)) {
        if (!presetDir.empty()) {
            const auto path = presetDir / (std::string(name) + ".toml");
            if (std::filesystem::exists(path))
                return read(path);
        }
        if (auto preset = findBuiltin(name))
            return parse(preset->text, "resources/workloads/" + std::string(name) + ".toml");
    }
    std::string known;
    for (const auto& preset : presetNames(presetDir))
        known += (known.empty() ? "" : ", ") + preset;
    return failure("unknown workload " + tomlString(name) + "; presets: " + known);
}

std::vector<std::string> WorkloadFile::presetNames(const std::filesystem::path& presetDir)
{
    std::vector<std::string> names;
    for (const auto& preset : builtinPresetTexts())
        names.emplace_back(preset.name);
    std::error_code ec;
    if (!presetDir.empty()) {
        for (const auto& entry : std::filesystem::directory_iterator(presetDir, ec)) {
            if (entry.path().extension() == ".toml" && isPresetName(entry.path().stem().string()))
                names.push_back(entry.path().stem().string());
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

WorkloadFileResult WorkloadFile::open(std::string_view nameOrPath, const std::filesystem::path& presetDir)
{
    const bool isPath = nameOrPath.find('/') != std::string_view::npos || nameOrPath.ends_with(".toml");
    return isPath ? read(std::filesystem::path(nameOrPath)) : loadPreset(nameOrPath, presetDir);
}

std::string WorkloadFile::toToml(const Workload& workload)
{
    std::ostringstream out;
    out << "name = " << tomlString(workload.name) << "\ndescription = " << tomlString(workload.description)
        << "\nsource = " << tomlString(workload.source) << "\n";
    for (const auto& c : workload.classes)
        writeClass(out, c);
    if (workload.gigantic.everySeconds > 0) {
        out << "\n[gigantic]\nevery = " << tomlString(formatDuration(workload.gigantic.everySeconds))
            << "\nhold = " << tomlString(formatDuration(workload.gigantic.holdSeconds)) << "\n";
    }
    return out.str();
}

namespace {
struct DurationUnit
{
    std::string_view suffix;
    double seconds;
};
// Largest first, so that formatDuration() picks the shortest text.
constexpr std::array<DurationUnit, 6> kDurationUnits
    = {{{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}, {"ms", 1e-3}, {"us", 1e-6}}};

// Sub-second units divide rather than multiply: 500 / 1000.0 is exactly the
// double nearest 0.5, and formatDuration() relies on that to round-trip.
double toSeconds(double value, const DurationUnit& unit)
{
    return unit.seconds >= 1 ? value * unit.seconds : value / std::round(1 / unit.seconds);
}
} // namespace

std::optional<double> parseDuration(std::string_view text)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || !std::isfinite(value) || value < 0)
        return std::nullopt;
    std::string_view suffix = text.substr(std::size_t(end - text.data()));
    while (!suffix.empty() && isSpace(suffix.front()))
        suffix.remove_prefix(1);
    for (const auto& unit : kDurationUnits) {
        if (suffix == unit.suffix)
            return toSeconds(value, unit);
    }
    return std::nullopt;
}

std::string formatDuration(double seconds)
{
    for (const auto& unit : kDurationUnits) {
        const double count = unit.seconds >= 1 ? seconds / unit.seconds : seconds * std::round(1 / unit.seconds);
        const double whole = std::round(count);
        if (whole >= 1 && whole < 1e15 && toSeconds(whole, unit) == seconds)
            return number(whole) + std::string(unit.suffix);
    }
    return number(seconds) + "s"; // to_chars gives the shortest text that reads back exactly
}

std::string_view name(Reclaimable reclaimable)
{
    switch (reclaimable) {
    case Reclaimable::No:
        return "no";
    case Reclaimable::File:
        return "file";
    case Reclaimable::Anon:
        return "anon";
    case Reclaimable::Slab:
        return "slab";
    }
    return "?";
}

double meanPages(const RequestClass& requestClass)
{
    double weights = 0;
    double pages = 0;
    for (std::size_t order = 0; order < requestClass.orderWeights.size(); ++order) {
        weights += requestClass.orderWeights[order];
        pages += requestClass.orderWeights[order] * double(std::uint64_t(1) << order);
    }
    return weights > 0 ? pages / weights : 0;
}

double meanLifetime(const Lifetime& lifetime)
{
    switch (lifetime.kind) {
    case Lifetime::Kind::Exponential:
    case Lifetime::Kind::Fixed:
        return lifetime.meanSeconds;
    case Lifetime::Kind::Uniform:
        return (lifetime.minSeconds + lifetime.maxSeconds) / 2;
    case Lifetime::Kind::Forever:
        break;
    }
    return std::numeric_limits<double>::infinity();
}

double steadyShare(const RequestClass& requestClass)
{
    const bool capped = requestClass.maxShare > 0;
    if (requestClass.ratePerSecondPerGiB <= 0)
        return 0;
    // Little's law: what arrives, times how long it stays. A class that never
    // frees keeps what arrived in its phase, or grows without end.
    double held = meanLifetime(requestClass.lifetime);
    if (requestClass.lifetime.kind == Lifetime::Kind::Forever)
        held = requestClass.stopSeconds > 0 ? requestClass.stopSeconds - requestClass.startSeconds
                                            : std::numeric_limits<double>::infinity();
    const double share = requestClass.ratePerSecondPerGiB * held * meanPages(requestClass) / kPagesPerGiB;
    return capped ? std::min(share, requestClass.maxShare) : share;
}

} // namespace gbw
