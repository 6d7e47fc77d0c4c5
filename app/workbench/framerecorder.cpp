// SPDX-License-Identifier: GPL-3.0-or-later
#include "framerecorder.h"

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QWidget>

namespace gbw {

FrameRecorder::FrameRecorder(QWidget* window, QObject* parent)
    : QObject(parent)
    , m_window(window)
{
    m_timer.setInterval(1000 / kFramesPerSecond);
    connect(&m_timer, &QTimer::timeout, this, &FrameRecorder::capture);
}

QString FrameRecorder::start(const QString& directory)
{
    if (!QDir().mkpath(directory))
        return tr("--record: cannot create the directory %1").arg(directory);
    m_directory = directory;
    m_timer.start();
    return {};
}

void FrameRecorder::capture()
{
    // Nothing to film before the window is on screen (or offscreen, shown).
    if (!m_error.isEmpty() || !m_window->isVisible())
        return;
    const QString path
        = QDir(m_directory).filePath(QStringLiteral("frame-%1.png").arg(m_frames + 1, 5, 10, QLatin1Char('0')));
    // Quality 50: zlib's middle level; the best compression costs more than a frame's interval.
    if (!m_window->grab().toImage().save(path, "PNG", 50)) {
        m_error = tr("--record: cannot write %1").arg(path);
        m_timer.stop();
        return;
    }
    ++m_frames;
}

QStringList FrameRecorder::ffmpegArguments() const
{
    const QDir dir(m_directory);
    // yuv420p plays everywhere but needs even sizes; -nostdin: never wait for a key.
    return {QStringLiteral("-nostdin"), QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"),
        QStringLiteral("-framerate"), QString::number(kFramesPerSecond), QStringLiteral("-i"),
        dir.filePath(QStringLiteral("frame-%05d.png")), QStringLiteral("-vf"),
        QStringLiteral("scale=trunc(iw/2)*2:trunc(ih/2)*2"), QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"),
        dir.filePath(QString::fromLatin1(kVideoName))};
}

QString FrameRecorder::finish()
{
    m_timer.stop();
    if (m_directory.isEmpty())
        return {};
    if (!m_error.isEmpty())
        return m_error;
    QString summary = tr("--record: %n frame(s) in %1", nullptr, m_frames).arg(m_directory);
    if (m_frames == 0)
        return summary;
    const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty()) {
        // Quoted for a shell, so the line can be pasted as it is.
        QStringList quoted;
        for (const QString& argument : ffmpegArguments())
            quoted << QLatin1Char('\'') + argument + QLatin1Char('\'');
        return summary
            + tr("; no MP4: ffmpeg is not on PATH (install it, or run later: ffmpeg %1)")
                  .arg(quoted.join(QLatin1Char(' ')));
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(ffmpeg, ffmpegArguments());
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return summary + tr("; ffmpeg failed: %1").arg(QString::fromLocal8Bit(process.readAll()).trimmed());
    return summary + tr(" and %1").arg(QDir(m_directory).filePath(QString::fromLatin1(kVideoName)));
}

} // namespace gbw
