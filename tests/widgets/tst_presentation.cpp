// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenuBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include "colors.h"
#include "countersview.h"
#include "demoscenario.h"
#include "framerecorder.h"
#include "mainwindow.h"
#include "pfnfinder.h"
#include "presentation.h"
#include "simulationstate.h"
#include "sourcerunner.h"
#include "workbenchoptions.h"
#include "workbenchtest.h"

using namespace gbw;
using namespace gbw::testing;

namespace {

constexpr int kTimeoutMs = 120000;

// A small, fast scenario for the keys and the clock: steps at 1 s and 2 s of virtual time.
const char* const kSmall = R"(title = "Small"
[source]
host = "4G"
simulate = "kernel-build"
[[step]]
caption = "first"
views = ["counters"]
[[step]]
caption = "second"
at = "1s"
knobs = { "vm.compaction_proactiveness" = 60 }
views = ["timelines", "knobs"]
layout = "column"
counters = "compact"
[[step]]
caption = "third"
at = "2s"
knobs = { "vm.compaction_proactiveness" = 80 }
)";

DemoScenario small()
{
    auto loaded = DemoScenario::parse(kSmall, QStringLiteral("small.toml"));
    return *loaded.scenario;
}

bool dockShown(MainWindow& window, const QString& view)
{
    auto* dock = window.findChild<QDockWidget*>(view + QStringLiteral("Dock"));
    return dock && !dock->isHidden();
}

} // namespace

// Presentation mode (--demo) and --record, driven offscreen through the keys a presenter uses.
class TestPresentation : public QObject
{
    Q_OBJECT
private slots:
    void shippedScenariosParse()
    {
        const QStringList names = DemoScenario::builtInNames();
        for (const char* name : {"vanilla-vs-gigablocks", "why-compaction-cannot-make-a-1gb-page",
                 "turning-the-compaction-knob", "a-real-host"})
            QVERIFY2(names.contains(QLatin1String(name)), qPrintable(names.join(QLatin1Char(' '))));
        for (const QString& name : names) {
            const auto loaded = DemoScenario::open(name);
            QVERIFY2(loaded.scenario, qPrintable(loaded.error));
            QVERIFY(!loaded.scenario->title.isEmpty());
            QVERIFY(!loaded.scenario->steps.empty());
            // Its source is a command line the workbench accepts.
            const auto parsed = WorkbenchOptions::parse(
                QStringList {QStringLiteral("gigablock-workbench")} + loaded.scenario->sourceArguments);
            QVERIFY2(parsed.options, qPrintable(name + QStringLiteral(": ") + parsed.error));
        }
        const auto ab = DemoScenario::open(QLatin1String(DemoScenario::kDefault));
        QVERIFY(ab.scenario->sourceArguments.contains(QStringLiteral("vanilla,superpageblock")));
        // The recording is found in the demo data and the workload next to it.
        const auto real = DemoScenario::open(QStringLiteral("a-real-host"));
        const qsizetype db = real.scenario->sourceArguments.indexOf(QStringLiteral("--db"));
        QVERIFY(db >= 0);
        QVERIFY(QFileInfo::exists(real.scenario->sourceArguments.value(db + 1)));
    }

    void badScenariosNameFileLineAndKey_data()
    {
        QTest::addColumn<QString>("toml");
        QTest::addColumn<QString>("error");
        QTest::newRow("syntax") << QStringLiteral("title = \n") << QStringLiteral("demo.toml:1: syntax error");
        QTest::newRow("no steps") << QStringLiteral("title = \"x\"\n")
                                  << QStringLiteral("demo.toml:1: step: a scenario needs");
        QTest::newRow("unknown key") << QStringLiteral("title = \"x\"\n\n[[step]]\ncaption = \"a\"\ncolour = 3\n")
                                     << QStringLiteral("demo.toml:5: step[0].colour: unknown key");
        QTest::newRow("missing caption") << QStringLiteral("[[step]]\nat = \"5s\"\n")
                                         << QStringLiteral("demo.toml:1: step[0].caption: missing");
        QTest::newRow("bad time") << QStringLiteral("[[step]]\ncaption = \"a\"\nat = \"soon\"\n")
                                  << QStringLiteral("demo.toml:3: step[0].at: expected a duration");
        QTest::newRow("knob range") << QStringLiteral(
            "[[step]]\ncaption = \"a\"\nknobs = { \"vm.compaction_proactiveness\" = 1000 }\n")
                                    << QStringLiteral("demo.toml:3: step[0].knobs.vm.compaction_proactiveness:");
        QTest::newRow("unknown knob") << QStringLiteral("[[step]]\ncaption = \"a\"\nknobs = { \"vm.nope\" = 1 }\n")
                                      << QStringLiteral("demo.toml:3: step[0].knobs.vm.nope: unknown knob");
        QTest::newRow("source key") << QStringLiteral("[source]\nflavour = \"x\"\n[[step]]\ncaption = \"a\"\n")
                                    << QStringLiteral("demo.toml:2: source.flavour: unknown key");
        QTest::newRow("view") << QStringLiteral("[[step]]\ncaption = \"a\"\n\nviews = [\"map\", \"cake\"]\n")
                              << QStringLiteral("demo.toml:4: step[0].views[0]: unknown view 'map'");
        QTest::newRow("layout") << QStringLiteral("[[step]]\ncaption = \"a\"\nlayout = \"grid\"\n")
                                << QStringLiteral("demo.toml:3: step[0].layout: expected one of tabs, column, row");
        QTest::newRow("select") << QStringLiteral(
            "[[step]]\ncaption = \"a\"\n[[step]]\ncaption = \"b\"\nselect = \"x:1\"\n")
                                << QStringLiteral("demo.toml:5: step[1].select: expected \"GB\" or \"GB:PB\"");
        QTest::newRow("recording") << QStringLiteral("[source]\ndb = \"no-such.db\"\n[[step]]\ncaption = \"a\"\n")
                                   << QStringLiteral("demo.toml:2: source.db: no-such.db not found");
        QTest::newRow("counters") << QStringLiteral("[[step]]\ncaption = \"a\"\ncounters = 3\n")
                                  << QStringLiteral("demo.toml:3: step[0].counters: expected the text");
        QTest::newRow("flag") << QStringLiteral("[source]\nno-mobility-grouping = 1\n[[step]]\ncaption = \"a\"\n")
                              << QStringLiteral("demo.toml:2: source.no-mobility-grouping: expected true or false");
    }

    void badScenariosNameFileLineAndKey()
    {
        QFETCH(QString, toml);
        QFETCH(QString, error);
        const auto loaded = DemoScenario::parse(toml.toStdString(), QStringLiteral("demo.toml"));
        QVERIFY(!loaded.scenario);
        QVERIFY2(loaded.error.startsWith(error), qPrintable(loaded.error));
    }

    void missingScenarioListsTheShippedOnes()
    {
        const auto loaded = DemoScenario::open(QStringLiteral("no-such-scenario"));
        QVERIFY(!loaded.scenario);
        QVERIFY2(loaded.error.contains(QLatin1String("a-real-host")), qPrintable(loaded.error));
        // A file on disk: the error names it; a bad source names the option.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("talk.toml"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("title = \"t\"\n[source]\nhost = \"lots\"\n[[step]]\ncaption = \"a\"\n");
        file.close();
        const auto fromFile = DemoScenario::open(path);
        QVERIFY2(fromFile.scenario, qPrintable(fromFile.error));
        MainWindow window;
        Presentation presentation(&window, *fromFile.scenario);
        const QString error = presentation.start();
        QVERIFY2(error.startsWith(path + QStringLiteral(": [source]: --host")), qPrintable(error));
        QVERIFY(!presentation.isActive());
    }

    void commandLine()
    {
        const QString app = QStringLiteral("gigablock-workbench");
        auto parsed = WorkbenchOptions::parse({app, QStringLiteral("--demo")});
        QVERIFY(parsed.options && parsed.options->demo);
        QCOMPARE(parsed.options->demoScenario, QLatin1String(DemoScenario::kDefault));
        parsed = WorkbenchOptions::parse({app, QStringLiteral("--demo"), QStringLiteral("a-real-host"),
            QStringLiteral("--record"), QStringLiteral("/tmp/x")});
        QVERIFY(parsed.options);
        QCOMPARE(parsed.options->demoScenario, QStringLiteral("a-real-host"));
        QCOMPARE(parsed.options->recordDir, QStringLiteral("/tmp/x"));
        // Without --demo a lone file is a session, as the desktop entry's %f passes it.
        parsed = WorkbenchOptions::parse({app, QStringLiteral("talk.gbsession")});
        QVERIFY(parsed.options && !parsed.options->demo);
        QCOMPARE(parsed.options->session, QStringLiteral("talk.gbsession"));
        QVERIFY(!WorkbenchOptions::parse({app, QStringLiteral("a"), QStringLiteral("b")}).options);
        parsed = WorkbenchOptions::parse({app, QStringLiteral("--version")});
        QCOMPARE(parsed.message, QStringLiteral("gigablock-workbench %1\n").arg(QStringLiteral(GBW_VERSION)));
        parsed = WorkbenchOptions::parse({app, QStringLiteral("--help")});
        for (const char* option : {"--demo", "--record", "--version", "a-real-host"})
            QVERIFY2(parsed.message.contains(QLatin1String(option)), option);
    }

    void eachShippedScenarioStartsInTheRealWindow_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString& name : DemoScenario::builtInNames())
            QTest::newRow(qPrintable(name)) << name;
    }

    void eachShippedScenarioStartsInTheRealWindow()
    {
        QFETCH(QString, name);
        const QPalette palette = QApplication::palette();
        const QFont font = QApplication::font();
        {
            MainWindow window;
            QSignalSpy failed(&window, &MainWindow::sourceFailed);
            const DemoScenario scenario = *DemoScenario::open(name).scenario;
            Presentation presentation(&window, scenario);
            QCOMPARE(presentation.start([](WorkbenchOptions& o) { o.paused = true; }), QString());
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QCOMPARE(window.size(), Presentation::stageSize());
            QVERIFY(colors::isDark(QApplication::palette()));
            QCOMPARE(QApplication::font().pointSizeF(), font.pointSizeF() * Presentation::kFontScale);
            QCOMPARE(presentation.step(), 0);
            QCOMPARE(presentation.caption(), scenario.steps[0].caption);
            QVERIFY(presentation.heading().contains(scenario.title));
            QVERIFY(presentation.heading().contains(QStringLiteral("1/%1").arg(scenario.steps.size())));
            QVERIFY(window.menuBar()->isHidden());
            QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot(), kTimeoutMs);
            QCOMPARE(failed.count(), 0);
            QCOMPARE(window.isComparing(), scenario.sourceArguments.contains(QStringLiteral("--compare")));
            const bool replay = scenario.sourceArguments.contains(QStringLiteral("--db"));
            QCOMPARE(window.state()->snapshot()->source.kind == SourceKind::Replay, replay);
            if (const auto& views = scenario.steps[0].views) {
                for (const QString& view : WorkbenchOptions::viewNames()) {
                    if (window.findChild<QDockWidget*>(view + QStringLiteral("Dock")))
                        QCOMPARE(dockShown(window, view), views->contains(view));
                }
            }
        }
        // Gone with its window, without Esc: the application looks as before.
        QCOMPARE(QApplication::palette().color(QPalette::Window), palette.color(QPalette::Window));
        QCOMPARE(QApplication::font().pointSizeF(), font.pointSizeF());
    }

    void presenterKeys()
    {
        const QPalette palette = QApplication::palette();
        const qreal pointSize = QApplication::font().pointSizeF();
        MainWindow window;
        Presentation presentation(&window, small());
        QCOMPARE(presentation.start([](WorkbenchOptions& o) { o.paused = true; }), QString());
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot(), kTimeoutMs);
        QVERIFY(!window.source()->isRunning());
        QVERIFY(dockShown(window, QStringLiteral("counters")));
        QVERIFY(!dockShown(window, QStringLiteral("timelines")));

        // The keys belong to the presenter even while an editor has focus (the window's own
        // shortcuts lose to a focused line edit, which takes Space as text).
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.showPfnFinder();
        QLineEdit* editor = window.pfnFinder()->input();
        QVERIFY(editor->hasFocus());
        QTest::keyClick(editor, Qt::Key_Space);
        QVERIFY(window.source()->isRunning());
        QVERIFY(window.playAction()->isChecked());
        QCOMPARE(editor->text(), QString());
        QTest::keyClick(editor, Qt::Key_Space);
        QVERIFY(!window.source()->isRunning());
        QVERIFY(!window.playAction()->isChecked());
        QTest::qWait(300); // a frame still on its way from the engine

        // → and ← walk the steps, not the clock; the caption and the views follow.
        const double before = window.state()->snapshot()->seconds;
        QTest::keyClick(&window, Qt::Key_Right);
        QCOMPARE(presentation.step(), 1);
        QCOMPARE(presentation.caption(), QStringLiteral("second"));
        QVERIFY(presentation.heading().contains(QStringLiteral("2/3")));
        QVERIFY(dockShown(window, QStringLiteral("timelines")));
        QVERIFY(dockShown(window, QStringLiteral("knobs")));
        QVERIFY(!dockShown(window, QStringLiteral("counters")));
        QSortFilterProxyModel* counters = window.countersView()->proxy();
        QVERIFY(counters->rowCount() > 0);
        QVERIFY(counters->rowCount() < counters->sourceModel()->rowCount());
        QTRY_COMPARE_WITH_TIMEOUT(
            knobValue(*window.state()->snapshot(), "vm.compaction_proactiveness"), 60.0, kTimeoutMs);
        QTest::keyClick(&window, Qt::Key_PageDown);
        QCOMPARE(presentation.step(), 2);
        QTest::keyClick(&window, Qt::Key_Right); // past the last step: stays
        QCOMPARE(presentation.step(), 2);
        QTest::keyClick(&window, Qt::Key_Left);
        QCOMPARE(presentation.step(), 1);
        QCOMPARE(presentation.caption(), QStringLiteral("second"));
        QCOMPARE(window.state()->snapshot()->seconds, before);

        // Esc leaves: palette, font, menus, the playback bar and the Right key's own meaning come back.
        QTest::keyClick(&window, Qt::Key_Escape);
        QVERIFY(!presentation.isActive());
        QCOMPARE(QApplication::palette().color(QPalette::Window), palette.color(QPalette::Window));
        QCOMPARE(QApplication::font().pointSizeF(), pointSize);
        QVERIFY(!window.menuBar()->isHidden());
        QVERIFY(!window.findChild<QToolBar*>(QStringLiteral("playback"))->isHidden());
        QVERIFY(!window.findChild<QToolBar*>(QStringLiteral("caption")));
        QTest::keyClick(&window, Qt::Key_Right);
        QCOMPARE(presentation.step(), 1);
    }

    void ctrlQQuitsWhilePresenting()
    {
        // The File menu is hidden on stage; Ctrl+Q still ends the talk (and finishes a --record).
        MainWindow window;
        Presentation presentation(&window, small());
        QCOMPARE(presentation.start([](WorkbenchOptions& o) { o.paused = true; }), QString());
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
        QTRY_VERIFY(!window.isVisible());
    }

    void stepsBeginWhenTheClockPassesThem()
    {
        MainWindow window;
        Presentation presentation(&window, small());
        QCOMPARE(presentation.start([](WorkbenchOptions& o) { o.speed = 0; }), QString());
        QTRY_COMPARE_WITH_TIMEOUT(presentation.step(), 2, kTimeoutMs);
        QVERIFY(window.state()->snapshot()->seconds >= 2.0);
        // Each step's knob was set on the way, the last one last.
        QTRY_COMPARE_WITH_TIMEOUT(
            knobValue(*window.state()->snapshot(), "vm.compaction_proactiveness"), 80.0, kTimeoutMs);
        // Stepping back does not bounce forward on the next frame.
        QTest::keyClick(&window, Qt::Key_Left);
        QCOMPARE(presentation.step(), 1);
        const double now = window.state()->snapshot()->seconds;
        QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot()->seconds > now + 1, kTimeoutMs);
        QCOMPARE(presentation.step(), 1);
        presentation.leave();
    }

    void sourceErrorsGoToTheCaption()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.db"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a database");
        file.close();
        auto loaded = DemoScenario::parse(
            QStringLiteral("title = \"t\"\n[source]\ndb = \"%1\"\n[[step]]\ncaption = \"a\"\n").arg(bad).toStdString(),
            QStringLiteral("t.toml"));
        QVERIFY2(loaded.scenario, qPrintable(loaded.error));
        MainWindow window;
        Presentation presentation(&window, *loaded.scenario);
        QCOMPARE(presentation.start(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(presentation.caption().startsWith(QStringLiteral("⚠ ")), kTimeoutMs);
        QVERIFY(presentation.caption().contains(QStringLiteral("broken.db")));
        QVERIFY(QApplication::topLevelWidgets().size() >= 1);
        for (QWidget* top : QApplication::topLevelWidgets())
            QVERIFY2(!top->inherits("QDialog") || top->isHidden(), qPrintable(top->objectName()));
        presentation.leave();
    }

    void recordWritesPngFrames()
    {
        QTemporaryDir dir;
        const QString frames = dir.filePath(QStringLiteral("frames"));
        MainWindow window;
        FrameRecorder recorder(&window);
        QCOMPARE(recorder.start(frames), QString());
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto parsed = WorkbenchOptions::parse(
            {QStringLiteral("gigablock-workbench"), QStringLiteral("--host"), QStringLiteral("4G"),
                QStringLiteral("--speed"), QStringLiteral("max"), QStringLiteral("--duration"), QStringLiteral("2s")});
        window.startSource(*parsed.options);
        QTRY_VERIFY_WITH_TIMEOUT(recorder.frames() >= 3, kTimeoutMs);
        const QString summary = recorder.finish();
        QCOMPARE(recorder.error(), QString());
        const int count = recorder.frames();
        QTest::qWait(3 * 1000 / FrameRecorder::kFramesPerSecond);
        QCOMPARE(recorder.frames(), count); // finish() stopped it
        const QStringList files = QDir(frames).entryList({QStringLiteral("frame-*.png")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), count);
        QCOMPARE(files.first(), QStringLiteral("frame-00001.png"));
        const QSize expected = window.size() * window.devicePixelRatio();
        for (const QString& name : files) {
            const QImage image(QDir(frames).filePath(name));
            QCOMPARE(image.size(), expected);
        }
        if (QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty())
            QVERIFY2(summary.contains(QStringLiteral("ffmpeg is not on PATH")), qPrintable(summary));
        else
            QVERIFY2(QFileInfo::exists(QDir(frames).filePath(QString::fromLatin1(FrameRecorder::kVideoName))),
                qPrintable(summary));
        QCOMPARE(FrameRecorder(&window).start(QStringLiteral("/proc/no/such/dir")).isEmpty(), false);
    }
};

QTEST_MAIN(TestPresentation)
#include "tst_presentation.moc"
