// SPDX-License-Identifier: GPL-3.0-or-later
#include "knobfile.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "sim/knobs.h"

namespace gbw {
namespace {

std::string where(std::string_view file, const toml::node& node)
{
    return std::string(file) + ":" + std::to_string(node.source().begin.line) + ": ";
}

std::string exact(double value)
{
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

} // namespace

std::optional<KnobFile> KnobFile::parse(std::string_view text, std::string_view fileName, std::string* error)
{
    toml::table root;
    try {
        root = toml::parse(text, fileName);
    } catch (const toml::parse_error& e) {
        *error = std::string(fileName) + ":" + std::to_string(e.source().begin.line)
            + ": syntax error: " + std::string(e.description());
        return std::nullopt;
    }
    KnobFile file;
    KnobSet check;
    for (auto&& [key, node] : root) {
        if (key.str() == "policy" && node.is_string()) {
            file.policy = node.as_string()->get();
        } else if (key.str() == "knobs" && node.is_table()) {
            for (auto&& [name, value] : *node.as_table()) {
                const std::string k = "knobs." + std::string(name.str());
                std::optional<double> number;
                if (value.is_integer())
                    number = double(value.as_integer()->get());
                else if (value.is_floating_point())
                    number = value.as_floating_point()->get();
                if (!number) {
                    *error = where(fileName, value) + k + ": must be a number";
                    return std::nullopt;
                }
                if (auto why = check.set(name.str(), *number); !why.empty()) {
                    *error = where(fileName, value) + k + ": " + why;
                    return std::nullopt;
                }
                file.knobs.emplace_back(std::string(name.str()), *number);
            }
        } else {
            *error = where(fileName, node) + std::string(key.str())
                + ": unknown key or wrong type; a knob file has policy = \"...\" and a [knobs] table";
            return std::nullopt;
        }
    }
    return file;
}

std::optional<KnobFile> KnobFile::read(const std::filesystem::path& path, std::string* error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        *error = path.string() + ": cannot be read";
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path.string(), error);
}

std::string KnobFile::toToml(std::string_view comment) const
{
    std::string out;
    std::istringstream lines {std::string(comment)};
    for (std::string line; std::getline(lines, line);)
        out += "# " + line + "\n";
    if (!policy.empty())
        out += "policy = \"" + policy + "\"\n";
    out += "\n[knobs]\n";
    for (const auto& [name, value] : knobs)
        out += "\"" + name + "\" = " + exact(value) + "\n";
    return out;
}

} // namespace gbw
