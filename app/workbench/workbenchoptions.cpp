// SPDX-License-Identifier: GPL-3.0-or-later
#include "workbenchoptions.h"

#include <QCommandLineParser>

#include "demoscenario.h"
#include "framerecorder.h"
#include "model/hostconfig.h"
#include "policy/policy.h"
#include "sim/knobs.h"
#include "sim/workloadfile.h"

namespace gbw {

namespace {

QString joined(const std::vector<std::string>& names)
{
    QStringList list;
    for (const auto& n : names)
        list << QString::fromStdString(n);
    return list.join(QStringLiteral(", "));
}

std::vector<std::string> policies()
{
    std::vector<std::string> names;
    for (auto n : policyNames())
        names.emplace_back(n);
    return names;
}

std::optional<double> duration(const QString& text)
{
    return parseDuration(text.toStdString());
}

// NAME=VALUE settings, checked at once so that a typo fails naming the option, not after the host is built.
QString parseKnobs(const QStringList& settings, const QString& option, std::vector<std::pair<std::string, double>>& out)
{
    for (const QString& setting : settings) {
        const auto eq = setting.indexOf(QLatin1Char('='));
        bool ok = false;
        const double value = eq < 0 ? 0 : setting.mid(eq + 1).toDouble(&ok);
        if (eq < 0 || !ok)
            return QStringLiteral("%1: expected NAME=VALUE, got '%2'").arg(option, setting);
        if (auto why = KnobSet().set(setting.left(eq).toStdString(), value); !why.empty())
            return option + QStringLiteral(": ") + QString::fromStdString(why);
        out.emplace_back(setting.left(eq).toStdString(), value);
    }
    return {};
}

} // namespace

QStringList WorkbenchOptions::viewNames()
{
    return {QStringLiteral("map"), QStringLiteral("orders"), QStringLiteral("migratetypes"),
        QStringLiteral("pageblocks"), QStringLiteral("pages"), QStringLiteral("drilldown"), QStringLiteral("timelines"),
        QStringLiteral("knobs"), QStringLiteral("counters"), QStringLiteral("proc"), QStringLiteral("compare"),
        QStringLiteral("difference"), QStringLiteral("sweep"), QStringLiteral("events")};
}

WorkbenchOptions::Result WorkbenchOptions::parse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Gigablock Workbench: the Linux page allocator model, live, per gigablock. Without arguments it opens on a "
        "running simulation of a 64 GiB host (vanilla policy, syzkaller workload)."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption simulate(QStringLiteral("simulate"),
        QStringLiteral("Workload preset (%1) or TOML file.").arg(joined(WorkloadFile::presetNames())),
        QStringLiteral("PRESET"), QString::fromLatin1(kDefaultWorkload));
    const QCommandLineOption policy(QStringLiteral("policy"),
        QStringLiteral("Placement policy: %1.").arg(joined(policies())), QStringLiteral("POLICY"),
        QStringLiteral("vanilla"));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Memory size, binary units: 16G, 256G, 1T."),
        QStringLiteral("SIZE"), QStringLiteral("64G"));
    const QCommandLineOption nodes(
        QStringLiteral("nodes"), QStringLiteral("NUMA nodes."), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption seed(
        QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption sample(QStringLiteral("sample"), QStringLiteral("Interval of the time series."),
        QStringLiteral("DURATION"), QStringLiteral("1s"));
    const QCommandLineOption knob(QStringLiteral("knob"), QStringLiteral("Set a knob before the run (repeatable)."),
        QStringLiteral("NAME=VALUE"));
    const QCommandLineOption speed(QStringLiteral("speed"),
        QStringLiteral("Virtual seconds per wall second, or 'max'."), QStringLiteral("X"), QStringLiteral("30"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
        QStringLiteral("Pause when the virtual clock reaches this."), QStringLiteral("DURATION"));
    const QCommandLineOption paused(QStringLiteral("paused"), QStringLiteral("Open paused."));
    const QCommandLineOption fresh(QStringList {QStringLiteral("fresh"), QStringLiteral("no-restore")},
        QStringLiteral("Start on the default simulation, not on the source of the last run."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Render the window (or --view) offscreen to FILE (.png, .svg or .pdf) and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption after(QStringLiteral("after"),
        QStringLiteral("With --screenshot: virtual time to simulate first."), QStringLiteral("DURATION"),
        QStringLiteral("5s"));
    const QCommandLineOption view(QStringLiteral("view"),
        QStringLiteral("With --screenshot: only this view (%1).").arg(viewNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    const QCommandLineOption select(QStringLiteral("select"),
        QStringLiteral("Select a gigablock, optionally a pageblock in it."), QStringLiteral("GB[:PB]"));
    const QCommandLineOption db(QStringLiteral("db"),
        QStringLiteral("Replay a recording from this SQLite store (gigablock simulate --db, gigablock import). A "
                       "store that holds a sweep and no recording opens in the sweep view, as --sweep."),
        QStringLiteral("FILE"));
    const QCommandLineOption sweepOption(QStringLiteral("sweep"),
        QStringLiteral("Show the knob sweep in this store (gigablock sweep --db) as a scatter over two objectives, the "
                       "Pareto front highlighted; a run opens (re-simulated) or re-runs live from there."),
        QStringLiteral("FILE"));
    const QCommandLineOption replay(QStringLiteral("replay"),
        QStringLiteral("With --db: the session to replay (default: the newest with events)."),
        QStringLiteral("SESSION"));
    const QCommandLineOption connectOption(QStringLiteral("connect"),
        QStringLiteral("Attach to a gigablock-agent at HOST:PORT."), QStringLiteral("HOST:PORT"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"),
        QStringLiteral("With --connect: the agent's shared token."), QStringLiteral("FILE"));
    const QCommandLineOption compare(QStringList {QStringLiteral("compare"), QStringLiteral("ab")},
        QStringLiteral("A/B: run policies A and B side by side on the identical request stream, in lockstep, with a "
                       "difference map (e.g. vanilla,superpageblock; vanilla,vanilla with --knob-b)."),
        QStringLiteral("A,B"));
    const QCommandLineOption knobB(QStringLiteral("knob-b"),
        QStringLiteral("With --compare: set a knob on B only (repeatable), to compare two knob sets."),
        QStringLiteral("NAME=VALUE"));
    const QCommandLineOption session(QStringLiteral("session"),
        QStringLiteral("Open a saved session (.gbsession): its source, views, selection, zoom and knobs."),
        QStringLiteral("FILE"));
    const QCommandLineOption noGrouping(QStringLiteral("no-mobility-grouping"),
        QStringLiteral("Treat every request as one type (page_group_by_mobility_disabled)."));
    const QCommandLineOption demo(QStringLiteral("demo"),
        QStringLiteral("Presentation mode: full screen, large fonts, a caption bar, no dialogs; → and ← (or Page "
                       "Down/Up) move between the scenario's steps, Space pauses, Esc leaves. SCENARIO is a "
                       "shipped one (%1) or a TOML file; without it: %2.")
            .arg(DemoScenario::builtInNames().join(QStringLiteral(", ")), QString::fromLatin1(DemoScenario::kDefault)));
    const QCommandLineOption record(QStringLiteral("record"),
        QStringLiteral("Write what the window shows, %1 frames a second, to DIR as PNG, and DIR/%2 when ffmpeg is on "
                       "PATH (a video fallback for talks).")
            .arg(FrameRecorder::kFramesPerSecond)
            .arg(QString::fromLatin1(FrameRecorder::kVideoName)),
        QStringLiteral("DIR"));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Print the version and exit."));
    parser.addPositionalArgument(QStringLiteral("SCENARIO|SESSION"),
        QStringLiteral("With --demo: the scenario. Otherwise a session file (.gbsession) to open, as --session."),
        QStringLiteral("[SCENARIO|SESSION]"));
    for (const auto* o : {&simulate, &policy, &host, &nodes, &seed, &sample, &knob, &speed, &durationOption, &paused,
             &fresh, &screenshot, &after, &view, &select, &db, &replay, &connectOption, &tokenFile, &compare, &knobB,
             &session, &noGrouping, &demo, &record, &version})
        parser.addOption(*o);
    parser.addOption(sweepOption);

    Result result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(help)) {
        result.message = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        result.message = QStringLiteral("gigablock-workbench %1\n").arg(QStringLiteral(GBW_VERSION));
        return result;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (!positional.isEmpty() && parser.isSet(session))) {
        result.error = QStringLiteral("unexpected argument '%1'").arg(positional.last());
        return result;
    }

    WorkbenchOptions o;
    std::string error;
    const std::uint64_t bytes = parseSize(parser.value(host).toStdString(), &error);
    if (!bytes) {
        result.error = QStringLiteral("--host: ") + QString::fromStdString(error);
        return result;
    }
    bool ok = false;
    const int nodeCount = parser.value(nodes).toInt(&ok);
    if (!ok || nodeCount < 1 || nodeCount > 64) {
        result.error = QStringLiteral("--nodes: expected 1 to 64, got '%1'").arg(parser.value(nodes));
        return result;
    }
    o.engine.host = HostConfig::x86_64(bytes, nodeCount);
    o.engine.policy = parser.value(policy).toStdString();
    if (!makePolicy(o.engine.policy)) {
        result.error
            = QStringLiteral("--policy: unknown policy '%1' (known: %2)").arg(parser.value(policy), joined(policies()));
        return result;
    }
    const auto loaded = WorkloadFile::open(parser.value(simulate).toStdString());
    if (!loaded.workload) {
        result.error = QStringLiteral("--simulate: ") + QString::fromStdString(loaded.error);
        return result;
    }
    o.engine.workload = *loaded.workload;
    o.engine.groupByMobility = !parser.isSet(noGrouping);
    o.engine.seed = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        result.error = QStringLiteral("--seed: '%1' is not a number").arg(parser.value(seed));
        return result;
    }
    const auto sampleSeconds = duration(parser.value(sample));
    if (!sampleSeconds || *sampleSeconds <= 0) {
        result.error = QStringLiteral("--sample: '%1' is not a duration such as 500ms or 1s").arg(parser.value(sample));
        return result;
    }
    o.engine.sampleSeconds = *sampleSeconds;
    if (const QString error = parseKnobs(parser.values(knob), QStringLiteral("--knob"), o.knobs); !error.isEmpty()) {
        result.error = error;
        return result;
    }
    if (parser.isSet(compare)) {
        const QStringList pair = parser.value(compare).split(QLatin1Char(','));
        if (pair.size() != 2) {
            result.error = QStringLiteral("--compare: expected two policies A,B, got '%1'").arg(parser.value(compare));
            return result;
        }
        if (parser.isSet(policy)) {
            result.error = QStringLiteral("--compare: names both policies, leave out --policy");
            return result;
        }
        o.compare = true;
        o.engineB = o.engine;
        o.engine.policy = pair[0].trimmed().toStdString();
        o.engineB.policy = pair[1].trimmed().toStdString();
        for (const auto& name : {o.engine.policy, o.engineB.policy}) {
            if (!makePolicy(name)) {
                result.error = QStringLiteral("--compare: unknown policy '%1' (known: %2)")
                                   .arg(QString::fromStdString(name), joined(policies()));
                return result;
            }
        }
        o.knobsB = o.knobs;
        if (const QString error = parseKnobs(parser.values(knobB), QStringLiteral("--knob-b"), o.knobsB);
            !error.isEmpty()) {
            result.error = error;
            return result;
        }
    } else if (parser.isSet(knobB)) {
        result.error = QStringLiteral("--knob-b: needs --compare A,B");
        return result;
    }
    if (parser.value(speed) == QStringLiteral("max")) {
        o.speed = 0;
    } else {
        o.speed = parser.value(speed).toDouble(&ok);
        if (!ok || o.speed <= 0) {
            result.error
                = QStringLiteral("--speed: expected a positive number or 'max', got '%1'").arg(parser.value(speed));
            return result;
        }
    }
    if (parser.isSet(durationOption)) {
        const auto d = duration(parser.value(durationOption));
        if (!d || *d <= 0) {
            result.error = QStringLiteral("--duration: '%1' is not a duration such as 90s, 30m or 2h")
                               .arg(parser.value(durationOption));
            return result;
        }
        o.stopAt = *d;
    }
    o.paused = parser.isSet(paused);
    o.fresh = parser.isSet(fresh);
    o.screenshotFile = parser.value(screenshot);
    const auto afterSeconds = duration(parser.value(after));
    if (!afterSeconds || *afterSeconds < 0) {
        result.error = QStringLiteral("--after: '%1' is not a duration such as 5s").arg(parser.value(after));
        return result;
    }
    o.screenshotAfter = *afterSeconds;
    o.screenshotView = parser.value(view);
    if (!o.screenshotView.isEmpty() && !viewNames().contains(o.screenshotView)) {
        result.error = QStringLiteral("--view: unknown view '%1' (known: %2)")
                           .arg(o.screenshotView, viewNames().join(QStringLiteral(", ")));
        return result;
    }
    if (parser.isSet(select)) {
        const QStringList parts = parser.value(select).split(QLatin1Char(':'));
        bool okPb = true;
        o.selectGigablock = parts.value(0).toUInt(&ok);
        if (parts.size() > 1)
            o.selectPageblock = parts.value(1).toUInt(&okPb);
        if (!ok || !okPb || parts.size() > 2) {
            result.error = QStringLiteral("--select: expected GB or GB:PB, got '%1'").arg(parser.value(select));
            return result;
        }
    }
    o.hostGiven = parser.isSet(host);
    o.db = parser.value(db);
    o.sweep = parser.value(sweepOption);
    if (!o.sweep.isEmpty() && (o.compare || !o.db.isEmpty() || parser.isSet(connectOption))) {
        result.error
            = QStringLiteral("--sweep: opens a sweep; it cannot be combined with --compare, --db or --connect");
        return result;
    }
    o.connect = parser.value(connectOption);
    o.tokenFile = parser.value(tokenFile);
    if (parser.isSet(replay)) {
        o.replaySession = parser.value(replay).toLongLong(&ok);
        if (!ok || o.replaySession <= 0) {
            result.error = QStringLiteral("--replay: expected a session number, got '%1'").arg(parser.value(replay));
            return result;
        }
        if (o.db.isEmpty()) {
            result.error = QStringLiteral("--replay: needs --db FILE");
            return result;
        }
    }
    if (o.compare && (!o.db.isEmpty() || !o.connect.isEmpty())) {
        result.error = QStringLiteral("--compare: runs two simulations; it cannot be combined with --db or --connect");
        return result;
    }
    if (!o.db.isEmpty() && !o.connect.isEmpty()) {
        result.error = QStringLiteral("--db and --connect: choose one source");
        return result;
    }
    if (!o.tokenFile.isEmpty() && o.connect.isEmpty()) {
        result.error = QStringLiteral("--token-file: needs --connect HOST:PORT");
        return result;
    }
    // What a session must say to start this source again (knobs and selection are saved apart).
    for (const auto* option : {&simulate, &policy, &host, &nodes, &seed, &sample, &compare, &knobB, &db, &replay,
             &connectOption, &tokenFile, &sweepOption}) {
        for (const QString& value : parser.values(*option))
            o.sourceArguments << QStringLiteral("--") + option->names().first() << value;
    }
    if (parser.isSet(noGrouping))
        o.sourceArguments << QStringLiteral("--no-mobility-grouping");
    o.demo = parser.isSet(demo);
    if (o.demo)
        o.demoScenario = positional.value(0, QString::fromLatin1(DemoScenario::kDefault));
    // A desktop's "Open with" passes the session file alone (Exec=gigablock-workbench %f).
    o.session = o.demo ? parser.value(session) : positional.value(0, parser.value(session));
    o.recordDir = parser.value(record);
    result.options = std::move(o);
    return result;
}

} // namespace gbw
