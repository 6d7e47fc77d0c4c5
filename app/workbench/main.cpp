// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>

#include <QApplication>
#include <QTimer>

#include "enginerunner.h"
#include "mainwindow.h"
#include "simulationstate.h"
#include "workbenchoptions.h"

namespace {

// --screenshot renders offscreen: choose the platform before QApplication exists.
void useOffscreenForScreenshots(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (qstrncmp(argv[i], "--screenshot", 12) == 0 && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
}

} // namespace

int main(int argc, char** argv)
{
    useOffscreenForScreenshots(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("gigablock-workbench"));
    QApplication::setOrganizationName(QStringLiteral("gigablock"));

    const auto parsed = gbw::WorkbenchOptions::parse(QApplication::arguments());
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
    if (options.screenshotFile.isEmpty()) {
        window.startSimulation(options);
        window.show();
        return QApplication::exec();
    }

    // Screenshot: run as fast as possible to the requested virtual time, pause there, draw, exit.
    options.speed = 0;
    options.stopAt = options.screenshotAfter > 0 ? options.screenshotAfter : 1e-9;
    options.paused = false;
    int status = 0;
    QObject::connect(window.runner(), &gbw::EngineRunner::failed, &app, [&status](const QString& error) {
        std::fprintf(stderr, "gigablock-workbench: %s\n", qPrintable(error));
        status = 2;
        QApplication::exit(2);
    });
    QObject::connect(window.state(), &gbw::SimulationState::snapshotChanged, &app, [&] {
        const auto& s = window.state()->snapshot();
        if (!s || s->seconds + 1e-9 < options.stopAt || window.runner()->isRunning())
            return;
        // Wait for the drill-down of a requested selection before drawing it.
        if (options.selectGigablock != gbw::SimulationState::kNone && !window.state()->drillDown())
            return;
        QTimer::singleShot(0, &app, [&] {
            const QImage image = window.grabView(options.screenshotView);
            if (image.isNull() || !image.save(options.screenshotFile)) {
                std::fprintf(
                    stderr, "gigablock-workbench: --screenshot: cannot write %s\n", qPrintable(options.screenshotFile));
                status = 2;
            }
            QApplication::exit(status);
        });
    });
    window.startSimulation(options);
    window.show();
    const int rc = QApplication::exec();
    return status ? status : rc;
}
