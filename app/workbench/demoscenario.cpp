// SPDX-License-Identifier: GPL-3.0-or-later
#include "demoscenario.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <toml++/toml.h>

#include "sim/knobs.h"
#include "sim/workloadfile.h"

static_assert(TOML_EXCEPTIONS, "demoscenario.cpp expects toml++ with exceptions");

namespace gbw {

namespace {

struct Problem
{
    std::uint32_t line;
    QString field;
    QString what;
};

[[noreturn]] void fail(const toml::node& at, const QString& field, const QString& what)
{
    throw Problem {at.source().begin.line, field, what};
}

QString stringOf(const toml::node& node, const QString& field)
{
    if (auto s = node.value<std::string>(); s && node.is_string())
        return QString::fromStdString(*s);
    if (node.is_integer())
        return QString::number(*node.value<std::int64_t>());
    if (node.is_floating_point())
        return QString::number(*node.value<double>());
    fail(node, field, QStringLiteral("expected a string or a number"));
}

const QStringList& sourceKeys()
{
    static const QStringList keys
        = {QStringLiteral("simulate"), QStringLiteral("policy"), QStringLiteral("host"), QStringLiteral("nodes"),
            QStringLiteral("seed"), QStringLiteral("sample"), QStringLiteral("compare"), QStringLiteral("knob-b"),
            QStringLiteral("knob"), QStringLiteral("db"), QStringLiteral("replay"), QStringLiteral("speed"),
            QStringLiteral("select"), QStringLiteral("no-mobility-grouping"), QStringLiteral("paused")};
    return keys;
}

// A relative recording or workload file: next to the scenario first, then in the demo data.
QString locate(const toml::node& node, const QString& field, const QString& file, const QString& baseDirectory)
{
    if (QFileInfo(file).isAbsolute())
        return file;
    QStringList directories = DemoScenario::dataDirectories();
    if (!baseDirectory.isEmpty() && !baseDirectory.startsWith(QLatin1Char(':')))
        directories.prepend(baseDirectory);
    for (const QString& directory : std::as_const(directories)) {
        const QString path = QDir(directory).filePath(file);
        if (QFileInfo::exists(path))
            return path;
    }
    fail(node, field, QStringLiteral("%1 not found (looked in %2)").arg(file, directories.join(QStringLiteral(", "))));
}

void readSource(const toml::table& source, DemoScenario& s, const QString& baseDirectory)
{
    for (const auto& [key, node] : source) {
        const QString name = QString::fromUtf8(key.str().data(), qsizetype(key.str().size()));
        const QString field = QStringLiteral("source.") + name;
        if (!sourceKeys().contains(name))
            fail(node, field, QStringLiteral("unknown key (known: %1)").arg(sourceKeys().join(QStringLiteral(", "))));
        if (name == QLatin1String("no-mobility-grouping") || name == QLatin1String("paused")) {
            if (!node.is_boolean())
                fail(node, field, QStringLiteral("expected true or false"));
            if (*node.value<bool>())
                s.sourceArguments << QStringLiteral("--") + name;
            continue;
        }
        if (const auto* list = node.as_array()) {
            for (std::size_t i = 0; i < list->size(); ++i)
                s.sourceArguments << QStringLiteral("--") + name
                                  << stringOf((*list)[i], field + QStringLiteral("[%1]").arg(i));
            continue;
        }
        QString value = stringOf(node, field);
        if (name == QLatin1String("db")
            || (name == QLatin1String("simulate") && value.endsWith(QLatin1String(".toml"))))
            value = locate(node, field, value, baseDirectory);
        s.sourceArguments << QStringLiteral("--") + name << value;
    }
}

std::uint32_t selection(const toml::node& node, const QString& field, std::uint32_t* pageblock)
{
    const QString text = stringOf(node, field);
    const QStringList parts = text.split(QLatin1Char(':'));
    bool ok = false;
    bool okPageblock = true;
    const std::uint32_t gigablock = parts[0].toUInt(&ok);
    if (parts.size() == 2)
        *pageblock = parts[1].toUInt(&okPageblock);
    if (!ok || !okPageblock || parts.size() > 2)
        fail(node, field, QStringLiteral("expected \"GB\" or \"GB:PB\", got '%1'").arg(text));
    return gigablock;
}

// The docks a step may show (the map and the A/B centre are always there).
const QStringList& dockViews()
{
    static const QStringList views
        = {QStringLiteral("orders"), QStringLiteral("migratetypes"), QStringLiteral("drilldown"),
            QStringLiteral("timelines"), QStringLiteral("knobs"), QStringLiteral("counters"), QStringLiteral("proc")};
    return views;
}

DemoStep readStep(const toml::table& table, int index)
{
    DemoStep step;
    const QString prefix = QStringLiteral("step[%1].").arg(index);
    for (const auto& [key, node] : table) {
        const std::string k(key.str());
        const QString field = prefix + QString::fromStdString(k);
        if (k == "caption") {
            if (!node.is_string())
                fail(node, field, QStringLiteral("expected a string"));
            step.caption = QString::fromStdString(*node.value<std::string>());
        } else if (k == "at") {
            const auto seconds = node.is_string() ? parseDuration(*node.value<std::string>()) : std::nullopt;
            if (!seconds || *seconds < 0)
                fail(node, field, QStringLiteral("expected a duration such as \"20s\" or \"2m\""));
            step.at = *seconds;
        } else if (k == "knobs") {
            const auto* knobs = node.as_table();
            if (!knobs)
                fail(node, field, QStringLiteral("expected a table of knob names and values"));
            for (const auto& [name, value] : *knobs) {
                const QString knobField = field + QLatin1Char('.') + QString::fromUtf8(name.str().data());
                if (!value.is_number())
                    fail(value, knobField, QStringLiteral("expected a number"));
                const double v = *value.value<double>();
                if (auto why = KnobSet().set(std::string(name.str()), v); !why.empty())
                    fail(value, knobField, QString::fromStdString(why));
                step.knobs.emplace_back(std::string(name.str()), v);
            }
        } else if (k == "views") {
            const auto* views = node.as_array();
            if (!views)
                fail(node, field, QStringLiteral("expected a list of view names"));
            step.views.emplace();
            for (std::size_t i = 0; i < views->size(); ++i) {
                const QString itemField = field + QStringLiteral("[%1]").arg(i);
                const QString view = stringOf((*views)[i], itemField);
                if (!dockViews().contains(view))
                    fail((*views)[i], itemField,
                        QStringLiteral("unknown view '%1' (known: %2)")
                            .arg(view, dockViews().join(QStringLiteral(", "))));
                *step.views << view;
            }
        } else if (k == "layout") {
            step.layout = stringOf(node, field);
            if (!DemoScenario::layouts().contains(step.layout))
                fail(node, field,
                    QStringLiteral("expected one of %1").arg(DemoScenario::layouts().join(QStringLiteral(", "))));
        } else if (k == "select") {
            step.selectGigablock = selection(node, field, &step.selectPageblock);
        } else if (k == "counters") {
            if (!node.is_string())
                fail(node, field, QStringLiteral("expected the text to filter the counters by, such as \"compact\""));
            step.counters = QString::fromStdString(*node.value<std::string>());
        } else if (k == "speed") {
            if (!node.is_number() || *node.value<double>() <= 0)
                fail(node, field, QStringLiteral("expected a positive number of virtual seconds per second"));
            step.speed = *node.value<double>();
        } else {
            fail(node, field,
                QStringLiteral("unknown key (known: caption, at, knobs, views, layout, select, speed, counters)"));
        }
    }
    if (step.caption.isEmpty())
        throw Problem {table.source().begin.line, prefix + QStringLiteral("caption"), QStringLiteral("missing")};
    return step;
}

} // namespace

QStringList DemoScenario::builtInNames()
{
    QStringList names;
    for (const QString& file : QDir(QStringLiteral(":/demos")).entryList({QStringLiteral("*.toml")}, QDir::Files))
        names << QFileInfo(file).completeBaseName();
    return names;
}

QStringList DemoScenario::layouts()
{
    return {QStringLiteral("tabs"), QStringLiteral("column"), QStringLiteral("row")};
}

QStringList DemoScenario::dataDirectories()
{
    // Installed: PREFIX/bin/gigablock-workbench next to PREFIX/share/gigablock-workbench/demos.
    QStringList directories
        = {QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/gigablock-workbench/demos"))};
#ifdef GBW_DEMO_BUILD_DIR
    directories << QStringLiteral(GBW_DEMO_BUILD_DIR); // a build tree: the recording made at build time
#endif
    for (QString& directory : directories)
        directory = QDir::cleanPath(directory);
    return directories;
}

DemoScenario::Loaded DemoScenario::open(const QString& nameOrPath)
{
    const QString builtIn = QStringLiteral(":/demos/%1.toml").arg(nameOrPath);
    const QString path = QFile::exists(builtIn) ? builtIn : nameOrPath;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Loaded loaded;
        loaded.error = QStringLiteral("%1: not a built-in scenario (%2) and not a readable file: %3")
                           .arg(nameOrPath, builtInNames().join(QStringLiteral(", ")), file.errorString());
        return loaded;
    }
    return parse(file.readAll().toStdString(), path, QFileInfo(path).absolutePath());
}

DemoScenario::Loaded DemoScenario::parse(const std::string& text, const QString& fileName, const QString& baseDirectory)
{
    Loaded loaded;
    try {
        const toml::table root = toml::parse(text, fileName.toStdString());
        DemoScenario s;
        s.fileName = fileName;
        for (const auto& [key, node] : root) {
            const std::string k(key.str());
            if (k == "title") {
                if (!node.is_string())
                    fail(node, QStringLiteral("title"), QStringLiteral("expected a string"));
                s.title = QString::fromStdString(*node.value<std::string>());
            } else if (k == "source") {
                if (!node.is_table())
                    fail(node, QStringLiteral("source"), QStringLiteral("expected a table"));
                readSource(*node.as_table(), s, baseDirectory);
            } else if (k == "step") {
                const auto* steps = node.as_array();
                if (!steps || !steps->is_array_of_tables())
                    fail(node, QStringLiteral("step"), QStringLiteral("expected [[step]] tables"));
                for (std::size_t i = 0; i < steps->size(); ++i)
                    s.steps.push_back(readStep(*(*steps)[i].as_table(), int(i)));
            } else {
                fail(node, QString::fromStdString(k), QStringLiteral("unknown key (known: title, source, step)"));
            }
        }
        if (s.steps.empty())
            throw Problem {1, QStringLiteral("step"), QStringLiteral("a scenario needs at least one [[step]]")};
        loaded.scenario = std::move(s);
    } catch (const toml::parse_error& error) {
        loaded.error = QStringLiteral("%1:%2: syntax error: %3")
                           .arg(fileName)
                           .arg(error.source().begin.line)
                           .arg(QString::fromUtf8(error.description().data(), qsizetype(error.description().size())));
    } catch (const Problem& problem) {
        loaded.error = QStringLiteral("%1:%2: %3: %4").arg(fileName).arg(problem.line).arg(problem.field, problem.what);
    }
    return loaded;
}

} // namespace gbw
