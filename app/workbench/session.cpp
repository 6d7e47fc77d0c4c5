// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

#include <QFile>
#include <QSaveFile>

#include <nlohmann/json.hpp>

namespace gbw {

namespace {

using nlohmann::json;

// The options a session's "source" object may hold: those that choose and shape the source.
const QStringList& sourceOptions()
{
    static const QStringList names = {QStringLiteral("simulate"), QStringLiteral("policy"), QStringLiteral("host"),
        QStringLiteral("nodes"), QStringLiteral("seed"), QStringLiteral("sample"), QStringLiteral("compare"),
        QStringLiteral("knob-b"), QStringLiteral("db"), QStringLiteral("replay"), QStringLiteral("connect"),
        QStringLiteral("token-file"), QStringLiteral("sweep")};
    return names;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// Thrown inside fromJson only, with the field's dotted path; caught there and turned into Loaded::error.
struct FieldError
{
    QString text;
};

[[noreturn]] void fail(const QString& field, const QString& what)
{
    throw FieldError {field + QStringLiteral(": ") + what};
}

std::uint32_t index(const json& j, const QString& field)
{
    if (j.is_null())
        return Session::kNone;
    if (!j.is_number_integer() || j.get<std::int64_t>() < 0 || j.get<std::int64_t>() > 0xfffffffe)
        fail(field, QStringLiteral("expected a non-negative integer or null"));
    return j.get<std::uint32_t>();
}

QString text(const json& j, const QString& field)
{
    if (j.is_string())
        return q(j.get<std::string>());
    if (j.is_number_integer())
        return QString::number(j.get<std::int64_t>());
    if (j.is_number())
        return QString::number(j.get<double>());
    fail(field, QStringLiteral("expected a string or a number"));
}

void readSource(const json& source, Session& s)
{
    if (!source.is_object())
        fail(QStringLiteral("source"), QStringLiteral("expected an object such as {\"simulate\": \"syzkaller\"}"));
    for (const auto& [key, value] : source.items()) {
        const QString name = q(key);
        const QString field = QStringLiteral("source.") + name;
        if (!sourceOptions().contains(name))
            fail(field, QStringLiteral("unknown field (known: %1)").arg(sourceOptions().join(QStringLiteral(", "))));
        if (value.is_array() && name == QLatin1String("knob-b")) {
            for (std::size_t i = 0; i < value.size(); ++i)
                s.sourceArguments << QStringLiteral("--") + name
                                  << text(value[i], field + QStringLiteral("[%1]").arg(i));
        } else {
            s.sourceArguments << QStringLiteral("--") + name << text(value, field);
        }
    }
}

void readView(const json& j, Session& s)
{
    if (j.contains("visible")) {
        if (!j["visible"].is_array())
            fail(QStringLiteral("views.visible"), QStringLiteral("expected an array of view names"));
        for (std::size_t i = 0; i < j["visible"].size(); ++i) {
            if (!j["visible"][i].is_string())
                fail(QStringLiteral("views.visible[%1]").arg(i), QStringLiteral("expected a view name"));
            s.visibleViews << q(j["visible"][i].get<std::string>());
        }
    }
    if (j.contains("layout")) {
        if (!j["layout"].is_string())
            fail(QStringLiteral("views.layout"), QStringLiteral("expected a base64 string"));
        s.layout = QByteArray::fromBase64(QByteArray::fromStdString(j["layout"].get<std::string>()));
    }
}

} // namespace

std::string Session::toJson() const
{
    json source = json::object();
    for (qsizetype i = 0; i + 1 < sourceArguments.size(); i += 2) {
        const std::string key = sourceArguments[i].mid(2).toStdString();
        const std::string value = sourceArguments[i + 1].toStdString();
        if (key == "knob-b")
            source[key].push_back(value);
        else
            source[key] = value;
    }
    json knobObject = json::object();
    for (const auto& [name, value] : knobs)
        knobObject[name] = value;
    json visible = json::array();
    for (const QString& v : visibleViews)
        visible.push_back(v.toStdString());
    json j = {
        {"format", kFormat},
        {"version", kVersion},
        {"source", source},
        {"knobs", knobObject},
        {"views", {{"visible", visible}}},
        {"selection",
            {{"gigablock", gigablock == kNone ? json(nullptr) : json(gigablock)},
                {"pageblock", pageblock == kNone ? json(nullptr) : json(pageblock)}}},
        {"zoom", {{"from", timeRange.first}, {"to", timeRange.second}}},
    };
    if (brush.first < brush.second)
        j["brush"] = {{"from", brush.first}, {"to", brush.second}};
    if (!layout.isEmpty())
        j["views"]["layout"] = layout.toBase64().toStdString();
    return j.dump(2) + "\n";
}

Session::Loaded Session::fromJson(const std::string& text)
{
    Loaded loaded;
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        loaded.error = QStringLiteral("not JSON");
        return loaded;
    }
    try {
        if (!j.is_object())
            fail(QStringLiteral("(top level)"), QStringLiteral("expected an object"));
        if (!j.contains("format") || !j["format"].is_string() || j["format"].get<std::string>() != kFormat)
            fail(QStringLiteral("format"), QStringLiteral("expected \"%1\"").arg(QLatin1String(kFormat)));
        if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() < 1)
            fail(QStringLiteral("version"), QStringLiteral("expected a positive integer"));
        if (j["version"].get<int>() > kVersion)
            fail(QStringLiteral("version"),
                QStringLiteral("%1 is newer than this workbench reads (%2)")
                    .arg(j["version"].get<int>())
                    .arg(kVersion));
        Session s;
        if (!j.contains("source"))
            fail(QStringLiteral("source"), QStringLiteral("missing"));
        readSource(j["source"], s);
        if (j.contains("knobs")) {
            if (!j["knobs"].is_object())
                fail(QStringLiteral("knobs"), QStringLiteral("expected an object of knob names and values"));
            for (const auto& [name, value] : j["knobs"].items()) {
                if (!value.is_number())
                    fail(QStringLiteral("knobs.") + q(name), QStringLiteral("expected a number"));
                s.knobs.emplace_back(name, value.get<double>());
            }
        }
        if (j.contains("views"))
            readView(j["views"], s);
        if (j.contains("selection")) {
            const json& sel = j["selection"];
            if (!sel.is_object())
                fail(QStringLiteral("selection"), QStringLiteral("expected an object"));
            s.gigablock = index(sel.value("gigablock", json(nullptr)), QStringLiteral("selection.gigablock"));
            s.pageblock = index(sel.value("pageblock", json(nullptr)), QStringLiteral("selection.pageblock"));
        }
        if (j.contains("zoom")) {
            const json& zoom = j["zoom"];
            for (const char* end : {"from", "to"}) {
                if (!zoom.is_object() || !zoom.contains(end) || !zoom[end].is_number())
                    fail(QStringLiteral("zoom.") + QLatin1String(end), QStringLiteral("expected a number of seconds"));
            }
            s.timeRange = {zoom["from"].get<double>(), zoom["to"].get<double>()};
        }
        if (j.contains("brush")) {
            const json& brush = j["brush"];
            for (const char* end : {"from", "to"}) {
                if (!brush.is_object() || !brush.contains(end) || !brush[end].is_number())
                    fail(QStringLiteral("brush.") + QLatin1String(end), QStringLiteral("expected a number of seconds"));
            }
            s.brush = {brush["from"].get<double>(), brush["to"].get<double>()};
            if (s.brush.first < 0 || s.brush.first >= s.brush.second)
                fail(QStringLiteral("brush"), QStringLiteral("expected 0 <= from < to"));
        }
        loaded.session = std::move(s);
    } catch (const FieldError& e) {
        loaded.error = e.text;
    }
    return loaded;
}

Session::Loaded Session::load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Loaded loaded;
        loaded.error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return loaded;
    }
    Loaded loaded = fromJson(file.readAll().toStdString());
    if (!loaded.session)
        loaded.error = path + QStringLiteral(": ") + loaded.error;
    return loaded;
}

QString Session::save(const QString& path) const
{
    QSaveFile file(path);
    const std::string text = toJson();
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size())
        || !file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    return {};
}

QStringList Session::arguments() const
{
    QStringList args = sourceArguments;
    for (const auto& [name, value] : knobs)
        args << QStringLiteral("--knob") << QStringLiteral("%1=%2").arg(q(name)).arg(value, 0, 'g', 17);
    if (gigablock != kNone) {
        args << QStringLiteral("--select")
             << (pageblock != kNone ? QStringLiteral("%1:%2").arg(gigablock).arg(pageblock)
                                    : QString::number(gigablock));
    }
    return args;
}

} // namespace gbw
