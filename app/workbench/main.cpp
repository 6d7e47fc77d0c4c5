// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>
#include <functional>

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include "demoscenario.h"
#include "enginerunner.h"
#include "eventlinker.h"
#include "framerecorder.h"
#include "mainwindow.h"
#include "presentation.h"
#include "simulationstate.h"
#include "sourcerunner.h"
#include "workbenchoptions.h"

namespace {

// --screenshot renders offscreen, and --version and --help need no display either (packaging checks
// run them on servers): choose the platform before QApplication exists.
void useOffscreenForScreenshots(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const bool headless = qstrncmp(argv[i], "--screenshot", 12) == 0 || qstrcmp(argv[i], "--version") == 0
            || qstrcmp(argv[i], "--help") == 0 || qstrcmp(argv[i], "-h") == 0;
        if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
}

} // namespace

int main(int argc, char** argv)
{
    useOffscreenForScreenshots(argc, argv);
    // Our own copy: QGuiApplication takes "-session"/"--session" (X11 session management) out of
    // its arguments(), which would silently drop --session FILE.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("gigablock-workbench"));
    QApplication::setOrganizationName(QStringLiteral("gigablock"));

    const auto parsed = gbw::WorkbenchOptions::parse(arguments);
    if (!parsed.message.isEmpty()) {
        std::fputs(qPrintable(parsed.message), stdout);
        return 0;
    }
    if (!parsed.options) {
        std::fprintf(stderr, "gigablock-workbench: %s\n", qPrintable(parsed.error));
        return 2;
    }
    auto options = *parsed.options;

    gbw::MainWindow window;
    // A session names its own source; the rest of the command line (--screenshot) still applies.
    const QString sessionFile = options.session;
    gbw::FrameRecorder recorder(&window);
    if (!options.recordDir.isEmpty()) {
        if (const QString error = recorder.start(options.recordDir); !error.isEmpty()) {
            std::fprintf(stderr, "gigablock-workbench: %s\n", qPrintable(error));
            return 2;
        }
        QObject::connect(&app, &QCoreApplication::aboutToQuit, &recorder,
            [&recorder] { std::fprintf(stderr, "gigablock-workbench: %s\n", qPrintable(recorder.finish())); });
    }
    // --demo: the scenario names the source; --screenshot and --after still apply.
    const auto startDemo = [&](const std::function<void(gbw::WorkbenchOptions&)>& adjust) {
        const auto loaded = gbw::DemoScenario::open(options.demoScenario);
        QString error = loaded.error;
        if (loaded.scenario) {
            auto* presentation = new gbw::Presentation(&window, *loaded.scenario);
            error = presentation->start([&](gbw::WorkbenchOptions& fromScenario) {
                fromScenario.screenshotFile = options.screenshotFile;
                fromScenario.screenshotAfter = options.screenshotAfter;
                fromScenario.screenshotView = options.screenshotView;
                adjust(fromScenario);
                options = fromScenario;
            });
        }
        if (!error.isEmpty())
            std::fprintf(stderr, "gigablock-workbench: --demo: %s\n", qPrintable(error));
        return error.isEmpty();
    };
    const auto startSource = [&](const std::function<void(gbw::WorkbenchOptions&)>& adjust) {
        if (options.demo)
            return startDemo(adjust);
        if (sessionFile.isEmpty()) {
            adjust(options);
            window.startSource(options);
            return true;
        }
        const QString error = window.openSession(sessionFile, [&](gbw::WorkbenchOptions& fromSession) {
            fromSession.screenshotFile = options.screenshotFile;
            fromSession.screenshotAfter = options.screenshotAfter;
            fromSession.screenshotView = options.screenshotView;
            adjust(fromSession);
            options = fromSession;
        });
        if (!error.isEmpty())
            std::fprintf(stderr, "gigablock-workbench: --session: %s\n", qPrintable(error));
        return error.isEmpty();
    };
    if (options.screenshotFile.isEmpty()) {
        // A presentation lays the window out itself and leaves the saved layout alone.
        const bool demo = options.demo;
        if (!demo)
            window.restoreLayout();
        // Started without arguments, the last source comes back (--fresh: the default simulation).
        if (arguments.size() == 1)
            window.restoreLastSource(options);
        else if (!startSource([](gbw::WorkbenchOptions&) {}))
            return 2;
        if (!demo)
            window.show();
        return QApplication::exec();
    }

    // Screenshot: run as fast as possible to the requested virtual time, pause there, draw, exit.
    // A replay seeks there; a live source is drawn once a few readings have come in.
    const auto forScreenshot = [](gbw::WorkbenchOptions& o) {
        o.speed = 0;
        o.stopAt = o.screenshotAfter > 0 ? o.screenshotAfter : 1e-9;
        o.paused = !o.db.isEmpty();
    };
    forScreenshot(options);
    bool live = !options.connect.isEmpty();
    int status = 0;
    bool sought = false;
    QObject::connect(window.state(), &gbw::SimulationState::snapshotChanged, &app, [&] {
        const auto& s = window.state()->snapshot();
        if (s && s->source.kind == gbw::SourceKind::Replay && !sought) {
            sought = true;
            window.source()->seek(options.stopAt);
            return;
        }
        if (live ? window.state()->history().size() < 3
                 : !s
                    || s->seconds + 1e-9 < std::min(options.stopAt,
                           s->source.kind == gbw::SourceKind::Replay ? s->source.endSeconds : options.stopAt)
                    || window.source()->isRunning())
            return;
        // Wait for the drill-down of a requested selection before drawing it.
        if (options.selectGigablock != gbw::SimulationState::kNone && !window.state()->drillDown())
            return;
        QTimer::singleShot(0, &app, [&] {
            // The event list answers a moment after the run pauses: draw it with its answer.
            QElapsedTimer waited;
            waited.start();
            while (window.eventLinker()->isWaiting() && waited.elapsed() < 10000)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            const QString& file = options.screenshotFile;
            // SVG and PDF through the export (vector cells and text); other formats as a grabbed image.
            if (file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)
                || file.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) {
                if (const QString error = window.exportView(options.screenshotView, file); !error.isEmpty()) {
                    std::fprintf(stderr, "gigablock-workbench: --screenshot: %s\n", qPrintable(error));
                    status = 2;
                }
            } else if (const QImage image = window.grabView(options.screenshotView);
                       image.isNull() || !image.save(options.screenshotFile)) {
                std::fprintf(
                    stderr, "gigablock-workbench: --screenshot: cannot write %s\n", qPrintable(options.screenshotFile));
                status = 2;
            }
            QApplication::exit(status);
        });
    });
    QObject::connect(&window, &gbw::MainWindow::sourceFailed, &app, [&status](const QString& error) {
        std::fprintf(stderr, "gigablock-workbench: %s\n", qPrintable(error));
        status = 2;
        QApplication::exit(2);
    });
    if (!startSource(forScreenshot))
        return 2;
    live = !options.connect.isEmpty();
    window.show();
    // A sweep alone starts no source, so no snapshot will come: draw what is there.
    if (window.startedSweepOnly()) {
        QTimer::singleShot(0, &app, [&] {
            const QImage image = window.grabView(options.screenshotView);
            if (image.isNull() || !image.save(options.screenshotFile)) {
                std::fprintf(
                    stderr, "gigablock-workbench: --screenshot: cannot write %s\n", qPrintable(options.screenshotFile));
                status = 2;
            }
            QApplication::exit(status);
        });
    }
    const int rc = QApplication::exec();
    return status ? status : rc;
}
